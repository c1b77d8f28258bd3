// eslint-disable-next-line @typescript-eslint/no-require-imports
const helper = require('node-red-node-test-helper');
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import supertest from 'supertest';
import { urlSecretOf } from '../../core/partnerstack/delivery';
import { partnerStackSample } from '../../core/partnerstack/samples';
import configNode from '../../node-red/partnerstack-config';
import apiNode from '../../node-red/partnerstack-api';
import triggerNode from '../../node-red/partnerstack-trigger';
import { forgetAll } from '../../node-red/lib/webhook-owners';
import { startPartnerStackSimulator, type PartnerStackSimulator } from '../../sim/partnerstack/server';
import { withLocale } from './locale';

helper.init(require.resolve('node-red'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const catchNode = require('@node-red/nodes/core/common/25-catch.js');

let sim: PartnerStackSimulator;
let RED: any;
const PUBLIC = 'http://127.0.0.1:1880';

beforeAll(async () => {
	sim = await startPartnerStackSimulator();
});
afterAll(() => sim.close());
beforeEach(() => {
	sim.reset();
	sim.setWebhookField('target');
});
afterEach(async () => {
	await helper.unload();
	forgetAll();
});

const creds = (o: Record<string, string> = {}) => ({ acct: { publicKey: sim.publicKey, secretKey: sim.secretKey, ...o } });

function flow(node: Record<string, unknown>, account: Record<string, unknown> = {}) {
	return [
		{ id: 'tab', type: 'tab' },
		{ id: 'acct', type: 'partnerstack-config', name: 'sim', baseUrl: sim.apiBaseUrl, publicUrl: PUBLIC, ...account },
		{ z: 'tab', wires: [['out']], ...node },
		{ id: 'out', z: 'tab', type: 'helper' },
		{ id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
		{ id: 'caught', z: 'tab', type: 'helper' },
	];
}

const trigger = (extra: Record<string, unknown> = {}) => ({
	id: 'trig',
	type: 'partnerstack-trigger',
	account: 'acct',
	events: ['partnership.created', 'customer_created'],
	otherEvents: '',
	path: 'ps/hook',
	ignoreDuplicates: true,
	...extra,
});

async function load(f: any[], credentials = creds()) {
	await helper.load([catchNode, withLocale(configNode), withLocale(triggerNode, (r) => (RED = r)), withLocale(apiNode)], f, credentials);
}

async function until(check: () => boolean, what: string, ms = 10000): Promise<void> {
	for (let i = 0; i < ms / 10 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
	if (!check()) throw new Error(`timed out waiting for ${what}`);
}

const post = (raw: string, secret: string | undefined, headers: Record<string, string> = {}) => {
	const req = supertest(RED.httpNode)
		.post(secret === undefined ? '/ps/hook' : `/ps/hook?ph_secret=${encodeURIComponent(secret)}`)
		.set('Content-Type', 'application/json');
	for (const [k, v] of Object.entries(headers)) req.set(k, v);
	return req.send(raw);
};

describe('partnerstack-trigger', () => {
	test('deploy registers public URL + path with a secret; deliveries become msgs with topic = event; removal deletes', async () => {
		await load(flow(trigger()));
		await until(() => sim.webhooks().length === 1, 'registration');
		const [hook] = sim.webhooks();
		expect(hook.target.startsWith(`${PUBLIC}/ps/hook?ph_secret=`)).toBe(true);
		expect(hook.events).toEqual(['partnership.created', 'customer_created']);
		const secret = urlSecretOf(hook.target) as string;
		await until(() => helper.getNode('trig').status.lastCall?.args[0]?.fill === 'green', 'listening');

		const msgs: any[] = [];
		helper.getNode('out').on('input', (m: any) => msgs.push(m));
		const sample = partnerStackSample('partnership.created', { timeMs: Date.now() });
		await post(JSON.stringify(sample), secret).expect(200, { ok: true });
		await until(() => msgs.length === 1, 'a msg');
		expect(msgs[0].topic).toBe('partnership.created');
		expect(msgs[0].payload).toEqual(sample);
		expect(msgs[0].partnerstack).toEqual({
			event: 'partnership.created',
			key: sample.key,
			updatedAt: sample.updated_at,
			deliveryKey: expect.stringContaining(String(sample.key)),
		});
		expect(helper.getNode('trig').status.lastCall.args[0].text).toBe('listening · 1 event');

		await post(JSON.stringify(sample), undefined).expect(401, { error: 'unauthorized' });
		await post(JSON.stringify(sample), 'guess').expect(401);
		await post(JSON.stringify(sample), secret).expect(200, { ok: true, duplicate: true });
		await post(JSON.stringify(partnerStackSample('deal.created')), secret).expect(200, { ok: true, ignored: true });
		await post('{"event":', secret).expect(400);
		await post(JSON.stringify({ no: 'event' }), secret).expect(400);
		await new Promise((r) => setTimeout(r, 50));
		expect(msgs).toHaveLength(1);

		// The secret never reaches statuses or messages.
		const statuses = JSON.stringify(helper.getNode('trig').status.args);
		expect(statuses).not.toContain(secret);
		expect(JSON.stringify(msgs)).not.toContain(secret);

		// Deleting the node (not a restart) deletes its webhook.
		await helper.setFlows(flow(trigger()).filter((n) => n.id !== 'trig'), 'full', creds());
		await until(() => sim.webhooks().length === 0, 'the webhook to be deleted');
		await post('{}', secret).expect(404);
	});

	test('no public URL: red and nothing registered; a target_url account registers after one retry', async () => {
		sim.setWebhookField('target_url', 400);
		await load(flow(trigger({ otherEvents: 'reward.created' }), { publicUrl: '' }));
		// No public URL: red, and nothing registered.
		await new Promise((r) => setTimeout(r, 100));
		expect(helper.getNode('trig').status.lastCall.args[0]).toEqual({ fill: 'red', shape: 'ring', text: 'no public URL' });
		expect(sim.webhooks()).toHaveLength(0);
		await helper.unload();

		await load(flow(trigger({ otherEvents: 'reward.created' })));
		await until(() => sim.webhooks().length === 1, 'registration');
		expect(sim.webhooks()[0].events).toEqual(['partnership.created', 'customer_created', 'reward.created']);
		expect(sim.apiCalls().filter((c) => c.method === 'POST').map((c) => c.status)).toEqual([400, 200]);
	});

	test('optional HMAC on a configured header, on top of the URL secret', async () => {
		await load(flow(trigger({ verifyHmac: true, hmacHeader: 'X-PS-Signature', hmacEncoding: 'hex', hmacPrefix: '' })), creds({ hmacSecret: 'hs-1' }));
		await until(() => sim.webhooks().length === 1, 'registration');
		const secret = urlSecretOf(sim.webhooks()[0].target) as string;
		const raw = JSON.stringify(partnerStackSample('customer_created'));
		await post(raw, secret).expect(401, { error: 'invalid signature' });
		await post(raw, secret, { 'X-PS-Signature': createHmac('sha256', 'wrong').update(raw).digest('hex') }).expect(401);
		await post(raw, secret, { 'X-PS-Signature': createHmac('sha256', 'hs-1').update(raw).digest('hex') }).expect(200, { ok: true });
	});

	test('bad settings (no events, HMAC without secret) show red, reach Catch and register nothing', async () => {
		for (const [node, credentials] of [
			[trigger({ events: [], otherEvents: '' }), creds()],
			[trigger({ verifyHmac: true, hmacHeader: 'X-Sig' }), creds()],
		] as const) {
			const caught: any[] = [];
			await load(flow(node), credentials);
			helper.getNode('caught').on('input', (m: any) => caught.push(m));
			await until(() => caught.length === 1 || helper.getNode('trig').status.called, 'a reaction');
			expect(helper.getNode('trig').status.lastCall.args[0]).toEqual({ fill: 'red', shape: 'ring', text: 'check the node settings' });
			await helper.unload();
		}
		expect(sim.webhooks()).toHaveLength(0);
	});

	test('registration errors reach Catch with the status and recover; keys never appear', async () => {
		sim.injectFaults({ count: 4, status: 500 });
		const caught: any[] = [];
		await load(flow(trigger()));
		helper.getNode('caught').on('input', (m: any) => caught.push(m));
		await until(() => caught.length === 1, 'a caught error');
		expect(caught[0].error.message).toMatch(/PartnerStack registration failed: .*HTTP 500/);
		expect(JSON.stringify(caught[0])).not.toMatch(new RegExp(`${sim.secretKey}|ph_secret=[A-Za-z0-9_-]{10}`));
		// The error names the endpoint without its secret.
		expect(caught[0].payload.url).toBe(`${PUBLIC}/ps/hook`);
		await until(() => sim.webhooks().length === 1, 'recovery', 15000);
	});

	test('admin: event catalogue and test connection, never echoing the keys', async () => {
		await load(flow(trigger()));
		const events = await helper.request().get('/partnerstack/events').expect(200);
		expect(events.body.map((e: any) => e.name)).toContain('agreement.accepted');
		expect((await helper.request().post('/partnerstack/test').send({ id: 'acct' }).expect(200)).body).toEqual({
			ok: true,
			message: 'The PartnerStack keys work.',
		});
		const bad = await helper.request().post('/partnerstack/test').send({ baseUrl: sim.apiBaseUrl, publicKey: 'pk_x', secretKey: 'sk_not_right' }).expect(200);
		expect(bad.body.ok).toBe(false);
		expect(bad.body.message).toMatch(/401/);
		expect(JSON.stringify(bad.body)).not.toContain('sk_not_right');
		await helper.request().post('/partnerstack/test').send({ publicKey: 'pk_only' }).expect(400);
	});
});

describe('partnerstack-api', () => {
	const api = (extra: Record<string, unknown>) => ({ id: 'api', type: 'partnerstack-api', account: 'acct', key: '', limit: 0, ...extra });
	const call = (msg: Record<string, unknown>, sink = 'out'): Promise<any> => {
		const got = new Promise((resolve) => helper.getNode(sink).once('input', resolve));
		helper.getNode('api').receive(msg);
		return got;
	};

	test('Create Action from msg.payload; status says what happened', async () => {
		await load(flow(api({ resource: 'action', operation: 'create' })));
		const msg = await call({ payload: { customer_key: 'acme-co', key: 'signup', value: 1 } });
		expect(msg.payload).toMatchObject({ customer_key: 'acme-co', action_key: 'signup' });
		expect(helper.getNode('api').status.lastCall.args[0]).toEqual({ fill: 'green', shape: 'dot', text: 'create action ok' });
	});

	test('msg.resource / msg.operation drive every resource; list walks the cursor; limit stops early', async () => {
		sim.seed('partnerships', 260);
		await load(flow(api({ resource: 'msg', operation: 'msg' })));
		const all = await call({ resource: 'partnership', operation: 'list' });
		expect(all.payload).toHaveLength(260);
		// 250 per page (PartnerStack's maximum) when every item is wanted.
		expect(sim.apiCalls().length).toBe(2);
		expect((await call({ resource: 'partnership', operation: 'list', limit: 5 })).payload).toHaveLength(5);
		const deal = await call({ resource: 'deal', operation: 'create', payload: { partner_key: 'p', name: 'Big', amount: 100000 } });
		const key = deal.payload.key;
		expect((await call({ resource: 'deal', operation: 'update', key, payload: { stage: 'won' } })).payload.stage).toBe('won');
		expect((await call({ resource: 'deal', operation: 'get', key })).payload.name).toBe('Big');
		expect((await call({ resource: 'deal', operation: 'delete', key })).payload).toEqual({ deleted: true, key });
	});

	test('webhooks: create (events as text), list hides trigger secrets, delete', async () => {
		await load(flow(api({ resource: 'webhook', operation: 'msg' })));
		const made = await call({ operation: 'create', payload: { target: 'https://example.com/h?ph_secret=abcdefghijklmnopqrstuv', events: 'deal.created, lead.created' } });
		expect(made.payload.target).toBe('https://example.com/h?ph_secret=***');
		expect(sim.webhooks()[0].events).toEqual(['deal.created', 'lead.created']);
		const listed = await call({ operation: 'list' });
		expect(JSON.stringify(listed.payload)).not.toContain('abcdefghijklmnopqrstuv');
		await call({ operation: 'delete', key: made.payload.key });
		expect(sim.webhooks()).toHaveLength(0);
	});

	test('errors reach Catch with statusCode and a reason; local validation makes no call; keys never appear', async () => {
		await load(flow(api({ resource: 'msg', operation: 'msg' })), creds({ secretKey: 'sk_wrong_1234' }));
		const refused = await call({ resource: 'group', operation: 'list' }, 'caught');
		expect(refused.statusCode).toBe(401);
		expect(JSON.stringify(refused)).not.toContain('sk_wrong_1234');
		const calls = sim.apiCalls().length;
		expect((await call({ resource: 'partnership', operation: 'delete', key: 'x' }, 'caught')).error.message).toMatch(/not an operation for partnership/);
		expect((await call({ resource: 'spaceship', operation: 'list' }, 'caught')).error.message).toMatch(/Unknown resource/);
		expect((await call({ resource: 'customer', operation: 'get' }, 'caught')).error.message).toMatch(/key is missing/);
		expect((await call({ resource: 'transaction', operation: 'create', payload: { customer_key: 'c', amount: 1.5 } }, 'caught')).error.message).toMatch(/cents/);
		expect((await call({ resource: 'lead', operation: 'create', payload: 'text' }, 'caught')).error.message).toMatch(/msg.payload must be an object/);
		expect(sim.apiCalls().length).toBe(calls);
	});
});

describe('the shipped PartnerStack example flow', () => {
	/* eslint-disable @typescript-eslint/no-require-imports */
	const core = [
		require('@node-red/nodes/core/common/20-inject.js'),
		require('@node-red/nodes/core/common/90-comment.js'),
		require('@node-red/nodes/core/function/80-template.js'),
	];
	/* eslint-enable @typescript-eslint/no-require-imports */
	afterEach(() => {
		delete process.env.PARTNERSTACK_PUBLIC_URL;
	});

	test('a partnership delivery becomes a chat message; the inject logs an action', async () => {
		const file = `${__dirname}/../../examples/PartnerStack - new partnership to chat, log an action.json`;
		const raw = JSON.parse(readFileSync(file, 'utf8')) as any[];
		expect(Array.isArray(raw)).toBe(true);
		const config = raw.find((n) => n.type === 'partnerstack-config');
		expect(config.credentials).toBeUndefined();
		process.env.PARTNERSTACK_PUBLIC_URL = PUBLIC;
		const nodes = [
			{ id: 'tab', type: 'tab' },
			...raw.map((n) => (n.type === 'partnerstack-config' ? { ...n, baseUrl: sim.apiBaseUrl } : n.type === 'debug' ? { id: n.id, type: 'helper', z: 'tab' } : { ...n, z: 'tab' })),
		];
		await helper.load([...core, catchNode, withLocale(configNode), withLocale(triggerNode, (r) => (RED = r)), withLocale(apiNode)], nodes, {
			[config.id]: { publicKey: sim.publicKey, secretKey: sim.secretKey },
		});
		await until(() => sim.webhooks().length === 1, 'the example trigger to register');
		const trig = raw.find((n) => n.type === 'partnerstack-trigger');
		const target = sim.webhooks()[0].target;
		expect(target.startsWith(`${PUBLIC}/partnerstack/${trig.id}?ph_secret=`)).toBe(true);

		const chat = raw.find((n) => n.type === 'template').wires[0][0];
		const got = new Promise<any>((resolve) => helper.getNode(chat).once('input', resolve));
		const body = JSON.stringify(partnerStackSample('partnership.created', { data: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' } }));
		await supertest(RED.httpNode)
			.post(`/partnerstack/${trig.id}?ph_secret=${urlSecretOf(target)}`)
			.set('Content-Type', 'application/json')
			.send(body)
			.expect(200);
		expect((await got).payload).toBe('New PartnerStack partner: Ada Lovelace (ada@example.com), group Top Sellers');

		const api = raw.find((n) => n.type === 'partnerstack-api');
		const result = new Promise<any>((resolve) => helper.getNode(api.wires[0][0]).once('input', resolve));
		await helper.request().post(`/inject/${raw.find((n) => n.type === 'inject').id}`).expect(200);
		expect((await result).payload).toMatchObject({ customer_key: 'acme-co', action_key: 'signup' });
	});
});
