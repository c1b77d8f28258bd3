/**
 * The compiled CLI as a user runs it: `start` in one process, `fire` and `webhooks` from others, SIGINT to stop.
 * It is compiled to a private temp directory so a build/ that other work uses is left alone.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
let outDir: string;
let cli: string;

beforeAll(async () => {
	outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'partnerhooks-sim-cli-'));
	const tsconfig = path.join(outDir, 'tsconfig.json');
	fs.writeFileSync(
		tsconfig,
		JSON.stringify({
			extends: path.join(root, 'tsconfig.json'),
			compilerOptions: {
				rootDir: root,
				outDir: path.join(outDir, 'out'),
				typeRoots: [path.join(root, 'node_modules/@types')],
				declaration: false,
				sourceMap: false,
			},
			files: [path.join(root, 'sim/cli.ts')],
			include: [],
		}),
	);
	await run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', tsconfig]);
	cli = path.join(outDir, 'out/sim/cli.js');
}, 120_000);

afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

/** Resolves with the first stdout line matching `pattern`. */
function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
	return new Promise((resolve, reject) => {
		let text = '';
		const onData = (chunk: Buffer) => {
			text += chunk.toString();
			const line = text.split('\n').find((l) => pattern.test(l));
			if (line) {
				child.stdout?.off('data', onData);
				resolve(line);
			}
		};
		child.stdout?.on('data', onData);
		child.once('exit', (code) =>
			reject(new Error(`CLI exited (${code}) before printing ${pattern}: ${text}`)),
		);
	});
}

test('start, fire and webhooks through the compiled CLI; SIGINT stops it cleanly', async () => {
	const received: string[] = [];
	const rx = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c: Buffer) => (body += c.toString()));
		req.on('end', () => {
			received.push(body);
			res.end('ok');
		});
	});
	await new Promise<void>((r) => rx.listen(0, '127.0.0.1', r));
	const hookUrl = `http://127.0.0.1:${(rx.address() as AddressInfo).port}/hook`;

	const server = spawn(process.execPath, [cli, 'start', '--port', '0', '--key', 'cli_key'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	try {
		const banner = await waitForLine(server, /listening on/);
		const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1] ?? '';
		expect(banner).toContain(`API base ${url}/v1`);
		expect(banner).toContain('API key cli_key');

		const created = await fetch(`${url}/v1/webhooks`, {
			method: 'POST',
			headers: { Authorization: 'Bearer cli_key', 'Content-Type': 'application/json' },
			body: JSON.stringify({ name: 'cli', url: hookUrl, events: ['partner.created'] }),
		});
		expect(created.status).toBe(200);

		const env = { ...process.env, PARTNERO_SIM_URL: url };
		const fired = await run(
			process.execPath,
			[cli, 'fire', 'partner.created', '--data', '{"name":"Ana"}'],
			{ env },
		);
		expect(fired.stdout.trim()).toBe(`partner.created → ${hookUrl}: 200`);
		expect(JSON.parse(received[0]).data.name).toBe('Ana');

		const listed = await run(process.execPath, [cli, 'webhooks'], { env });
		expect(JSON.parse(listed.stdout)).toEqual([
			expect.objectContaining({ url: hookUrl, events: ['partner.created'] }),
		]);

		await fetch(`${url}/v1/partners`, {
			method: 'POST',
			headers: { Authorization: 'Bearer cli_key', 'Content-Type': 'application/json' },
			body: JSON.stringify({ email: 'cli@example.com', key: 'cli' }),
		});
		const records = JSON.parse((await run(process.execPath, [cli, 'records'], { env })).stdout);
		expect(records.partners).toEqual([
			expect.objectContaining({ email: 'cli@example.com', key: 'cli' }),
		]);
		expect(records.transactions).toEqual([]);

		const failed = await run(process.execPath, [cli, 'fire'], { env }).catch(
			(e: { code: number; stderr: string }) => e,
		);
		expect(failed).toMatchObject({ code: 1 });
		expect((failed as { stderr: string }).stderr).toMatch(/Which event/);
	} finally {
		const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
		server.kill('SIGINT');
		expect(await exited).toBe(0);
		await new Promise<void>((r) => rx.close(() => r()));
	}
}, 60_000);

test('PartnerStack mode: start --partnerstack --field target_url, then fire through the same CLI; the URL secret is masked', async () => {
	const received: string[] = [];
	const rx = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c: Buffer) => (body += c.toString()));
		req.on('end', () => {
			received.push(body);
			res.end('ok');
		});
	});
	await new Promise<void>((r) => rx.listen(0, '127.0.0.1', r));
	const hookUrl = `http://127.0.0.1:${(rx.address() as AddressInfo).port}/hook?ph_secret=very-secret-token-value`;
	const server = spawn(
		process.execPath,
		[
			cli,
			'start',
			'--partnerstack',
			'--port',
			'0',
			'--field',
			'target_url',
			'--public-key',
			'pk_cli',
			'--secret-key',
			'sk_cli',
		],
		{
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	try {
		const banner = await waitForLine(server, /PartnerStack simulator listening on/);
		const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1] ?? '';
		expect(banner).toContain(`API base ${url}/api/v2`);
		expect(banner).toContain('webhook field target_url');
		expect(banner).not.toContain('sk_cli');
		const auth = `Basic ${Buffer.from('pk_cli:sk_cli').toString('base64')}`;
		const create = (body: unknown) =>
			fetch(`${url}/api/v2/webhooks`, {
				method: 'POST',
				headers: { Authorization: auth, 'Content-Type': 'application/json' },
				body: JSON.stringify(body),
			});
		expect((await create({ target: hookUrl, events: ['partnership.created'] })).status).toBe(422);
		expect((await create({ target_url: hookUrl, events: ['partnership.created'] })).status).toBe(
			200,
		);

		const fired = await run(process.execPath, [
			cli,
			'fire',
			'partnership.created',
			'--url',
			url,
			'--data',
			'{"email":"a@b.c"}',
		]);
		expect(fired.stdout.trim()).toBe(
			`partnership.created → ${hookUrl.replace('very-secret-token-value', '***')}: 200`,
		);
		expect(JSON.parse(received[0])).toMatchObject({ event: 'partnership.created', email: 'a@b.c' });
	} finally {
		const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
		server.kill('SIGINT');
		expect(await exited).toBe(0);
		await new Promise<void>((r) => rx.close(() => r()));
	}
}, 60_000);

describe('help and command-line mistakes never start a server', () => {
	/** Runs the compiled CLI on a port that is taken, so anything that tried to start would fail with EADDRINUSE. */
	let busy: http.Server;
	let busyPort: number;
	beforeAll(async () => {
		busy = http.createServer((_req, res) => res.end());
		await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
		busyPort = (busy.address() as AddressInfo).port;
	});
	afterAll(() => new Promise<void>((r) => busy.close(() => r())));

	const cliRun = (args: string[]) =>
		run(process.execPath, [cli, ...args, '--port', String(busyPort)], { timeout: 20_000 }).then(
			(r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
			(e: { code: number; stdout: string; stderr: string }) => ({
				code: e.code,
				stdout: e.stdout,
				stderr: e.stderr,
			}),
		);

	test.each([
		['--help'],
		['help'],
		['-h'],
		['start', '--help'],
		['fire', 'partner.created', '--help'],
	])('%s prints usage and exits 0', async (...args) => {
		const r = await cliRun(args);
		expect(r).toMatchObject({ code: 0, stderr: '' });
		expect(r.stdout).toMatch(/^Usage: npm run sim -- \[command\] \[options\]/);
		expect(r.stdout).toContain('fire <event>');
	});

	test('an unknown command prints usage to stderr and exits 2', async () => {
		const r = await cliRun(['strat']);
		expect(r.code).toBe(2);
		expect(r.stdout).toBe('');
		expect(r.stderr).toMatch(/^sim: unknown command "strat"\nUsage: /);
	});

	test('an unknown option prints usage and exits 2 instead of starting', async () => {
		const r = await cliRun(['--hepl']);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/^sim: unknown option --hepl\nUsage: /);
		expect(r.stderr).not.toMatch(/EADDRINUSE/);
	});
});
