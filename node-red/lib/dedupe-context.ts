/**
 * Carries a trigger's recent delivery keys (fingerprints) to the node that follows it, so a sender's retry
 * of a delivery already emitted is still dropped after a redeploy or restart.
 *
 * With a context store configured (`contextStorage` in settings.js), they live in the node's context, in the
 * first `localfilesystem` store if there is one: that survives a restart. Without one, Node-RED deletes a
 * node's context on every close, so they are kept in this process's memory instead, keyed by node id:
 * that survives a deploy, not a restart.
 */
import type { Node, NodeAPI } from 'node-red';
import type { DedupeSnapshot, DedupeStore } from '../../core/dedupe';

const CONTEXT_KEY = 'partnerhooks-recent-deliveries';
/**
 * How many keys are carried: about 300 KB in the context file. A sender retries only deliveries it saw
 * fail, within hours (Partnero: 1 min, 5 min, 30 min, 2 h), and the newest keys are what a restart cuts off.
 */
export const CARRIED_KEYS = 10_000;

const inMemory = new Map<string, DedupeSnapshot>();

type Callback = (error: Error | undefined, value?: unknown) => void;

/** undefined: no store configured (keep in memory); '' = the default store; else the localfilesystem store's name. */
export function contextStore(RED: NodeAPI): string | undefined {
	const stores = RED.settings.contextStorage ?? {};
	const names = Object.keys(stores);
	if (names.length === 0) return undefined;
	const onDisk = names.find((name) => {
		const store = stores[name];
		return typeof store === 'object' && store?.module === 'localfilesystem';
	});
	return onDisk ?? '';
}

/** Claims the keys the node's predecessor left. A read from disk may answer after the first deliveries. */
export function restoreDedupe(RED: NodeAPI, node: Node, dedupe: DedupeStore): void {
	const store = contextStore(RED);
	if (store === undefined) {
		const carried = inMemory.get(node.id);
		inMemory.delete(node.id);
		if (carried) dedupe.restore(carried);
		return;
	}
	const done: Callback = (error, value) => {
		if (error)
			node.warn(`Could not read the recent delivery keys from the context: ${error.message}`);
		else if (value) dedupe.restore(value);
	};
	const context = node.context();
	if (store) context.get(CONTEXT_KEY, store, done);
	else context.get(CONTEXT_KEY, done);
}

export function saveDedupe(RED: NodeAPI, node: Node, dedupe: DedupeStore): void {
	const store = contextStore(RED);
	const snapshot = dedupe.snapshot(CARRIED_KEYS);
	if (store === undefined) {
		inMemory.set(node.id, snapshot);
		return;
	}
	const done = (error?: Error) => {
		if (error)
			node.warn(`Could not keep the recent delivery keys in the context: ${error.message}`);
	};
	const context = node.context();
	if (store) context.set(CONTEXT_KEY, snapshot, store, done);
	else context.set(CONTEXT_KEY, snapshot, done);
}
