import { TransportError, type HttpResponse } from './http';
import { settle } from './settle';

/**
 * A pause built on AbortSignal.timeout: n8n's Cloud rules ban setTimeout in shipped code, and this keeps
 * the pause abortable, so a Node-RED node that is closing can cut a backoff short.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (ms <= 0 || signal?.aborted) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = AbortSignal.timeout(ms);
		const finish = () => {
			timer.removeEventListener('abort', finish);
			signal?.removeEventListener('abort', finish);
			resolve();
		};
		timer.addEventListener('abort', finish);
		signal?.addEventListener('abort', finish);
	});
}

/** Retry-After in milliseconds, from seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(
	value: string | undefined,
	now: number = Date.now(),
): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	// An HTTP date names its weekday or month; bare numbers like "-5" would otherwise parse as ancient years.
	if (!/[a-z]/i.test(text)) return undefined;
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

export interface RetryPolicy {
	/** Further attempts after the first one. */
	retries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };

/** 429 and 5xx are worth another try; other statuses would answer the same again. */
export function isRetryableStatus(status: number): boolean {
	return status === 429 || (status >= 500 && status <= 599);
}

export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfterMs?: number): number {
	if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
	const exponential = policy.baseDelayMs * 2 ** attempt;
	// Full jitter on the upper half spreads simultaneous clients without ever waiting less than half the step.
	const jittered = exponential / 2 + Math.random() * (exponential / 2);
	return Math.min(Math.round(jittered), policy.maxDelayMs);
}

/**
 * Runs attempt() until it gives a non-retryable answer or the retries are spent.
 * A non-idempotent call (POST) is retried only on 429 and when the connection was refused before
 * anything was sent: after a 5xx or a timeout the server may already have applied it, and a second POST
 * would create a second webhook or a second commission.
 */
export async function withRetry(
	attempt: () => Promise<HttpResponse>,
	policy: RetryPolicy = DEFAULT_RETRY,
	idempotent = true,
): Promise<HttpResponse> {
	const pause = policy.sleep ?? sleep;
	for (let i = 0; ; i++) {
		const outcome = await settle(attempt());
		if (!outcome.ok) {
			const { error } = outcome;
			const safe = error instanceof TransportError && (idempotent || !error.requestSent);
			if (!safe || i >= policy.retries) throw error;
			await pause(backoffDelay(i, policy));
			continue;
		}
		const res = outcome.value;
		const retryable = idempotent ? isRetryableStatus(res.status) : res.status === 429;
		if (!retryable || i >= policy.retries) return res;
		await pause(backoffDelay(i, policy, parseRetryAfter(res.headers['retry-after'])));
	}
}
