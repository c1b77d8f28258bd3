/**
 * Node-RED's own HTTP pipeline on the trigger routes, in a real runtime: httpNodeMiddleware (here an array)
 * and httpNodeCors apply to a trigger's route as `http in` applies them to its own. Needs `npm run build`.
 */
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import http from 'node:http';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { phpJsonEncode } from '../../core/php-json';
import { partneroSample } from '../../core/partnero/samples';
import { partneroSignature } from '../../core/partnero/provider';
import { sign } from '../../core/signature';
import { startSimulator, type Simulator } from '../../sim/server';

const repo = resolve(__dirname, '../..');
const ORIGIN = 'https://app.example';
let sim: Simulator;
let server: http.Server;
let RED: any;
let base: string;
let userDir: string;
const sunk: Array<{ node: string; msg: any }> = [];
let middlewareSaw = 0;

// The array form of httpNodeMiddleware: a header on every answer, then a token gate (as FlowFuse-style HTTP
// node auth would be) on paths under /gated/, then a middleware that fails with next(err) on request.
const httpNodeMiddleware = [
	(_req: Request, res: Response, next: NextFunction) => {
		middlewareSaw++;
		res.setHeader('X-Pipeline', 'node-middleware');
		next();
	},
	(req: Request, res: Response, next: NextFunction) => {
		if (req.path.includes('/gated/') && req.headers['x-hook-token'] !== 'let-me-in') {
			res.status(401).json({ error: 'token required' });
			return;
		}
		next();
	},
	(req: Request, _res: Response, next: NextFunction) => {
		next(req.headers['x-break'] ? new Error('middleware failed') : undefined);
	},
];

beforeAll(async () => {
	if (!existsSync(join(repo, 'dist/node-red/partnero-trigger.html')))
		throw new Error('dist/ is missing: run npm run build first');
	sim = await startSimulator();
	userDir = mkdtempSync(join(tmpdir(), 'partnerhooks-nr-pipeline-'));
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
		credentialSecret: 'pipeline-test',
		nodesDir: [pkg],
		httpAdminRoot: '/admin',
		httpNodeRoot: '/',
		httpNodeMiddleware,
		httpNodeCors: {
			origin: [ORIGIN],
			credentials: true,
			methods: 'POST',
			allowedHeaders: ['Content-Type', 'Signature'],
		},
		uiHost: '127.0.0.1',
		telemetry: { enabled: false },
		logging: { console: { level: process.env.NR_LOG ?? 'off' } },
		editorTheme: { tours: false },
	});
	app.use('/admin', RED.httpAdmin);
	app.use('/', RED.httpNode);
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	await RED.start();
	RED.hooks.add('onReceive.partnerhooks-pipeline', (event: any) => {
		sunk.push({ node: event.destination.id, msg: event.msg });
	});
	await deploy([
		{ id: 'tab', type: 'tab', label: 'Pipeline' },
		{
			id: 'acct',
			type: 'partnero-config',
			baseUrl: sim.apiBaseUrl,
			publicUrl: base,
			credentials: { apiKey: sim.apiKey },
		},
		{
			id: 'open',
			z: 'tab',
			type: 'partnero-trigger',
			account: 'acct',
			events: [],
			path: 'partnero/open',
			wires: [['open-out']],
		},
		{
			id: 'gated',
			z: 'tab',
			type: 'partnero-trigger',
			account: 'acct',
			events: [],
			path: 'partnero/gated/in',
			wires: [['gated-out']],
		},
		debug('open-out'),
		debug('gated-out'),
	]);
	await until(() => sim.webhooks().length === 2, 'both registrations');
}, 60000);

afterAll(async () => {
	RED.hooks.remove('*.partnerhooks-pipeline');
	await RED.stop();
	server.closeAllConnections();
	await new Promise<void>((r) => server.close(() => r()));
	await sim.close();
	rmSync(userDir, { recursive: true, force: true });
});

async function until(check: () => boolean, what: string): Promise<void> {
	for (let i = 0; i < 500; i++) {
		if (check()) return;
		await new Promise((r) => setTimeout(r, 20));
	}
	throw new Error(`timed out waiting for ${what}`);
}

async function deploy(flow: unknown[]): Promise<void> {
	const res = await fetch(`${base}/admin/flows`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
		body: JSON.stringify(flow),
	});
	expect(res.status).toBe(204);
}

const debug = (id: string) => ({
	id,
	z: 'tab',
	type: 'debug',
	active: true,
	complete: 'true',
	console: false,
	tosidebar: true,
	wires: [],
});
const received = (node: string) => sunk.filter((s) => s.node === node).map((s) => s.msg);
const hookAt = (path: string) => {
	const hook = sim.webhooks().find((h) => h.url === `${base}/${path}`);
	if (!hook) throw new Error(`no webhook for ${path}`);
	return hook;
};

/** A correctly signed delivery to the trigger at `path`, with extra request headers. */
function deliver(
	path: string,
	event: string,
	headers: Record<string, string> = {},
): Promise<globalThis.Response> {
	const hook = hookAt(path);
	const raw = phpJsonEncode(
		partneroSample(event, {
			url: hook.url,
			webhookKey: hook.key,
			createdAt: new Date().toISOString(),
		}),
	);
	return fetch(hook.url, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			Signature: sign(hook.signature, raw, partneroSignature),
			...headers,
		},
		body: raw,
	});
}

test('httpNodeMiddleware runs on the trigger route: its header is on the answer, and the delivery is emitted', async () => {
	const before = middlewareSaw;
	const res = await deliver('partnero/open', 'partner.created');
	expect(res.status).toBe(200);
	expect(res.headers.get('x-pipeline')).toBe('node-middleware');
	expect(middlewareSaw).toBe(before + 1);
	await until(() => received('open-out').length === 1, 'the delivery');
});

test('a middleware that answers 401 blocks the delivery; with the token it passes; the webhook stays', async () => {
	// The real sender cannot pass such a gate: the simulator's delivery gets the middleware's 401.
	const attempts = await sim.fire('partner.created', { data: { name: 'Blocked' } });
	expect(attempts.map((a) => [a.url.replace(base, ''), a.status]).sort()).toEqual([
		['/partnero/gated/in', 401],
		['/partnero/open', 200],
	]);
	const refused = await deliver('partnero/gated/in', 'partner.created');
	expect(refused.status).toBe(401);
	expect(await refused.json()).toEqual({ error: 'token required' });
	await new Promise((r) => setTimeout(r, 200));
	expect(received('gated-out')).toHaveLength(0);

	const withToken = await deliver('partnero/gated/in', 'customer.created', {
		'X-Hook-Token': 'let-me-in',
	});
	expect(withToken.status).toBe(200);
	await until(() => received('gated-out').length === 1, 'the delivery with the token');
	expect(received('gated-out')[0].topic).toBe('customer.created');
	expect(sim.webhooks().map((h) => h.url)).toContain(`${base}/partnero/gated/in`);
});

test("a middleware's next(err) ends in an error answer and nothing is emitted", async () => {
	const count = received('open-out').length;
	const res = await deliver('partnero/open', 'partner.created', { 'X-Break': '1' });
	expect(res.status).toBe(500);
	expect(await res.text()).not.toContain('middleware failed');
	await new Promise((r) => setTimeout(r, 200));
	expect(received('open-out')).toHaveLength(count);
});

test('httpNodeCors: the answer allows the configured origin, and a preflight on the trigger path is answered', async () => {
	const res = await deliver('partnero/open', 'partner.created', { Origin: ORIGIN });
	expect(res.status).toBe(200);
	expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
	expect(res.headers.get('access-control-allow-credentials')).toBe('true');
	expect(res.headers.get('vary')).toMatch(/Origin/);
	const other = await deliver('partnero/open', 'partner.created', {
		Origin: 'https://elsewhere.example',
	});
	expect(other.headers.get('access-control-allow-origin')).toBeNull();

	const pre = await fetch(`${base}/partnero/open`, {
		method: 'OPTIONS',
		headers: {
			Origin: ORIGIN,
			'Access-Control-Request-Method': 'POST',
			'Access-Control-Request-Headers': 'content-type,signature',
		},
	});
	expect(pre.status).toBe(204);
	expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
	expect(pre.headers.get('access-control-allow-methods')).toBe('POST');
	expect(pre.headers.get('access-control-allow-headers')).toBe('Content-Type,Signature');
});
