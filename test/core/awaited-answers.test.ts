import {
	answerTimeoutOf,
	AwaitedAnswers,
	DEFAULT_ANSWER_TIMEOUT_SECONDS,
	inFlightRetryAfter,
} from '../../core/awaited-answers';
import { DedupeStore } from '../../core/dedupe';
import { partneroProvider } from '../../core/partnero/provider';
import { partneroSample } from '../../core/partnero/samples';
import { processDelivery, type ReceiverOptions } from '../../core/receiver';

describe('AwaitedAnswers', () => {
	test('expire releases what waited too long (an answer never heard of), and keeps the rest', () => {
		const dedupe = new DedupeStore();
		const awaiting = new AwaitedAnswers(dedupe);
		for (const key of ['old', 'new']) dedupe.claim(key);
		awaiting.begin('old', 1_000);
		awaiting.begin('new', 9_000);
		expect(awaiting.expire(5_000, 10_000)).toBe(1);
		expect([awaiting.has('old'), dedupe.has('old')]).toEqual([false, false]);
		expect([awaiting.has('new'), dedupe.has('new')]).toEqual([true, true]);
	});

	test('a 2xx answer keeps the claimed key; any other answer, or none, releases it', () => {
		const dedupe = new DedupeStore();
		const waiting = new AwaitedAnswers(dedupe);
		for (const [key, status, kept] of [
			['ok', 200, true],
			['created', 201, true],
			['failed', 500, false],
			['redirected', 302, false],
			['timed-out', 504, false],
			['closed', undefined, false],
		] as const) {
			expect(dedupe.claim(key)).toBe(true);
			waiting.begin(key);
			expect(waiting.has(key)).toBe(true);
			expect(waiting.settle(key, status)).toBe(kept);
			expect(waiting.has(key)).toBe(false);
			expect(dedupe.has(key)).toBe(kept);
		}
	});

	test('releaseAll forgets every waiting key; a later answer to one of them changes nothing', () => {
		const dedupe = new DedupeStore();
		const waiting = new AwaitedAnswers(dedupe);
		for (const key of ['a', 'b']) {
			dedupe.claim(key);
			waiting.begin(key);
		}
		dedupe.claim('answered');
		expect(waiting.releaseAll()).toBe(2);
		expect([dedupe.has('a'), dedupe.has('b'), dedupe.has('answered')]).toEqual([
			false,
			false,
			true,
		]);
		expect(waiting.settle('a', 200)).toBe(false);
		expect(dedupe.has('a')).toBe(false);
	});

	test('the timeout setting: blank, junk and 0 mean the default; Retry-After is whole seconds', () => {
		expect(answerTimeoutOf('')).toBe(DEFAULT_ANSWER_TIMEOUT_SECONDS);
		expect(answerTimeoutOf(undefined)).toBe(DEFAULT_ANSWER_TIMEOUT_SECONDS);
		expect(answerTimeoutOf('x')).toBe(DEFAULT_ANSWER_TIMEOUT_SECONDS);
		expect(answerTimeoutOf('0')).toBe(DEFAULT_ANSWER_TIMEOUT_SECONDS);
		expect(answerTimeoutOf('2.5')).toBe(2.5);
		expect(inFlightRetryAfter(2.5)).toBe('3');
		expect(inFlightRetryAfter(0.2)).toBe('1');
	});
});

describe('the receiver with deliveries waiting for the flow', () => {
	const body = Buffer.from(
		JSON.stringify(partneroSample('partner.created', { createdAt: new Date().toISOString() })),
	);
	const deliver = (opts: ReceiverOptions) =>
		processDelivery({ method: 'POST', headers: {}, rawBody: body }, opts);

	test('a duplicate of a delivery still waiting is answered 503, and a settled one 200 duplicate', () => {
		const dedupe = new DedupeStore();
		const awaiting = new AwaitedAnswers(dedupe);
		const opts: ReceiverOptions = {
			provider: partneroProvider,
			verifySignature: false,
			events: [],
			dedupe,
			awaiting,
		};
		const first = deliver(opts);
		expect(first).toMatchObject({ status: 200, accept: true });
		awaiting.begin((first as { deliveryKey: string }).deliveryKey);
		expect(deliver(opts)).toMatchObject({ status: 503, accept: false, reason: 'in-flight' });
		awaiting.settle((first as { deliveryKey: string }).deliveryKey, 200);
		expect(deliver(opts)).toMatchObject({ status: 200, reason: 'duplicate' });
	});
});
