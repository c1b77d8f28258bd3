/**
 * A real Node-RED runtime with default roots (editor, admin and HTTP nodes all on "/"), so the editor's
 * JSON body parser sits in front of our route exactly as in a user's install. Only this proves that the
 * raw body survives; the test helper has no such parser. Needs `npm run build` (npm test runs it first).
 */
import express from 'express';
import http from 'node:http';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { phpJsonEncode } from '../../core/php-json';
import { partneroSample } from '../../core/partnero/samples';
import { sign } from '../../core/signature';
import { startSimulator, type Simulator } from '../../sim/server';

const repo = resolve(__dirname, '../..');
let sim: Simulator;
let server: http.Server;
let RED: any;
let base: string;
let userDir: string;
const sunk: any[] = [];

beforeAll(async () => {
	if (!existsSync(join(repo, 'dist/node-red/partnero-trigger.html'))) throw new Error('dist/ is missing: run npm run build first');
	sim = await startSimulator();
	userDir = mkdtempSync(join(tmpdir(), 'partnerhooks-nr-'));
	const pkg = join(userDir, 'pkg');
	cpSync(join(repo, 'package.json'), join(pkg, 'package.json'));
	cpSync(join(repo, 'dist'), join(pkg, 'dist'), { recursive: true });
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	RED = require('node-red');
	const app = express();
	server = http.createServer(app);
	RED.init(server, {
		userDir,
		flowFile: 'flows.json',
		credentialSecret: 'runtime-test',
		nodesDir: [pkg],
		httpAdminRoot: '/',
		httpNodeRoot: '/',
		uiHost: '127.0.0.1',
		telemetry: { enabled: false },
		logging: { console: { level: process.env.NR_LOG ?? 'off' } },
		editorTheme: { tours: false },
	});
	app.use('/', RED.httpAdmin);
	app.use('/', RED.httpNode);
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	await RED.start();
}, 60000);

afterAll(async () => {
	RED.hooks.remove('*.partnerhooks-test');
	await RED.stop();
	server.closeAllConnections();
	await new Promise<void>((r) => server.close(() => r()));
	await sim.close();
	rmSync(userDir, { recursive: true, force: true });
});

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
	for (let i = 0; i < 500; i++) {
		if (await check()) return;
		await new Promise((r) => setTimeout(r, 20));
	}
	throw new Error(`timed out waiting for ${what}`);
}

async function deploy(flow: unknown[]): Promise<void> {
	const res = await fetch(`${base}/flows`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
		body: JSON.stringify(flow),
	});
	expect(res.status).toBe(204);
}

test('deployed through the Admin API, a JSON delivery keeps its raw bytes and verifies', async () => {
	// Messages reaching the debug node are observed through the runtime's own hook API.
	RED.hooks.add('onReceive.partnerhooks-test', (event: any) => {
		if (event.destination.id === 'dbg') sunk.push(event.msg.payload);
	});
	await deploy([
		{ id: 'tab', type: 'tab', label: 'Partnero' },
		{ id: 'acct', type: 'partnero-config', baseUrl: sim.apiBaseUrl, publicUrl: base, credentials: { apiKey: sim.apiKey } },
		{ id: 'trig', z: 'tab', type: 'partnero-trigger', account: 'acct', events: [], path: 'partnero/e2e', wires: [['dbg']] },
		{ id: 'dbg', z: 'tab', type: 'debug', active: true, complete: 'payload', console: false, tosidebar: true },
	]);
	await until(() => sim.webhooks().length === 1, 'registration');
	expect(sim.webhooks()[0].url).toBe(`${base}/partnero/e2e`);

	const attempts = await sim.fire('partner.created', { data: { name: 'Zoë 😀', website: 'https://zoe.example/a/b' } });
	expect(attempts.map((a) => a.status)).toEqual([200]);
	await until(() => sunk.length === 1, 'the sink');
	expect(sunk[0]).toMatchObject({ name: 'Zoë 😀', website: 'https://zoe.example/a/b' });

	const [hook] = sim.webhooks();
	const raw = phpJsonEncode(partneroSample('customer.created', { url: hook.url, webhookKey: hook.key }));
	const bad = await fetch(hook.url, { method: 'POST', headers: { 'Content-Type': 'application/json', Signature: sign('wrong', raw) }, body: raw });
	expect(bad.status).toBe(401);
	const good = await fetch(hook.url, { method: 'POST', headers: { 'Content-Type': 'application/json', Signature: sign(hook.signature, raw) }, body: raw });
	expect(good.status).toBe(200);
	await until(() => sunk.length === 2, 'the second delivery');
	await new Promise((r) => setTimeout(r, 100));
	expect(sunk).toHaveLength(2);

	await deploy([{ id: 'tab', type: 'tab', label: 'Partnero' }]);
	await until(() => sim.webhooks().length === 0, 'the webhook to be deleted');
	expect((await fetch(hook.url, { method: 'POST', body: raw })).status).toBe(404);
});
