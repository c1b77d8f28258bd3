import { fetchTransport } from '../../core/http';
import { PartneroClient } from '../../core/partnero/client';
import configNode from '../../node-red/partnero-config';
import apiNode from '../../node-red/partnero-api';
import {
	catchAll,
	catchNode,
	helper,
	next,
	partneroAccount,
	sink,
	tab,
	useNodeRed,
} from './support/fixture';

const nr = useNodeRed({ partnero: true });

/** A partnero-api node on the webhook resource, as the merged partnero-webhook node's tests had it. */
async function load(
	operation: string,
	apiKey = nr.sim.apiKey,
	key = '',
	extra: Record<string, unknown> = {},
) {
	await nr.load(
		[catchNode, configNode, apiNode],
		[
			tab(),
			partneroAccount(nr.sim, { publicUrl: '' }),
			{
				id: 'wh',
				z: 'tab',
				type: 'partnero-api',
				account: 'acct',
				resource: 'webhook',
				operation,
				recordId: key,
				wires: [['out']],
				...extra,
			},
			sink(),
			...catchAll(),
		],
		nr.partneroCredentials(apiKey),
	);
}

async function call(msg: Record<string, unknown>, to = 'out'): Promise<any> {
	const got = next(to);
	helper.getNode('wh').receive(msg);
	return got;
}

const input = (i: number) => ({
	name: `hook ${i}`,
	url: `https://example.com/hooks/${i}`,
	events: ['partner.created'],
});

test('getAll pages through all 25 webhooks', async () => {
	const client = new PartneroClient({
		baseUrl: nr.sim.apiBaseUrl,
		apiKey: nr.sim.apiKey,
		transport: fetchTransport(),
	});
	for (let i = 0; i < 25; i++) await client.createWebhook(input(i));
	await load('getAll');
	const msg = await call({});
	expect(msg.payload).toHaveLength(25);
	// The signing secret belongs to the receiver only.
	expect(JSON.stringify(msg.payload)).not.toContain(nr.sim.webhooks()[0].signature);
	expect(new Set(msg.payload.map((w: any) => w.key)).size).toBe(25);
});

test('msg.operation drives create, get, update, delete', async () => {
	await load('msg');
	const created = await call({ operation: 'create', payload: input(1) });
	expect(created.payload).toMatchObject({ name: 'hook 1', url: 'https://example.com/hooks/1' });
	const key = created.payload.key;
	expect(nr.sim.webhooks().map((w) => w.key)).toEqual([key]);

	const got = await call({ operation: 'get', key });
	expect(got.payload.url).toBe('https://example.com/hooks/1');

	const updated = await call({ operation: 'update', key, payload: { name: 'renamed' } });
	expect(updated.payload.name).toBe('renamed');
	expect(nr.sim.webhooks()[0].name).toBe('renamed');

	await call({ operation: 'delete', key });
	expect(nr.sim.webhooks()).toHaveLength(0);
});

test('node setting wins over msg.operation', async () => {
	await load('getAll');
	const msg = await call({ operation: 'delete', key: 'nope' });
	expect(Array.isArray(msg.payload)).toBe(true);
});

test('API errors reach Catch with the status code; the key never appears', async () => {
	await load('get', 'wrong-key-123456');
	const caught = await call({ key: 'whatever' }, 'caught');
	expect(caught.statusCode).toBe(401);
	expect(caught.error.message).toBeTruthy();
	expect(JSON.stringify(caught)).not.toContain('wrong-key-123456');
});

test('missing key and unknown operation are explained', async () => {
	await load('msg');
	// The test helper stubs nr.RED._ as identity, so the runtime message is the catalogue key here.
	const noKey = await call({ operation: 'get' }, 'caught');
	expect(noKey.error.message).toMatch(/The webhook key is required/);
	const bad = await call({ operation: 'explode' }, 'caught');
	expect(bad.error.message).toMatch(/Unknown operation "explode" for webhook/);
	expect(nr.sim.webhooks()).toHaveLength(0);
});

test('create: node fields win over msg.payload, blanks come from it; the signing secret never reaches the msg', async () => {
	await load('create', nr.sim.apiKey, '', {
		webhookName: 'from node',
		events: 'partner.created, lead.submitted',
		active: 'false',
	});
	const msg = await call({
		payload: { name: 'from msg', url: 'https://example.com/x', events: ['customer.created'] },
	});
	expect(msg.payload).toMatchObject({
		name: 'from node',
		url: 'https://example.com/x',
		is_active: false,
	});
	expect(msg.payload.events).toEqual(['partner.created', 'lead.submitted']);
	expect(msg.payload).not.toHaveProperty('signature');
	const [stored] = nr.sim.webhooks();
	expect(JSON.stringify(msg)).not.toContain(stored.signature);
	expect(helper.getNode('wh').status.lastCall.args[0]).toEqual({
		fill: 'green',
		shape: 'dot',
		text: 'webhook create ok',
	});
});

test('a 422 from Partnero reaches Catch with statusCode 422, the field message and a red status', async () => {
	await load('create');
	const caught = await call(
		{ payload: { name: 'x', url: 'https://example.com/y', events: ['no.such-event'] } },
		'caught',
	);
	expect(caught.statusCode).toBe(422);
	expect(caught.error.message).toMatch(/events/);
	// The vendor's hint from the core reaches Node-RED too, not only the n8n trigger.
	expect(caught.error.message).toMatch(
		/Choose only events that the program type of this API key sends/,
	);
	expect(helper.getNode('wh').status.lastCall.args[0]).toEqual({
		fill: 'red',
		shape: 'ring',
		text: 'webhook create failed: HTTP 422',
	});
});

test('update needs a key and a payload object; the node key wins over msg.key', async () => {
	const client = new PartneroClient({
		baseUrl: nr.sim.apiBaseUrl,
		apiKey: nr.sim.apiKey,
		transport: fetchTransport(),
	});
	const a = await client.createWebhook(input(1));
	const b = await client.createWebhook(input(2));
	await load('update', nr.sim.apiKey, a.key);
	const msg = await call({ key: b.key, payload: { is_active: false } });
	expect(msg.payload.key).toBe(a.key);
	expect(nr.sim.webhooks().find((w) => w.key === a.key)?.is_active).toBe(false);
	expect(nr.sim.webhooks().find((w) => w.key === b.key)?.is_active).toBe(true);
	const bad = await call({ payload: 'not an object' }, 'caught');
	expect(bad.error.message).toMatch(/msg.payload must be an object/);
});

test('limit and the page size follow the core rule: a limit of 12 lists 12 of 30', async () => {
	const client = new PartneroClient({
		baseUrl: nr.sim.apiBaseUrl,
		apiKey: nr.sim.apiKey,
		transport: fetchTransport(),
	});
	for (let i = 0; i < 30; i++) await client.createWebhook(input(i));
	await load('getAll');
	expect((await call({ limit: 12 })).payload).toHaveLength(12);
	expect((await call({ limit: 0 }, 'caught')).error.message).toMatch(
		/msg.limit must be a whole number from 1/,
	);
});
