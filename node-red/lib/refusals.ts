import type { Node } from 'node-red';
import { RefusalLog, refusalReason } from '../../core/refusal-log';
import { sleep } from '../../core/retry';

/**
 * A node's warnings about refused deliveries, aggregated by the core's RefusalLog: the first of an interval
 * in full, the rest as one summary line when the interval ends (or the node closes).
 */
export interface Refusals {
	refused(outcome: { status: number; reason: string }, detail: string): void;
	/** A warning about an accepted delivery, at most one per interval. */
	warned(detail: string): void;
}

export function nodeRefusals(node: Node): Refusals {
	const log = new RefusalLog();
	const closed = new AbortController();
	let waiting = false;
	const write = (lines: string[]) => lines.forEach((line) => node.warn(line));
	node.on('close', () => {
		closed.abort();
		write(log.flush());
	});
	return {
		refused(outcome, detail) {
			write(log.refused(refusalReason(outcome), detail));
			const due = log.dueAt();
			if (due === undefined || waiting) return;
			waiting = true;
			void sleep(due - Date.now(), closed.signal).then(() => {
				waiting = false;
				if (!closed.signal.aborted) write(log.flush());
			});
		},
		warned: (detail) => write(log.warning(detail)),
	};
}
