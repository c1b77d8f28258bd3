// eslint-disable-next-line @typescript-eslint/no-require-imports
const helper = require('node-red-node-test-helper');
import supertest from 'supertest';
import { phpJsonEncode } from '../../core/php-json';
import { partneroSample } from '../../core/partnero/samples';
import { sign } from '../../core/signature';
import configNode from '../../node-red/partnero-config';
import triggerNode from '../../node-red/partnero-trigger';
import { startSimulator, type Simulator } from '../../sim/server';

helper.init(require.resolve('node-red'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const catchNode = require('@node-red/nodes/core/common/25-catch.js');

let sim: Simulator;
let RED: any;
const PUBLIC = 'http://127.0.0.1:1880';

beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());
afterEach(async () => {
	await helper.unload();
});

function flow(trigger: Record<string, unknown> = {}, account: Record<string, unknown> = {}) {
	return [
		{ id: 'tab', type: 'tab' },
		{ id: 'acct', type: 'partnero-config', name: 'sim', baseUrl: sim.apiBaseUrl, publicUrl: PUBLIC, ...account },
		{ id: 'trig', z: 'tab', type: 'partnero-trigger', account: 'acct', events: ['partner.created', 'customer.created'], path: 'partnero/hook', wires: [['out']], ...trigger },
		{ id: 'out', z: 'tab', type: 'helper' },
		{ id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
		{ id: 'caught', z: 'tab', type: 'helper' },
	];
}

async function load(f = flow(), apiKey = sim.apiKey) {
	await helper.load(
		[catchNode, configNode, (r: any) => { RED = r; return triggerNode(r); }],
		f,
		{ acct: { apiKey } },
	);
}

async function until(check: () => boolean, what: string, ms = 3000): Promise<void> {
	for (let i = 0; i < ms / 10 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
	if (!check()) throw new Error(`timed out waiting for ${what}`);
}

function signed(event: string, data?: Record<string, unknown>) {
	const [hook] = sim.webhooks();
	const raw = phpJsonEncode(partneroSample(event, { url: hook.url, webhookKey: hook.key, createdAt: new Date().toISOString(), data }));
	return { raw, signature: sign(hook.signature, raw) };
}

const post = (raw: string, signature?: string) => {
	const req = supertest(RED.httpNode).post('/partnero/hook').set('Content-Type', 'application/json');
	return (signature === undefined ? req : req.set('Signature', signature)).send(raw);
};

test('deploy registers one webhook at public URL + path with the selected events', async () => {
	await load();
	await until(() => sim.webhooks().length === 1, 'registration');
	expect(sim.webhooks()[0]).toMatchObject({ url: `${PUBLIC}/partnero/hook`, events: ['partner.created', 'customer.created'], is_active: true });
	expect(sim.webhooks()[0].name).toMatch(/^Node-RED: /);
});

test('signed deliveries become msgs; bad, missing and re-serialised signatures get 401 and emit nothing', async () => {
	await load();
	await until(() => sim.webhooks().length === 1, 'registration');
	const out = helper.getNode('out');
	const msgs: any[] = [];
	out.on('input', (m: any) => msgs.push(m));
	const { raw, signature } = signed('partner.created', { name: 'Zoë' });
	await post(raw, signature).expect(200, { ok: true });
	await until(() => msgs.length === 1, 'a msg');
	expect(msgs[0].topic).toBe('partner.created');
	expect(msgs[0].payload).toMatchObject({ name: 'Zoë', key: 'zoe-muller' });
	expect(msgs[0].partnero).toMatchObject({ event: 'partner.created', webhookKey: sim.webhooks()[0].key });
	expect(JSON.stringify(msgs[0])).not.toContain(sim.webhooks()[0].signature);

	await post(raw).expect(401);
	await post(raw, 'f'.repeat(64)).expect(401);
	await post(JSON.stringify(JSON.parse(raw)), signature).expect(401);
	await post(raw, signature).expect(200, { ok: true, duplicate: true });
	const other = signed('transaction.created');
	await post(other.raw, other.signature).expect(200, { ok: true, ignored: true });
	const broken = '{"event":';
	await post(broken, sign(sim.webhooks()[0].signature, broken)).expect(400);
	await new Promise((r) => setTimeout(r, 50));
	expect(msgs).toHaveLength(1);
});

test('removal deletes the webhook and exactly this route', async () => {
	await load();
	await until(() => sim.webhooks().length === 1, 'registration');
	const httpNode = RED.httpNode;
	await helper.unload();
	expect(sim.webhooks()).toHaveLength(0);
	await supertest(httpNode).post('/partnero/hook').send('{}').expect(404);
});

test('a refused registration reaches Catch, shows red, and recovers when the fault clears', async () => {
	sim.injectFaults({ count: 4, status: 500 });
	const caught: any[] = [];
	await load();
	helper.getNode('caught').on('input', (m: any) => caught.push(m));
	await until(() => caught.length === 1, 'a caught error', 10000);
	expect(caught[0].error.message).toMatch(/Partnero registration failed: .*HTTP 500/);
	expect(JSON.stringify(caught[0])).not.toContain(sim.apiKey);
	await until(() => sim.webhooks().length === 1, 'recovery', 15000);
});

test('no public URL: red status and no registration', async () => {
	await load(flow({}, { publicUrl: '' }));
	const trig = helper.getNode('trig');
	await new Promise((r) => setTimeout(r, 100));
	expect(trig.status.lastCall.args[0]).toMatchObject({ fill: 'red', text: 'no public URL' });
	expect(sim.webhooks()).toHaveLength(0);
});

test('admin: catalogue endpoint and test-connection without echoing the key', async () => {
	await load();
	const events = await helper.request().get('/partnero/events').expect(200);
	expect(events.body.map((e: any) => e.name)).toContain('lead.submitted');
	const good = await helper.request().post('/partnero/test').send({ id: 'acct' }).expect(200);
	expect(good.body).toEqual({ ok: true, message: 'API key is valid.' });
	const bad = await helper.request().post('/partnero/test').send({ baseUrl: sim.apiBaseUrl, apiKey: 'not-the-key-1234' }).expect(200);
	expect(bad.body.ok).toBe(false);
	expect(bad.body.message).toMatch(/rejected the API key/);
	expect(JSON.stringify(bad.body)).not.toContain('not-the-key-1234');
});
