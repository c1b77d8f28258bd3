/**
 * Two Node-RED runtimes, each its own process, with the same PartnerStack trigger behind one public URL:
 * replicas of one deployment. Both start together, so both find no webhook and both create one; they must
 * end with exactly one, whose URL secret both accept. A barrier in front of the simulator holds the first
 * webhook create until the second arrives, so the race happens every run rather than by chance.
 * Needs `npm run build` (npm test runs it first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { partnerStackSample } from '../../core/partnerstack/samples';
import { urlSecretOf } from '../../core/partnerstack/delivery';
import {
	startPartnerStackSimulator,
	type PartnerStackSimulator,
} from '../../sim/partnerstack/server';

jest.setTimeout(180_000);

const repo = resolve(__dirname, '../..');
const PUBLIC = 'http://127.0.0.1:9/replicas';
const HOOK_PATH = '/ps/replicas';
let sim: PartnerStackSimulator;
let barrier: http.Server;
let barrierUrl: string;
let root: string;
const replicas: Array<{ base: string; child: ChildProcess; log: string[] }> = [];

/** Forwards to the simulator; the first webhook create waits (at most 15 s) until a second one arrives. */
function startBarrier(target: string): Promise<http.Server> {
	let waiting: Array<() => void> | undefined = [];
	const server = http.createServer((req, res) => {
		const forward = () => {
			const upstream = http.request(
				`${target}${req.url}`,
				{ method: req.method, headers: req.headers },
				(answer) => {
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
			);
			upstream.on('error', () => res.destroy());
			req.pipe(upstream);
		};
		if (waiting && req.method === 'POST' && req.url?.startsWith('/api/v2/webhooks')) {
			waiting.push(forward);
			const release = () => {
				const all = waiting ?? [];
				waiting = undefined;
				for (const go of all) go();
			};
			if (waiting.length >= 2) release();
			else setTimeout(release, 15_000).unref();
			return;
		}
		forward();
	});
	return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

async function freePort(): Promise<number> {
	const probe = http.createServer();
	await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
	const { port } = probe.address() as AddressInfo;
	await new Promise((r) => probe.close(r));
	return port;
}

async function until(
	check: () => boolean | Promise<boolean>,
	what: string,
	ms = 30_000,
): Promise<void> {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		if (await check()) return;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`timed out waiting for ${what}`);
}

async function startReplica(
	name: string,
	pkg: string,
): Promise<{ base: string; child: ChildProcess; log: string[] }> {
	const userDir = join(root, name);
	mkdirSync(userDir);
	const port = await freePort();
	writeFileSync(
		join(userDir, 'settings.js'),
		`module.exports = ${JSON.stringify({
			uiHost: '127.0.0.1',
			flowFile: 'flows.json',
			credentialSecret: 'replicas-test',
			nodesDir: [pkg],
			telemetry: { enabled: false },
			logging: { console: { level: 'info', metrics: false, audit: false } },
			editorTheme: { tours: false },
		})};\n`,
	);
	const log: string[] = [];
	const child = spawn(
		process.execPath,
		[require.resolve('node-red/red.js'), '--userDir', userDir, '--port', String(port)],
		{
			cwd: userDir,
			env: { ...process.env, NODE_RED_DISABLE_TELEMETRY: '1' },
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	child.stdout?.on('data', (d: Buffer) => log.push(d.toString()));
	child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
	const base = `http://127.0.0.1:${port}`;
	const replica = { base, child, log };
	replicas.push(replica);
	await until(
		async () => (await fetch(`${base}/settings`).catch(() => undefined))?.status === 200,
		`Node-RED ${name} to start`,
		90_000,
	);
	return replica;
}

function flow(): unknown[] {
	return [
		{ id: 'tab', type: 'tab', label: 'replicas' },
		{
			id: 'acct',
			type: 'partnerstack-config',
			name: 'sim',
			baseUrl: `${barrierUrl}/api/v2`,
			publicUrl: PUBLIC,
			credentials: { publicKey: sim.publicKey, secretKey: sim.secretKey },
		},
		{
			id: 'trig',
			type: 'partnerstack-trigger',
			z: 'tab',
			name: '',
			account: 'acct',
			events: ['partnership.created'],
			otherEvents: '',
			path: HOOK_PATH,
			ignoreDuplicates: true,
			verifyHmac: false,
			hmacHeader: '',
			hmacEncoding: 'hex',
			hmacPrefix: '',
			wires: [[]],
		},
	];
}

async function deploy(base: string): Promise<void> {
	const res = await fetch(`${base}/flows`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
		body: JSON.stringify(flow()),
	});
	expect([200, 204]).toContain(res.status);
}

/** A delivery posted straight to one replica, as the balancer would pass it on. */
async function deliver(base: string, secret: string, n: number): Promise<number> {
	const body = JSON.stringify(
		partnerStackSample('partnership.created', {
			timeMs: Date.now(),
			data: { key: `part_replica_${n}` },
		}),
	);
	const res = await fetch(`${base}${HOOK_PATH}?ph_secret=${encodeURIComponent(secret)}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body,
	});
	return res.status;
}

beforeAll(async () => {
	if (!existsSync(join(repo, 'dist/node-red/partnerstack-trigger.js')))
		throw new Error('dist/ is missing: run npm run build first');
	sim = await startPartnerStackSimulator();
	barrier = await startBarrier(sim.url);
	barrierUrl = `http://127.0.0.1:${(barrier.address() as AddressInfo).port}`;
	root = mkdtempSync(join(tmpdir(), 'partnerhooks-replicas-'));
	const pkg = join(root, 'pkg');
	cpSync(join(repo, 'package.json'), join(pkg, 'package.json'));
	cpSync(join(repo, 'dist'), join(pkg, 'dist'), { recursive: true });
	await Promise.all([startReplica('a', pkg), startReplica('b', pkg)]);
});

afterAll(async () => {
	await Promise.all(
		replicas.map(
			(r) =>
				new Promise<void>((done) => {
					if (r.child.exitCode !== null) return done();
					r.child.once('exit', () => done());
					r.child.kill('SIGTERM');
				}),
		),
	);
	barrier?.close();
	barrier?.closeAllConnections();
	await sim?.close();
	if (root) rmSync(root, { recursive: true, force: true });
});

test('two replicas that start together end with one PartnerStack webhook, and both accept its URL secret', async () => {
	const [a, b] = replicas;
	await Promise.all([deploy(a.base), deploy(b.base)]);
	// The barrier let two creates through at once: both replicas found no webhook and made their own.
	await until(
		() =>
			sim.apiCalls().filter((c) => c.method === 'POST' && c.path === '/api/v2/webhooks').length ===
			2,
		'two creates',
	);
	await until(() => sim.webhooks().length === 1, 'one webhook left at PartnerStack');
	const [kept] = sim.webhooks();
	expect(kept.target.startsWith(`${PUBLIC}${HOOK_PATH}?`)).toBe(true);
	const secret = urlSecretOf(kept.target) as string;
	expect(secret).toBeTruthy();

	// Each replica answers 200 with the surviving webhook's secret, and 401 with any other.
	let n = 0;
	for (const r of replicas) {
		await until(
			async () => (await deliver(r.base, secret, n++)) === 200,
			`${r.base} to accept the kept webhook's secret`,
			15_000,
		);
		expect(await deliver(r.base, `${secret}x`, n++)).toBe(401);
	}
	// Nothing left over: no late create from either replica.
	await new Promise((r) => setTimeout(r, 500));
	expect(sim.webhooks().map((w) => w.key)).toEqual([kept.key]);
});
