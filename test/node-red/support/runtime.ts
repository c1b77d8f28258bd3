/**
 * A real Node-RED runtime (not the test helper) loading the built package from a copy of its files, for the
 * suites that need Node-RED's own HTTP stack in front of our routes: the editor's JSON body parser on the
 * same root, httpNodeMiddleware, httpNodeCors. Needs `npm run build` (npm test runs it first).
 */
import express from 'express';
import http from 'node:http';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { errorLogging, failOnNodeRedErrors } from './node-red-errors';

// Every suite on a started runtime fails a test during which Node-RED reported a JavaScript error.
failOnNodeRedErrors();

const repo = resolve(__dirname, '../../..');

export interface Runtime {
	RED: any;
	/** The HTTP nodes' root, e.g. http://127.0.0.1:40123 */
	base: string;
	/**
	 * What reached the flow's nodes, by node id, seen through the runtime's own hook API. (Core `http request`
	 * cannot load under jest: it imports `got` dynamically, which jest's vm refuses.)
	 */
	sunk: Array<{ node: string; msg: any }>;
	received(node: string): any[];
	/** A full deploy through the admin API. */
	deploy(flow: unknown[]): Promise<void>;
	stop(): Promise<void>;
}

/**
 * `adminRoot` '/' puts the editor's body parsers in front of every route, as in a default install. A
 * httpNodeAuth function (or array) in `settings` is mounted as Node-RED's red.js mounts it: after the editor,
 * in front of httpNode.
 */
export async function startRuntime(o: {
	name: string;
	adminRoot?: string;
	settings?: Record<string, unknown>;
}): Promise<Runtime> {
	if (!existsSync(join(repo, 'dist/node-red/partnero-trigger.html')))
		throw new Error('dist/ is missing: run npm run build first');
	const adminRoot = o.adminRoot ?? '/';
	const userDir = mkdtempSync(join(tmpdir(), `partnerhooks-nr-${o.name}-`));
	const pkg = join(userDir, 'pkg');
	cpSync(join(repo, 'package.json'), join(pkg, 'package.json'));
	cpSync(join(repo, 'dist'), join(pkg, 'dist'), { recursive: true });
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const RED = require('node-red');
	const app = express();
	const server = http.createServer(app);
	RED.init(server, {
		userDir,
		flowFile: 'flows.json',
		credentialSecret: `${o.name}-test`,
		nodesDir: [pkg],
		httpAdminRoot: adminRoot,
		httpNodeRoot: '/',
		uiHost: '127.0.0.1',
		telemetry: { enabled: false },
		logging: {
			console: { level: process.env.NR_LOG ?? 'off' },
			partnerhooksErrors: errorLogging,
		},
		editorTheme: { tours: false },
		...o.settings,
	});
	app.use(adminRoot, RED.httpAdmin);
	const auth = o.settings?.httpNodeAuth;
	if (typeof auth === 'function' || Array.isArray(auth))
		app.use('/', auth as express.RequestHandler);
	app.use('/', RED.httpNode);
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	await RED.start();
	const sunk: Runtime['sunk'] = [];
	const hook = `partnerhooks-${o.name}`;
	RED.hooks.add(`onReceive.${hook}`, (event: any) => {
		sunk.push({ node: event.destination.id, msg: event.msg });
	});
	const admin = `${base}${adminRoot === '/' ? '' : adminRoot}`;
	return {
		RED,
		base,
		sunk,
		received: (node) => sunk.filter((s) => s.node === node).map((s) => s.msg),
		async deploy(flow) {
			const res = await fetch(`${admin}/flows`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
				body: JSON.stringify(flow),
			});
			if (res.status !== 204) throw new Error(`deploy answered ${res.status}: ${await res.text()}`);
		},
		async stop() {
			RED.hooks.remove(`*.${hook}`);
			await RED.stop();
			server.closeAllConnections();
			await new Promise<void>((r) => server.close(() => r()));
			rmSync(userDir, { recursive: true, force: true });
		},
	};
}

/** A debug node: a place in the flow whose arrivals `received` reports. */
export const debugNode = (id: string) => ({
	id,
	z: 'tab',
	type: 'debug',
	active: true,
	complete: 'true',
	console: false,
	tosidebar: true,
	wires: [],
});
