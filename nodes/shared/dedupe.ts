import type { IWebhookFunctions } from 'n8n-workflow';
import { DedupeStore } from '../../core/dedupe';
import { claimRecentKey } from '../../core/recent-keys';

/** One store per workflow and node, so a duplicate is recognised across executions. Bounded per store. */
const dedupeStores = new Map<string, DedupeStore>();
const MAX_STORES = 1000;

export function dedupeFor(workflowId: string, nodeName: string): DedupeStore {
	const id = `${workflowId}\u0000${nodeName}`;
	let store = dedupeStores.get(id);
	if (!store) {
		if (dedupeStores.size >= MAX_STORES) dedupeStores.delete(dedupeStores.keys().next().value as string);
		store = new DedupeStore();
		dedupeStores.set(id, store);
	}
	return store;
}

/** The trigger node's static data field with the recent delivery keys every n8n process sees. */
export const RECENT_DELIVERIES_FIELD = 'recentDeliveries';

/**
 * The in-memory store above is per process. In queue mode a retry can reach another webhook process, and
 * after a restart memory is empty; static data is what n8n keeps in its database and saves after each
 * webhook call, so the keys there are seen by every process and survive restarts. False for a duplicate.
 */
export function claimShared(ctx: IWebhookFunctions, deliveryKey: string): boolean {
	const data = ctx.getWorkflowStaticData('node');
	const claimed = claimRecentKey(data[RECENT_DELIVERIES_FIELD], deliveryKey, { now: Date.now() });
	if (!claimed.fresh) return false;
	data[RECENT_DELIVERIES_FIELD] = claimed.stored;
	return true;
}
