/**
 * Node-RED as its command line starts it (red.js: httpNodeAuth, the editor and the HTTP nodes on one
 * server), as a child process on 127.0.0.1, loading the built package from a copy of its files. Statuses
 * are read as the editor reads them (the comms websocket), log lines from the process output. A restart
 * stops the process and starts it again on the same user dir and port. Needs `npm run build`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { until } from '../../support/simulators';

const repo = resolve(__dirname, '../../..');

export interface Status {
	fill?: string;
	shape?: string;
	text?: string;
}

export interface CliNodeRed {
	base: string;
	/** Everything the process printed, all starts together. */
	log(): string;
	/** The node's latest status as the editor sees it, or undefined. */
	status(id: string): Status | undefined;
	/** Every status the node showed since the last start. */
	statuses(id: string): Status[];
	deploy(flow: unknown[]): Promise<void>;
	restart(): Promise<void>;
	stop(): Promise<void>;
}

async function freePort(): Promise<number> {
	const probe = http.createServer();
	await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
	const { port } = probe.address() as AddressInfo;
	await new Promise((r) => probe.close(r));
	return port;
}

/** `settings` is the body of settings.js's object, as source (so it can hold functions). */
export async function startCli(o: { name: string; settings?: string }): Promise<CliNodeRed> {
	if (!existsSync(join(repo, 'dist/node-red/partnerstack-trigger.js')))
		throw new Error('dist/ is missing: run npm run build first');
	const root = mkdtempSync(join(tmpdir(), `partnerhooks-cli-${o.name}-`));
	const pkg = join(root, 'pkg');
	cpSync(join(repo, 'package.json'), join(pkg, 'package.json'));
	cpSync(join(repo, 'dist'), join(pkg, 'dist'), { recursive: true });
	const userDir = join(root, 'user');
	mkdirSync(userDir);
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	writeFileSync(
		join(userDir, 'settings.js'),
		`module.exports = {
	uiHost: '127.0.0.1',
	flowFile: 'flows.json',
	credentialSecret: 'cli-test',
	nodesDir: [${JSON.stringify(pkg)}],
	telemetry: { enabled: false },
	logging: { console: { level: 'info', metrics: false, audit: false } },
	editorTheme: { tours: false },
	${o.settings ?? ''}
};
`,
	);
	let output = '';
	let child: ChildProcess | undefined;
	let socket: WebSocket | undefined;
	let seen = new Map<string, Status[]>();

	async function start(): Promise<void> {
		seen = new Map();
		child = spawn(
			process.execPath,
			[require.resolve('node-red/red.js'), '--userDir', userDir, '--port', String(port)],
			{
				cwd: userDir,
				env: { ...process.env, NODE_RED_DISABLE_TELEMETRY: '1' },
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
		child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
		await until(
			async () => (await fetch(`${base}/settings`).catch(() => undefined))?.status === 200,
			`Node-RED ${o.name} to start`,
			90_000,
		);
		socket = new WebSocket(`ws://127.0.0.1:${port}/comms`);
		const ws = socket;
		ws.on('message', (data) => {
			for (const m of JSON.parse(String(data)) as Array<{ topic: string; data: Status }>) {
				if (!m.topic.startsWith('status/')) continue;
				const id = m.topic.slice('status/'.length);
				seen.set(id, [...(seen.get(id) ?? []), m.data]);
			}
		});
		await new Promise<void>((r, j) => {
			ws.once('open', () => r());
			ws.once('error', j);
		});
		ws.send(JSON.stringify({ subscribe: 'status/#' }));
	}

	async function halt(): Promise<void> {
		socket?.terminate();
		const c = child;
		if (!c || c.exitCode !== null) return;
		await new Promise<void>((r) => {
			c.once('exit', () => r());
			c.kill('SIGTERM');
			setTimeout(() => c.kill('SIGKILL'), 20_000).unref();
		});
	}

	await start();
	return {
		base,
		log: () => output,
		status: (id) => seen.get(id)?.at(-1),
		statuses: (id) => seen.get(id) ?? [],
		async deploy(flow) {
			const res = await fetch(`${base}/flows`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
				body: JSON.stringify(flow),
			});
			if (res.status !== 204 && res.status !== 200)
				throw new Error(`deploy answered ${res.status}: ${await res.text()}`);
		},
		async restart() {
			await halt();
			await start();
		},
		async stop() {
			await halt();
			rmSync(root, { recursive: true, force: true });
		},
	};
}
