import { DedupeStore } from '../../core/dedupe';

/** One store per workflow and node, so a duplicate is recognised across executions. Bounded per store. */
const dedupeStores = new Map<string, DedupeStore>();
const MAX_STORES = 1000;

export function dedupeFor(workflowId: string, nodeName: string): DedupeStore {
	const id = `${workflowId}\u0000${nodeName}`;
	let store = dedupeStores.get(id);
	if (!store) {
		if (dedupeStores.size >= MAX_STORES)
			dedupeStores.delete(dedupeStores.keys().next().value as string);
		store = new DedupeStore();
		dedupeStores.set(id, store);
	}
	return store;
}
