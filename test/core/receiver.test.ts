import { createHmac } from 'crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DedupeStore } from '../../core/dedupe';
import { partneroProvider } from '../../core/partnero/provider';
import { partnerStackProvider } from '../../core/partnerstack/delivery';
import { partnerStackSample } from '../../core/partnerstack/samples';
import { partneroSample } from '../../core/partnero/samples';
import { phpJsonEncode } from '../../core/php-json';
import {
	DEFAULT_MAX_AGE_SECONDS,
	maxAgeOf,
	outcomeResponseBody,
	parseTimestamp,
	processDelivery,
	type DeliveryOutcome,
	type IncomingDelivery,
	type ReceiverOptions,
	type WebhookProvider,
} from '../../core/receiver';

const SECRET = 'partnero-signing-secret-7Hq2';
const CREATED_AT = '2025-01-15T10:30:00.000000Z';
const CREATED_MS = Date.UTC(2025, 0, 15, 10, 30, 0);

function hmacHex(body: Buffer): string {
	return createHmac('sha256', SECRET).update(body).digest('hex');
}

/** A delivery exactly as Partnero would send it: PHP-encoded body, signed over the raw bytes. */
function signed(
	body: Buffer | string,
	extraHeaders: Record<string, string | string[]> = {},
): IncomingDelivery {
	const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
	return {
		method: 'POST',
		headers: { 'content-type': 'application/json', signature: hmacHex(raw), ...extraHeaders },
		rawBody: raw,
	};
}

function sampleBody(
	event = 'partner.created',
	overrides: Parameters<typeof partneroSample>[1] = {},
): Buffer {
	return Buffer.from(phpJsonEncode(partneroSample(event, overrides)), 'utf8');
}

/** The samples are dated CREATED_AT; the clock stands a minute later, since the age check is on by default. */
function options(extra: Partial<ReceiverOptions> = {}): ReceiverOptions {
	return {
		provider: partneroProvider,
		secret: SECRET,
		verifySignature: true,
		events: [],
		now: () => CREATED_MS + 60_000,
		...extra,
	};
}

function rejected(outcome: DeliveryOutcome) {
	if (outcome.status === 200)
		throw new Error(`expected a rejection, got ${JSON.stringify(outcome)}`);
	return outcome;
}

describe('processDelivery: accepting', () => {
	it('accepts a signed PHP-encoded sample and returns the parsed body', () => {
		const raw = sampleBody('partner.created');
		const outcome = processDelivery(signed(raw), options());
		expect(outcome).toMatchObject({ status: 200, accept: true, event: 'partner.created' });
		if (outcome.status !== 200 || !outcome.accept) throw new Error('not accepted');
		expect(outcome.body).toEqual(JSON.parse(raw.toString('utf8')));
		expect((outcome.body.data as Record<string, unknown>).name).toBe('Zoë');
		expect(typeof outcome.deliveryKey).toBe('string');
	});

	it('does not look at Content-Type', () => {
		const raw = sampleBody();
		const plain = signed(raw, { 'content-type': 'text/plain' });
		expect(processDelivery(plain, options()).status).toBe(200);
		const none = signed(raw);
		delete none.headers['content-type'];
		expect(processDelivery(none, options())).toMatchObject({ accept: true });
	});

	it('finds the Signature header whatever its case, and accepts any method case', () => {
		const raw = sampleBody();
		const delivery: IncomingDelivery = {
			method: 'post',
			headers: { SIGNATURE: hmacHex(raw) },
			rawBody: raw,
		};
		expect(processDelivery(delivery, options())).toMatchObject({ accept: true });
	});

	it('passes an unknown event name through; filtering decides', () => {
		const raw = Buffer.from(
			phpJsonEncode({ ...partneroSample('partner.created'), event: 'partner.teleported' }),
		);
		expect(processDelivery(signed(raw), options())).toMatchObject({
			accept: true,
			event: 'partner.teleported',
		});
		expect(processDelivery(signed(raw), options({ events: ['partner.created'] }))).toMatchObject({
			status: 200,
			accept: false,
			reason: 'not-selected',
		});
	});

	it('skips the signature check when verification is off', () => {
		const raw = sampleBody();
		const unsigned: IncomingDelivery = { method: 'POST', headers: {}, rawBody: raw };
		expect(
			processDelivery(unsigned, options({ verifySignature: false, secret: undefined })),
		).toMatchObject({
			accept: true,
		});
		expect(rejected(processDelivery(unsigned, options())).status).toBe(401);
	});

	it('accepts a body nested well within PHP limits', () => {
		const deep = {
			event: 'partner.created',
			created_at: CREATED_AT,
			data: { id: 'p1', tree: {} as Record<string, unknown> },
		};
		let node = deep.data.tree;
		for (let i = 0; i < 400; i++) {
			node.child = {};
			node = node.child as Record<string, unknown>;
		}
		expect(processDelivery(signed(phpJsonEncode(deep)), options())).toMatchObject({ accept: true });
	});
});

describe('processDelivery: rejections in order', () => {
	it.each(['GET', 'PUT', 'HEAD'])('%s gives 405', (method) => {
		const outcome = rejected(processDelivery({ ...signed(sampleBody()), method }, options()));
		expect(outcome).toMatchObject({ status: 405, reason: 'method-not-allowed' });
		expect(outcome.message).toContain('POST');
	});

	it('an oversized body gives 413, before the signature is looked at', () => {
		const raw = sampleBody();
		const limit = raw.length - 1;
		expect(rejected(processDelivery(signed(raw), options({ maxBodyBytes: limit })))).toMatchObject({
			status: 413,
			reason: 'too-large',
		});
		const unsigned: IncomingDelivery = { method: 'POST', headers: {}, rawBody: raw };
		expect(rejected(processDelivery(unsigned, options({ maxBodyBytes: limit }))).status).toBe(413);
		expect(processDelivery(signed(raw), options({ maxBodyBytes: raw.length }))).toMatchObject({
			accept: true,
		});
	});

	it('the default limit is 1 MiB', () => {
		const filler = 'x'.repeat(1024 * 1024);
		const raw = Buffer.from(phpJsonEncode({ event: 'partner.created', data: { id: 'p', filler } }));
		expect(rejected(processDelivery(signed(raw), options())).status).toBe(413);
	});

	it.each<[string, Record<string, string | string[]>, string]>([
		['missing', {}, 'missing'],
		['malformed', { signature: 'not-a-signature' }, 'malformed'],
		['duplicated', { signature: ['a'.repeat(64), 'b'.repeat(64)] }, 'malformed'],
		['mismatch', { signature: 'a'.repeat(64) }, 'mismatch'],
	])('%s signature gives 401 %s', (_label, headers, reason) => {
		const delivery: IncomingDelivery = { method: 'POST', headers, rawBody: sampleBody() };
		expect(rejected(processDelivery(delivery, options()))).toMatchObject({ status: 401, reason });
	});

	it('a body re-serialised by a proxy gives 401 mismatch', () => {
		const raw = sampleBody('transaction.created');
		const delivery = signed(raw);
		delivery.rawBody = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))));
		expect(rejected(processDelivery(delivery, options()))).toMatchObject({
			status: 401,
			reason: 'mismatch',
		});
	});

	it('verification on without a secret gives 401 no-secret', () => {
		expect(
			rejected(processDelivery(signed(sampleBody()), options({ secret: undefined }))),
		).toMatchObject({
			status: 401,
			reason: 'no-secret',
		});
	});

	it('verification on for a provider that does not sign gives 401', () => {
		const unsignedProvider: WebhookProvider = {
			...partneroProvider,
			id: 'unsigning',
			signature: undefined,
		};
		const outcome = rejected(
			processDelivery(signed(sampleBody()), options({ provider: unsignedProvider })),
		);
		expect(outcome).toMatchObject({ status: 401, reason: 'unsupported' });
		expect(outcome.message).toMatch(/verification off/);
	});

	it('invalid UTF-8 gives 400', () => {
		const raw = Buffer.concat([
			Buffer.from('{"event":"partner.created","data":{"id":"'),
			Buffer.from([0xc3, 0x28]),
			Buffer.from('"}}'),
		]);
		expect(rejected(processDelivery(signed(raw), options()))).toMatchObject({
			status: 400,
			reason: 'invalid-utf8',
		});
	});

	it.each([
		['truncated', '{"event":"partner.created","data":{'],
		['trailing garbage', '{"event":"partner.created","data":{}} x'],
		['empty', ''],
	])('invalid JSON (%s) gives 400', (_label, text) => {
		const outcome = rejected(processDelivery(signed(text), options()));
		expect(outcome).toMatchObject({ status: 400, reason: 'invalid-json' });
	});

	it.each([
		['an array', '[{"event":"partner.created"}]'],
		['a string', '"partner.created"'],
		['null', 'null'],
		['a number', '42'],
	])('a JSON body that is %s gives 400', (_label, text) => {
		expect(rejected(processDelivery(signed(text), options()))).toMatchObject({
			status: 400,
			reason: 'not-an-object',
		});
	});

	it('JSON nested 100,000 deep gives 400, not a crash', () => {
		const arrays = '['.repeat(100_000) + ']'.repeat(100_000);
		expect(rejected(processDelivery(signed(arrays), options())).status).toBe(400);
		const objects =
			'{"event":"partner.created","data":' + '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_001);
		expect(rejected(processDelivery(signed(objects), options()))).toMatchObject({
			status: 400,
			reason: 'too-deep',
		});
	});

	it('brackets inside strings do not count as nesting', () => {
		const body = phpJsonEncode({
			event: 'partner.created',
			created_at: CREATED_AT,
			data: { id: 'p', note: '['.repeat(2000) },
		});
		expect(processDelivery(signed(body), options())).toMatchObject({ accept: true });
	});

	it.each([
		['no event', { url: 'u', data: { id: 'x' } }, /"event"/],
		['empty event', { event: ' ', data: { id: 'x' } }, /"event"/],
		['event not a string', { event: 5, data: { id: 'x' } }, /"event"/],
		['no data', { event: 'partner.created' }, /"data"/],
		['data is a list', { event: 'partner.created', data: [1] }, /"data"/],
	])('a body with %s gives 400 invalid-payload', (_label, body, message) => {
		const outcome = rejected(processDelivery(signed(phpJsonEncode(body)), options()));
		expect(outcome).toMatchObject({ status: 400, reason: 'invalid-payload' });
		expect(outcome.message).toMatch(message);
	});
});

describe('processDelivery: freshness', () => {
	const raw = sampleBody('partner.created', { createdAt: CREATED_AT });
	const at = (ms: number) => options({ maxAgeSeconds: 3600, now: () => ms });

	it('accepts a delivery within maxAgeSeconds', () => {
		expect(processDelivery(signed(raw), at(CREATED_MS + 10 * 60_000))).toMatchObject({
			accept: true,
		});
		expect(processDelivery(signed(raw), at(CREATED_MS + 3600_000))).toMatchObject({ accept: true });
	});

	it('rejects an older delivery with 400 stale', () => {
		expect(rejected(processDelivery(signed(raw), at(CREATED_MS + 3600_000 + 1000)))).toMatchObject({
			status: 400,
			reason: 'stale',
		});
	});

	it('rejects a delivery dated more than 5 minutes ahead, tolerates less', () => {
		expect(processDelivery(signed(raw), at(CREATED_MS - 4 * 60_000))).toMatchObject({
			accept: true,
		});
		expect(rejected(processDelivery(signed(raw), at(CREATED_MS - 6 * 60_000))).reason).toBe(
			'stale',
		);
	});

	it('rejects a missing or unreadable created_at only when the check is on', () => {
		const bad = sampleBody('partner.created', { createdAt: 'yesterday' });
		expect(rejected(processDelivery(signed(bad), at(CREATED_MS))).reason).toBe('stale');
		expect(processDelivery(signed(bad), options({ maxAgeSeconds: 0 }))).toMatchObject({
			accept: true,
		});
	});

	it('refuses a correctly signed body dated 2019 without any option set (the window is on by default, 24 h)', () => {
		const old = sampleBody('partner.created', { createdAt: '2019-03-01T08:00:00.000000Z' });
		const plain = {
			provider: partneroProvider,
			secret: SECRET,
			verifySignature: true,
			events: [] as string[],
		};
		expect(rejected(processDelivery(signed(old), plain))).toMatchObject({
			status: 400,
			reason: 'stale',
		});
		expect(DEFAULT_MAX_AGE_SECONDS).toBe(24 * 60 * 60);
		expect(
			processDelivery(signed(raw), options({ now: () => CREATED_MS + 24 * 3600_000 })),
		).toMatchObject({ accept: true });
		expect(
			rejected(
				processDelivery(signed(raw), options({ now: () => CREATED_MS + 24 * 3600_000 + 1000 })),
			).reason,
		).toBe('stale');
		// Partnero's last retry comes about 2 h 40 min after the event, well inside the window.
		expect(
			processDelivery(signed(raw), options({ now: () => CREATED_MS + 160 * 60_000 })),
		).toMatchObject({ accept: true });
	});

	it('reads a blank setting as the default and 0 as off', () => {
		expect(maxAgeOf(undefined)).toBe(DEFAULT_MAX_AGE_SECONDS);
		expect(maxAgeOf('')).toBe(DEFAULT_MAX_AGE_SECONDS);
		expect(maxAgeOf('600')).toBe(600);
		expect(maxAgeOf(0)).toBe(0);
		expect(maxAgeOf('0')).toBe(0);
	});

	it('ignores age when maxAgeSeconds is 0', () => {
		expect(
			processDelivery(signed(raw), options({ maxAgeSeconds: 0, now: () => CREATED_MS + 1e12 })),
		).toMatchObject({
			accept: true,
		});
	});
});

describe('processDelivery: filtering and dedupe', () => {
	it('answers 200 not-selected without claiming the dedupe key', () => {
		const dedupe = new DedupeStore();
		const raw = sampleBody('lead.submitted');
		expect(processDelivery(signed(raw), options({ events: ['partner.created'], dedupe }))).toEqual({
			status: 200,
			accept: false,
			reason: 'not-selected',
			event: 'lead.submitted',
		});
		expect(dedupe.size).toBe(0);
		expect(processDelivery(signed(raw), options({ events: ['*'], dedupe }))).toMatchObject({
			accept: true,
		});
	});

	it('suppresses a repeated delivery and lets it through after release', () => {
		const dedupe = new DedupeStore();
		const raw = sampleBody('transaction.created');
		const first = processDelivery(signed(raw), options({ dedupe }));
		expect(first).toMatchObject({ accept: true });
		expect(processDelivery(signed(raw), options({ dedupe }))).toEqual({
			status: 200,
			accept: false,
			reason: 'duplicate',
			event: 'transaction.created',
		});
		if (first.status !== 200 || !first.accept) throw new Error('not accepted');
		dedupe.release(first.deliveryKey);
		expect(processDelivery(signed(raw), options({ dedupe }))).toMatchObject({ accept: true });
	});

	it('never claims a key for a request that fails the signature check', () => {
		const dedupe = new DedupeStore();
		const raw = sampleBody('partner.approved');
		const forged: IncomingDelivery = {
			method: 'POST',
			headers: { signature: 'f'.repeat(64) },
			rawBody: raw,
		};
		expect(rejected(processDelivery(forged, options({ dedupe }))).status).toBe(401);
		expect(dedupe.size).toBe(0);
		expect(processDelivery(signed(raw), options({ dedupe }))).toMatchObject({ accept: true });
	});

	it('treats different events, resources or times as different deliveries', () => {
		const dedupe = new DedupeStore();
		const bodies = [
			sampleBody('partner.created'),
			sampleBody('partner.updated'),
			sampleBody('partner.created', { data: { id: 'partner_other' } }),
			sampleBody('partner.created', { createdAt: '2025-01-15T10:31:00.000000Z' }),
			sampleBody('partner.created', { webhookKey: 'wh_second' }),
		];
		for (const raw of bodies)
			expect(processDelivery(signed(raw), options({ dedupe }))).toMatchObject({ accept: true });
		expect(dedupe.size).toBe(bodies.length);
	});

	it('emits two different updates of one record in the same second; a byte-identical retry shares the key', () => {
		const dedupe = new DedupeStore();
		// Partnero's times end in .000000Z, so two updates of one partner within a second carry the same created_at.
		const update = (name: string) =>
			sampleBody('partner.updated', {
				createdAt: CREATED_AT,
				data: { id: 'partner_123', name },
			});
		const first = processDelivery(signed(update('Ann')), options({ dedupe }));
		const second = processDelivery(signed(update('Anna')), options({ dedupe }));
		expect(first).toMatchObject({ accept: true });
		expect(second).toMatchObject({ accept: true });
		if (!first.accept || !second.accept) throw new Error('not accepted');
		expect(second.deliveryKey).not.toBe(first.deliveryKey);
		const retry = processDelivery(signed(update('Anna')), options({ dedupe }));
		expect(retry).toMatchObject({ accept: false, reason: 'duplicate' });
		// Stable across retries and processes, and free of anything secret: the hex SHA-256 of the bytes.
		expect(second.deliveryKey).toMatch(/^[0-9a-f]{64}$/);
		expect(processDelivery(signed(update('Anna')), options()).status).toBe(200);
		expect(
			(processDelivery(signed(update('Anna')), options()) as { deliveryKey: string }).deliveryKey,
		).toBe(second.deliveryKey);
	});
});

describe('processDelivery: PartnerStack keys by the body too', () => {
	it('emits two different events of one object that share updated_at', () => {
		const dedupe = new DedupeStore();
		const at = Date.now();
		const opts = {
			provider: partnerStackProvider,
			verifySignature: false,
			events: [] as string[],
			dedupe,
		};
		const tags = (tags: string[]) =>
			Buffer.from(
				JSON.stringify({ ...partnerStackSample('partnership.updated', { timeMs: at }), tags }),
			);
		const delivery = (raw: Buffer): IncomingDelivery => ({
			method: 'POST',
			headers: {},
			rawBody: raw,
		});
		expect(processDelivery(delivery(tags(['gold'])), opts)).toMatchObject({ accept: true });
		expect(processDelivery(delivery(tags(['gold', 'eu'])), opts)).toMatchObject({ accept: true });
		expect(processDelivery(delivery(tags(['gold', 'eu'])), opts)).toMatchObject({
			reason: 'duplicate',
		});
	});
});

describe('processDelivery: a Partnero delivery without created_at', () => {
	const envelope = (fields: Record<string, unknown>) =>
		Buffer.from(
			JSON.stringify({ event: 'partner.created', data: { id: 'partner_9' }, ...fields }),
			'utf8',
		);

	it('is dated by its timestamp (the older envelope): fresh accepted, old refused as stale', () => {
		const fresh = envelope({ timestamp: CREATED_AT });
		expect(processDelivery(signed(fresh), options())).toMatchObject({ accept: true });
		expect(
			(processDelivery(signed(fresh), options()) as { warning?: string }).warning,
		).toBeUndefined();
		const old = envelope({ timestamp: '2019-03-01T08:00:00.000000Z' });
		expect(rejected(processDelivery(signed(old), options())).reason).toBe('stale');
		// A Unix time in seconds dates it too.
		const unix = envelope({ timestamp: Math.floor(CREATED_MS / 1000) });
		expect(processDelivery(signed(unix), options())).toMatchObject({ accept: true });
	});

	it('with neither created_at nor timestamp is accepted with a warning, never refused as stale', () => {
		const undated = processDelivery(signed(envelope({})), options());
		expect(undated).toMatchObject({ status: 200, accept: true });
		expect((undated as { warning?: string }).warning).toMatch(/neither created_at nor timestamp/);
		// With the age check off there is nothing to warn about.
		expect(
			(
				processDelivery(signed(envelope({})), options({ maxAgeSeconds: 0 })) as {
					warning?: string;
				}
			).warning,
		).toBeUndefined();
	});

	it('with a time that is there but unreadable is still refused', () => {
		expect(
			rejected(processDelivery(signed(envelope({ created_at: 'yesterday' })), options())).reason,
		).toBe('stale');
		expect(
			rejected(processDelivery(signed(envelope({ timestamp: 'soon' })), options())).reason,
		).toBe('stale');
	});
});

describe('outcomeResponseBody', () => {
	it('gives short answers and never leaks the secret', () => {
		const raw = sampleBody();
		const outcomes = [
			processDelivery(signed(raw), options()),
			processDelivery(signed(raw), options({ events: ['lead.submitted'] })),
			processDelivery({ ...signed(raw), headers: { signature: 'a'.repeat(64) } }, options()),
			processDelivery({ ...signed(raw), method: 'GET' }, options()),
			processDelivery(signed('nope'), options()),
		];
		const bodies = outcomes.map(outcomeResponseBody);
		expect(bodies[0]).toEqual({ ok: true });
		expect(bodies[1]).toEqual({ ok: true, ignored: true });
		expect(bodies[2]).toEqual({ error: 'invalid signature' });
		expect(bodies[3].error).toMatch(/POST/);
		expect(bodies[4].error).toMatch(/not valid JSON/);
		for (const body of bodies) {
			expect(JSON.stringify(body)).not.toContain(SECRET);
			expect(JSON.stringify(body)).not.toContain(hmacHex(raw));
		}
		const dedupe = new DedupeStore();
		processDelivery(signed(raw), options({ dedupe }));
		expect(outcomeResponseBody(processDelivery(signed(raw), options({ dedupe })))).toEqual({
			ok: true,
			duplicate: true,
		});
	});
});

describe('parseTimestamp', () => {
	it.each<[string, number]>([
		['2025-01-15T10:30:00.000000Z', Date.UTC(2025, 0, 15, 10, 30)],
		['2025-01-15T10:30:00Z', Date.UTC(2025, 0, 15, 10, 30)],
		['2025-01-15 10:30:00', Date.UTC(2025, 0, 15, 10, 30)],
		['2025-01-15T10:30:00.123456Z', Date.UTC(2025, 0, 15, 10, 30, 0, 123)],
		['2025-01-15T12:30:00+02:00', Date.UTC(2025, 0, 15, 10, 30)],
		['2025-01-15T05:00:00-0530', Date.UTC(2025, 0, 15, 10, 30)],
	])('%s', (text, expected) => {
		expect(parseTimestamp(text)).toBe(expected);
	});

	it.each(['', 'yesterday', '2025-02-30T10:00:00Z', '2025-01-15T24:00:00Z', '1736937000'])(
		'rejects %p',
		(text) => {
			expect(parseTimestamp(text)).toBeUndefined();
		},
	);
});

describe('processDelivery over real HTTP (127.0.0.1)', () => {
	let server: http.Server;
	let port: number;
	const dedupe = new DedupeStore();

	beforeAll(async () => {
		server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const outcome = processDelivery(
					{ method: req.method ?? '', headers: req.headers, rawBody: Buffer.concat(chunks) },
					options({ dedupe }),
				);
				res.writeHead(outcome.status, { 'content-type': 'application/json' });
				res.end(
					JSON.stringify({
						...outcomeResponseBody(outcome),
						reason: outcome.accept ? undefined : outcome.reason,
					}),
				);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		port = (server.address() as AddressInfo).port;
	});

	afterAll(async () => {
		await new Promise<void>((resolve, reject) =>
			server.close((err) => (err ? reject(err) : resolve())),
		);
	});

	function post(
		body: Buffer,
		headers: http.OutgoingHttpHeaders,
	): Promise<{ status: number; json: any }> {
		return new Promise((resolve, reject) => {
			const req = http.request(
				{ host: '127.0.0.1', port, method: 'POST', path: '/hook', headers, agent: false },
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => chunks.push(chunk));
					res.on('end', () =>
						resolve({
							status: res.statusCode ?? 0,
							json: JSON.parse(Buffer.concat(chunks).toString()),
						}),
					);
				},
			);
			req.on('error', reject);
			req.end(body);
		});
	}

	it('accepts a signed delivery once, then reports the retry as a duplicate', async () => {
		const raw = sampleBody('reward.approved');
		const headers = { 'Content-Type': 'application/json', Signature: hmacHex(raw) };
		expect(await post(raw, headers)).toEqual({ status: 200, json: { ok: true } });
		expect(await post(raw, headers)).toEqual({
			status: 200,
			json: { ok: true, duplicate: true, reason: 'duplicate' },
		});
	});

	it('treats a Signature header sent twice as malformed, even if one copy is right', async () => {
		const raw = sampleBody('customer.created');
		const result = await post(raw, { Signature: [hmacHex(raw), hmacHex(raw)] });
		expect(result).toEqual({
			status: 401,
			json: { error: 'invalid signature', reason: 'malformed' },
		});
	});
});
