/**
 * Everything a self-registering Node-RED trigger does apart from judging deliveries, shared by every
 * provider: the raw-body route, the preconditions (account, HTTP nodes on, public URL), registration with
 * backoff and Catch-visible errors, the status texts, and cleanup on close (after any registration still
 * in flight has landed, so no webhook outlives its node).
 */
import type { Node, NodeAPI } from 'node-red';
import type { Response } from 'express';
import { webhookName } from '../../core/registration';
import { sleep } from '../../core/retry';
import type { Translate } from './locale';
import { addRawPostRoute, RouteRefused, type RawRequest } from './raw-route';

const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 5 * 60_000;
/**
 * The event count in the status changes at most this often. Every status change goes out to the open
 * editors and to Status nodes; under load one per delivery cost more than judging the delivery itself.
 */
export const STATUS_INTERVAL_MS = 500;

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
	/** The account's public URL, or undefined when the node has no account. */
	account: { publicUrl: string } | null;
	/** Route path under httpNodeRoot, with a leading '/'. */
	path: string;
	/** Events shown with a registration error. */
	events: string[];
	handler: (req: RawRequest, res: Response) => void;
	/** One registration attempt at `url`; resolves with what to log. */
	register: (url: string) => Promise<{ action: string }>;
	/** Deletes what register() made (nothing when it made nothing). */
	remove: () => Promise<unknown>;
	/** The URL as logs and errors may show it (secrets masked). */
	shownUrl?: (url: string) => string;
}

export interface TriggerRuntime {
	/** Aborted on close. */
	signal: AbortSignal;
	/** Counts a delivered event in the status. */
	delivered(): void;
}

export function runTrigger(spec: TriggerSpec): TriggerRuntime {
	const { RED, node, t, provider } = spec;
	const stop = new AbortController();
	const shown = spec.shownUrl ?? ((u: string) => u);
	let received = 0;

	const listening = () => {
		const text =
			received === 0 ? t('status.listening') : received === 1 ? t('status.listening-one') : t('status.listening-count', { count: received });
		node.status({ fill: 'green', shape: 'dot', text });
	};
	// The first delivery shows at once; later ones within the interval are shown together at its end.
	let countShownAt = 0;
	let countPending = false;
	const showCount = () => {
		countShownAt = Date.now();
		listening();
	};
	let removeRoute: () => void;
	try {
		removeRoute = addRawPostRoute(RED, spec.path, spec.handler, undefined, node.id);
	} catch (error) {
		// A path another trigger or the editor itself uses: serving it would break the one or the other.
		const reason = error instanceof RouteRefused ? error.kind : 'cannot add the route';
		node.status({ fill: 'red', shape: 'ring', text: t('status.path-refused', { reason }) });
		node.error(`${provider} trigger not started: ${(error as Error).message}`, { topic: `${provider.toLowerCase()}/config`, payload: { path: spec.path } });
		return { signal: stop.signal, delivered: () => undefined };
	}
	const topic = `${provider.toLowerCase()}/registration`;

	async function registerLoop(publicUrl: string): Promise<void> {
		const root = (RED.settings as { httpNodeRoot?: string | false }).httpNodeRoot || '/';
		const url = joinUrl(publicUrl, root, spec.path);
		for (let delay = FIRST_RETRY_MS; !stop.signal.aborted; delay = Math.min(delay * 2, MAX_RETRY_MS)) {
			node.status({ fill: 'yellow', shape: 'ring', text: t('status.registering') });
			try {
				const r = await spec.register(url);
				if (stop.signal.aborted) return;
				node.log(`${provider} webhook ${r.action}: ${shown(url)}`);
				listening();
				return;
			} catch (error) {
				// Closed meanwhile: nobody is left to tell, and the next node registers on its own.
				if (stop.signal.aborted) return;
				const message = (error as Error).message;
				const status = (error as { status?: number }).status;
				const reason = status ? `HTTP ${status}` : message.slice(0, 40);
				node.status({ fill: 'red', shape: 'ring', text: t('status.error', { reason }) });
				// A msg object, so Catch nodes see it; without one Node-RED only logs the error.
				node.error(`${provider} registration failed: ${message} (retrying in ${Math.round(delay / 1000)} s)`, {
					payload: { url: shown(url), events: spec.events },
					topic,
					statusCode: status,
				});
				await sleep(delay, stop.signal);
			}
		}
	}

	let registering: Promise<void> = Promise.resolve();
	if (!spec.account) {
		node.status({ fill: 'red', shape: 'ring', text: t('status.no-account') });
	} else if ((RED.settings as { httpNodeRoot?: string | false }).httpNodeRoot === false) {
		node.status({ fill: 'red', shape: 'ring', text: t('status.http-disabled') });
		node.warn(`httpNodeRoot is false in the settings, so HTTP endpoints are off and ${provider} cannot reach this node.`);
	} else if (!spec.account.publicUrl) {
		node.status({ fill: 'red', shape: 'ring', text: t('status.no-public-url') });
	} else {
		registering = registerLoop(spec.account.publicUrl);
	}

	node.on('close', (_removed: boolean, done: () => void) => {
		stop.abort();
		removeRoute();
		// Deleted on every close, restart included: a restart registers anew, so nothing is orphaned.
		// A registration still in flight must land first, or its webhook would outlive this node unseen.
		const cleanup = spec.account?.publicUrl ? registering.then(() => spec.remove()) : Promise.resolve();
		cleanup
			.then(
				() => undefined,
				(error: Error) => node.warn(`Could not delete the ${provider} webhook: ${error.message}`),
			)
			.finally(() => {
				node.status({});
				done();
			});
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
