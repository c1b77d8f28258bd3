/**
 * Attacks on the Node-RED triggers and the config nodes' admin routes, each one a way we were fooled, locked
 * out or made to leak: replays, path tricks, oversized and endless bodies, the test-connection redirect,
 * refusal floods, and a flow that could not take a delivery.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { phpJsonEncode } from '../../core/php-json';
import { partneroSample } from '../../core/partnero/samples';
import { partneroSignature } from '../../core/partnero/provider';
import { sign } from '../../core/signature';
import configNode from '../../node-red/partnero-config';
import triggerNode from '../../node-red/partnero-trigger';
import psConfigNode from '../../node-red/partnerstack-config';
import { RAW_BODY_LIMITS } from '../../node-red/lib/raw-route';
import {
	helper,
	listening as listeningOf,
	partneroAccount,
	partneroTrigger,
	PUBLIC,
	sink,
	tab,
	until,
	useNodeRed,
} from './support/fixture';

const nr = useNodeRed({ partnero: true });

const trigger = (o: Record<string, unknown> = {}) => partneroTrigger({ events: [], ...o });

async function load(nodes: Array<Record<string, unknown>> = [trigger()]) {
	await nr.load(
		[configNode, triggerNode],
		[tab(), partneroAccount(nr.sim), ...nodes, sink()],
		nr.partneroCredentials(),
	);
}

async function listening() {
	await until(() => nr.sim.webhooks().length >= 1, 'registration');
	await listeningOf('trig');
}

function signed(
	event: string,
	o: { data?: Record<string, unknown>; createdAt?: string; path?: string } = {},
) {
	const hook =
		nr.sim.webhooks().find((w) => w.url.endsWith(o.path ?? '/partnero/hook')) ??
		nr.sim.webhooks()[0];
	const raw = phpJsonEncode(
		partneroSample(event, {
			url: hook.url,
			webhookKey: hook.key,
			createdAt: o.createdAt ?? new Date().toISOString(),
			data: o.data,
		}),
	);
	return { raw, signature: sign(hook.signature, raw, partneroSignature) };
}

const post = (path: string, raw: string, signature: string) =>
	supertest(nr.RED.httpNode)
		.post(path)
		.set('Content-Type', 'application/json')
		.set('Signature', signature)
		.send(raw);

const statusesOf = (id: string): Array<Record<string, unknown>> =>
	helper
		.getNode(id)
		.status.getCalls()
		.filter((c: any) => c.thisValue?.id === id)
		.map((c: any) => c.args[0]);

const warningsOf = (id: string): string[] =>
	helper
		.getNode(id)
		.warn.getCalls()
		.filter((c: any) => c.thisValue?.id === id)
		.map((c: any) => String(c.args[0]));

test('replay: a correctly signed body dated 2019 is refused without any option set; the max age can be set', async () => {
	await load([
		trigger(),
		trigger({ id: 'trig2', path: 'partnero/short', maxAge: '60', wires: [[]] }),
	]);
	await until(() => nr.sim.webhooks().length === 2, 'two registrations');
	await listening();
	const msgs: any[] = [];
	helper.getNode('out').on('input', (m: any) => msgs.push(m));
	const old = signed('partner.created', { createdAt: '2019-03-01T08:00:00.000000Z' });
	await post('/partnero/hook', old.raw, old.signature).expect(400);
	const tenMinutes = signed('partner.created', {
		createdAt: new Date(Date.now() - 600_000).toISOString(),
	});
	await post('/partnero/hook', tenMinutes.raw, tenMinutes.signature).expect(200);
	const short = signed('partner.created', {
		createdAt: new Date(Date.now() - 600_000).toISOString(),
		path: '/partnero/short',
	});
	await post('/partnero/short', short.raw, short.signature).expect(400);
	await until(() => msgs.length === 1, 'the fresh delivery');
});

test('case variants and a trailing slash of the path keep the raw body and verify, as Express routes them', async () => {
	await load();
	await listening();
	const msgs: any[] = [];
	helper.getNode('out').on('input', (m: any) => msgs.push(m));
	for (const [i, path] of ['/PARTNERO/HOOK', '/Partnero/Hook/', '/partnero/hook/'].entries()) {
		const { raw, signature } = signed('partner.created', { data: { id: `case-${i}` } });
		await post(path, raw, signature).expect(200);
	}
	await until(() => msgs.length === 3, 'three msgs');
});

test.each([
	['flows', 'editor route'],
	['auth/token', 'editor route'],
	['/nodes/', 'editor route'],
	['SETTINGS', 'editor route'],
	['partnero/events', 'editor route'],
])('a trigger at %s is refused at deploy, shows why, and registers nothing', async (path, why) => {
	await load([trigger({ path })]);
	const trig = helper.getNode('trig');
	await until(() => trig.status.called, 'a status');
	expect(trig.status.lastCall.args[0]).toEqual({
		fill: 'red',
		shape: 'ring',
		text: `path refused: ${why}`,
	});
	expect(trig.error.lastCall.args[0]).toMatch(/shadow the Node-RED editor's own route/);
	await new Promise((r) => setTimeout(r, 50));
	expect(nr.sim.webhooks()).toHaveLength(0);
});

test('a second trigger on the same path (in any case) is refused and the first keeps it', async () => {
	await load([trigger(), trigger({ id: 'trig2', path: 'PARTNERO/hook/', wires: [[]] })]);
	await until(() => nr.sim.webhooks().length === 1, 'one registration');
	await until(() => statusesOf('trig2').length > 0, 'a status');
	expect(statusesOf('trig2')).toEqual([
		{ fill: 'red', shape: 'ring', text: 'path refused: used by another trigger' },
	]);
	await new Promise((r) => setTimeout(r, 50));
	expect(nr.sim.webhooks()).toHaveLength(1);
});

test("the editor's path check answers why a path is refused", async () => {
	await load();
	const flows = await helper
		.request()
		.get('/partnero-trigger/path-check')
		.query({ path: 'flows', others: '' })
		.expect(200);
	expect(flows.body.problem).toMatch(/shadow/);
	const taken = await helper
		.request()
		.get('/partnero-trigger/path-check')
		.query({ path: 'a/b', others: 'x,A/B/' })
		.expect(200);
	expect(taken.body.problem).toMatch(/another trigger/);
	const fine = await helper
		.request()
		.get('/partnero-trigger/path-check')
		.query({ path: 'partnero/new', others: 'partnero/hook' })
		.expect(200);
	expect(fine.body.problem).toBeUndefined();
});

describe('bodies over the cap or without end, on a real socket', () => {
	let server: http.Server;
	let port: number;
	const saved = RAW_BODY_LIMITS.timeoutMs;
	beforeEach(async () => {
		await load();
		await listening();
		server = http.createServer(nr.RED.httpNode);
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		port = (server.address() as AddressInfo).port;
	});
	afterEach(async () => {
		RAW_BODY_LIMITS.timeoutMs = saved;
		server.closeAllConnections();
		await new Promise((r) => server.close(r));
	});

	/** Sends headers and `chunks` (each written once the previous one is flushed) and never ends the body. */
	function unfinished(
		headers: Record<string, string>,
		chunks: Buffer[],
	): Promise<{ status: number; written: number }> {
		return new Promise((resolve, reject) => {
			let written = 0;
			const req = http.request(
				{ host: '127.0.0.1', port, method: 'POST', path: '/partnero/hook', headers },
				(res) => {
					res.resume();
					resolve({ status: res.statusCode ?? 0, written });
					req.destroy();
				},
			);
			req.on('error', (e) => (written > 0 ? undefined : reject(e)));
			const next = (i: number) => {
				if (i >= chunks.length || req.destroyed) return;
				req.write(chunks[i], () => {
					written += chunks[i].length;
					next(i + 1);
				});
			};
			req.flushHeaders();
			next(0);
		});
	}

	test('a declared Content-Length over 1 MiB is answered 413 before the body is sent', async () => {
		const r = await unfinished(
			{ 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) },
			[Buffer.from('{"event":')],
		);
		expect(r.status).toBe(413);
	});

	test('a chunked body is cut off with 413 as soon as it passes 1 MiB, not at its end', async () => {
		const chunks = Array.from({ length: 64 }, () => Buffer.alloc(64 * 1024, 0x20));
		const r = await unfinished(
			{ 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
			chunks,
		);
		expect(r.status).toBe(413);
		expect(r.written).toBeLessThan(64 * 64 * 1024);
	});

	test('a body that never ends is answered 408 after the time limit', async () => {
		RAW_BODY_LIMITS.timeoutMs = 300;
		const r = await unfinished({ 'content-type': 'application/json', 'content-length': '1000' }, [
			Buffer.from('{"event":"partner.created",'),
		]);
		expect(r.status).toBe(408);
	});
});

test('a delivery the flow could not take is answered 500 and its dedupe key released, so the retry is emitted', async () => {
	await load();
	await listening();
	const msgs: any[] = [];
	helper.getNode('out').on('input', (m: any) => msgs.push(m));
	const trig = helper.getNode('trig');
	trig.send = () => {
		throw new Error('the flow is being redeployed');
	};
	const { raw, signature } = signed('partner.created', { data: { id: 'retry-me' } });
	await post('/partnero/hook', raw, signature).expect(500);
	delete trig.send;
	const retry = await post('/partnero/hook', raw, signature).expect(200);
	expect(retry.body).toEqual({ ok: true });
	await until(() => msgs.length === 1, 'the retried delivery');
});

test('1,000 forged deliveries make one warning, not 1,000', async () => {
	await load();
	await listening();
	const { raw } = signed('partner.created');
	const server = http.createServer(nr.RED.httpNode);
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/partnero/hook`;
	try {
		for (let i = 0; i < 1000; i += 50) {
			const batch = Array.from({ length: 50 }, () =>
				fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json', signature: 'f'.repeat(64) },
					body: raw,
				}).then((r) => r.status),
			);
			expect(new Set(await Promise.all(batch))).toEqual(new Set([401]));
		}
	} finally {
		server.closeAllConnections();
		await new Promise((r) => server.close(r));
	}
	// Only refusals count here: the trigger may also say it re-registered after the previous test's reset.
	expect(warningsOf('trig').filter((w) => /refused/i.test(w))).toHaveLength(1);
});

describe('test connection sends stored credentials only to the stored base URL', () => {
	let thief: http.Server;
	let thiefUrl: string;
	const seen: Array<string | undefined> = [];
	beforeAll(async () => {
		thief = http.createServer((req, res) => {
			seen.push(req.headers.authorization);
			res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
		});
		await new Promise<void>((r) => thief.listen(0, '127.0.0.1', r));
		thiefUrl = `http://127.0.0.1:${(thief.address() as AddressInfo).port}/v1`;
	});
	afterAll(() => new Promise((r) => thief.close(r)));
	beforeEach(() => {
		seen.length = 0;
	});

	test('Partnero: a deployed config id with another base URL does not send its Bearer key there', async () => {
		await load([]);
		const res = await helper
			.request()
			.post('/partnero/test')
			.send({ id: 'acct', baseUrl: thiefUrl });
		expect(res.status).toBe(400);
		expect(res.body.message).toMatch(/type the credentials again/);
		expect(seen).toEqual([]);
		// The stored base URL (written differently) still works with the stored key, and a typed key may go anywhere.
		await helper
			.request()
			.post('/partnero/test')
			.send({ id: 'acct', baseUrl: `${nr.sim.apiBaseUrl}/` })
			.expect(200, { ok: true, message: 'API key is valid.' });
		await helper
			.request()
			.post('/partnero/test')
			.send({ id: 'acct', baseUrl: thiefUrl, apiKey: 'typed-key-1234' })
			.expect(200);
		expect(seen).toEqual(['Bearer typed-key-1234']);
	});

	test('PartnerStack: a deployed config id with another base URL does not send its Basic credentials there', async () => {
		await nr.load(
			[psConfigNode],
			[
				{
					id: 'psacct',
					type: 'partnerstack-config',
					baseUrl: 'https://api.partnerstack.com/api/v2',
					publicUrl: PUBLIC,
				},
			],
			{ psacct: { publicKey: 'pk_stored_123', secretKey: 'sk_stored_456' } },
		);
		const res = await helper
			.request()
			.post('/partnerstack/test')
			.send({ id: 'psacct', baseUrl: thiefUrl });
		expect(res.status).toBe(400);
		expect(seen).toEqual([]);
		expect(JSON.stringify(res.body)).not.toMatch(/sk_stored|pk_stored/);
	});
});
