import { AwaitedAnswers } from '../../core/awaited-answers';
import { DedupeStore } from '../../core/dedupe';

/**
 * One store per workflow and node, so a duplicate is recognised across executions, with the deliveries of it
 * whose execution still runs (Respond: When Last Node Finishes). Bounded per store and in number.
 */
interface NodeMemory {
	dedupe: DedupeStore;
	awaiting: AwaitedAnswers;
}
const memories = new Map<string, NodeMemory>();
const MAX_STORES = 1000;

function memoryOf(workflowId: string, nodeName: string): NodeMemory {
	const id = `${workflowId}\u0000${nodeName}`;
	let memory = memories.get(id);
	if (!memory) {
		if (memories.size >= MAX_STORES) memories.delete(memories.keys().next().value as string);
		const dedupe = new DedupeStore();
		memory = { dedupe, awaiting: new AwaitedAnswers(dedupe) };
		memories.set(id, memory);
	}
	return memory;
}

export function dedupeFor(workflowId: string, nodeName: string): DedupeStore {
	return memoryOf(workflowId, nodeName).dedupe;
}

/** The node's deliveries whose execution is still running, tied to its dedupe store. */
export function awaitingFor(workflowId: string, nodeName: string): AwaitedAnswers {
	return memoryOf(workflowId, nodeName).awaiting;
}
