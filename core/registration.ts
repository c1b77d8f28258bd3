/**
 * Keeps one remote webhook subscription in line with what a trigger wants. Both adapters call this, so
 * "no duplicate subscription is ever left behind" is decided in one place.
 *
 * Call budget on the happy path: a fresh activation costs one POST (plus one list when adopting), a
 * re-activation with a stored key costs one GET, and removal costs one DELETE.
 */
import { ApiError } from './errors';
import type { PartneroClient } from './partnero/client';
import type { PartneroWebhook } from './partnero/types';
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

export type CheckResult =
	| { state: 'ok'; webhook: PartneroWebhook }
	| { state: 'missing' }
	| { state: 'drifted'; webhook: PartneroWebhook; differences: string[] };

export interface Registration {
	key: string;
	secret: string;
	action: 'kept' | 'updated' | 'created' | 'adopted';
}

export function sameEvents(a: readonly string[], b: readonly string[]): boolean {
	const left = new Set(a);
	const right = new Set(b);
	return left.size === right.size && [...left].every((e) => right.has(e));
}

function differencesOf(webhook: PartneroWebhook, desired: DesiredWebhook): string[] {
	const out: string[] = [];
	if (webhook.url !== desired.url) out.push('url');
	if (!sameEvents(webhook.events ?? [], desired.events)) out.push('events');
	if (webhook.is_active === false) out.push('inactive');
	return out;
}

function isNotFound(error: unknown): boolean {
	return error instanceof ApiError && error.status === 404;
}

/** Does the stored webhook still exist, point at our URL, carry our events and stay active? */
export async function checkRegistration(
	client: PartneroClient,
	stored: StoredWebhook,
	desired: DesiredWebhook,
): Promise<CheckResult> {
	if (!stored.key) return { state: 'missing' };
	const got = await settle(client.getWebhook(stored.key));
	if (!got.ok) {
		if (isNotFound(got.error)) return { state: 'missing' };
		throw got.error;
	}
	const webhook = got.value;
	const differences = differencesOf(webhook, desired);
	return differences.length === 0 ? { state: 'ok', webhook } : { state: 'drifted', webhook, differences };
}

async function repair(client: PartneroClient, webhook: PartneroWebhook, desired: DesiredWebhook): Promise<PartneroWebhook> {
	return client.updateWebhook(webhook.key, { url: desired.url, events: desired.events, is_active: true });
}

function registration(webhook: PartneroWebhook, action: Registration['action']): Registration {
	if (!webhook.key || !webhook.signature) {
		throw new Error('Partnero answered without a webhook key or signing secret; cannot verify deliveries without them.');
	}
	return { key: webhook.key, secret: webhook.signature, action };
}

/**
 * Makes the remote state match `desired` and returns the key and signing secret to keep.
 * With `adopt`, a webhook already pointing at our URL (for example one left by a crash) is reused,
 * and any further webhooks on the same URL are deleted, so exactly one remains.
 */
export async function ensureRegistration(
	client: PartneroClient,
	stored: StoredWebhook,
	desired: DesiredWebhook,
	opts: { adopt?: boolean } = {},
): Promise<Registration> {
	const check = await checkRegistration(client, stored, desired);
	if (check.state === 'ok') return registration(check.webhook, 'kept');
	if (check.state === 'drifted') return registration(await repair(client, check.webhook, desired), 'updated');

	if (opts.adopt) {
		const same = (await client.listAllWebhooks()).filter((w) => w.url === desired.url);
		if (same.length > 0) {
			const [keep, ...extra] = same;
			for (const w of extra) await removeRegistration(client, w.key);
			const adopted = differencesOf(keep, desired).length === 0 ? keep : await repair(client, keep, desired);
			return registration(adopted, 'adopted');
		}
	}
	const created = await client.createWebhook({ name: desired.name, url: desired.url, events: desired.events, is_active: true });
	return registration(created, 'created');
}

/** Deletes the webhook; a 404 means someone already did. */
export async function removeRegistration(
	client: PartneroClient,
	key: string | undefined,
): Promise<'deleted' | 'already-gone' | 'nothing-stored'> {
	if (!key) return 'nothing-stored';
	const deleted = await settle(client.deleteWebhook(key));
	if (deleted.ok) return 'deleted';
	if (isNotFound(deleted.error)) return 'already-gone';
	throw deleted.error;
}

/** A readable webhook name within Partnero's 100 characters, e.g. "n8n: New partner to Slack". */
export function webhookName(prefix: string, label: string): string {
	const text = `${prefix}: ${label.trim() || 'untitled'}`.replace(/\s+/g, ' ');
	return text.length <= 100 ? text : `${text.slice(0, 99)}…`;
}
