/**
 * Deliveries whose answer to the sender waits for the flow (at-least-once): the sender learns "200" only
 * when the flow has handled the event, so an event that was still travelling through the flow when the
 * engine stopped is retried by the sender instead of lost.
 *
 * Decisions worth knowing:
 * - The delivery key is claimed when the delivery is accepted, as in the immediate mode, but it is kept only
 *   when the flow answers 2xx. Any other answer, a connection closed before an answer, the answer timeout
 *   and a close of the trigger release it, so the sender's retry is emitted again.
 * - A retry that arrives while the original is still waiting for its answer is a duplicate by key, but it
 *   must not be answered 200: if the original then fails, the event would be lost. It is answered 503
 *   with Retry-After (IN_FLIGHT), so the sender comes back once the original is settled.
 * - A close of the trigger (redeploy, restart, shutdown) answers every delivery still waiting CLOSING at once: its
 *   flow may be gone, and a sender left hanging only retries after its own timeout (Partnero's 5 s, others' 30 s+).
 * - No timers here: the adapter that owns the connection bounds the wait (ANSWER_TIMEOUT) and calls settle().
 */
import type { DedupeStore } from './dedupe';

/**
 * How long a delivery waits for the flow's answer by default. It bounds a flow that never answers (no HTTP Response
 * node), not a slow one: Partnero hangs up after 5 s, which closes the connection and releases the key anyway, so a
 * flow slower than that is retried whatever this is. Senders with 15 to 30 s (Svix-style) still get the 504 in time.
 */
export const DEFAULT_ANSWER_TIMEOUT_SECONDS = 10;

/** The answer to a retry whose original still waits for the flow: try again once that one is settled. */
export const IN_FLIGHT = {
	status: 503,
	body: { error: 'an earlier attempt of this delivery is still being handled' },
} as const;

/** The answer when the flow did not answer in time: a gateway timeout, so the sender retries. */
export const NO_ANSWER = {
	status: 504,
	body: { error: 'the flow did not answer in time' },
} as const;

/**
 * The answer to a delivery still waiting when its trigger closes: try again shortly, by when a redeployed or
 * restarted trigger listens again. Its key is released, so that retry is emitted.
 */
export const CLOSING = {
	status: 503,
	retryAfterSeconds: '5',
	body: { error: 'the trigger closed before the flow answered; try again' },
} as const;

/** The answer timeout in seconds from a user's setting: blank, not a number or not above 0 = the default. */
export function answerTimeoutOf(setting: unknown): number {
	if (setting === undefined || setting === null || setting === '') {
		return DEFAULT_ANSWER_TIMEOUT_SECONDS;
	}
	const n = Number(setting);
	return Number.isFinite(n) && n > 0 ? n : DEFAULT_ANSWER_TIMEOUT_SECONDS;
}

/** Retry-After for IN_FLIGHT: by then the original has been answered or has timed out. */
export function inFlightRetryAfter(timeoutSeconds: number): string {
	return String(Math.max(1, Math.ceil(timeoutSeconds)));
}

/** The keys of accepted deliveries still waiting for the flow's answer. */
export class AwaitedAnswers {
	/** Key → when it began waiting. */
	private readonly waiting = new Map<string, number>();

	constructor(private readonly dedupe: DedupeStore | undefined) {}

	/** Notes that the delivery with this (already claimed) key now waits for the flow. */
	begin(key: string, now: number = Date.now()): void {
		this.waiting.set(key, now);
	}

	/**
	 * Settles as unanswered (releasing the key) every delivery that has waited `ms` or longer; returns how many.
	 * For adapters that may never hear of an answer and may not set timers (n8n): called as deliveries arrive.
	 */
	expire(ms: number, now: number = Date.now()): number {
		let count = 0;
		for (const [key, since] of this.waiting) {
			if (now - since < ms) continue;
			this.settle(key, undefined);
			count++;
		}
		return count;
	}

	has(key: string): boolean {
		return this.waiting.has(key);
	}

	get size(): number {
		return this.waiting.size;
	}

	/**
	 * The delivery was answered with `status`, or never (undefined: connection closed, timed out). The key is
	 * kept only for a 2xx answer; true when it was. A key no longer waiting (released by close) is left alone.
	 */
	settle(key: string, status: number | undefined): boolean {
		if (!this.waiting.delete(key)) return false;
		const kept = status !== undefined && status >= 200 && status < 300;
		if (!kept) this.dedupe?.release(key);
		return kept;
	}

	/**
	 * Releases every waiting key: the trigger is closing, and the answers still to come belong to a flow that may
	 * be gone. Called before the dedupe memory is saved, so the sender's retries after a restart are emitted.
	 */
	releaseAll(): number {
		const count = this.waiting.size;
		for (const key of this.waiting.keys()) this.dedupe?.release(key);
		this.waiting.clear();
		return count;
	}
}
