import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator } from '../../../sim/server';
import { ensureN8n, N8N_VERSION, npmEnv, type N8nInstall } from '../../engines';
import { check, checkEqual, checkNoSecrets, sameSet } from '../lib/check';
import { runDeliveryChecks } from '../lib/deliveries';
import { N8nRest } from '../lib/n8n-rest';
import { freePort, http, startSink, waitUntil } from '../lib/net';
import { npmInstallTarball } from '../lib/pack';
import { startProcess } from '../lib/proc';
import { subdir, type Scenario, type ScenarioContext } from '../lib/scenario';
import { actionWorkflow, triggerWorkflow, TRIGGER_PATH } from './n8n-workflows';

const EVENTS = ['partner.created', 'customer.created', 'transaction.created'];

/** Default n8n apart from ports, folders, and the phone-home features a CI box can't reach. */
export function n8nEnv(engine: N8nInstall, userFolder: string, port: number, brokerPort: number): NodeJS.ProcessEnv {
	return {
		...npmEnv(engine.node),
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		// n8n's documented way to state the URL Partnero must call; without it n8n would advertise localhost.
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	};
}

export interface LaunchedN8n {
	base: string;
	n8n: ReturnType<typeof startProcess>;
	rest: N8nRest;
}

/**
 * Installs the packed package where n8n's community install puts it, starts n8n on free ports and sets up
 * the owner account. Shared by every n8n scenario.
 */
export async function launchN8n(ctx: ScenarioContext, engine: N8nInstall): Promise<LaunchedN8n> {
	const userFolder = subdir(ctx, 'home');
	const nodesDir = subdir(ctx, 'home/.n8n/nodes');
	const env0 = npmEnv(engine.node);

	ctx.step('npm install <tarball> into <user folder>/.n8n/nodes (as n8n\'s community install does)');
	writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	await npmInstallTarball(nodesDir, ctx.packed.tarball, 'n8n', env0);
	check(existsSync(join(nodesDir, 'node_modules', ctx.packed.name, 'package.json')), 'the package is not in .n8n/nodes/node_modules');

	const port = await freePort();
	let brokerPort = await freePort();
	while (brokerPort === port) brokerPort = await freePort();
	const base = `http://127.0.0.1:${port}`;
	ctx.step(`start n8n on ${base} (task broker on ${brokerPort})`);
	const n8n = startProcess(`n8n ${engine.version}`, engine.node.bin, [engine.bin, 'start'], {
		cwd: userFolder,
		env: n8nEnv(engine, userFolder, port, brokerPort),
		logFile: join(ctx.dir, 'n8n.log'),
	});
	ctx.defer(() => n8n.stop());
	ctx.attachLog(`n8n ${engine.version} log`, () => n8n.output());
	await n8n.waitForOutput(/Editor is now accessible/, 120_000);
	await waitUntil('n8n health', async () => (await http('GET', `${base}/healthz`)).status === 200, 30_000);

	const rest = new N8nRest(base);
	await rest.setupOwner();
	return { base, n8n, rest };
}

/** n8n 1.x runs on Node 24 too: its isolated-vm ships prebuilds only for Node 22/24, and Node 20 breaks expressions. */
export function n8nScenario(version = N8N_VERSION): Scenario {
	let engine: N8nInstall;
	const major = version.split('.')[0];
	return {
		id: major === '2' ? 'n8n' : `n8n${major}`,
		title: `n8n ${major} (Node 24)`,
		async prepare() {
			engine = await ensureN8n(undefined, version);
			return `n8n ${engine.version} / node ${engine.node.version}`;
		},
		async run(ctx: ScenarioContext) {
			const apiKey = `e2e_${randomBytes(12).toString('hex')}`;
			const sim = await startSimulator({ apiKey });
			ctx.defer(() => sim.close());
			const sink = await startSink();
			ctx.defer(() => sink.close());
			const { base, n8n, rest } = await launchN8n(ctx, engine);

			ctx.step('create the Partnero credential (baseUrl = simulator) through the REST API');
			const cred = await rest.call<{ id: string; name: string }>('POST', '/credentials', {
				name: 'Simulated Partnero',
				type: 'partneroApi',
				data: { apiKey, baseUrl: sim.apiBaseUrl },
			});

			ctx.step('import the trigger workflow (Partnero Trigger → HTTP Request to the sink) and activate it');
			const trigger = triggerWorkflow({ credential: cred, events: EVENTS, sinkUrl: `${sink.url}/sink` });
			const wf = await rest.call<{ id: string; versionId: string }>('POST', '/workflows', trigger.workflow);
			await rest.call('POST', `/workflows/${wf.id}/activate`, { versionId: wf.versionId });
			const hookUrl = `${base}/webhook/${trigger.webhookId}/${TRIGGER_PATH}`;
			const hooks = await waitUntil('the trigger to register its webhook', () => (sim.webhooks().length > 0 ? sim.webhooks() : undefined), 30_000);
			checkEqual(hooks.length, 1, 'webhooks registered in the simulator');
			checkEqual(hooks[0].url, hookUrl, 'registered webhook URL (n8n production URL)');
			check(sameSet(hooks[0].events, EVENTS), `registered events ${JSON.stringify(hooks[0].events)} differ from ${JSON.stringify(EVENTS)}`);
			const secret = hooks[0].signature;

			await runDeliveryChecks(ctx, {
				sim,
				sink,
				hookUrl,
				events: EVENTS,
				read: (r) => ({ event: r.json?.event, data: r.json?.data }),
				countRuns: () => rest.executionCount(wf.id),
			});

			ctx.step('the action node (Partnero → webhook create, get all, get, delete) in a real execution');
			const before = sink.requests.length;
			const action = actionWorkflow({ credential: cred, sinkUrl: `${sink.url}/action`, newWebhookUrl: 'https://example.com/e2e-action' });
			const awf = await rest.call<{ id: string; versionId: string }>('POST', '/workflows', action.workflow);
			await rest.call('POST', `/workflows/${awf.id}/activate`, { versionId: awf.versionId });
			const run = await waitUntil('the action webhook to be live', async () => {
				const r = await http('POST', `${base}/webhook/${action.path}`, { body: { go: true } });
				return r.status === 404 ? undefined : r;
			}, 20_000);
			check(run.status === 200, `the action workflow's webhook answered ${run.status}: ${run.text}`);
			await waitUntil('the action workflow to report to the sink', () => sink.requests.length > before, 30_000);
			const report = sink.requests[before].json as { created: { key: string; url: string }; listed: string[]; fetched: { key: string }; deleted: unknown };
			check(report.created?.key, `the create operation returned no key: ${JSON.stringify(report.created)}`);
			checkEqual(report.created.url, 'https://example.com/e2e-action', 'created webhook URL');
			check(report.listed.includes(report.created.key) && report.listed.includes(hooks[0].key), `getAll did not list both webhooks: ${JSON.stringify(report.listed)}`);
			checkEqual(report.fetched.key, report.created.key, 'get returned the created webhook');
			check(!sim.webhooks().some((w) => w.key === report.created.key), 'the delete operation left the created webhook in the simulator');
			const calls = sim.apiCalls().map((c) => `${c.method} ${c.path.split('?')[0]} ${c.status}`);
			for (const want of ['POST /v1/webhooks', 'GET /v1/webhooks', `GET /v1/webhooks/${report.created.key}`, `DELETE /v1/webhooks/${report.created.key}`]) {
				check(calls.some((c) => c.startsWith(want + ' 2')), `the simulator saw no successful "${want}" (calls: ${calls.join(', ')})`);
			}

			ctx.step('deactivate through REST: the webhook is deleted');
			await rest.call('POST', `/workflows/${wf.id}/deactivate`, {});
			await waitUntil('the webhook to be deleted after deactivation', () => sim.webhooks().length === 0, 20_000);
			await waitUntil('the production route to be gone', async () => (await http('POST', hookUrl, { raw: '{}', headers: { 'content-type': 'application/json' } })).status === 404);

			const { code, signal } = await n8n.stop();
			check(code === 0 || signal === 'SIGTERM', `n8n exited with code ${code} signal ${signal}`);
			ctx.step('no API key or signing secret in the n8n log');
			checkNoSecrets(n8n.output(), { 'API key': apiKey, 'webhook signing secret': secret }, 'the n8n log');
		},
	};
}
