import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../../sim/server';
import { ensureNodeRed5, nodeRed4, npmEnv, type NodeRedInstall } from '../../engines';
import { check, checkEqual, checkNoSecrets, sameSet } from '../lib/check';
import { runDeliveryChecks } from '../lib/deliveries';
import { partneroConfigNode, partneroTriggerNode } from '../lib/node-red-flow';
import { freePort, http, startSink, waitUntil } from '../lib/net';
import { npmInstallTarball, REPO_ROOT } from '../lib/pack';
import { startProcess } from '../lib/proc';
import { subdir, type Scenario, type ScenarioContext } from '../lib/scenario';

const EVENTS = ['partner.created', 'customer.created', 'transaction.created'];
const HOOK_PATH = '/partnero/e2e';

/** What a fresh Node-RED writes, plus only what the issue allows to differ: host, ports, folders, secret, telemetry. */
function settingsJs(): string {
	return `module.exports = {
	uiHost: '127.0.0.1',
	flowFile: 'flows.json',
	credentialSecret: 'e2e-credential-secret',
	telemetry: { enabled: false },
	logging: { console: { level: 'info', metrics: false, audit: false } },
};
`;
}

function flow(sim: Simulator, sinkUrl: string, publicUrl: string, withTrigger: boolean): unknown[] {
	const tab = { id: 'e2e-tab', type: 'tab', label: 'partnerhooks e2e' };
	if (!withTrigger) return [tab];
	return [
		tab,
		partneroConfigNode({ id: 'e2e-account', name: 'Simulated Partnero', baseUrl: sim.apiBaseUrl, publicUrl, apiKey: sim.apiKey }),
		partneroTriggerNode({ id: 'e2e-trigger', z: tab.id, account: 'e2e-account', events: EVENTS, path: HOOK_PATH, wires: [['e2e-report']] }),
		{
			id: 'e2e-report',
			type: 'function',
			z: tab.id,
			name: 'report',
			// A fresh msg: only what the trigger emitted reaches the sink, not the function node's own state.
			func: 'return { payload: { topic: msg.topic, payload: msg.payload, partnero: msg.partnero } };',
			outputs: 1,
			x: 350,
			y: 100,
			wires: [['e2e-sink']],
		},
		{
			id: 'e2e-sink',
			type: 'http request',
			z: tab.id,
			name: 'sink',
			method: 'POST',
			ret: 'txt',
			paytoqs: 'ignore',
			url: `${sinkUrl}/sink`,
			tls: '',
			persist: false,
			proxy: '',
			insecureHTTPParser: false,
			authType: '',
			senderr: false,
			headers: [],
			x: 550,
			y: 100,
			wires: [[]],
		},
	];
}

export interface LaunchedNodeRed {
	base: string;
	userDir: string;
	nr: ReturnType<typeof startProcess>;
}

/**
 * Installs the packed package into a fresh user dir the way the palette manager does, starts Node-RED on a
 * free port and checks that our module loaded with the given node types. Shared by every Node-RED scenario.
 */
export async function launchNodeRed(ctx: ScenarioContext, engine: NodeRedInstall, types: string[]): Promise<LaunchedNodeRed> {
	const userDir = subdir(ctx, 'userDir');
	const env = npmEnv(engine.node);

	ctx.step('npm install <tarball> into a fresh user dir (palette-style flags)');
	writeFileSync(
		join(userDir, 'package.json'),
		JSON.stringify({ name: 'node-red-project', description: 'A Node-RED Project', version: '0.0.1', private: true }, null, 2),
	);
	await npmInstallTarball(userDir, ctx.packed.tarball, 'node-red', env);
	const installed = readdirSync(join(userDir, 'node_modules')).filter((n) => !n.startsWith('.'));
	check(!existsSync(join(userDir, 'node_modules', 'n8n-workflow')), 'npm pulled n8n-workflow into the Node-RED user dir');
	checkEqual(installed, [ctx.packed.name], 'packages installed into the Node-RED user dir');
	writeFileSync(join(userDir, 'settings.js'), settingsJs());

	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	ctx.step(`start Node-RED on ${base}`);
	const nr = startProcess(`node-red ${engine.version}`, engine.node.bin, [engine.redJs, '--userDir', userDir, '--port', String(port)], {
		cwd: userDir,
		env: { ...env, NODE_RED_DISABLE_TELEMETRY: '1' },
		logFile: join(ctx.dir, 'node-red.log'),
	});
	ctx.defer(() => nr.stop());
	ctx.attachLog(`node-red ${engine.version} log`, () => nr.output());
	await nr.waitForOutput(/Server now running at/, 60_000);
	await waitUntil('Node-RED admin API', async () => (await http('GET', `${base}/settings`)).status === 200);

	const sets = (await http('GET', `${base}/nodes`, { headers: { Accept: 'application/json' } })).json<Array<{ module: string; types: string[]; err?: string; enabled: boolean }>>();
	const ours = sets.filter((s) => s.module === ctx.packed.name);
	check(ours.length > 0, `Node-RED did not load ${ctx.packed.name}. Loaded modules: ${[...new Set(sets.map((s) => s.module))].join(', ')}`);
	for (const s of ours) check(!s.err, `Node-RED failed to load ${s.types.join(',')}: ${s.err}`);
	const loaded = ours.flatMap((s) => s.types);
	for (const t of types) check(loaded.includes(t), `node type ${t} not registered (got ${loaded.join(', ')})`);
	return { base, userDir, nr };
}

export async function deploy(base: string, nodes: unknown[]): Promise<void> {
	const res = await http('POST', `${base}/flows`, { body: nodes, headers: { 'Node-RED-Deployment-Type': 'full' } });
	check(res.status === 204 || res.status === 200, `POST /flows answered ${res.status}: ${res.text}`);
}

export function nodeRedScenario(id: string, title: string, install: () => Promise<NodeRedInstall>): Scenario {
	let engine: NodeRedInstall;
	return {
		id,
		title,
		async prepare() {
			engine = await install();
			return `node-red ${engine.version} / node ${engine.node.version}`;
		},
		async run(ctx: ScenarioContext) {
			const { base, userDir, nr } = await launchNodeRed(ctx, engine, ['partnero-config', 'partnero-trigger', 'partnero-webhook']);
			const apiKey = `e2e_${randomBytes(12).toString('hex')}`;
			const sim = await startSimulator({ apiKey });
			ctx.defer(() => sim.close());
			const sink = await startSink();
			ctx.defer(() => sink.close());

			ctx.step('deploy config → trigger → function → http request (sink) through the Admin API');
			await deploy(base, flow(sim, sink.url, base, true));
			const hookUrl = `${base}${HOOK_PATH}`;
			const hook = await waitUntil('the trigger to register its webhook', () => (sim.webhooks().length > 0 ? sim.webhooks() : undefined), 20_000);
			checkEqual(hook.length, 1, 'webhooks registered in the simulator');
			checkEqual(hook[0].url, hookUrl, 'registered webhook URL');
			check(sameSet(hook[0].events, EVENTS), `registered events ${JSON.stringify(hook[0].events)} differ from ${JSON.stringify(EVENTS)}`);

			await runDeliveryChecks(ctx, {
				sim,
				sink,
				hookUrl,
				events: EVENTS,
				read: (r) => ({ event: r.json?.topic, data: r.json?.payload }),
			});

			ctx.step('redeploy without the trigger: the webhook is deleted and the route is gone');
			await deploy(base, flow(sim, sink.url, base, false));
			await waitUntil('the webhook to be deleted after redeploy', () => sim.webhooks().length === 0, 20_000);
			await waitUntil('the route to be removed', async () => (await http('POST', hookUrl, { raw: '{}', headers: { 'content-type': 'application/json' } })).status === 404);

			ctx.step('deploy again, then SIGTERM: stopping the runtime leaves 0 webhooks');
			await deploy(base, flow(sim, sink.url, base, true));
			await waitUntil('the webhook to be registered again', () => sim.webhooks().length === 1, 20_000);
			const secret = sim.webhooks()[0].signature;
			const { code, signal } = await nr.stop();
			check(code === 0 || signal === 'SIGTERM', `Node-RED exited with code ${code} signal ${signal}`);
			checkEqual(sim.webhooks().length, 0, 'webhooks left in the simulator after stopping Node-RED');

			ctx.step('no API key or signing secret in the Node-RED log or flow file');
			checkNoSecrets(nr.output(), { 'API key': apiKey, 'webhook signing secret': secret }, 'the Node-RED log');
			checkNoSecrets(readFileSync(join(userDir, 'flows.json'), 'utf8'), { 'API key': apiKey, 'webhook signing secret': secret }, 'flows.json');
		},
	};
}

export const nodeRed4Scenario = (): Scenario => nodeRedScenario('nr4', 'Node-RED 4.1 (Node 20)', async () => nodeRed4(REPO_ROOT));
export const nodeRed5Scenario = (): Scenario => nodeRedScenario('nr5', 'Node-RED 5 (Node 24)', () => ensureNodeRed5());
