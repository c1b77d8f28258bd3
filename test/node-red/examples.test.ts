/**
 * The shipped example flows, loaded as a user would import them (only the API base URL pointed at the
 * simulator and the debug sinks swapped for test sinks), so a renamed property or a broken template fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchTransport } from '../../core/http';
import { PartneroClient } from '../../core/partnero/client';
import apiNode from '../../node-red/partnero-api';
import configNode from '../../node-red/partnero-config';
import triggerNode from '../../node-red/partnero-trigger';
import { helper, PUBLIC, until, useNodeRed } from './support/fixture';

/* eslint-disable @typescript-eslint/no-require-imports */
const core = [
	require('@node-red/nodes/core/common/20-inject.js'),
	require('@node-red/nodes/core/common/25-catch.js'),
	require('@node-red/nodes/core/common/90-comment.js'),
	require('@node-red/nodes/core/function/80-template.js'),
];
/* eslint-enable @typescript-eslint/no-require-imports */

const examples = join(__dirname, '../../examples');
const nr = useNodeRed({ partnero: true });
afterEach(() => {
	delete process.env.PARTNERO_PUBLIC_URL;
});

function example(file: string): any[] {
	const flow = JSON.parse(readFileSync(join(examples, file), 'utf8'));
	expect(Array.isArray(flow)).toBe(true);
	// Import puts the flow nodes on the current tab; config nodes stay global.
	const nodes = flow.map((n: any) => {
		if (n.type === 'partnero-config') {
			expect(n.credentials).toBeUndefined();
			return { ...n, baseUrl: nr.sim.apiBaseUrl };
		}
		return n.type === 'debug' ? { id: n.id, type: 'helper', z: 'tab' } : { ...n, z: 'tab' };
	});
	return [{ id: 'tab', type: 'tab' }, ...nodes];
}

async function load(flow: any[]) {
	const config = flow.find((n) => n.type === 'partnero-config');
	await nr.load([...core, configNode, triggerNode, apiNode], flow, {
		[config.id]: { apiKey: nr.sim.apiKey },
	});
}

test('"new partner to chat message": a partner.created delivery becomes "New partner: …"', async () => {
	process.env.PARTNERO_PUBLIC_URL = PUBLIC;
	const flow = example('Partnero - new partner to chat message.json');
	await load(flow);
	await until(() => nr.sim.webhooks().length === 1, 'the example trigger to register');
	const trigger = flow.find((n) => n.type === 'partnero-trigger');
	expect(nr.sim.webhooks()[0]).toMatchObject({
		url: `${PUBLIC}/partnero/${trigger.id}`,
		events: ['partner.created'],
	});

	// The sim delivers to the public URL, which is not served here; replay its signed body into the route.
	const sink = flow.find((n) => n.type === 'template').wires[0][0];
	const got = new Promise<any>((resolve) => helper.getNode(sink).once('input', resolve));
	await nr.sim.fire('partner.created', {
		data: { name: 'Ada', surname: 'Lovelace & Co', email: 'ada@example.com', key: 'ada' },
	});
	const [attempt] = nr.sim.attempts();
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const supertest = require('supertest');
	await supertest(nr.RED.httpNode)
		.post(`/partnero/${trigger.id}`)
		.set('Content-Type', 'application/json')
		.set('Signature', attempt.signature)
		.send(attempt.body)
		.expect(200);
	expect((await got).payload).toBe(
		'New partner: Ada Lovelace & Co (ada@example.com), referral key ada',
	);
});

test('"manage webhooks": the inject buttons list and create through the partnero-api node', async () => {
	const flow = example('Partnero - manage webhooks.json');
	const client = new PartneroClient({
		baseUrl: nr.sim.apiBaseUrl,
		apiKey: nr.sim.apiKey,
		transport: fetchTransport(),
	});
	await client.createWebhook({
		name: 'existing',
		url: 'https://example.com/existing',
		events: ['partner.created'],
	});
	await load(flow);
	const webhook = flow.find((n) => n.type === 'partnero-api' && n.resource === 'webhook');
	const result = webhook.wires[0][0];
	const press = async (name: string) => {
		const got = new Promise<any>((resolve) => helper.getNode(result).once('input', resolve));
		await helper
			.request()
			.post(`/inject/${flow.find((n) => n.type === 'inject' && n.name === name).id}`)
			.expect(200);
		return got;
	};
	const created = await press('create');
	expect(created.payload).toMatchObject({
		name: 'Example hook',
		url: 'https://example.com/partnero',
	});
	const listed = await press('list');
	expect(listed.payload.map((w: any) => w.name).sort()).toEqual(['Example hook', 'existing']);
});

test('"partners, customers and sales": the inject buttons drive the partnero-api node end to end', async () => {
	const flow = example('Partnero - partners, customers and sales.json');
	await load(flow);
	const api = flow.find((n) => n.type === 'partnero-api');
	const result = api.wires[0][0];
	const press = async (name: string) => {
		const got = new Promise<any>((resolve) => helper.getNode(result).once('input', resolve));
		await helper
			.request()
			.post(`/inject/${flow.find((n) => n.type === 'inject' && n.name === name).id}`)
			.expect(200);
		return got;
	};
	expect((await press('create partner')).payload).toMatchObject({
		key: 'ada',
		email: 'ada@example.com',
	});
	expect((await press('create customer')).payload).toMatchObject({
		key: 'cust-ada-1',
		partner: { key: 'ada' },
	});
	expect((await press('record sale')).payload).toMatchObject({
		key: 'inv-1001',
		amount: 49,
		skipped: false,
	});
	expect((await press('record sale')).payload).toMatchObject({ key: 'inv-1001', skipped: true });
	expect((await press('list partners')).payload.map((p: any) => p.key)).toEqual(['ada']);
	expect((await press('program stats')).payload.stats).toMatchObject({
		partners_count: 1,
		customers_count: 1,
		transactions_count: 1,
	});
});

test('every non-config node in package.json appears in an example; examples use only core and own nodes, no credentials', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const pkg = require('../../package.json');
	const ours = Object.keys(pkg['node-red'].nodes);
	const files = readdirSync(examples).filter((f: string) => f.endsWith('.json'));
	const flows = files.map((f: string) => JSON.parse(readFileSync(join(examples, f), 'utf8')));
	const used = new Set(flows.flat().map((n: any) => n.type));
	expect(ours.filter((type) => type !== 'partnero-config' && !used.has(type))).toEqual([]);
	const allowed = new Set([
		...ours,
		'inject',
		'debug',
		'catch',
		'comment',
		'template',
		'function',
		'change',
		'switch',
	]);
	expect([...used].filter((type) => !allowed.has(type as string))).toEqual([]);
	for (const flow of flows) {
		expect(Array.isArray(flow)).toBe(true);
		expect(flow.every((n: any) => n.credentials === undefined)).toBe(true);
	}
});
