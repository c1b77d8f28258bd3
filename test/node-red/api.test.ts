import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { OperationInput } from '../../core/partnero/operations';
import { PARTNERO_OPERATIONS } from '../../core/partnero/operations';
import apiNode from '../../node-red/partnero-api';
import configNode from '../../node-red/partnero-config';
import { ERROR_CASES, REFUSED_CASES, SUCCESS_CASES } from '../support/operation-cases';
import { seedProgram, simApi, type Seeded } from '../support/seed';
import {
	catchAll,
	catchNode,
	helper,
	partneroAccount,
	sink,
	tab,
	useNodeRed,
} from './support/fixture';

const nr = useNodeRed({ partnero: true });
let seeded: Seeded;
beforeEach(async () => {
	seeded = await seedProgram(nr.sim);
});

async function load(def: Record<string, unknown> = {}, apiKey = nr.sim.apiKey) {
	await nr.load(
		[catchNode, configNode, apiNode],
		[
			tab(),
			partneroAccount(nr.sim, { publicUrl: '' }),
			{
				id: 'api',
				z: 'tab',
				type: 'partnero-api',
				account: 'acct',
				resource: 'msg',
				operation: 'msg',
				recordId: '',
				skipExisting: false,
				wires: [['out']],
				...def,
			},
			sink(),
			...catchAll(),
		],
		nr.partneroCredentials(apiKey),
	);
}
/** The first message to reach either sink. */
function send(msg: Record<string, unknown>): Promise<{ sink: 'out' | 'caught'; msg: any }> {
	return new Promise((resolve) => {
		helper.getNode('out').once('input', (m: any) => resolve({ sink: 'out', msg: m }));
		helper.getNode('caught').once('input', (m: any) => resolve({ sink: 'caught', msg: m }));
		helper.getNode('api').receive(msg);
	});
}

const msgOf = (resource: string, operation: string, input: OperationInput) => ({
	resource,
	operation,
	payload: input.fields,
	id: input.id,
	limit: input.limit,
	skipExisting: input.skipExisting,
});

test.each(SUCCESS_CASES.map((c) => [`${c.resource}.${c.operation}`, c] as const))(
	'%s from msg.resource/msg.operation',
	async (_name, c) => {
		await load();
		const { sink, msg } = await send(msgOf(c.resource, c.operation, c.input(seeded)));
		expect(msg.error?.message).toBeUndefined();
		expect(sink).toBe('out');
		await c.check(msg.payload, seeded, nr.sim);
	},
);

test.each(ERROR_CASES.map((c) => [`${c.resource}.${c.operation} → ${c.status}`, c] as const))(
	'%s reaches Catch with statusCode',
	async (_name, c) => {
		await load();
		const { sink, msg } = await send(msgOf(c.resource, c.operation, c.input(seeded)));
		expect(sink).toBe('caught');
		expect(msg.statusCode).toBe(c.status);
		expect(msg.error.message).toMatch(c.message);
		expect(helper.getNode('api').status.lastCall.args[0]).toEqual({
			fill: 'red',
			shape: 'ring',
			text: `${c.resource} ${c.operation} failed: HTTP ${c.status}`,
		});
	},
);

test.each(
	REFUSED_CASES.map((c) => [`${c.resource}.${c.operation}: ${c.message.source}`, c] as const),
)('refused before any call: %s', async (_name, c) => {
	await load();
	const before = nr.sim.apiCalls().length;
	const { sink, msg } = await send(msgOf(c.resource, c.operation, c.input));
	expect(sink).toBe('caught');
	expect(msg.error.message).toMatch(c.message);
	expect(msg.statusCode).toBeUndefined();
	expect(nr.sim.apiCalls().length).toBe(before);
});

test('dialog settings win over the msg; msg.key addresses the record; msg.limit stops paging', async () => {
	for (let i = 0; i < 30; i++)
		await simApi(nr.sim, 'POST', '/partners', { email: `p${i}@example.com` });
	await load({ resource: 'partner', operation: 'getAll' });
	const all = await send({ resource: 'customer', operation: 'delete', key: 'cust-1' });
	expect(all.msg.payload).toHaveLength(31);
	expect((await simApi(nr.sim, 'GET', '/customers/cust-1')).status).toBe(200);
	const some = await send({ limit: 4 });
	expect(some.msg.payload).toHaveLength(4);
	expect(helper.getNode('api').status.lastCall.args[0]).toEqual({
		fill: 'green',
		shape: 'dot',
		text: '4 items',
	});
	const badLimit = await send({ limit: 'many' });
	expect(badLimit.msg.error.message).toMatch(/msg.limit must be a whole number/);
});

test("the node's ID / key wins over msg.id and msg.key", async () => {
	await load({ resource: 'customer', operation: 'get', recordId: 'cust-1' });
	const { msg } = await send({ id: 'nope', key: 'nope' });
	expect(msg.payload.key).toBe('cust-1');
	expect(helper.getNode('api').status.lastCall.args[0]).toEqual({
		fill: 'green',
		shape: 'dot',
		text: 'customer get ok',
	});
});

test("transaction create with the dialog's skip guard: a repeat is returned, marked skipped, and booked once", async () => {
	await load({ resource: 'transaction', operation: 'create', skipExisting: true });
	const payload = { key: 'inv-1', customer: 'cust-1', amount: 40 };
	const first = await send({ payload });
	expect(first.msg.payload).toMatchObject({ key: 'inv-1', skipped: false });
	const again = await send({ payload });
	expect(again.msg.payload).toMatchObject({ key: 'inv-1', amount: 40, skipped: true });
	expect(helper.getNode('api').status.lastCall.args[0]).toEqual({
		fill: 'yellow',
		shape: 'dot',
		text: 'exists: skipped',
	});
	expect((await simApi(nr.sim, 'GET', '/transactions?key=inv-1')).body.data).toHaveLength(1);
});

test('creating a transaction makes the simulator fire transaction.created to a subscribed webhook; webhook results carry no secret', async () => {
	const bodies: any[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on(
			'end',
			() => (bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8'))), res.end('ok')),
		);
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	await load();
	const hook = await send({
		resource: 'webhook',
		operation: 'create',
		payload: { name: 'sales', url, events: ['transaction.created'] },
	});
	expect(hook.msg.payload).not.toHaveProperty('signature');
	expect(JSON.stringify(hook.msg)).not.toContain(nr.sim.webhooks()[0].signature);
	await send({
		resource: 'transaction',
		operation: 'create',
		payload: { key: 'inv-9', customer: 'cust-1', amount: 10 },
	});
	await nr.sim.settle();
	await new Promise<void>((r) => server.close(() => r()));
	expect(bodies).toEqual([
		expect.objectContaining({
			event: 'transaction.created',
			data: expect.objectContaining({ key: 'inv-9', amount: 10 }),
		}),
	]);
});

test('a wrong API key reaches Catch as 401 and the key appears nowhere', async () => {
	await load({ resource: 'program', operation: 'get' }, 'wrong-key-9f8e7d');
	const { sink, msg } = await send({});
	expect(sink).toBe('caught');
	expect(msg.statusCode).toBe(401);
	expect(JSON.stringify(msg)).not.toContain('wrong-key-9f8e7d');
	expect(JSON.stringify(helper.getNode('api').status.args)).not.toContain('wrong-key-9f8e7d');
});

test('a payload that is not an object is refused', async () => {
	await load({ resource: 'partner', operation: 'create' });
	const { msg } = await send({ payload: 'ana@example.com' });
	expect(msg.error.message).toMatch(/msg.payload must be an object/);
});

test('the dialog offers exactly the operations the core has, and the help documents every property and input', () => {
	const html = readFileSync(join(__dirname, '../../node-red/partnero-api.html'), 'utf8');
	const table = /var OPERATIONS = (\{[\s\S]*?\n\t\t\});/.exec(html)?.[1];
	expect(table).toBeDefined();
	const offered = Function(`return ${table}`)() as Record<string, string[][]>;
	expect(
		Object.fromEntries(Object.entries(offered).map(([r, ops]) => [r, ops.map((o) => o[0]).sort()])),
	).toEqual(
		Object.fromEntries(
			Object.entries(PARTNERO_OPERATIONS).map(([r, ops]) => [r, Object.keys(ops).sort()]),
		),
	);
	for (const resource of Object.keys(PARTNERO_OPERATIONS))
		expect(html).toContain(`<option value="${resource}">`);
	expect(html).toMatch(/not idempotent[\s\S]*Stripe or Paddle[\s\S]*pay the partner twice/);
	const help = readFileSync(
		join(__dirname, '../../node-red/locales/en-US/partnero-api.html'),
		'utf8',
	);
	for (const name of [
		'Account',
		'Resource',
		'Operation',
		'ID / key',
		'Skip if a transaction',
		'resource',
		'operation',
		'id',
		'key',
		'payload',
		'limit',
		'skipExisting',
		'statusCode',
	]) {
		expect(help).toMatch(new RegExp(`<dt[^>]*>${name.replace(/[/]/g, '\\/')}`));
	}
	for (const [resource, ops] of Object.entries(PARTNERO_OPERATIONS)) {
		for (const op of Object.keys(ops))
			expect([resource, op, help.includes(`<code>${op}</code>`)]).toEqual([resource, op, true]);
	}
	expect(help).toMatch(/not idempotent[\s\S]*Stripe, Paddle/);
});
