/**
 * Keeps one remote webhook subscription in line with what a trigger wants. Both adapters call this, for
 * every provider, so "no duplicate subscription is ever left behind" is decided in one place.
 *
 * A provider plugs in through a WebhookRegistry: how to get, list, create, (optionally) update and delete
 * its webhooks, what counts as drift, and where the delivery secret comes from. Partnero issues a signing
 * secret per webhook and can update in place; PartnerStack has no update and no signing, so a drifted
 * webhook is replaced and the secret is the one the trigger put in the URL.
 *
 * Call budget on the happy path: a fresh activation costs one POST (plus one list when adopting), a
 * re-activation with a stored key costs one GET, adopting after lost state one list (plus one update when
 * something differs), and removal costs one DELETE.
 */
import { ApiError, registerSecret } from './errors';
import { settle } from './settle';

export interface DesiredWebhook {
	url: string;
	events: string[];
	name: string;
}

/** What an adapter kept from the last registration. Only key and secret drive decisions; the live webhook is the truth. */
export interface StoredWebhook {
	key?: string;
	secret?: string;
	url?: string;
	events?: string[];
}

/** The least a remote webhook has: its key. */
export interface RemoteWebhook {
	key: string;
}

export interface WebhookRegistry<W extends RemoteWebhook> {
	/** For messages, e.g. 'Partnero'. */
	provider: string;
	/** The longest webhook name the provider accepts; longer names are shortened with an ellipsis. */
	nameMaxLength?: number;
	get(key: string): Promise<W>;
	list(): Promise<W[]>;
	create(desired: DesiredWebhook): Promise<W>;
	/** Absent when the API cannot change a webhook: a drifted one is then replaced (created anew, the old one deleted). */
	update?(webhook: W, desired: DesiredWebhook): Promise<W>;
	remove(key: string): Promise<void>;
	/** What differs from the desired state, e.g. ['url', 'events']; [] = in line. */
	differences(webhook: W, desired: DesiredWebhook): string[];
	/** Whether the webhook points at the trigger's endpoint; used to adopt one after lost state. */
	sameEndpoint(webhook: W, desired: DesiredWebhook): boolean;
	/** The secret deliveries are checked with; undefined when the webhook lacks one (an error then). */
	secretOf(webhook: W, desired: DesiredWebhook): string | undefined;
	/**
	 * The desired state once `webhook` is adopted, when part of it belongs to the webhook rather than the
	 * trigger: PartnerStack's URL secret sits in the registered URL, and adopting keeps it, so deliveries
	 * already on their way (and retries) still carry a secret the trigger accepts.
	 */
	adoptedDesired?(webhook: W, desired: DesiredWebhook): DesiredWebhook;
}

/** A client that knows its provider's registry (PartneroClient, PartnerStackClient). */
export interface HasWebhookRegistry<W extends RemoteWebhook> {
	webhookRegistry(): WebhookRegistry<W>;
}

export type RegistryLike<W extends RemoteWebhook> = WebhookRegistry<W> | HasWebhookRegistry<W>;

/** The desired state with its name shortened to what the provider accepts. */
function withinLimits<W extends RemoteWebhook>(
	registry: WebhookRegistry<W>,
	desired: DesiredWebhook,
): DesiredWebhook {
	const max = registry.nameMaxLength;
	return max === undefined || desired.name.length <= max
		? desired
		: { ...desired, name: shortened(desired.name, max) };
}

function shortened(text: string, max: number): string {
	return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function registryOf<W extends RemoteWebhook>(target: RegistryLike<W>): WebhookRegistry<W> {
	return 'webhookRegistry' in target && typeof target.webhookRegistry === 'function'
		? target.webhookRegistry()
		: (target as WebhookRegistry<W>);
}

export type CheckResult<W extends RemoteWebhook = RemoteWebhook> =
	| { state: 'ok'; webhook: W }
	| { state: 'missing' }
	| { state: 'drifted'; webhook: W; differences: string[] };

export interface Registration {
	key: string;
	secret: string;
	/** 'replaced': drifted on a provider without update, so created anew and the old one deleted. */
	action: 'kept' | 'updated' | 'replaced' | 'created' | 'adopted';
}

export function sameEvents(a: readonly string[], b: readonly string[]): boolean {
	const left = new Set(a);
	const right = new Set(b);
	return left.size === right.size && [...left].every((e) => right.has(e));
}

function isNotFound(error: unknown): boolean {
	return error instanceof ApiError && error.status === 404;
}

/** Does the stored webhook still exist and match the desired state? */
export async function checkRegistration<W extends RemoteWebhook>(
	target: RegistryLike<W>,
	stored: StoredWebhook,
	desired: DesiredWebhook,
): Promise<CheckResult<W>> {
	const registry = registryOf(target);
	if (!stored.key) return { state: 'missing' };
	// A settled value, not a catch: only a 404 is decided here, anything else goes to the caller as it came.
	const got = await settle(registry.get(stored.key));
	if (!got.ok) {
		if (isNotFound(got.error)) return { state: 'missing' };
		throw got.error;
	}
	const webhook = got.value;
	const differences = registry.differences(webhook, withinLimits(registry, desired));
	return differences.length === 0
		? { state: 'ok', webhook }
		: { state: 'drifted', webhook, differences };
}

function registration<W extends RemoteWebhook>(
	registry: WebhookRegistry<W>,
	webhook: W,
	desired: DesiredWebhook,
	action: Registration['action'],
): Registration {
	const secret = registry.secretOf(webhook, desired);
	if (!webhook.key || !secret) {
		throw new Error(
			`${registry.provider} answered without a webhook key or secret; cannot verify deliveries without them.`,
		);
	}
	// Known from here on, so no error text of this process can echo it.
	registerSecret(secret);
	return { key: webhook.key, secret, action };
}

/** Brings a drifted webhook in line: updated in place when the API can, otherwise a new one replaces it. */
async function repair<W extends RemoteWebhook>(
	registry: WebhookRegistry<W>,
	webhook: W,
	desired: DesiredWebhook,
	action: 'updated' | 'adopted',
): Promise<Registration> {
	if (registry.update)
		return registration(registry, await registry.update(webhook, desired), desired, action);
	// Create first: if the create is refused, the old subscription still delivers.
	const created = await registry.create(desired);
	await removeRegistration(registry, webhook.key);
	return registration(registry, created, desired, action === 'updated' ? 'replaced' : action);
}

export interface EnsureOptions {
	/** Reuse a webhook already pointing at the endpoint (left by a crash or lost state) rather than add one. */
	adopt?: boolean;
	/**
	 * After a create, agree with other runtimes serving the same URL that may have created one at the same
	 * moment (see convergeAfterCreate). For replicas that start together and cannot talk to each other.
	 */
	converge?: boolean;
	/**
	 * Called with a fresh webhook before converging: the provider may deliver for it at once, so the caller
	 * can verify with its secret while the list that converges runs.
	 */
	onCreated?: (created: Registration) => void;
}

/**
 * Makes the remote state match `desired` and returns the key and secret to keep.
 * With `adopt`, a webhook already pointing at our endpoint (for example one left by a crash) is reused,
 * and any further webhooks on the same endpoint are deleted, so exactly one remains.
 */
export async function ensureRegistration<W extends RemoteWebhook>(
	target: RegistryLike<W>,
	stored: StoredWebhook,
	wanted: DesiredWebhook,
	opts: EnsureOptions = {},
): Promise<Registration> {
	const registry = registryOf(target);
	const desired = withinLimits(registry, wanted);
	const check = await checkRegistration(registry, stored, desired);
	if (check.state === 'ok') return registration(registry, check.webhook, desired, 'kept');
	if (check.state === 'drifted') return repair(registry, check.webhook, desired, 'updated');

	if (opts.adopt) {
		const same = (await registry.list()).filter((w) => registry.sameEndpoint(w, desired));
		if (same.length > 0) {
			const [keep, ...extra] = same;
			for (const w of extra) await removeRegistration(registry, w.key);
			const adopted = registry.adoptedDesired?.(keep, desired) ?? desired;
			if (registry.differences(keep, adopted).length === 0)
				return registration(registry, keep, adopted, 'adopted');
			return repair(registry, keep, adopted, 'adopted');
		}
	}
	const created = registration(registry, await registry.create(desired), desired, 'created');
	if (!opts.converge) return created;
	opts.onCreated?.(created);
	return convergeAfterCreate(registry, created, desired);
}

/** Deletes the webhook; a 404 means someone already did. */
export async function removeRegistration<W extends RemoteWebhook>(
	target: RegistryLike<W>,
	key: string | undefined,
): Promise<'deleted' | 'already-gone' | 'nothing-stored'> {
	if (!key) return 'nothing-stored';
	const deleted = await settle(registryOf(target).remove(key));
	if (deleted.ok) return 'deleted';
	if (isNotFound(deleted.error)) return 'already-gone';
	throw deleted.error;
}

/**
 * A readable webhook name, e.g. "n8n: New partner to Slack", within `maxLength` when given. Registration
 * also shortens it to the provider's own limit (WebhookRegistry.nameMaxLength).
 */
export function webhookName(prefix: string, label: string, maxLength = Infinity): string {
	return shortened(`${prefix}: ${label.trim() || 'untitled'}`.replace(/\s+/g, ' '), maxLength);
}

/**
 * After a create: several runtimes serving one URL (replicas behind a balancer) that start together can
 * each find nothing and each create a webhook, and every event would then be delivered once per webhook.
 * All of them re-list and keep the first webhook on the endpoint (the provider lists oldest first, and all
 * see the same list), so they agree without talking to each other: the others delete their own and adopt
 * its key and secret. One list call per create.
 */
export async function convergeAfterCreate<W extends RemoteWebhook>(
	target: RegistryLike<W>,
	created: Registration,
	wanted: DesiredWebhook,
): Promise<Registration> {
	const registry = registryOf(target);
	const desired = withinLimits(registry, wanted);
	const same = (await registry.list()).filter((w) => registry.sameEndpoint(w, desired));
	const first = same[0];
	if (!first || first.key === created.key) return created;
	await removeRegistration(registry, created.key);
	return registration(registry, first, desired, 'adopted');
}
