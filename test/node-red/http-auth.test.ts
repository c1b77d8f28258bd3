/**
 * httpNodeAuth in front of the triggers, in a real runtime with the editor (and its body parsers) on "/" as in a
 * default install: a request without credentials is refused 401 before any of its body is read or held, so slow
 * or large unauthenticated bodies cost nothing and an early 413 does not reveal a trigger path; with credentials,
 * the body cap and the raw bytes work as without auth. Needs `npm run build`.
 */
import http from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { phpJsonEncode } from '../../core/php-json';
import { partneroSample } from '../../core/partnero/samples';
import { partneroSignature } from '../../core/partnero/provider';
import { sign } from '../../core/signature';
import { startSimulator, type Simulator } from '../../sim/server';
import { until } from '../support/simulators';
import { debugNode, startRuntime, type Runtime } from './support/runtime';

const AUTH = `Basic ${Buffer.from('hooks:s3cret').toString('base64')}`;
let sim: Simulator;
let rt: Runtime;
let authChecks = 0;

/** As red.js's basic-auth middleware answers: OPTIONS passes, anything without the credentials gets 401. */
function httpNodeAuth(req: Request, res: Response, next: NextFunction): void {
	if (req.method === 'OPTIONS') return next();
	authChecks++;
	if (req.headers.authorization !== AUTH) {
		res.set('WWW-Authenticate', 'Basic realm="Authorization Required"');
		res.sendStatus(401);
		return;
	}
	next();
}

beforeAll(async () => {
	sim = await startSimulator();
	rt = await startRuntime({ name: 'http-auth', settings: { httpNodeAuth } });
	await rt.deploy([
		{ id: 'tab', type: 'tab', label: 'Auth' },
		{
			id: 'acct',
			type: 'partnero-config',
			baseUrl: sim.apiBaseUrl,
			publicUrl: rt.base,
			credentials: { apiKey: sim.apiKey },
		},
		{
			id: 'trig',
			z: 'tab',
			type: 'partnero-trigger',
			account: 'acct',
			events: [],
			path: 'partnero/hook',
			x: 100,
			y: 100,
			wires: [['out']],
		},
		{ ...debugNode('out'), x: 300, y: 100 },
	]);
	await until(() => sim.webhooks().length === 1, 'registration');
}, 60000);

afterAll(async () => {
	await rt.stop();
	await sim.close();
});

function signedBody(): { raw: string; signature: string } {
	const [hook] = sim.webhooks();
	const raw = phpJsonEncode(
		partneroSample('partner.created', {
			url: hook.url,
			webhookKey: hook.key,
			createdAt: new Date().toISOString(),
		}),
	);
	return { raw, signature: sign(hook.signature, raw, partneroSignature) };
}

/**
 * Sends the headers and `first` (flushed), then holds the rest of a body of `declared` bytes back until the
 * answer comes or `waitMs` passes. `complete` says whether the server had the whole body when it answered.
 */
function heldBack(
	headers: Record<string, string>,
	first: Buffer,
	declared: number,
	waitMs = 5_000,
): Promise<{ status: number; complete: boolean } | 'no answer'> {
	const url = new URL(`${rt.base}/partnero/hook`);
	return new Promise((resolve) => {
		const req = http.request(
			{
				host: url.hostname,
				port: url.port,
				method: 'POST',
				path: url.pathname,
				headers: { ...headers, 'content-length': String(declared) },
			},
			(res) => {
				res.resume();
				clearTimeout(timer);
				resolve({ status: res.statusCode ?? 0, complete: first.length >= declared });
				req.destroy();
			},
		);
		const timer = setTimeout(() => {
			resolve('no answer');
			req.destroy();
		}, waitMs);
		req.on('error', () => undefined);
		req.flushHeaders();
		req.write(first);
	});
}

test('an unauthenticated POST with a slow body is answered 401 at once, without waiting for its body', async () => {
	const before = authChecks;
	const r = await heldBack(
		{ 'content-type': 'application/json' },
		Buffer.from('{"event":"partner.created",'),
		100_000,
	);
	expect(r).toEqual({ status: 401, complete: false });
	expect(authChecks).toBe(before + 1);
});

test('an unauthenticated POST declaring 2 MiB gets 401, not the 413 that would reveal a trigger path', async () => {
	const r = await heldBack(
		{ 'content-type': 'application/json' },
		Buffer.from('{'),
		2 * 1024 * 1024,
	);
	expect(r).toEqual({ status: 401, complete: false });
	// The same answer as for a path where no trigger listens.
	const elsewhere = await fetch(`${rt.base}/no/trigger/here`, { method: 'POST', body: '{}' });
	expect(elsewhere.status).toBe(401);
});

test('an unauthenticated POST sending 256 KiB of a 1 MiB body gets 401 without the rest being awaited', async () => {
	const r = await heldBack(
		{ 'content-type': 'application/json' },
		Buffer.alloc(256 * 1024, 0x20),
		1024 * 1024,
	);
	expect(r).toEqual({ status: 401, complete: false });
});

test('an authenticated POST declaring 2 MiB gets 413 before its body is sent', async () => {
	const r = await heldBack(
		{ 'content-type': 'application/json', authorization: AUTH },
		Buffer.from('{'),
		2 * 1024 * 1024,
	);
	expect(r).toEqual({ status: 413, complete: false });
});

test('an authenticated, signed delivery keeps its raw bytes through the editor parser and is emitted', async () => {
	const { raw, signature } = signedBody();
	const unauthenticated = await fetch(`${rt.base}/partnero/hook`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', signature },
		body: raw,
	});
	expect(unauthenticated.status).toBe(401);
	const res = await fetch(`${rt.base}/partnero/hook`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', signature, authorization: AUTH },
		body: raw,
	});
	expect(res.status).toBe(200);
	await until(() => rt.received('out').length === 1, 'the delivery in the flow');
	expect(rt.received('out')[0].topic).toBe('partner.created');
});
