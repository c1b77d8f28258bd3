import { createHmac, randomBytes } from 'node:crypto';
import { partneroSample } from '../../core/partnero/samples';
import { phpJsonEncode } from '../../core/php-json';

/**
 * Hostile and odd deliveries, generated from a seed so a failure can be replayed. Every case states the
 * answer the README documents and whether the flow may see it. Accepted cases carry a unique record id,
 * so a case that slipped through shows up at the sink as exactly that id.
 */

export interface DeliveryCase {
	family: string;
	label: string;
	method: string;
	headers: Record<string, string | string[]>;
	body?: Buffer;
	/** Statuses the contract allows. -1 = the server closed the connection after answering an oversized body. */
	expect: number[];
	/** The record id that reaches the sink if (and only if) the case is meant to be accepted. */
	acceptedId?: string;
}

export interface CaseOptions {
	secret: string;
	/** Events the trigger was deployed with. */
	selected: string[];
	/** An event of the program type that the trigger did not select. */
	unselected: string;
	/** The trigger refuses created_at older than this (n8n's option); undefined = the option is off. */
	maxAgeSeconds?: number;
	seed: number;
	/**
	 * The answer to a body that is not JSON at all. n8n parses JSON bodies itself before the node runs and
	 * answers 422 on its own; Node-RED hands the bytes to the trigger, which answers 400.
	 */
	malformedJsonStatus: number;
	/** Prefix for record ids, so two rounds never collide. */
	run: string;
}

/** Mulberry32: small, seedable, good enough to pick mutations. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const hmac = (secret: string, body: Buffer | string) =>
	createHmac('sha256', secret).update(body).digest('hex');

export function buildCases(o: CaseOptions): DeliveryCase[] {
	const rand = prng(o.seed);
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
	let n = 0;
	const nextId = () => `${o.run}-${++n}`;
	const now = new Date().toISOString();
	const envelope = (event: string, id: string, extra: Record<string, unknown> = {}) =>
		Buffer.from(
			phpJsonEncode({
				...partneroSample(event, { createdAt: now, data: { id, name: 'Zoë A/B 😀' } }),
				...extra,
			}),
		);
	const json = { 'content-type': 'application/json' };
	const cases: DeliveryCase[] = [];
	const signed = (
		family: string,
		label: string,
		body: Buffer,
		expect: number[],
		acceptedId?: string,
		headers: Record<string, string | string[]> = json,
	) =>
		cases.push({
			family,
			label,
			method: 'POST',
			headers: { ...headers, Signature: hmac(o.secret, body) },
			body,
			expect,
			acceptedId,
		});

	// 1. The Signature header, over a body that would otherwise be accepted.
	const sigCase = (
		label: string,
		signature: (good: string, body: Buffer) => string | string[] | undefined,
	) => {
		const body = envelope(pick(o.selected), nextId());
		const value = signature(hmac(o.secret, body), body);
		const headers: Record<string, string | string[]> = { ...json };
		if (value !== undefined) headers.Signature = value;
		cases.push({ family: 'signature', label, method: 'POST', headers, body, expect: [401] });
	};
	sigCase('missing', () => undefined);
	sigCase('empty', () => '');
	sigCase('blank', () => '   ');
	for (let i = 0; i < 30; i++) {
		const keep = Math.floor(rand() * 64);
		sigCase(`truncated to ${keep}`, (good) => good.slice(0, keep));
	}
	for (const extra of ['0', 'ab', 'f'.repeat(64), hmac('x', 'y'), ' 00'])
		sigCase(`over-long by ${extra.length}`, (good) => good + extra);
	for (let i = 0; i < 25; i++) {
		const at = Math.floor(rand() * 64);
		const bad = pick(['g', 'z', 'G', '-', '+', '.', 'é', '%']);
		sigCase(`non-hex "${bad}" at ${at}`, (good) => good.slice(0, at) + bad + good.slice(at + 1));
	}
	for (let i = 0; i < 50; i++) {
		const bit = Math.floor(rand() * 256);
		sigCase(`bit ${bit} flipped`, (good) => {
			const d = Buffer.from(good, 'hex');
			d[bit >> 3] ^= 1 << (bit & 7);
			return d.toString('hex');
		});
	}
	for (let i = 0; i < 15; i++)
		sigCase(`wrong secret #${i}`, (_good, body) =>
			hmac(randomBytes(12).toString('base64url'), body),
		);
	for (let i = 0; i < 10; i++)
		sigCase(`signature of another genuine delivery #${i}`, () =>
			hmac(o.secret, envelope(pick(o.selected), nextId())),
		);
	sigCase('signed with the secret plus a space', (_good, body) => hmac(`${o.secret} `, body));
	sigCase('sha256= prefix', (good) => `sha256=${good}`);
	sigCase('base64 of the digest', (good) => Buffer.from(good, 'hex').toString('base64'));
	sigCase('two Signature headers, both right', (good) => [good, good]);
	sigCase('two Signature headers, one wrong', (good) => [hmac('nope', 'x'), good]);
	for (let i = 0; i < 8; i++) {
		// The same event re-serialised by JSON.stringify: same meaning, other bytes (no \/ or \u escapes).
		const id = nextId();
		const original = envelope(pick(o.selected), id);
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(original.toString('utf8'))));
		cases.push({
			family: 'signature',
			label: `signature over the PHP body, re-serialised body sent #${i}`,
			method: 'POST',
			headers: { ...json, Signature: hmac(o.secret, original) },
			body: reserialised,
			expect: [401],
		});
		const body = envelope(pick(o.selected), nextId());
		cases.push({
			family: 'signature',
			label: `signature over a re-serialised body #${i}`,
			method: 'POST',
			headers: {
				...json,
				Signature: hmac(o.secret, JSON.stringify(JSON.parse(body.toString('utf8')))),
			},
			body,
			expect: [401],
		});
	}
	{
		const id = nextId();
		const body = envelope(pick(o.selected), id);
		cases.push({
			family: 'signature',
			label: 'uppercase hex (accepted)',
			method: 'POST',
			headers: { ...json, Signature: hmac(o.secret, body).toUpperCase() },
			body,
			expect: [200],
			acceptedId: id,
		});
	}

	// 2. Bodies that are correctly signed but not acceptable deliveries.
	const notJson = [
		'hello',
		'{',
		'{"event": "partner.created",}',
		'<xml/>',
		'event=partner.created',
		'{"a":1}{"b":2}',
		"{'event':'x'}",
		'nul',
	];
	for (const text of notJson)
		signed('body', `not JSON: ${text.slice(0, 20)}`, Buffer.from(text), [o.malformedJsonStatus]);
	for (const text of [
		'[]',
		'[{"event":"partner.created"}]',
		'[1,2,3]',
		'"partner.created"',
		'""',
		'42',
		'-1.5',
		'null',
		'true',
		'false',
	]) {
		signed('body', `JSON but not an object: ${text.slice(0, 20)}`, Buffer.from(text), [400]);
	}
	signed('body', 'empty body', Buffer.alloc(0), [400]);
	signed(
		'body',
		'JSON nested 100,000 deep',
		Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)),
		[400],
	);
	signed(
		'body',
		'object nested 600 deep in data',
		Buffer.from(`{"event":"partner.created","data":${'{"a":'.repeat(600)}1${'}'.repeat(600)}}`),
		[400],
	);
	for (const bytes of [
		[0xff],
		[0xc3, 0x28],
		[0xe2, 0x82],
		[0xed, 0xa0, 0x80],
		[0xf8, 0x88, 0x80, 0x80, 0x80],
	]) {
		const body = Buffer.concat([
			Buffer.from('{"event":"partner.created","data":{"name":"'),
			Buffer.from(bytes),
			Buffer.from('"}}'),
		]);
		signed('body', `invalid UTF-8 ${Buffer.from(bytes).toString('hex')}`, body, [400]);
	}
	const shaped = (label: string, value: unknown) =>
		signed('body', label, Buffer.from(phpJsonEncode(value)), [400]);
	shaped('envelope without event', { data: { id: nextId() }, created_at: now });
	shaped('event is empty', { event: '', data: { id: nextId() } });
	shaped('event is a number', { event: 42, data: { id: nextId() } });
	shaped('event is an object', { event: { name: 'partner.created' }, data: { id: nextId() } });
	shaped('no data', { event: pick(o.selected), created_at: now });
	shaped('data is a string', { event: pick(o.selected), data: 'p1' });
	shaped('data is an array', { event: pick(o.selected), data: [{ id: 1 }] });
	for (const event of ['partner.exploded', 'PARTNER.CREATED', 'partner.created ', 'x']) {
		signed(
			'body',
			`unknown event "${event}" (200, nothing emitted)`,
			Buffer.from(phpJsonEncode({ event, data: { id: nextId() }, created_at: now })),
			[200],
		);
	}
	for (let i = 0; i < 4; i++)
		signed('body', `event not selected: ${o.unselected} #${i}`, envelope(o.unselected, nextId()), [
			200,
		]);
	{
		const big = Buffer.from(
			phpJsonEncode({
				event: o.selected[0],
				data: { id: nextId(), blob: 'x'.repeat(10 * 1024 * 1024) },
			}),
		);
		signed('body', '10 MB body', big, [413, -1]);
		const justOver = Buffer.from(
			phpJsonEncode({
				event: o.selected[0],
				data: { id: nextId(), blob: 'x'.repeat(1024 * 1024) },
			}),
		);
		signed('body', 'just over 1 MiB', justOver, [413, -1]);
	}

	// 3. Transport: the content type is not what proves origin, the signature is (README); other methods are not deliveries.
	for (const type of [
		'text/plain',
		'application/octet-stream',
		'application/json; charset=utf-8',
		'application/vnd.api+json',
		'text/json',
	]) {
		const id = nextId();
		signed(
			'transport',
			`content type ${type} (accepted)`,
			envelope(pick(o.selected), id),
			[200],
			id,
			{ 'content-type': type },
		);
	}
	{
		const id = nextId();
		signed(
			'transport',
			'no content type (accepted)',
			envelope(pick(o.selected), id),
			[200],
			id,
			{},
		);
	}
	for (const method of ['GET', 'PUT', 'HEAD', 'DELETE', 'PATCH']) {
		const body =
			method === 'GET' || method === 'HEAD' ? undefined : envelope(pick(o.selected), nextId());
		const headers = body
			? { ...json, Signature: hmac(o.secret, body) }
			: { Signature: hmac(o.secret, '') };
		cases.push({
			family: 'transport',
			label: `${method} instead of POST`,
			method,
			headers,
			body,
			expect: [404, 405],
		});
	}

	// 4. Freshness, where the trigger has a maximum age.
	if (o.maxAgeSeconds) {
		const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();
		for (const [label, createdAt] of [
			['created_at twice the max age ago', ago(o.maxAgeSeconds * 2)],
			['created_at a year ago', ago(365 * 86400)],
			['created_at an hour in the future', ago(-3600)],
			['created_at not a date', 'yesterday'],
			['created_at 2025-02-30', '2025-02-30T10:00:00Z'],
		] as const) {
			signed(
				'max-age',
				label,
				Buffer.from(
					phpJsonEncode({
						...partneroSample(pick(o.selected), { createdAt, data: { id: nextId() } }),
					}),
				),
				[400],
			);
		}
		// The older envelope {event, data, timestamp} is dated by its timestamp, and stale is stale.
		signed(
			'max-age',
			'created_at missing, timestamp twice the max age ago',
			Buffer.from(
				phpJsonEncode({
					event: pick(o.selected),
					data: { id: nextId() },
					timestamp: Math.floor(Date.now() / 1000) - o.maxAgeSeconds * 2,
				}),
			),
			[400],
		);
		// Neither date: accepted (with a logged warning), never refused as stale for lacking a field.
		const undated = nextId();
		signed(
			'max-age',
			'neither created_at nor timestamp (accepted)',
			Buffer.from(phpJsonEncode({ event: pick(o.selected), data: { id: undated } })),
			[200],
			undated,
		);
		const id = nextId();
		signed(
			'max-age',
			'created_at a minute ago (accepted)',
			Buffer.from(
				phpJsonEncode(partneroSample(pick(o.selected), { createdAt: ago(60), data: { id } })),
			),
			[200],
			id,
		);
	}
	return cases;
}

/**
 * Two different updates of each of `records` records, sent in the same second: Partnero's created_at has whole
 * seconds (its examples end in `.000000Z`), so the pair shares event, record id and created_at and differs only
 * in the record's fields. Both are events and must reach the flow; each resent byte for byte is a retry.
 */
export function sameSecondUpdates(o: {
	secret: string;
	/** An update event the trigger selected. */
	event: string;
	run: string;
	records: number;
}): Array<[DeliveryCase, DeliveryCase]> {
	const second = `${new Date().toISOString().slice(0, 19)}.000000Z`;
	const update = (id: string, i: number, name: string): DeliveryCase => {
		const body = Buffer.from(
			phpJsonEncode(
				partneroSample(o.event, {
					createdAt: second,
					data: { id, name, updated_at: second, note: `update ${i}` },
				}),
			),
		);
		return {
			family: 'same-second',
			label: `${o.event} ${id} #${i}`,
			method: 'POST',
			headers: { 'content-type': 'application/json', Signature: hmac(o.secret, body) },
			body,
			expect: [200],
			acceptedId: id,
		};
	};
	return Array.from({ length: o.records }, (_, r) => {
		const id = `${o.run}-${r + 1}`;
		return [update(id, 1, 'Zoë before'), update(id, 2, 'Zoë after')];
	});
}
