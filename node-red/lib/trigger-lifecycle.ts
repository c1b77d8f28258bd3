/**
 * Everything a self-registering Node-RED trigger does apart from judging deliveries, shared by every
 * provider: the raw-body route, the preconditions (account, HTTP nodes on, public URL), registration with
 * backoff and Catch-visible errors, the status texts, and the webhook's lifecycle:
 *
 * - A restart, shutdown, full deploy or "Restart flows" keeps the webhook at the provider, with its key and
 *   secret: events that happen meanwhile are sent (or retried by the provider) to the same URL and verify
 *   against the same secret. Only a close with `removed` (node deleted or disabled, flow disabled) deletes it.
 * - A start adopts the webhook already registered for its URL, taking key and secret from a predecessor in
 *   this process or from the provider's list after a restart, and repairs in place only what differs.
 * - A node whose URL changed (its path, or the account's public URL) registers for the new URL and then
 *   deletes the webhook its predecessor kept for the old one; that URL's route is gone, so the provider
 *   would send every event there, get 404 and retry. A node that now serves the old URL keeps it instead.
 * - A close never deletes a webhook a live node holds (webhook-owners.ts) and always ends within Node-RED's
 *   close timeout: the wait on a registration in flight and the delete are each bounded, and a delete that
 *   does not finish in time is given up (and said so) rather than run late.
 */
import type { Node, NodeAPI } from 'node-red';
import type { Response } from 'express';
import {
	ensureRegistration,
	removeRegistration,
	webhookName,
	type DesiredWebhook,
	type RegistryLike,
	type RemoteWebhook,
} from '../../core/registration';
import { ApiError, errorMessage } from '../../core/errors';
import { sleep } from '../../core/retry';
import type { DedupeStore } from '../../core/dedupe';
import { guardField } from './field-guard';
import { restoreDedupe, saveDedupe } from './dedupe-context';
import type { FlowAnswers } from './flow-answer';
import type { Translate } from './locale';
import { addRawPostRoute, RouteRefused, type RawRequest } from './raw-route';
import {
	closed,
	closing,
	forget,
	heldWebhook,
	hold,
	leftBehind,
	letGo,
	liveHolderOf,
	liveKey,
	nodeRemoved,
	owed,
	remember,
	doubt,
	doubtful,
	serve,
	servedByOther,
	settledLeft,
	type HeldWebhook,
	type Holder,
} from './webhook-owners';

const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 5 * 60_000;
/**
 * The event count in the status changes at most this often. Every status change goes out to the open
 * editors and to Status nodes; under load one per delivery cost more than judging the delivery itself.
 */
export const STATUS_INTERVAL_MS = 500;
/**
 * Node-RED gives a close 15 s before it logs a timeout and moves on. A close waits at most this long for a
 * registration still in flight, then gives the delete at most DELETE_BUDGET_MS: 12 s in all.
 */
export const REGISTRATION_WAIT_MS = 4_000;
export const DELETE_BUDGET_MS = 8_000;
/**
 * After a DELETE was given up, the provider may still apply it; a node that adopted that webhook checks it
 * again this much later (longer than an API call's own timeout), and registers anew if it is gone.
 */
export const DOUBT_RECHECK_MS = 35_000;

export function joinUrl(base: string, ...parts: string[]): string {
	return base.replace(/\/+$/, '') + ('/' + parts.join('/')).replace(/\/{2,}/g, '/');
}

/** The route path under httpNodeRoot with one leading '/': the node's own, else `fallback`. */
export function triggerPath(path: string | undefined, fallback: string): string {
	return '/' + (path || fallback).replace(/^\/+/, '');
}

/** The node's event choice as saved: a list, or a comma-separated string. */
export function chosenEvents(value: string[] | string | undefined): string[] {
	return Array.isArray(value) ? value : typeof value === 'string' && value ? value.split(',') : [];
}

/** The webhook's name at the provider, so its list shows which node it feeds. */
export function nodeRedWebhookName(node: Node, type: string): string {
	return webhookName('Node-RED', node.name || `${type} ${node.id}`);
}

export interface TriggerSpec {
	RED: NodeAPI;
	node: Node;
	/** Looks up `<type>.<key>` in the node's locale catalogue (status texts). */
	t: Translate;
	/** For logs and errors, e.g. 'Partnero'. */
	provider: string;
	/** The account's public URL (and API base URL), or undefined when the node has no account. */
	account: { publicUrl: string; baseUrl?: string } | null;
	/** Route path under httpNodeRoot, with a leading '/'. */
	path: string;
	/** Events shown with a registration error. */
	events: string[];
	handler: (req: RawRequest, res: Response) => void;
	/** The provider's webhook registry (its API client); `signal` aborts its calls when a close runs out of time. */
	registry: (signal?: AbortSignal) => RegistryLike<RemoteWebhook>;
	/** The webhook wanted at `url`, starting from the webhook last held for it (if any). */
	desired: (url: string, held: HeldWebhook | undefined) => DesiredWebhook | Promise<DesiredWebhook>;
	/** Takes the key and secret deliveries are checked with, as soon as they are known. */
	use: (held: HeldWebhook) => void;
	/** The URL as logs and errors may show it (secrets masked). */
	shownUrl?: (url: string) => string;
	/** Recent delivery keys, carried to the node's successor and (with a persistent context store) across restarts. */
	dedupe?: DedupeStore;
	/** Deliveries waiting for the flow's answer: their keys are released on close, before the keys are saved. */
	flowAnswers?: Pick<FlowAnswers, 'releaseAll'>;
}

export interface TriggerRuntime {
	/** Aborted on close. */
	signal: AbortSignal;
	/** Counts a delivered event in the status. */
	delivered(): void;
}

/**
 * One registration attempt: adopt the webhook already registered for the URL, else create one and converge
 * with replicas that may have created one at the same moment (one webhook remains, and every replica
 * takes its key and secret). A fresh webhook's secret is used at once: the provider may deliver for it
 * while the converging list runs.
 */
async function registerOnce(spec: TriggerSpec, url: string, held: HeldWebhook | undefined) {
	const desired = await spec.desired(url, held);
	return ensureRegistration(spec.registry(), { key: held?.key }, desired, {
		adopt: true,
		converge: true,
		onCreated: (created) => spec.use({ key: created.key, secret: created.secret }),
	});
}

export function runTrigger(spec: TriggerSpec): TriggerRuntime {
	const { RED, node, t, provider } = spec;
	const remove = (key: string, signal: AbortSignal) =>
		removeRegistration(spec.registry(signal), key);
	const stop = new AbortController();
	const shown = spec.shownUrl ?? ((u: string) => u);
	let received = 0;
	/** The provider confirmed the webhook; until then deliveries may verify (with a held secret) but the status stays yellow. */
	let confirmed = false;

	/** Why deliveries cannot reach the flow although registered (field-guard.ts): yellow, not green. */
	let caveat = (): string | undefined => undefined;
	const listening = () => {
		const text =
			received === 0
				? t('status.listening')
				: received === 1
					? t('status.listening-one')
					: t('status.listening-count', { count: received });
		const warning = caveat();
		node.status(
			warning
				? { fill: 'yellow', shape: 'ring', text: warning }
				: { fill: 'green', shape: 'dot', text },
		);
	};
	// The first delivery shows at once; later ones within the interval are shown together at its end.
	let countShownAt = 0;
	let countPending = false;
	const showCount = () => {
		countShownAt = Date.now();
		if (confirmed) listening();
	};
	if (spec.dedupe) restoreDedupe(RED, node, spec.dedupe);
	let removeRoute: () => void;
	try {
		removeRoute = addRawPostRoute(RED, spec.path, spec.handler, undefined, node.id);
	} catch (error) {
		// A path another trigger or the editor itself uses: serving it would break the one or the other.
		const reason = error instanceof RouteRefused ? error.kind : 'cannot add the route';
		node.status({ fill: 'red', shape: 'ring', text: t('status.path-refused', { reason }) });
		node.error(`${provider} trigger not started: ${errorMessage(error)}`, {
			topic: `${provider.toLowerCase()}/config`,
			payload: { path: spec.path },
		});
		return { signal: stop.signal, delivered: () => undefined };
	}
	const topic = `${provider.toLowerCase()}/registration`;
	const root = (RED.settings as { httpNodeRoot?: string | false }).httpNodeRoot || '/';
	const url = spec.account?.publicUrl ? joinUrl(spec.account.publicUrl, root, spec.path) : '';
	// Ownership is per provider and URL: two providers never share a webhook.
	const id = `${provider} ${url}`;
	const urlOf = (at: string) => at.slice(provider.length + 1);
	/** The webhook this node uses: its predecessor's until its own registration lands. */
	let held: HeldWebhook | undefined;
	let attempt = 0;
	const holder: Holder = {
		recheck(reason) {
			if (stop.signal.aborted) return;
			node.log(`${provider} webhook: ${reason}.`);
			registering = registerLoop();
		},
	};
	// Node ids survive a redeploy: this node's predecessor is the node that had its id.
	const nodeKey = `${provider} ${node.id}`;
	serve(nodeKey, url ? id : undefined, holder);

	async function registerLoop(): Promise<void> {
		const mine = ++attempt;
		confirmed = false;
		// A predecessor's close may still be deleting or registering for this URL; it ends within its budget.
		await closed(id);
		if (stop.signal.aborted || mine !== attempt) return;
		const before = held ?? heldWebhook(id);
		// Deliveries verify at once with the secret the predecessor held, while the provider is asked.
		if (before && !held) spec.use(before);
		for (
			let delay = FIRST_RETRY_MS;
			!stop.signal.aborted && mine === attempt;
			delay = Math.min(delay * 2, MAX_RETRY_MS)
		) {
			node.status({ fill: 'yellow', shape: 'ring', text: t('status.registering') });
			try {
				const r = await registerOnce(spec, url, held ?? before);
				if (stop.signal.aborted || mine !== attempt) {
					landedLate(r);
					return;
				}
				if (before && r.action === 'created') {
					node.warn(
						`${provider} webhook ${before.key} was gone at ${provider}; registered a new one (${r.key}).`,
					);
				}
				held = { key: r.key, secret: r.secret };
				spec.use(held);
				hold(id, holder, held);
				node.log(`${provider} webhook ${r.action}: ${shown(url)}`);
				confirmed = true;
				listening();
				// Only now: while the new webhook was not registered, the old one was all the provider had.
				await dropLeft();
				if (doubtful(id, r.key)) {
					void sleep(DOUBT_RECHECK_MS, stop.signal).then(() => {
						if (mine === attempt)
							holder.recheck(`checking webhook ${r.key} again after a given-up delete`);
					});
				}
				return;
			} catch (error) {
				// Closed meanwhile: nobody is left to tell, and the next node registers on its own.
				if (stop.signal.aborted) return;
				const message = errorMessage(error);
				// Only the core's API error carries an HTTP status; a transport failure has none to show.
				const status = error instanceof ApiError ? error.status : undefined;
				const reason = status ? `HTTP ${status}` : message.slice(0, 40);
				node.status({ fill: 'red', shape: 'ring', text: t('status.error', { reason }) });
				// A msg object, so Catch nodes see it; without one Node-RED only logs the error.
				node.error(
					`${provider} registration failed: ${message} (retrying in ${Math.round(delay / 1000)} s)`,
					{
						payload: { url: shown(url), events: spec.events },
						topic,
						statusCode: status,
					},
				);
				await sleep(delay, stop.signal);
			}
		}
	}

	/**
	 * A registration that landed after this node closed. A live node holding another webhook for the URL
	 * makes this one an extra that would deliver every event twice, and a removed node leaves none behind;
	 * otherwise it is kept for a successor to adopt.
	 */
	function landedLate(r: HeldWebhook): void {
		if (!stop.signal.aborted || liveHolderOf(id, r.key)) return;
		// A URL that the successor moved away from, and no node serves, is owed a delete instead.
		const left = owed(id) && !servedByOther(id);
		if (liveKey(id) === undefined && !removedOnClose && !left) {
			remember(id, { key: r.key, secret: r.secret });
			return;
		}
		void remove(r.key, AbortSignal.timeout(DELETE_BUDGET_MS)).then(
			() => node.log(`${provider} webhook ${r.key}, registered after this node closed, deleted.`),
			(error: unknown) =>
				node.warn(
					`Could not delete the ${provider} webhook ${r.key} registered after close: ${errorMessage(error)}`,
				),
		);
	}

	let registering: Promise<void> = Promise.resolve();
	let removedOnClose = false;
	if (!spec.account) {
		node.status({ fill: 'red', shape: 'ring', text: t('status.no-account') });
	} else if ((RED.settings as { httpNodeRoot?: string | false }).httpNodeRoot === false) {
		node.status({ fill: 'red', shape: 'ring', text: t('status.http-disabled') });
		node.warn(
			`httpNodeRoot is false in the settings, so HTTP endpoints are off and ${provider} cannot reach this node.`,
		);
	} else if (!spec.account.publicUrl) {
		node.status({ fill: 'red', shape: 'ring', text: t('status.no-public-url') });
		// The public URL was cleared: a webhook registered for the former one has no trigger left.
		registering = dropLeft();
	} else {
		const guard = guardField({
			RED,
			node,
			t,
			provider,
			url,
			path: spec.path,
			apiBaseUrl: spec.account.baseUrl,
			refresh: () => confirmed && !stop.signal.aborted && listening(),
		});
		caveat = guard.caveat;
		if (guard.start) registering = registerLoop();
	}

	/**
	 * Deletes `key`, the webhook registered for `at`, unless a live node holds it; bounded, and given up (and
	 * said so) rather than run late. Whether it is settled: deleted, already gone, or kept for that node.
	 */
	async function deleteWebhook(at: string, key: string): Promise<boolean> {
		if (liveHolderOf(at, key, holder)) {
			node.log(`${provider} webhook ${key} kept: another node for ${shown(urlOf(at))} holds it.`);
			return true;
		}
		const deleted = await Promise.race([
			remove(key, AbortSignal.timeout(DELETE_BUDGET_MS)).then(() => true),
			sleep(DELETE_BUDGET_MS).then(() => false),
		]).catch((error: unknown) => errorMessage(error));
		if (deleted === true) {
			forget(at, key);
			node.log(`${provider} webhook deleted: ${shown(urlOf(at))}`);
			// A node that adopted it while the DELETE was on its way is now deaf: it must register anew.
			liveHolderOf(at, key, holder)?.recheck(
				`webhook ${key} was deleted by a node that no longer serves its URL, while this node adopted it`,
			);
			return true;
		}
		doubt(at, key);
		const why = deleted === false ? `no answer within ${DELETE_BUDGET_MS / 1000} s` : deleted;
		node.warn(
			`Gave up deleting the ${provider} webhook ${key} (${why}); delete it in ${provider} if it is still listed.`,
		);
		return false;
	}

	/**
	 * Deletes the webhooks this node's predecessors kept for URLs it no longer serves (its path or public URL
	 * changed). A URL another node serves now keeps its webhook: that node adopts it. One still owed (not
	 * known yet, or the delete failed) is tried again by this node's successor, or by its removal.
	 */
	async function dropLeft(): Promise<void> {
		await Promise.all(
			leftBehind(nodeKey).map(async (at) => {
				// A predecessor's close may still wait for its registration: its key is known once it ends.
				await closed(at);
				if (servedByOther(at, holder)) {
					settledLeft(nodeKey, at);
					return;
				}
				const key = heldWebhook(at)?.key;
				if (!key) return;
				node.log(`${provider} webhook for the former URL ${shown(urlOf(at))}: deleting it.`);
				if (await deleteWebhook(at, key)) settledLeft(nodeKey, at);
			}),
		);
	}

	/** Deletes this node's webhook and any its predecessors left: the node was removed or disabled. */
	async function removeWebhook(): Promise<void> {
		const key = url ? (held?.key ?? heldWebhook(id)?.key) : undefined;
		try {
			await Promise.all([key ? deleteWebhook(id, key) : undefined, dropLeft()]);
		} finally {
			nodeRemoved(nodeKey);
		}
	}

	node.on('close', (removed: boolean, done: () => void) => {
		stop.abort();
		removedOnClose = removed;
		removeRoute();
		letGo(id, holder);
		// Deliveries still waiting for the flow may never be answered (the process may be stopping): the sender
		// will retry them, and the successor must emit those retries, so their keys are not carried.
		spec.flowAnswers?.releaseAll();
		// A removed node has no successor, and Node-RED deletes its context.
		if (spec.dedupe && !removed) saveDedupe(RED, node, spec.dedupe);
		// A registration in flight may yet land; wait for it, bounded, so its key is known.
		const settled = Promise.race([registering, sleep(REGISTRATION_WAIT_MS)]);
		// Kept on restart, shutdown and redeploy; deleted only when the node is removed or disabled.
		const finished = spec.account
			? settled.then(() => (removed ? removeWebhook() : undefined))
			: settled.then(() => (removed ? nodeRemoved(nodeKey) : undefined));
		const ended = finished
			.catch((error: unknown) =>
				node.warn(`Could not delete the ${provider} webhook: ${errorMessage(error)}`),
			)
			.finally(() => {
				node.status({});
				done();
			});
		if (url) closing(id, ended);
	});

	return {
		signal: stop.signal,
		delivered() {
			received++;
			if (countPending) return;
			const wait = countShownAt + STATUS_INTERVAL_MS - Date.now();
			if (wait <= 0) {
				showCount();
				return;
			}
			countPending = true;
			void sleep(wait, stop.signal).then(() => {
				countPending = false;
				if (!stop.signal.aborted) showCount();
			});
		},
	};
}
