/**
 * Warnings about refused deliveries, aggregated. A flood of forged requests must not become a flood of log
 * lines (or of messages in Node-RED's debug sidebar): the first refusal of an interval is written in full,
 * the rest are counted by reason and written as one summary line.
 *
 * Time is read on arrival, never from a timer (n8n's rules forbid timers in nodes): the summary of an
 * interval is written by the first refusal after it ends, or by flush() when the adapter can call it
 * (Node-RED does, at the end of the interval and on close).
 */
export const REFUSAL_LOG_INTERVAL_MS = 60_000;

export interface RefusalLogOptions {
	intervalMs?: number;
	now?: () => number;
}

export class RefusalLog {
	private readonly intervalMs: number;
	private readonly now: () => number;
	/** Start of the current interval; undefined when no refusal is pending. */
	private since: number | undefined;
	private readonly counts = new Map<string, number>();
	/** When the last warning about an accepted delivery was written. */
	private warnedAt: number | undefined;

	constructor(opts: RefusalLogOptions = {}) {
		this.intervalMs = opts.intervalMs ?? REFUSAL_LOG_INTERVAL_MS;
		this.now = opts.now ?? Date.now;
	}

	/**
	 * Notes one refusal (`reason` as counted, e.g. "401 invalid signature"); returns the lines to write now:
	 * none while the interval's first refusal has been written, else a summary of the last interval and/or
	 * this refusal in full (`detail`).
	 */
	refused(reason: string, detail: string): string[] {
		const now = this.now();
		if (this.since !== undefined && now - this.since < this.intervalMs) {
			this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
			return [];
		}
		const lines = this.flush(now);
		this.since = now;
		lines.push(detail);
		return lines;
	}

	/**
	 * A warning about a delivery that was accepted (e.g. undated): the line to write now, at most one per
	 * interval, so a sender that always triggers it does not flood the log either. Never counted as a refusal.
	 */
	warning(detail: string): string[] {
		const now = this.now();
		if (this.warnedAt !== undefined && now - this.warnedAt < this.intervalMs) return [];
		this.warnedAt = now;
		return [detail];
	}

	/** The summary of refusals counted but not written yet, if any; starts a new interval. */
	flush(now = this.now()): string[] {
		const since = this.since;
		this.since = undefined;
		if (since === undefined || this.counts.size === 0) {
			this.counts.clear();
			return [];
		}
		let total = 0;
		const parts: string[] = [];
		for (const [reason, count] of [...this.counts].sort((a, b) => b[1] - a[1])) {
			total += count;
			parts.push(`${count} × ${reason}`);
		}
		this.counts.clear();
		const seconds = Math.max(1, Math.round((now - since) / 1000));
		return [`Refused ${total} more deliveries in the last ${seconds} s: ${parts.join(', ')}`];
	}

	/** When the pending summary is due, for adapters that can wait for it; undefined when nothing is pending. */
	dueAt(): number | undefined {
		return this.since === undefined || this.counts.size === 0
			? undefined
			: this.since + this.intervalMs;
	}
}

/** The reason a refusal is counted under: its status and short name, never sender text or secrets. */
export function refusalReason(outcome: { status: number; reason: string }): string {
	return `${outcome.status} ${outcome.reason}`;
}
