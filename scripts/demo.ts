import express from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import RED from 'node-red';
import { laravelNow } from '../sim/delivery';
import { startSimulator, type Simulator } from '../sim/server';
import { partneroTriggerFlow } from '../test/e2e/lib/node-red-flow';
import { REPO_ROOT } from '../test/e2e/lib/pack';

/**
 * `npm start`: the simulator stands in for Partnero, and an embedded Node-RED (the devDependency) loads this
 * package straight from the repo with an example flow deployed, so the whole loop runs on one machine.
 */

const SIM_PORT = Number(process.env.PARTNERO_SIM_PORT ?? 4010);
const EDITOR_PORT = Number(process.env.PORT ?? 1880);
const HOST = '127.0.0.1';
const EVENTS = ['partner.created', 'partner.approved', 'customer.created', 'transaction.created'];

const FORMAT_MESSAGE = `// Turn the Partnero event into a chat-style message (what you would send to Slack or Teams).
const p = msg.payload || {};
const who = [p.name, p.surname].filter(Boolean).join(' ') || p.email || 'someone';
if (msg.topic === 'partner.created') {
	msg.payload = 'New partner: ' + who + (p.email ? ' <' + p.email + '>' : '') + (p.company ? ' from ' + p.company : '');
} else {
	msg.payload = 'Partnero ' + msg.topic + ': ' + who;
}
return msg;`;

function exampleFlow(sim: Simulator, publicUrl: string): unknown[] {
	const z = 'demo-tab';
	return partneroTriggerFlow({
		tab: {
			id: z,
			label: 'Partnero demo',
			info: 'Deployed by `npm start`. Fire more events with `npm run sim -- fire partner.created`.',
		},
		account: {
			id: 'demo-account',
			name: 'Partnero simulator',
			baseUrl: sim.apiBaseUrl,
			publicUrl,
			apiKey: sim.apiKey,
		},
		trigger: {
			id: 'demo-trigger',
			name: 'Partnero events',
			events: EVENTS,
			path: '/partnero/demo',
			x: 160,
			y: 120,
			wires: [['demo-format', 'demo-raw']],
		},
		nodes: [
			{
				id: 'demo-format',
				type: 'function',
				z,
				name: 'format "new partner" message',
				func: FORMAT_MESSAGE,
				outputs: 1,
				x: 420,
				y: 120,
				wires: [['demo-debug']],
			},
			{
				id: 'demo-debug',
				type: 'debug',
				z,
				name: 'chat message',
				active: true,
				tosidebar: true,
				console: true,
				tostatus: true,
				complete: 'payload',
				targetType: 'msg',
				statusVal: 'payload',
				statusType: 'auto',
				x: 680,
				y: 120,
				wires: [],
			},
			{
				id: 'demo-raw',
				type: 'debug',
				z,
				name: 'full event',
				active: true,
				tosidebar: true,
				console: false,
				tostatus: false,
				complete: 'true',
				targetType: 'full',
				x: 400,
				y: 200,
				wires: [],
			},
		],
	});
}

function listen(server: Server, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const onError = (e: NodeJS.ErrnoException): void => {
			server.off('listening', onListening);
			reject(e);
		};
		const onListening = (): void => {
			server.off('error', onError);
			const a = server.address();
			resolve(typeof a === 'object' && a ? a.port : port);
		};
		server.once('error', onError);
		server.once('listening', onListening);
		server.listen(port, HOST);
	});
}

async function startSim(): Promise<Simulator> {
	try {
		return await startSimulator({ port: SIM_PORT });
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
		process.stdout.write(
			`Port ${SIM_PORT} is busy; starting the simulator on a free port instead.\n`,
		);
		return startSimulator({ port: 0 });
	}
}

async function waitFor(
	what: string,
	probe: () => Promise<boolean> | boolean,
	timeoutMs = 20_000,
): Promise<void> {
	const t0 = Date.now();
	while (
		!(await Promise.resolve()
			.then(probe)
			.catch(() => false))
	) {
		if (Date.now() - t0 > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

async function main(): Promise<void> {
	const sim = await startSim();
	const userDir = mkdtempSync(join(tmpdir(), 'partnerhooks-demo-'));
	const app = express();
	const server = createServer(app);
	RED.init(server, {
		userDir,
		flowFile: 'flows.json',
		credentialSecret: 'partnerhooks-demo',
		nodesDir: [REPO_ROOT],
		uiHost: HOST,
		httpAdminRoot: '/',
		httpNodeRoot: '/',
		logging: { console: { level: 'info', metrics: false, audit: false } },
		telemetry: { enabled: false },
		editorTheme: { tours: false },
		uiPort: EDITOR_PORT,
	} as unknown as Parameters<typeof RED.init>[1]);
	// Same order as Node-RED's own CLI, so the demo runs with the admin body parser in front of our route.
	app.use('/', RED.httpAdmin);
	app.use('/', RED.httpNode);

	let port: number;
	try {
		port = await listen(server, EDITOR_PORT);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
		process.stdout.write(
			`Port ${EDITOR_PORT} is busy; starting Node-RED on a free port instead.\n`,
		);
		port = await listen(server, 0);
	}
	const editor = `http://${HOST}:${port}/`;
	await RED.start();

	let stopping = false;
	const stop = async (): Promise<void> => {
		if (stopping) return;
		stopping = true;
		// A Node-RED stop keeps the webhook (a restart must not lose events). The demo's simulator ends with
		// it, so as an explicit demo step the flow is removed first, which makes the trigger delete its webhook.
		process.stdout.write(
			'\nDemo cleanup: removing the demo flow, so its trigger deletes its webhook (a plain Node-RED stop or restart keeps it) ...\n',
		);
		try {
			await fetch(`${editor}flows`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
				body: JSON.stringify([]),
			}).catch(() => undefined);
			await waitFor('the webhook to be deleted', () => sim.webhooks().length === 0, 15_000).catch(
				() => undefined,
			);
			await RED.stop();
		} finally {
			const left = sim.webhooks().length;
			process.stdout.write(
				left === 0
					? 'Webhook deleted. Bye.\n'
					: `Warning: ${left} webhook(s) left in the simulator.\n`,
			);
			server.closeAllConnections();
			server.close();
			await sim.close();
			rmSync(userDir, { recursive: true, force: true });
			process.exit(0);
		}
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());

	const deploy = await fetch(`${editor}flows`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
		body: JSON.stringify(exampleFlow(sim, editor.replace(/\/$/, ''))),
	});
	if (!deploy.ok)
		throw new Error(`Deploying the example flow failed: ${deploy.status} ${await deploy.text()}`);
	await waitFor('the Partnero Trigger to register its webhook', () => sim.webhooks().length === 1);

	const fire = async (why: string): Promise<void> => {
		// One fixed timestamp per sample: if the trigger answered 503 (registered, secret not stored yet), the
		// simulator's later retry carries the same bytes and the trigger drops it as a duplicate.
		const createdAt = laravelNow();
		let attempts = await sim.fire('partner.created', { createdAt });
		for (let i = 0; i < 20 && attempts.some((a) => a.status === 503); i++) {
			await new Promise((r) => setTimeout(r, 250));
			attempts = await sim.fire('partner.created', { createdAt });
		}
		process.stdout.write(
			`Fired a sample partner.created (${why}): Node-RED answered ${attempts.map((a) => a.status ?? a.error).join(', ')}\n`,
		);
	};
	await fire('the trigger is listening');
	// Debug messages go only to editors connected at the time, so each newly opened editor gets a fresh sample.
	server.on('upgrade', (req) => {
		if (!req.url?.startsWith('/comms')) return;
		setTimeout(() => void fire('an editor connected').catch(() => undefined), 2000);
	});

	const simCli =
		sim.url === 'http://127.0.0.1:4010'
			? 'npm run sim --'
			: `PARTNERO_SIM_URL=${sim.url} npm run sim --`;
	process.stdout.write(`
  Node-RED editor:   ${editor}   (open the debug sidebar: the sample partner.created is there)
  Partnero simulator: ${sim.url}   (API ${sim.apiBaseUrl}, key ${sim.apiKey})
  Send more events:  ${simCli} fire partner.created --data '{"name":"Ada","surname":"Lovelace"}'
                     ${simCli} fire customer.created
  Press Ctrl+C to stop (the demo then removes its flow, which deletes the webhook; a Node-RED restart keeps it).

`);
}

main().catch((e: Error) => {
	process.stderr.write(`demo failed: ${e.stack ?? e.message}\n`);
	process.exit(1);
});
