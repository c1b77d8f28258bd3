import supertest from 'supertest';
import { phpJsonEncode } from '../../core/php-json';
import { ALL_EVENTS, partneroEventsFor } from '../../core/partnero/events';
import { partneroSample } from '../../core/partnero/samples';
import { partneroSignature } from '../../core/partnero/provider';
import { sign } from '../../core/signature';
import configNode from '../../node-red/partnero-config';
import triggerNode from '../../node-red/partnero-trigger';
import {
	catchAll,
	catchNode,
	helper,
	partneroAccount,
	partneroTrigger,
	PUBLIC,
	sink,
	tab,
	until,
	useNodeRed,
} from './support/fixture';

const nr = useNodeRed({ partnero: true });

function flow(trigger: Record<string, unknown> = {}, account: Record<string, unknown> = {}) {
	return [
		tab(),
		partneroAccount(nr.sim, account),
		partneroTrigger({ events: ['partner.created', 'customer.created'], ...trigger }),
		sink(),
		...catchAll(),
	];
}

async function load(f = flow(), apiKey = nr.sim.apiKey) {
	await nr.load([catchNode, configNode, triggerNode], f, nr.partneroCredentials(apiKey));
}

function signed(event: string, data?: Record<string, unknown>) {
	const [hook] = nr.sim.webhooks();
	const raw = phpJsonEncode(
		partneroSample(event, {
			url: hook.url,
			webhookKey: hook.key,
			createdAt: new Date().toISOString(),
			data,
		}),
	);
	return { raw, signature: sign(hook.signature, raw, partneroSignature) };
}

const post = (raw: string, signature?: string) => {
	const req = supertest(nr.RED.httpNode)
		.post('/partnero/hook')
		.set('Content-Type', 'application/json');
	return (signature === undefined ? req : req.set('Signature', signature)).send(raw);
};

test('deploy registers one webhook at public URL + path with the selected events', async () => {
	await load();
	await until(() => nr.sim.webhooks().length === 1, 'registration');
	expect(nr.sim.webhooks()[0]).toMatchObject({
		url: `${PUBLIC}/partnero/hook`,
		events: ['partner.created', 'customer.created'],
		is_active: true,
	});
	expect(nr.sim.webhooks()[0].name).toMatch(/^Node-RED: /);
});

test('signed deliveries become msgs; bad, missing and re-serialised signatures get 401 and emit nothing', async () => {
	await load();
	await until(() => nr.sim.webhooks().length === 1, 'registration');
	const out = helper.getNode('out');
	const msgs: any[] = [];
	out.on('input', (m: any) => msgs.push(m));
	const { raw, signature } = signed('partner.created', { name: 'Zoë' });
	await post(raw, signature).expect(200, { ok: true });
	await until(() => msgs.length === 1, 'a msg');
	expect(msgs[0].topic).toBe('partner.created');
	expect(msgs[0].payload).toMatchObject({ name: 'Zoë', key: 'zoe-muller' });
	expect(msgs[0].partnero).toMatchObject({
		event: 'partner.created',
		webhookKey: nr.sim.webhooks()[0].key,
	});
	expect(JSON.stringify(msgs[0])).not.toContain(nr.sim.webhooks()[0].signature);

	await post(raw).expect(401);
	await post(raw, 'f'.repeat(64)).expect(401);
	await post(JSON.stringify(JSON.parse(raw)), signature).expect(401);
	await post(raw, signature).expect(200, { ok: true, duplicate: true });
	const other = signed('transaction.created');
	await post(other.raw, other.signature).expect(200, { ok: true, ignored: true });
	const broken = '{"event":';
	await post(broken, sign(nr.sim.webhooks()[0].signature, broken, partneroSignature)).expect(400);
	await new Promise((r) => setTimeout(r, 50));
	expect(msgs).toHaveLength(1);
});

test('removal deletes the webhook and exactly this route', async () => {
	await load();
	await until(() => nr.sim.webhooks().length === 1, 'registration');
	await helper.setFlows(
		flow().filter((n) => n.id !== 'trig'),
		'full',
		{ acct: { apiKey: nr.sim.apiKey } },
	);
	expect(nr.sim.webhooks()).toHaveLength(0);
	await supertest(nr.RED.httpNode).post('/partnero/hook').send('{}').expect(404);
});

test('a refused registration reaches Catch, shows red, and recovers when the fault clears', async () => {
	nr.sim.injectFaults({ count: 4, status: 500 });
	const caught: any[] = [];
	await load();
	helper.getNode('caught').on('input', (m: any) => caught.push(m));
	await until(() => caught.length === 1, 'a caught error', 10000);
	expect(caught[0].error.message).toMatch(/Partnero registration failed: .*HTTP 500/);
	expect(JSON.stringify(caught[0])).not.toContain(nr.sim.apiKey);
	expect(helper.getNode('trig').status.lastCall.args[0]).toEqual({
		fill: 'red',
		shape: 'ring',
		text: 'error: HTTP 500',
	});
	await until(() => nr.sim.webhooks().length === 1, 'recovery', 15000);
});

test('no public URL: red status and no registration', async () => {
	await load(flow({}, { publicUrl: '' }));
	const trig = helper.getNode('trig');
	await new Promise((r) => setTimeout(r, 100));
	// The test helper stubs nr.RED._ as identity, so status text is the catalogue key here.
	expect(trig.status.lastCall.args[0]).toMatchObject({ fill: 'red' });
	expect(trig.status.lastCall.args[0].text).toMatch(
		/^(no public URL|partnero-trigger\.status\.no-public-url)$/,
	);
	expect(nr.sim.webhooks()).toHaveLength(0);
});

test('admin: catalogue endpoint and test-connection without echoing the key', async () => {
	await load();
	const events = await helper.request().get('/partnero/events').expect(200);
	expect(events.body.map((e: any) => e.name)).toContain('lead.submitted');
	const good = await helper.request().post('/partnero/test').send({ id: 'acct' }).expect(200);
	expect(good.body).toEqual({ ok: true, message: 'API key is valid.' });
	const bad = await helper
		.request()
		.post('/partnero/test')
		.send({ baseUrl: nr.sim.apiBaseUrl, apiKey: 'not-the-key-1234' })
		.expect(200);
	expect(bad.body.ok).toBe(false);
	expect(bad.body.message).toMatch(/rejected the API key/);
	expect(JSON.stringify(bad.body)).not.toContain('not-the-key-1234');
});

test('status counts accepted events; oversized bodies get 413 and emit nothing', async () => {
	await load();
	await until(() => nr.sim.webhooks().length === 1, 'registration');
	const trig = helper.getNode('trig');
	await until(() => trig.status.lastCall?.args[0].text === 'listening', 'listening status');
	const msgs: any[] = [];
	helper.getNode('out').on('input', (m: any) => msgs.push(m));
	for (const name of ['A', 'B']) {
		const { raw, signature } = signed('partner.created', { name, id: name });
		await post(raw, signature).expect(200);
	}
	await until(() => msgs.length === 2, 'two msgs');
	// The second count arrives within the status interval, so it shows at the interval's end.
	await until(
		() => trig.status.lastCall.args[0].text === 'listening · 2 events',
		'the count of two',
	);
	expect(trig.status.lastCall.args[0]).toEqual({
		fill: 'green',
		shape: 'dot',
		text: 'listening · 2 events',
	});

	// A burst changes the status a few times, not once per delivery, and ends on the full count.
	const before = trig.status.callCount;
	for (let i = 0; i < 30; i++) {
		const { raw, signature } = signed('partner.created', { name: `burst ${i}`, id: `burst-${i}` });
		await post(raw, signature).expect(200);
	}
	await until(
		() => trig.status.lastCall.args[0].text === 'listening · 32 events',
		'the count after the burst',
	);
	expect(trig.status.callCount - before).toBeLessThanOrEqual(3);

	const huge = JSON.stringify({
		event: 'partner.created',
		data: { blob: 'x'.repeat(1024 * 1024 + 10) },
	});
	await post(huge, sign(nr.sim.webhooks()[0].signature, huge, partneroSignature)).expect(413);
	await new Promise((r) => setTimeout(r, 50));
	expect(msgs).toHaveLength(32);
});

test('a delivery that arrives before registration finished gets 503 with Retry-After', async () => {
	nr.sim.injectFaults({ count: 1, delayMs: 1500 });
	await load();
	const { raw } = { raw: phpJsonEncode(partneroSample('partner.created')) };
	const early = await post(raw, sign('anything', raw, partneroSignature)).expect(503);
	expect(Number(early.headers['retry-after'])).toBeGreaterThan(0);
	expect(helper.getNode('trig').status.lastCall.args[0]).toMatchObject({
		fill: 'yellow',
		text: 'registering…',
	});
	await until(() => nr.sim.webhooks().length === 1, 'registration');
	const later = signed('partner.created');
	await until(() => helper.getNode('trig').status.lastCall.args[0].fill === 'green', 'listening');
	await post(later.raw, later.signature).expect(200);
});

test('a redeploy with changed events repairs the same webhook in place: same key, same secret, no delete', async () => {
	await load();
	await until(() => nr.sim.webhooks().length === 1, 'registration');
	const [old] = nr.sim.webhooks();
	const changed = flow({ events: ['lead.submitted'] });
	await helper.setFlows(changed, 'full', { acct: { apiKey: nr.sim.apiKey } });
	await until(
		() => nr.sim.webhooks()[0]?.events.join() === 'lead.submitted',
		'the repaired events',
	);
	expect(nr.sim.webhooks()).toHaveLength(1);
	expect(nr.sim.webhooks()[0]).toMatchObject({ key: old.key, signature: old.signature });
	expect(nr.sim.apiCalls().filter((c) => c.method === 'DELETE' || c.method === 'POST')).toEqual([
		expect.objectContaining({ method: 'POST' }),
	]);
});

test('envelope output, signature check off and duplicates kept', async () => {
	await load(
		flow({ output: 'envelope', verifySignature: false, ignoreDuplicates: false, events: [] }),
	);
	await until(() => nr.sim.webhooks().length === 1, 'registration');
	const msgs: any[] = [];
	helper.getNode('out').on('input', (m: any) => msgs.push(m));
	const { raw } = signed('customer.created');
	await post(raw).expect(200);
	await post(raw).expect(200);
	await until(() => msgs.length === 2, 'two msgs');
	expect(msgs[0].payload).toEqual(JSON.parse(raw));
	expect(msgs[0].topic).toBe('customer.created');
});

test('admin: test-connection explains a malformed base URL instead of failing', async () => {
	await load();
	const res = await helper
		.request()
		.post('/partnero/test')
		.send({ baseUrl: 'not a url', apiKey: 'k-123456' })
		.expect(200);
	expect(res.body.ok).toBe(false);
	expect(res.body.message).toMatch(/not a URL/);
	const none = await helper.request().post('/partnero/test').send({}).expect(400);
	expect(none.body.message).toMatch(/API key/);
});

test('removing one trigger leaves the other trigger route answering', async () => {
	const two = [
		...flow(),
		{
			id: 'trig2',
			z: 'tab',
			type: 'partnero-trigger',
			account: 'acct',
			events: [],
			path: 'partnero/other',
			wires: [[]],
		},
	];
	await load(two);
	await until(() => nr.sim.webhooks().length === 2, 'two registrations');
	await helper.setFlows(
		two.filter((n) => n.id !== 'trig'),
		'full',
		{ acct: { apiKey: nr.sim.apiKey } },
	);
	await until(() => nr.sim.webhooks().length === 1, 'one left');
	expect(nr.sim.webhooks()[0].url).toBe(`${PUBLIC}/partnero/other`);
	await supertest(nr.RED.httpNode).post('/partnero/hook').send('{}').expect(404);
	// Still routed: refused for its missing signature rather than unknown.
	await supertest(nr.RED.httpNode)
		.post('/partnero/other')
		.set('Content-Type', 'application/json')
		.send('{}')
		.expect(401);
});

test('removed while its registration is still in flight: the webhook is deleted once it lands, none is orphaned', async () => {
	nr.sim.injectFaults({ count: 1, delayMs: 700 });
	await load();
	expect(nr.sim.webhooks()).toHaveLength(0);
	await helper.setFlows(
		flow().filter((n) => n.id !== 'trig'),
		'full',
		{ acct: { apiKey: nr.sim.apiKey } },
	);
	const methods = nr.sim.apiCalls().map((c) => c.method);
	expect(methods).toContain('POST');
	expect(methods[methods.length - 1]).toBe('DELETE');
	expect(nr.sim.webhooks()).toHaveLength(0);
});

test('"all events" partly refused by Partnero: the accepted events are registered, the rest logged as a warning', async () => {
	const unconfirmed = ['transaction.updated', 'reward.created', 'reward.approved', 'reward.paid'];
	nr.sim.refuseEvents(unconfirmed);
	await load(flow({ events: [ALL_EVENTS] }));
	await until(() => nr.sim.webhooks().length === 1, 'registration');
	const all = partneroEventsFor('affiliate').map((e) => e.name);
	expect(nr.sim.webhooks()[0].events).toEqual(all.filter((e) => !unconfirmed.includes(e)));
	const warned = helper
		.log()
		.args.map((a: any[]) => a[0])
		.filter((m: any) => m.level === helper.log().WARN)
		.map((m: any) => String(m.msg));
	expect(warned).toContainEqual(
		`Partnero refused ${unconfirmed.join(', ')} for this program; the webhook receives the other ${all.length - 4} events.`,
	);
	await until(
		() => helper.getNode('trig').status.lastCall?.args[0]?.fill === 'green',
		'a listening status',
	);
});
