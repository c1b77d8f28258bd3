import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	startPartnerStackSimulator,
	type PartnerStackSimulator,
} from '../../sim/partnerstack/server';

let sim: PartnerStackSimulator;
let receiver: http.Server;
let receiverUrl: string;
const received: Array<{ url: string; headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
	sim = await startPartnerStackSimulator();
	receiver = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({
				url: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			});
			res.writeHead(req.url?.includes('fail') ? 500 : 200).end('{}');
		});
	});
	await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await sim.close();
	await new Promise((r) => receiver.close(r));
});
beforeEach(() => {
	sim.reset();
	sim.setWebhookField('target', 422);
	sim.setHmac(undefined);
	received.length = 0;
});

const api = (method: string, path: string, body?: unknown, auth = sim.authorization) =>
	fetch(`${sim.apiBaseUrl}${path}`, {
		method,
		headers: { Authorization: auth, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	}).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

test('Basic auth: missing or wrong keys are 401 with {message, status}', async () => {
	expect(await api('GET', '/webhooks', undefined, '')).toMatchObject({
		status: 401,
		body: { status: 401, message: expect.any(String) },
	});
	const wrong = `Basic ${Buffer.from(`${sim.publicKey}:nope`).toString('base64')}`;
	expect((await api('GET', '/webhooks', undefined, wrong)).status).toBe(401);
	expect(await api('GET', '/webhooks')).toMatchObject({
		status: 200,
		body: { data: { items: [], has_more: false } },
	});
});

test('cursor paging with starting_after, ending_before and has_more; limit range enforced', async () => {
	sim.seed('partnerships', 5);
	const keys = sim.records('partnerships').map((r) => r.key);
	const first = await api('GET', '/partnerships?limit=2');
	expect(first.body.data).toEqual({
		items: [expect.objectContaining({ key: keys[0] }), expect.objectContaining({ key: keys[1] })],
		has_more: true,
	});
	const last = await api('GET', `/partnerships?limit=2&starting_after=${keys[3]}`);
	expect(last.body.data).toEqual({
		items: [expect.objectContaining({ key: keys[4] })],
		has_more: false,
	});
	const before = await api('GET', `/partnerships?limit=2&ending_before=${keys[3]}`);
	expect(before.body.data.items.map((i: { key: string }) => i.key)).toEqual([keys[1], keys[2]]);
	expect((await api('GET', '/partnerships?limit=0')).status).toBe(400);
	expect((await api('GET', '/partnerships?limit=251')).status).toBe(400);
	expect(typeof first.body.data.items[0].created_at).toBe('number');
});

test.each([
	['target', 422],
	['target_url', 422],
	['target_url', 400],
] as const)(
	'create body accepts only "%s"; the other field is answered %i naming the expected field',
	async (field, status) => {
		sim.setWebhookField(field, status);
		const other = field === 'target' ? 'target_url' : 'target';
		const refused = await api('POST', '/webhooks', {
			[other]: 'https://x.example/h',
			events: ['partnership.created'],
		});
		expect(refused.status).toBe(status);
		expect(JSON.stringify(refused.body)).toContain(field);
		const made = await api('POST', '/webhooks', {
			[field]: 'https://x.example/h',
			events: ['partnership.created'],
		});
		expect(made.status).toBe(200);
		expect(made.body.data).toMatchObject({
			[field]: 'https://x.example/h',
			key: expect.stringMatching(/^whk_/),
		});
		expect(sim.webhooks()).toHaveLength(1);
		expect((await api('GET', `/webhooks/${made.body.data.key}`)).status).toBe(200);
		expect(
			(await api('PATCH', `/webhooks/${made.body.data.key}`, { events: ['x.y'] })).status,
		).toBe(405);
		expect((await api('DELETE', `/webhooks/${made.body.data.key}`)).status).toBe(200);
		expect((await api('GET', `/webhooks/${made.body.data.key}`)).status).toBe(404);
	},
);

test('fire posts the flat payload to subscribed webhooks only, with an HMAC header when configured', async () => {
	await api('POST', '/webhooks', {
		target: `${receiverUrl}/a?ph_secret=s1`,
		events: ['customer.created'],
	});
	await api('POST', '/webhooks', { target: `${receiverUrl}/b`, events: ['deal.created'] });
	sim.setHmac({ header: 'X-Test-Signature', secret: 'hs' });
	const attempts = await sim.fire('customer.created', { data: { email: 'z@example.com' } });
	expect(attempts).toEqual([expect.objectContaining({ status: 200, event: 'customer.created' })]);
	expect(received).toHaveLength(1);
	expect(received[0].url).toBe('/a?ph_secret=s1');
	const body = JSON.parse(received[0].body);
	expect(body).toMatchObject({
		event: 'customer.created',
		email: 'z@example.com',
		key: expect.any(String),
	});
	expect(body.data).toBeUndefined();
	expect(received[0].headers['x-test-signature']).toBe(
		createHmac('sha256', 'hs').update(received[0].body).digest('hex'),
	);
});

test('resources: required fields and integer cents are enforced; deals are archived on delete', async () => {
	const badCents = { customer_key: 'c', amount: 1.5, currency: 'USD' };
	expect(await api('POST', '/transactions', badCents)).toMatchObject({
		status: 400,
		body: { message: expect.stringMatching(/amount/), status: 400 },
	});
	expect((await api('POST', '/deals', { name: 'x' })).status).toBe(400);
	const deal = await api('POST', '/deals', { name: 'x', partner_key: 'p' });
	await api('DELETE', `/deals/${deal.body.data.key}`);
	expect((await api('GET', `/deals/${deal.body.data.key}`)).body.data.archived).toBe(true);
	expect((await api('DELETE', '/partnerships/x')).status).toBe(405);
});

test('control routes: webhook field switch, faults and call log', async () => {
	const ctl = (path: string, body: unknown) =>
		fetch(`${sim.url}/_sim/${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) =>
			r.json(),
		);
	expect(await ctl('webhook-field', { field: 'target_url', status: 400 })).toEqual({
		field: 'target_url',
	});
	await ctl('faults', { count: 1, status: 503 });
	expect((await api('GET', '/groups')).status).toBe(503);
	expect((await api('GET', '/groups')).body.data.items).toHaveLength(1);
	expect(sim.apiCalls().map((c) => c.status)).toEqual([503, 200]);
});
