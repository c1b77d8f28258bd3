import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchTransport, TransportError, type HttpResponse, type Transport } from '../../core/http';
import {
	backoffDelay,
	parseRetryAfter,
	sleep,
	withRetry,
	type RetryPolicy,
} from '../../core/retry';
import { startSimulator } from '../../sim/server';

const res = (status: number, headers: Record<string, string> = {}): HttpResponse => ({
	status,
	headers,
	body: undefined,
});

/** A policy that records the pauses instead of waiting them. */
function recording(over: Partial<RetryPolicy> = {}): { policy: RetryPolicy; pauses: number[] } {
	const pauses: number[] = [];
	const policy: RetryPolicy = {
		retries: 3,
		baseDelayMs: 100,
		maxDelayMs: 10_000,
		sleep: async (ms) => {
			pauses.push(ms);
		},
		...over,
	};
	return { policy, pauses };
}

/** attempt() that plays back a script of responses and errors. */
function script(steps: Array<HttpResponse | Error>): {
	attempt: () => Promise<HttpResponse>;
	calls: () => number;
} {
	let n = 0;
	return {
		attempt: async () => {
			const step = steps[Math.min(n++, steps.length - 1)];
			if (step instanceof Error) throw step;
			return step;
		},
		calls: () => n,
	};
}

/** A loopback port that refuses connections: bound, then released. */
async function refusedPort(): Promise<number> {
	const server = http.createServer();
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((r) => server.close(() => r()));
	return port;
}

describe('parseRetryAfter', () => {
	test('seconds, fractional seconds and HTTP dates become milliseconds', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		expect(parseRetryAfter(' 1.5 ')).toBe(1500);
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:42 GMT', now)).toBe(42_000);
		expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
	});

	test('absent or unreadable values give undefined', () => {
		expect(parseRetryAfter(undefined)).toBeUndefined();
		expect(parseRetryAfter('')).toBeUndefined();
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter('-5')).toBeUndefined();
	});
});

describe('sleep', () => {
	test('resolves, and an abort cuts a long pause short', async () => {
		await expect(sleep(1)).resolves.toBeUndefined();
		await expect(sleep(0)).resolves.toBeUndefined();
		const stop = new AbortController();
		const long = sleep(600_000, stop.signal);
		stop.abort();
		await expect(long).resolves.toBeUndefined();
		const pre = new AbortController();
		pre.abort();
		await expect(sleep(600_000, pre.signal)).resolves.toBeUndefined();
	});
});

describe('backoffDelay', () => {
	test('grows exponentially with jitter in the upper half of each step, capped', () => {
		const policy: RetryPolicy = { retries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
		for (let i = 0; i < 50; i++) {
			const first = backoffDelay(0, policy);
			expect(first).toBeGreaterThanOrEqual(50);
			expect(first).toBeLessThanOrEqual(100);
			const third = backoffDelay(2, policy);
			expect(third).toBeGreaterThanOrEqual(200);
			expect(third).toBeLessThanOrEqual(400);
			expect(backoffDelay(10, policy)).toBeLessThanOrEqual(1000);
		}
	});

	test('Retry-After wins over the exponential step but never beyond the cap', () => {
		const policy: RetryPolicy = { retries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
		expect(backoffDelay(0, policy, 700)).toBe(700);
		expect(backoffDelay(0, policy, 60_000)).toBe(1000);
	});
});

describe('withRetry', () => {
	test('retries 429 and 5xx until success, honouring Retry-After', async () => {
		const { policy, pauses } = recording();
		const s = script([res(429, { 'retry-after': '7' }), res(503), res(200)]);
		await expect(withRetry(s.attempt, policy)).resolves.toMatchObject({ status: 200 });
		expect(s.calls()).toBe(3);
		expect(pauses[0]).toBe(7000);
		expect(pauses).toHaveLength(2);
	});

	test('is bounded: returns the last failure after 1 + retries attempts', async () => {
		const { policy, pauses } = recording({ retries: 2 });
		const s = script([res(500)]);
		await expect(withRetry(s.attempt, policy)).resolves.toMatchObject({ status: 500 });
		expect(s.calls()).toBe(3);
		expect(pauses).toHaveLength(2);
	});

	test('other statuses are answered at once', async () => {
		for (const status of [400, 401, 404, 422]) {
			const { policy } = recording();
			const s = script([res(status), res(200)]);
			await expect(withRetry(s.attempt, policy)).resolves.toMatchObject({ status });
			expect(s.calls()).toBe(1);
		}
	});

	test('idempotent calls retry transport failures, then rethrow them', async () => {
		const { policy } = recording({ retries: 1 });
		const s = script([new TransportError('timeout', 'slow')]);
		await expect(withRetry(s.attempt, policy)).rejects.toBeInstanceOf(TransportError);
		expect(s.calls()).toBe(2);
	});

	test('non-transport errors are not retried', async () => {
		const { policy } = recording();
		const s = script([new Error('bug')]);
		await expect(withRetry(s.attempt, policy)).rejects.toThrow('bug');
		expect(s.calls()).toBe(1);
	});

	test('a POST retries 429 and never-sent failures only', async () => {
		const post500 = script([res(500), res(200)]);
		await expect(withRetry(post500.attempt, recording().policy, false)).resolves.toMatchObject({
			status: 500,
		});
		expect(post500.calls()).toBe(1);

		const post429 = script([res(429), res(200)]);
		await expect(withRetry(post429.attempt, recording().policy, false)).resolves.toMatchObject({
			status: 200,
		});
		expect(post429.calls()).toBe(2);

		const maybeSent = script([new TransportError('timeout', 'slow'), res(200)]);
		await expect(withRetry(maybeSent.attempt, recording().policy, false)).rejects.toBeInstanceOf(
			TransportError,
		);
		expect(maybeSent.calls()).toBe(1);

		const notSent = script([new TransportError('network', 'refused', false), res(200)]);
		await expect(withRetry(notSent.attempt, recording().policy, false)).resolves.toMatchObject({
			status: 200,
		});
		expect(notSent.calls()).toBe(2);
	});
});

describe('withRetry over real HTTP', () => {
	test('a refused connection is marked never-sent, so even a POST is retried (boundedly)', async () => {
		const port = await refusedPort();
		let calls = 0;
		const transport: Transport = (req) => {
			calls++;
			return fetchTransport()(req);
		};
		const request = () =>
			transport({
				method: 'POST',
				url: `http://127.0.0.1:${port}/v1/webhooks`,
				headers: {},
				body: {},
			});
		const error = await withRetry(request, recording({ retries: 2 }).policy, false).catch(
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(TransportError);
		expect((error as TransportError).requestSent).toBe(false);
		expect(calls).toBe(3);
	});

	test('a POST that timed out is not repeated (the server may have applied it)', async () => {
		const sim = await startSimulator();
		try {
			sim.injectFaults({ count: 1, delayMs: 400 });
			let calls = 0;
			const request = () => {
				calls++;
				return fetchTransport({ timeoutMs: 100 })({
					method: 'POST',
					url: `${sim.apiBaseUrl}/webhooks`,
					headers: { Authorization: `Bearer ${sim.apiKey}` },
					body: { name: 'n', url: 'https://example.com/h', events: ['partner.created'] },
				});
			};
			const error = await withRetry(request, recording().policy, false).catch((e: unknown) => e);
			expect(error).toMatchObject({ code: 'timeout', requestSent: true });
			expect(calls).toBe(1);
		} finally {
			await sim.close();
		}
	});
});
