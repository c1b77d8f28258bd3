/**
 * Node-RED's own HTTP pipeline on the trigger routes, in a real runtime: httpNodeMiddleware (here an array)
 * and httpNodeCors apply to a trigger's route as `http in` applies them to its own. Needs `npm run build`.
 */
import type { NextFunction, Request, Response } from 'express';
import { phpJsonEncode } from '../../core/php-json';
import { partneroSample } from '../../core/partnero/samples';
import { partneroSignature } from '../../core/partnero/provider';
import { sign } from '../../core/signature';
import { startSimulator, type Simulator } from '../../sim/server';
import { until } from '../support/simulators';
import { debugNode, startRuntime, type Runtime } from './support/runtime';

const ORIGIN = 'https://app.example';
let sim: Simulator;
let rt: Runtime;
let base: string;
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
	sim = await startSimulator();
	rt = await startRuntime({
		name: 'pipeline',
		adminRoot: '/admin',
		settings: {
			httpNodeMiddleware,
			httpNodeCors: {
				origin: [ORIGIN],
				credentials: true,
				methods: 'POST',
				allowedHeaders: ['Content-Type', 'Signature'],
			},
		},
	});
	base = rt.base;
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
	await rt.stop();
	await sim.close();
});

const deploy = (flow: unknown[]) => rt.deploy(flow);
const debug = debugNode;
const received = (node: string) => rt.received(node);
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
