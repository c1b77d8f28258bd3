import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import supertest from 'supertest';
import { urlSecretOf } from '../../core/partnerstack/delivery';
import { partnerStackSample } from '../../core/partnerstack/samples';
import configNode from '../../node-red/partnerstack-config';
import apiNode from '../../node-red/partnerstack-api';
import triggerNode from '../../node-red/partnerstack-trigger';
import {
	catchAll,
	catchNode,
	helper,
	partnerStackAccount,
	partnerStackTrigger,
	PUBLIC,
	sink,
	tab,
	until,
	useNodeRed,
} from './support/fixture';

const nr = useNodeRed({ partnerStack: true });
beforeEach(() => nr.ps.setWebhookField('target'));

const creds = (o: Record<string, string> = {}) => nr.partnerStackCredentials('acct', o);

function flow(node: Record<string, unknown>, account: Record<string, unknown> = {}) {
	return [
		tab(),
		partnerStackAccount(nr.ps, { id: 'acct', ...account }),
		{ z: 'tab', wires: [['out']], ...node },
		sink(),
		...catchAll(),
	];
}

const trigger = (extra: Record<string, unknown> = {}) =>
	partnerStackTrigger({
		account: 'acct',
		events: ['partnership.created', 'customer_created'],
		ignoreDuplicates: true,
		...extra,
	});

async function load(f: any[], credentials = creds()) {
	await nr.load([catchNode, configNode, triggerNode, apiNode], f, credentials);
}

const post = (raw: string, secret: string | undefined, headers: Record<string, string> = {}) => {
	const req = supertest(nr.RED.httpNode)
		.post(secret === undefined ? '/ps/hook' : `/ps/hook?ph_secret=${encodeURIComponent(secret)}`)
		.set('Content-Type', 'application/json');
	for (const [k, v] of Object.entries(headers)) req.set(k, v);
	return req.send(raw);
};

describe('partnerstack-trigger', () => {
	test('deploy registers public URL + path with a secret; deliveries become msgs with topic = event; removal deletes', async () => {
		await load(flow(trigger()));
		await until(() => nr.ps.webhooks().length === 1, 'registration');
		const [hook] = nr.ps.webhooks();
		expect(hook.target.startsWith(`${PUBLIC}/ps/hook?ph_secret=`)).toBe(true);
		expect(hook.events).toEqual(['partnership.created', 'customer_created']);
		const secret = urlSecretOf(hook.target) as string;
		await until(
			() => helper.getNode('trig').status.lastCall?.args[0]?.fill === 'green',
			'listening',
		);

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
			deliveryKey: expect.stringMatching(/^[0-9a-f]{64}$/),
		});
		expect(helper.getNode('trig').status.lastCall.args[0].text).toBe('listening · 1 event');

		await post(JSON.stringify(sample), undefined).expect(401, { error: 'unauthorized' });
		await post(JSON.stringify(sample), 'guess').expect(401);
		await post(JSON.stringify(sample), secret).expect(200, { ok: true, duplicate: true });
		await post(
			JSON.stringify(partnerStackSample('deal.created', { timeMs: Date.now() })),
			secret,
		).expect(200, { ok: true, ignored: true });
		await post('{"event":', secret).expect(400);
		await post(JSON.stringify({ no: 'event' }), secret).expect(400);
		await new Promise((r) => setTimeout(r, 50));
		expect(msgs).toHaveLength(1);

		// The secret never reaches statuses or messages.
		const statuses = JSON.stringify(helper.getNode('trig').status.args);
		expect(statuses).not.toContain(secret);
		expect(JSON.stringify(msgs)).not.toContain(secret);

		// Deleting the node (not a restart) deletes its webhook.
		await helper.setFlows(
			flow(trigger()).filter((n) => n.id !== 'trig'),
			'full',
			creds(),
		);
		await until(() => nr.ps.webhooks().length === 0, 'the webhook to be deleted');
		await post('{}', secret).expect(404);
	});

	test('a partnership.created trigger takes the v2 guide sample, whose event is partnership_created (issue 24 row 14)', async () => {
		await load(flow(trigger()));
		await until(() => nr.ps.webhooks().length === 1, 'registration');
		const secret = urlSecretOf(nr.ps.webhooks()[0].target) as string;
		await until(
			() => helper.getNode('trig').status.lastCall?.args[0]?.fill === 'green',
			'listening',
		);
		const msgs: any[] = [];
		helper.getNode('out').on('input', (m: any) => msgs.push(m));
		// docs.partnerstack.com/docs/partnerstack-webhooks, "Partnership Events" sample, as published.
		const sample = {
			id: 123,
			partner_key: 'JohnSmith',
			first_name: 'John',
			last_name: 'Smith',
			email: 'john@example.com',
			group: { id: 22, name: 'Top Sellers', slug: 'topsellers' },
			event: 'partnership_created',
			archived: 'false',
		};
		await post(JSON.stringify(sample), secret).expect(200, { ok: true });
		// The other spelling of the other subscription (customer_created) passes too; an unchosen event does not.
		const customer = partnerStackSample('customer.created', { timeMs: Date.now() });
		await post(JSON.stringify(customer), secret).expect(200, { ok: true });
		await post(JSON.stringify({ ...sample, id: 124, event: 'partnership_updated' }), secret).expect(
			200,
			{ ok: true, ignored: true },
		);
		await until(() => msgs.length === 2, 'two msgs');
		expect(msgs.map((m) => [m.topic, m.payload.email])).toEqual([
			['partnership_created', 'john@example.com'],
			['customer.created', customer.email],
		]);
	});

	test('no public URL: red and nothing registered; a target_url account registers after one retry', async () => {
		nr.ps.setWebhookField('target_url', 400);
		await load(flow(trigger({ otherEvents: 'reward.created' }), { publicUrl: '' }));
		// No public URL: red, and nothing registered.
		await new Promise((r) => setTimeout(r, 100));
		expect(helper.getNode('trig').status.lastCall.args[0]).toEqual({
			fill: 'red',
			shape: 'ring',
			text: 'no public URL',
		});
		expect(nr.ps.webhooks()).toHaveLength(0);
		await helper.unload();

		await load(flow(trigger({ otherEvents: 'reward.created' })));
		await until(() => nr.ps.webhooks().length === 1, 'registration');
		expect(nr.ps.webhooks()[0].events).toEqual([
			'partnership.created',
			'customer_created',
			'reward.created',
		]);
		expect(
			nr.ps
				.apiCalls()
				.filter((c) => c.method === 'POST')
				.map((c) => c.status),
		).toEqual([400, 200]);
	});

	test('optional HMAC on a configured header, on top of the URL secret', async () => {
		await load(
			flow(
				trigger({
					verifyHmac: true,
					hmacHeader: 'X-PS-Signature',
					hmacEncoding: 'hex',
					hmacPrefix: '',
				}),
			),
			creds({ hmacSecret: 'hs-1' }),
		);
		await until(() => nr.ps.webhooks().length === 1, 'registration');
		const secret = urlSecretOf(nr.ps.webhooks()[0].target) as string;
		const raw = JSON.stringify(partnerStackSample('customer_created', { timeMs: Date.now() }));
		await post(raw, secret).expect(401, { error: 'invalid signature' });
		await post(raw, secret, {
			'X-PS-Signature': createHmac('sha256', 'wrong').update(raw).digest('hex'),
		}).expect(401);
		await post(raw, secret, {
			'X-PS-Signature': createHmac('sha256', 'hs-1').update(raw).digest('hex'),
		}).expect(200, { ok: true });
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
			expect(helper.getNode('trig').status.lastCall.args[0]).toEqual({
				fill: 'red',
				shape: 'ring',
				text: 'check the node settings',
			});
			await helper.unload();
		}
		expect(nr.ps.webhooks()).toHaveLength(0);
	});

	test('registration errors reach Catch with the status and recover; keys never appear', async () => {
		nr.ps.injectFaults({ count: 4, status: 500 });
		const caught: any[] = [];
		await load(flow(trigger()));
		helper.getNode('caught').on('input', (m: any) => caught.push(m));
		await until(() => caught.length === 1, 'a caught error');
		expect(caught[0].error.message).toMatch(/PartnerStack registration failed: .*HTTP 500/);
		expect(JSON.stringify(caught[0])).not.toMatch(
			new RegExp(`${nr.ps.secretKey}|ph_secret=[A-Za-z0-9_-]{10}`),
		);
		// The error names the endpoint without its secret.
		expect(caught[0].payload.url).toBe(`${PUBLIC}/ps/hook`);
		await until(() => nr.ps.webhooks().length === 1, 'recovery', 15000);
	});

	test('admin: event catalogue and test connection, never echoing the keys', async () => {
		await load(flow(trigger()));
		const events = await helper.request().get('/partnerstack/events').expect(200);
		expect(events.body.map((e: any) => e.name)).toContain('agreement.accepted');
		expect(
			(await helper.request().post('/partnerstack/test').send({ id: 'acct' }).expect(200)).body,
		).toEqual({
			ok: true,
			message: 'The PartnerStack keys work.',
		});
		const bad = await helper
			.request()
			.post('/partnerstack/test')
			.send({ baseUrl: nr.ps.apiBaseUrl, publicKey: 'pk_x', secretKey: 'sk_not_right' })
			.expect(200);
		expect(bad.body.ok).toBe(false);
		expect(bad.body.message).toMatch(/401/);
		expect(JSON.stringify(bad.body)).not.toContain('sk_not_right');
		await helper.request().post('/partnerstack/test').send({ publicKey: 'pk_only' }).expect(400);
	});
});

describe('partnerstack-api', () => {
	const api = (extra: Record<string, unknown>) => ({
		id: 'api',
		type: 'partnerstack-api',
		account: 'acct',
		key: '',
		limit: 0,
		...extra,
	});
	const call = (msg: Record<string, unknown>, sink = 'out'): Promise<any> => {
		const got = new Promise((resolve) => helper.getNode(sink).once('input', resolve));
		helper.getNode('api').receive(msg);
		return got;
	};

	test('Create Action from msg.payload in the v2 names; status says what happened', async () => {
		await load(flow(api({ resource: 'action', operation: 'create' })));
		// As on docs.partnerstack.com/reference/post_v2-actions-1, so a user can paste it from there.
		const body = { target_type: 'customer', target_key: 'acme-co', type: 'signup', value: 1 };
		const msg = await call({ payload: body });
		expect(msg.payload).toMatchObject(body);
		expect(helper.getNode('api').status.lastCall.args[0]).toEqual({
			fill: 'green',
			shape: 'dot',
			text: 'create action ok',
		});
	});

	test('msg.resource / msg.operation drive every resource; list walks the cursor; limit stops early', async () => {
		nr.ps.seed('partnerships', 260);
		await load(flow(api({ resource: 'msg', operation: 'msg' })));
		const all = await call({ resource: 'partnership', operation: 'list' });
		expect(all.payload).toHaveLength(260);
		// 250 per page (PartnerStack's maximum) when every item is wanted.
		expect(nr.ps.apiCalls().length).toBe(2);
		expect(
			(await call({ resource: 'partnership', operation: 'list', limit: 5 })).payload,
		).toHaveLength(5);
		const deal = await call({
			resource: 'deal',
			operation: 'create',
			payload: { partner_key: 'p', name: 'Big', amount: 100000 },
		});
		const key = deal.payload.key;
		expect(
			(await call({ resource: 'deal', operation: 'update', key, payload: { stage: 'won' } }))
				.payload.stage,
		).toBe('won');
		expect((await call({ resource: 'deal', operation: 'get', key })).payload.name).toBe('Big');
		expect((await call({ resource: 'deal', operation: 'delete', key })).payload).toEqual({
			deleted: true,
			key,
		});
	});

	test('webhooks: create (events as text), list hides trigger secrets, delete', async () => {
		await load(flow(api({ resource: 'webhook', operation: 'msg' })));
		const made = await call({
			operation: 'create',
			payload: {
				target: 'https://example.com/h?ph_secret=abcdefghijklmnopqrstuv',
				events: 'deal.created, lead.created',
			},
		});
		expect(made.payload.target).toBe('https://example.com/h?ph_secret=***');
		expect(nr.ps.webhooks()[0].events).toEqual(['deal.created', 'lead.created']);
		const listed = await call({ operation: 'list' });
		expect(JSON.stringify(listed.payload)).not.toContain('abcdefghijklmnopqrstuv');
		await call({ operation: 'delete', key: made.payload.key });
		expect(nr.ps.webhooks()).toHaveLength(0);
	});

	test('errors reach Catch with statusCode and a reason; local validation makes no call; keys never appear', async () => {
		await load(
			flow(api({ resource: 'msg', operation: 'msg' })),
			creds({ secretKey: 'sk_wrong_1234' }),
		);
		const refused = await call({ resource: 'group', operation: 'list' }, 'caught');
		expect(refused.statusCode).toBe(401);
		expect(JSON.stringify(refused)).not.toContain('sk_wrong_1234');
		const calls = nr.ps.apiCalls().length;
		expect(
			(await call({ resource: 'partnership', operation: 'delete', key: 'x' }, 'caught')).error
				.message,
		).toMatch(/Unknown operation "delete" for partnership/);
		expect(
			(await call({ resource: 'spaceship', operation: 'list' }, 'caught')).error.message,
		).toMatch(/Unknown resource/);
		expect(
			(await call({ resource: 'customer', operation: 'get' }, 'caught')).error.message,
		).toMatch(/key is missing/);
		expect(
			(
				await call(
					{
						resource: 'transaction',
						operation: 'create',
						payload: { customer_key: 'c', amount: 1.5, currency: 'USD' },
					},
					'caught',
				)
			).error.message,
		).toMatch(/cents/);
		// The v1 action body is told the v2 names (issue 24 row 11).
		expect(
			(
				await call(
					{
						resource: 'action',
						operation: 'create',
						payload: { customer_key: 'acme-co', key: 'signup', value: 1 },
					},
					'caught',
				)
			).error.message,
		).toMatch(/v1 action body.*"target_type"/);
		expect(
			(await call({ resource: 'lead', operation: 'create', payload: 'text' }, 'caught')).error
				.message,
		).toMatch(/msg.payload must be an object/);
		expect(nr.ps.apiCalls().length).toBe(calls);
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
			...raw.map((n) =>
				n.type === 'partnerstack-config'
					? { ...n, baseUrl: nr.ps.apiBaseUrl }
					: n.type === 'debug'
						? { id: n.id, type: 'helper', z: 'tab' }
						: { ...n, z: 'tab' },
			),
		];
		await nr.load([...core, catchNode, configNode, triggerNode, apiNode], nodes, {
			[config.id]: { publicKey: nr.ps.publicKey, secretKey: nr.ps.secretKey },
		});
		await until(() => nr.ps.webhooks().length === 1, 'the example trigger to register');
		const trig = raw.find((n) => n.type === 'partnerstack-trigger');
		const target = nr.ps.webhooks()[0].target;
		expect(target.startsWith(`${PUBLIC}/partnerstack/${trig.id}?ph_secret=`)).toBe(true);

		const chat = raw.find((n) => n.type === 'template').wires[0][0];
		const got = new Promise<any>((resolve) => helper.getNode(chat).once('input', resolve));
		const body = JSON.stringify(
			partnerStackSample('partnership.created', {
				timeMs: Date.now(),
				data: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' },
			}),
		);
		await supertest(nr.RED.httpNode)
			.post(`/partnerstack/${trig.id}?ph_secret=${urlSecretOf(target)}`)
			.set('Content-Type', 'application/json')
			.send(body)
			.expect(200);
		expect((await got).payload).toBe(
			'New PartnerStack partner: Ada Lovelace (ada@example.com), group Top Sellers',
		);

		const api = raw.find((n) => n.type === 'partnerstack-api');
		const result = new Promise<any>((resolve) =>
			helper.getNode(api.wires[0][0]).once('input', resolve),
		);
		await helper
			.request()
			.post(`/inject/${raw.find((n) => n.type === 'inject').id}`)
			.expect(200);
		expect((await result).payload).toMatchObject({
			target_type: 'customer',
			target_key: 'acme-co',
			type: 'signup',
		});
	});
});
