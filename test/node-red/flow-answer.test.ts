/**
 * The triggers' "when the flow answers" mode: the stock HTTP Response node answers the sender, and the dedupe
 * key is kept only for a 2xx answer. Deliveries go over loopback HTTP through Node-RED's own httpNode app.
 */
import { once } from 'node:events';
import { inspect } from 'node:util';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { phpJsonEncode } from '../../core/php-json';
import { partneroSample } from '../../core/partnero/samples';
import { partneroSignature } from '../../core/partnero/provider';
import { sign } from '../../core/signature';
import partneroConfig from '../../node-red/partnero-config';
import partneroTrigger from '../../node-red/partnero-trigger';
import partnerStackConfig from '../../node-red/partnerstack-config';
import partnerStackTrigger from '../../node-red/partnerstack-trigger';
import { failOnNodeRedErrors } from './support/node-red-errors';
import {
	collect,
	helper,
	listening,
	partneroAccount,
	partneroTrigger as triggerOf,
	partnerStackAccount,
	partnerStackTrigger as psTriggerOf,
	sink,
	tab,
	until,
	useNodeRed,
} from './support/fixture';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const httpNodes = require('@node-red/nodes/core/network/21-httpin.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debugNodes = require('@node-red/nodes/core/common/21-debug.js');

const nr = useNodeRed({ partnero: true, partnerStack: true });
failOnNodeRedErrors();

/**
 * Flow nodes with a position, as the editor saves them: the runtime takes a node without x and y for a config
 * node, and a deploy that rewires such a node then fails to start its flow.
 */
const placed = (nodes: Array<Record<string, unknown>>) =>
	nodes.map((n, i) => (n.z ? { x: 100 + 150 * i, y: 100, ...n } : n));

/** The stock HTTP Response node; `statusCode` '' = msg.statusCode or 200. */
const httpResponse = (statusCode = '') => ({
	id: 'answer',
	z: 'tab',
	type: 'http response',
	statusCode,
	headers: { 'x-answered-by': 'flow' },
	wires: [],
});

async function load(trigger: Record<string, unknown>, answered: unknown[] = [httpResponse()]) {
	await nr.load(
		[httpNodes, partneroConfig, partneroTrigger],
		placed([
			tab(),
			partneroAccount(nr.sim),
			triggerOf({
				answer: 'flow',
				wires: [['out', ...answered.map((n) => (n as { id: string }).id)]],
				...trigger,
			}),
			sink(),
			...(answered as Array<Record<string, unknown>>),
		]),
		nr.partneroCredentials(),
	);
	await until(() => nr.sim.webhooks().length === 1, 'registration');
	await listening();
}

function signed(data: Record<string, unknown> = { id: 'one' }) {
	const [hook] = nr.sim.webhooks();
	const raw = phpJsonEncode(
		partneroSample('partner.created', {
			url: hook.url,
			webhookKey: hook.key,
			createdAt: new Date().toISOString(),
			data,
		}),
	);
	return { raw, signature: sign(hook.signature, raw, partneroSignature) };
}

const post = (d: { raw: string; signature: string }) =>
	supertest(nr.RED.httpNode)
		.post('/partnero/hook')
		.set('Content-Type', 'application/json')
		.set('Signature', d.signature)
		.send(d.raw);

const warningsOf = (id: string): string[] =>
	helper
		.getNode(id)
		.warn.getCalls()
		.filter((c: any) => c.thisValue?.id === id)
		.map((c: any) => String(c.args[0]));

test('the HTTP Response node answers the sender; a 2xx answer keeps the key, so the retry is a duplicate', async () => {
	await load({});
	const msgs = collect();
	const delivery = signed();
	const first = await post(delivery);
	expect(first.status).toBe(200);
	expect(first.headers['x-answered-by']).toBe('flow');
	await until(() => msgs.length === 1, 'the msg');
	expect(msgs[0].res._res).toBeDefined();
	expect(msgs[0].req.headers.signature).toBe(delivery.signature);
	expect(msgs[0].partnero.deliveryKey).toEqual(expect.any(String));
	await post(delivery).expect(200, { ok: true, duplicate: true });
	expect(msgs).toHaveLength(1);
});

test('a non-2xx answer from the flow releases the key: the retry is emitted again', async () => {
	await load({}, [httpResponse('500')]);
	const msgs = collect();
	const delivery = signed();
	await post(delivery).expect(500);
	await post(delivery).expect(500);
	await until(() => msgs.length === 2, 'the retry emitted again');
	expect(msgs[1].partnero.deliveryKey).toBe(msgs[0].partnero.deliveryKey);
});

test('no answer from the flow: 504 after the answer timeout, the retry is emitted again, one warning', async () => {
	await load({ answerTimeout: '0.2' }, []);
	const msgs = collect();
	const delivery = signed();
	await post(delivery).expect(504);
	await post(delivery).expect(504);
	expect(msgs).toHaveLength(2);
	const warned = warningsOf('trig').filter((w) => /HTTP Response node/.test(w));
	expect(warned).toHaveLength(1);
	expect(warned[0]).toMatch(/within 0.2 s, so it was answered 504/);
});

test('a retry while the original still waits for the flow is answered 503 with Retry-After, not 200', async () => {
	// The HTTP Response node is on the tab but not wired: the test hands it the message when it chooses.
	await load({ answerTimeout: '30', wires: [['out']] });
	const msgs = collect();
	const delivery = signed();
	const original = post(delivery).then((r) => r);
	await until(() => msgs.length === 1, 'the original in the flow');
	const retry = await post(delivery);
	expect(retry.status).toBe(503);
	expect(retry.headers['retry-after']).toBe('30');
	expect(msgs).toHaveLength(1);
	// The flow answers the original only now, through the stock node.
	helper.getNode('answer').receive(msgs[0]);
	expect((await original).status).toBe(200);
	await post(delivery).expect(200, { ok: true, duplicate: true });
});

test('a redeploy answers a delivery still waiting 503 with Retry-After at once, and its retry is emitted', async () => {
	// First without an answer, so the delivery is still waiting when the trigger closes; then with one.
	const flow = (answered: boolean) =>
		placed([
			tab(),
			partneroAccount(nr.sim),
			triggerOf({
				answer: 'flow',
				answerTimeout: '30',
				wires: [answered ? ['out', 'answer'] : ['out']],
			}),
			sink(),
			httpResponse(),
		]);
	await nr.load(
		[httpNodes, partneroConfig, partneroTrigger],
		flow(false),
		nr.partneroCredentials(),
	);
	await listening();
	const msgs = collect();
	const delivery = signed();
	// Never answered by the flow; the sender waits far longer than the test does.
	const server = createServer(nr.RED.httpNode).listen(0, '127.0.0.1');
	await once(server, 'listening');
	const pending = request({
		host: '127.0.0.1',
		port: (server.address() as AddressInfo).port,
		method: 'POST',
		path: '/partnero/hook',
		headers: { 'content-type': 'application/json', signature: delivery.signature },
	});
	pending.on('error', () => undefined);
	const answered = new Promise<{ status?: number; retryAfter?: string } | 'no answer'>(
		(resolve) => {
			const gaveUp = setTimeout(() => resolve('no answer'), 5_000);
			pending.on('response', (res) => {
				clearTimeout(gaveUp);
				res.resume();
				resolve({ status: res.statusCode, retryAfter: res.headers['retry-after'] });
			});
		},
	);
	pending.end(delivery.raw);
	await until(() => msgs.length === 1, 'the original in the flow');
	// A full deploy: the trigger closes (removed false) and its successor takes the keys it carried.
	await helper.setFlows(flow(true), 'full', nr.partneroCredentials());
	expect(await answered).toEqual({ status: 503, retryAfter: expect.stringMatching(/^[1-9]\d*$/) });
	await listening();
	const again = collect();
	await post(delivery).expect(200);
	expect(again).toHaveLength(1);
	expect(again[0].partnero.deliveryKey).toBe(msgs[0].partnero.deliveryKey);
	pending.destroy();
	server.closeAllConnections();
	server.close();
});

test('PartnerStack: answered by the flow; the whole message, printed by a Debug node, never shows the URL secret', async () => {
	// The Debug node as a user sets it to see everything: the complete message, on the system console.
	const toConsole = {
		id: 'console',
		z: 'tab',
		type: 'debug',
		active: true,
		complete: 'true',
		console: 'true',
		tosidebar: false,
		wires: [],
	};
	await nr.load(
		[httpNodes, debugNodes, partnerStackConfig, partnerStackTrigger],
		placed([
			tab(),
			partnerStackAccount(nr.ps),
			psTriggerOf({ answer: 'flow', wires: [['out', 'answer', 'console']] }),
			sink(),
			httpResponse(),
			toConsole,
		]),
		nr.partnerStackCredentials(),
	);
	await until(() => nr.ps.webhooks().length === 1, 'registration');
	await listening();
	const msgs = collect();
	const secret = new URL(nr.ps.webhooks()[0].target).searchParams.get('ph_secret')!;
	const raw = JSON.stringify({
		event: 'partnership.created',
		key: 'part_1',
		updated_at: Date.now(),
	});
	const answered = await supertest(nr.RED.httpNode)
		.post(`/ps/hook?ph_secret=${encodeURIComponent(secret)}&keep=me`)
		.set('Content-Type', 'application/json')
		.send(raw);
	expect(answered.status).toBe(200);
	expect(answered.headers['x-answered-by']).toBe('flow');
	await until(() => msgs.length === 1, 'the msg');
	const { req } = msgs[0];
	expect(req.method).toBe('POST');
	expect(req.headers['content-type']).toMatch(/json/);
	expect(req.query).toEqual({ ph_secret: '***', keep: 'me' });
	expect(req.originalUrl).toBe('/ps/hook?ph_secret=***&keep=me');
	// Everything reachable from the message: msg.res._res.req, the cached URL parses, the socket.
	const everything = inspect(msgs[0], { depth: Infinity, showHidden: true });
	expect(everything).toContain('ph_secret=***');
	expect(everything).not.toContain(secret);
	let printed: string | undefined;
	await until(() => {
		printed = helper
			.log()
			.getCalls()
			.map((c: any) => String(c.args[0]?.msg ?? ''))
			.find((m: string) => m.includes('_res'));
		return printed !== undefined;
	}, 'the Debug node on the console');
	expect(printed).toContain('ph_secret=***');
	expect(printed).not.toContain(secret);
});
