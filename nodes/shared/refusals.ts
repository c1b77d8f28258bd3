import { RefusalLog } from '../../core/refusal-log';

/** One aggregated refusal log per workflow and node, so a flood of refused requests logs a line per interval. */
const logs = new Map<string, RefusalLog>();
const MAX_LOGS = 1000;

export function refusalLogFor(workflowId: string, nodeName: string): RefusalLog {
	const id = `${workflowId}\u0000${nodeName}`;
	let log = logs.get(id);
	if (!log) {
		if (logs.size >= MAX_LOGS) logs.delete(logs.keys().next().value as string);
		log = new RefusalLog();
		logs.set(id, log);
	}
	return log;
}
