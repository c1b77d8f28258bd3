import { createHmac } from 'crypto';
import { DedupeStore } from '../../core/dedupe';
import { apiErrorFromResponse } from '../../core/errors';
import { PARTNERSTACK_EVENTS, partnerStackEventList } from '../../core/partnerstack/events';
import {
	checkHmacSecret,
	partnerStackHmacScheme,
	partnerStackProvider,
	redactUrl,
	withUrlSecret,
} from '../../core/partnerstack/delivery';
import { ValidationError } from '../../core/errors';
import { partnerStackSample, SAMPLE_TIME_MS } from '../../core/partnerstack/samples';
import { outcomeResponseBody, processDelivery, type ReceiverOptions } from '../../core/receiver';
import { randomUrlSecret, secretsEqual } from '../../core/signature';

const SECRET = randomUrlSecret();
const raw = (o: Record<string, unknown>) => Buffer.from(JSON.stringify(o), 'utf8');
const opts = (extra: Partial<ReceiverOptions> = {}): ReceiverOptions => ({
	provider: partnerStackProvider,
	verifySignature: false,
	urlSecret: SECRET,
	events: ['partnership.created', 'customer_created'],
	now: () => SAMPLE_TIME_MS + 60_000,
	...extra,
});
const deliver = (
	body: Buffer,
	urlToken: string | undefined,
	headers: Record<string, string> = {},
	o: Partial<ReceiverOptions> = {},
) => processDelivery({ method: 'POST', headers, rawBody: body, urlToken }, opts(o));

test('URL secrets have at least 128 random bits and are URL-safe; fewer bits are refused', () => {
	const a = randomUrlSecret();
	expect(Buffer.from(a, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
	expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
	expect(randomUrlSecret()).not.toBe(a);
	expect(() => randomUrlSecret(64)).toThrow(/128/);
	expect(secretsEqual(a, a)).toBe(true);
	expect(secretsEqual(a, a.slice(0, -1))).toBe(false);
	expect(secretsEqual(undefined, a)).toBe(false);
	expect(redactUrl(withUrlSecret('https://h/p', a))).toBe('https://h/p?ph_secret=***');
});

test('a delivery without, or with a wrong, URL secret is 401 and says "unauthorized" only', () => {
	const body = raw(partnerStackSample('partnership.created'));
	for (const token of [undefined, '', 'guess', SECRET.slice(1)]) {
		const o = deliver(body, token);
		expect(o.status).toBe(401);
		expect(outcomeResponseBody(o)).toEqual({ error: 'unauthorized' });
		expect(JSON.stringify(o)).not.toContain(SECRET);
	}
	expect(deliver(body, SECRET)).toMatchObject({
		status: 200,
		accept: true,
		event: 'partnership.created',
	});
});

test('flat payloads are emitted as they are; unselected events are ignored, not refused', () => {
	const sample = partnerStackSample('customer_created');
	const o = deliver(raw(sample), SECRET);
	expect(o).toMatchObject({ status: 200, accept: true, event: 'customer_created', body: sample });
	expect(deliver(raw(partnerStackSample('deal.created')), SECRET)).toMatchObject({
		status: 200,
		accept: false,
		reason: 'not-selected',
	});
	expect(deliver(raw({ key: 'x' }), SECRET)).toMatchObject({
		status: 400,
		reason: 'invalid-payload',
	});
	expect(deliver(Buffer.from('[1]'), SECRET)).toMatchObject({ status: 400 });
});

test('dedupe on the body: a byte-identical retry is a duplicate, any other body is not', () => {
	const dedupe = new DedupeStore();
	const first = partnerStackSample('partnership.created');
	expect(deliver(raw(first), SECRET, {}, { dedupe })).toMatchObject({ accept: true });
	expect(deliver(raw(first), SECRET, {}, { dedupe })).toMatchObject({
		accept: false,
		reason: 'duplicate',
	});
	// Same event, key and updated_at, different content: a different event (tags changed twice in one ms).
	expect(deliver(raw({ ...first, tags: ['gold'] }), SECRET, {}, { dedupe })).toMatchObject({
		accept: true,
	});
	expect(
		deliver(
			raw({ ...first, updated_at: (first.updated_at as number) + 1 }),
			SECRET,
			{},
			{ dedupe },
		),
	).toMatchObject({ accept: true });
	expect(deliver(raw({ ...first, key: 'part_other' }), SECRET, {}, { dedupe })).toMatchObject({
		accept: true,
	});
});

test('max age reads updated_at in epoch milliseconds', () => {
	const body = raw(partnerStackSample('partnership.created'));
	expect(
		deliver(body, SECRET, {}, { maxAgeSeconds: 60, now: () => SAMPLE_TIME_MS + 30_000 }),
	).toMatchObject({ accept: true });
	expect(
		deliver(body, SECRET, {}, { maxAgeSeconds: 60, now: () => SAMPLE_TIME_MS + 120_000 }),
	).toMatchObject({ status: 400, reason: 'stale' });
});

test('optional HMAC on a configured header, in addition to the URL secret', () => {
	const scheme = partnerStackHmacScheme({ header: 'X-PS-Signature' });
	const body = raw(partnerStackSample('partnership.created'));
	const good = createHmac('sha256', 'hmac-secret').update(body).digest('hex');
	const o = { verifySignature: true, signature: scheme, secret: 'hmac-secret' };
	expect(deliver(body, SECRET, { 'x-ps-signature': good }, o)).toMatchObject({ accept: true });
	expect(
		deliver(body, SECRET, { 'x-ps-signature': (good[0] === 'f' ? '0' : 'f') + good.slice(1) }, o),
	).toMatchObject({ status: 401, reason: 'mismatch' });
	expect(deliver(body, SECRET, {}, o)).toMatchObject({ status: 401, reason: 'missing' });
	expect(deliver(body, 'wrong', { 'x-ps-signature': good }, o)).toMatchObject({
		status: 401,
		reason: 'url-secret',
	});
	const prefixed = partnerStackHmacScheme({ header: 'Sig', prefix: 'sha256=', encoding: 'base64' });
	const b64 = createHmac('sha256', 'k').update(body).digest('base64');
	expect(
		deliver(
			body,
			SECRET,
			{ sig: `sha256=${b64}` },
			{ verifySignature: true, signature: prefixed, secret: 'k' },
		),
	).toMatchObject({ accept: true });
	expect(() => partnerStackHmacScheme({ header: '' })).toThrow(/Name the header/);
	expect(() => partnerStackHmacScheme({ header: 'bad header' })).toThrow(/not a valid HTTP header/);
});

test('event catalogue and free-text events', () => {
	expect(PARTNERSTACK_EVENTS.filter((e) => e.version === 'v1').map((e) => e.name)).toEqual([
		'application_created',
		'application_approved',
		'application_declined',
		'partnership_created',
		'partnership_updated',
		'partnership_deleted',
		'partnership_group_updated',
		'customer_created',
		'customer_updated',
		'customer_deleted',
	]);
	expect(PARTNERSTACK_EVENTS.find((e) => e.name === 'agreement.accepted')).toMatchObject({
		version: 'v2',
		source: 'docs',
	});
	expect(partnerStackEventList(['deal.created'], 'reward.created, deal.created\nfoo_bar')).toEqual([
		'deal.created',
		'reward.created',
		'foo_bar',
	]);
	expect(() => partnerStackEventList([], 'Bad Event')).toThrow(/not a PartnerStack event name/);
	expect(() => partnerStackEventList([], '')).toThrow(/at least one/);
});

test('every catalogue event has a flat sample with event, key and millisecond times', () => {
	for (const { name } of PARTNERSTACK_EVENTS) {
		const s = partnerStackSample(name);
		expect(s.event).toBe(name);
		expect(typeof s.key).toBe('string');
		expect(s.created_at).toBe(SAMPLE_TIME_MS);
		expect(s.data).toBeUndefined();
	}
});

test('an API error that echoes a trigger URL has its secret masked', () => {
	const e = apiErrorFromResponse(
		'PartnerStack',
		{ method: 'POST', path: '/webhooks' },
		{
			status: 422,
			headers: {},
			body: {
				message: `target https://h/x?ph_secret=${SECRET}&a=1 is invalid`,
				errors: { target: [`bad ph_secret=${SECRET}`] },
			},
		},
	);
	expect(JSON.stringify({ ...e, m: e.message })).not.toContain(SECRET);
	expect(e.message).toContain('ph_secret=***');
});

test('a replayed PartnerStack body with an old epoch-ms time is refused by default; one without any time is not age-checked', () => {
	const old = raw({ event: 'customer_created', key: 'c1', updated_at: Date.UTC(2019, 2, 1) });
	expect(deliver(old, SECRET)).toMatchObject({ status: 400, reason: 'stale' });
	const fresh = raw({ event: 'customer_created', key: 'c1', updated_at: SAMPLE_TIME_MS });
	expect(deliver(fresh, SECRET)).toMatchObject({ accept: true });
	// No updated_at and no created_at: nothing to measure, so the URL secret and dedupe alone decide.
	expect(deliver(raw({ event: 'customer_created', key: 'c2' }), SECRET)).toMatchObject({
		accept: true,
	});
});

test('HMAC on without a signing secret is refused by one core rule, naming the field', () => {
	expect(() => checkHmacSecret(true, undefined)).toThrow(ValidationError);
	expect(() => checkHmacSecret(true, '')).toThrow(/no webhook signing secret/);
	try {
		checkHmacSecret(true, '');
	} catch (error) {
		expect((error as ValidationError).field).toBe('hmacSecret');
	}
	expect(() => checkHmacSecret(true, 'whsec_1')).not.toThrow();
	expect(() => checkHmacSecret(false, undefined)).not.toThrow();
});
