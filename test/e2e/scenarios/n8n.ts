import { randomBytes } from 'node:crypto';
import { startSimulator } from '../../../sim/server';
import { ensureN8n, N8N_VERSION, type N8nInstall } from '../../engines';
import { check, checkEqual, checkNoSecrets, sameSet } from '../lib/check';
import { runDeliveryChecks } from '../lib/deliveries';
import { launchN8n } from '../lib/n8n-engine';
import { postOnceLive, seedCustomer, startSink, untilRouteGone, waitUntil } from '../lib/net';
import type { Scenario, ScenarioContext } from '../lib/scenario';
import { actionWorkflow, saleWorkflow, triggerWorkflow, TRIGGER_PATH } from './n8n-workflows';

const EVENTS = ['partner.created', 'customer.created', 'transaction.created'];

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

			const n8n = await launchN8n(ctx, engine);
			const { base, rest } = n8n;

			ctx.step('create the Partnero credential (baseUrl = simulator) through the REST API');
			const cred = await rest.call<{ id: string; name: string }>('POST', '/credentials', {
				name: 'Simulated Partnero',
				type: 'partneroApi',
				data: { apiKey, baseUrl: sim.apiBaseUrl },
			});

			ctx.step(
				'import the trigger workflow (Partnero Trigger → HTTP Request to the sink) and activate it',
			);
			const trigger = triggerWorkflow({
				credential: cred,
				events: EVENTS,
				sinkUrl: `${sink.url}/sink`,
			});
			const wf = await rest.call<{ id: string; versionId: string }>(
				'POST',
				'/workflows',
				trigger.workflow,
			);
			await rest.call('POST', `/workflows/${wf.id}/activate`, { versionId: wf.versionId });
			const hookUrl = `${base}/webhook/${trigger.webhookId}/${TRIGGER_PATH}`;
			const hooks = await waitUntil(
				'the trigger to register its webhook',
				() => (sim.webhooks().length > 0 ? sim.webhooks() : undefined),
				30_000,
			);
			checkEqual(hooks.length, 1, 'webhooks registered in the simulator');
			checkEqual(hooks[0].url, hookUrl, 'registered webhook URL (n8n production URL)');
			check(
				sameSet(hooks[0].events, EVENTS),
				`registered events ${JSON.stringify(hooks[0].events)} differ from ${JSON.stringify(EVENTS)}`,
			);
			const secret = hooks[0].signature;

			await runDeliveryChecks(ctx, {
				sim,
				sink,
				hookUrl,
				events: EVENTS,
				read: (r) => ({ event: r.json?.event, data: r.json?.data }),
				countRuns: () => rest.executionCount(wf.id),
			});

			ctx.step(
				'the action node (Partnero → webhook create, get all, get, delete) in a real execution',
			);
			const before = sink.requests.length;
			const action = actionWorkflow({
				credential: cred,
				sinkUrl: `${sink.url}/action`,
				newWebhookUrl: 'https://example.com/e2e-action',
			});
			const awf = await rest.call<{ id: string; versionId: string }>(
				'POST',
				'/workflows',
				action.workflow,
			);
			await rest.call('POST', `/workflows/${awf.id}/activate`, { versionId: awf.versionId });
			const run = await postOnceLive(
				'the action webhook to be live',
				`${base}/webhook/${action.path}`,
				{
					go: true,
				},
			);
			check(
				run.status === 200,
				`the action workflow's webhook answered ${run.status}: ${run.text}`,
			);
			await waitUntil(
				'the action workflow to report to the sink',
				() => sink.requests.length > before,
				30_000,
			);
			const report = sink.requests[before].json as {
				created: { key: string; url: string };
				listed: string[];
				fetched: { key: string };
				deleted: unknown;
			};
			check(
				report.created?.key,
				`the create operation returned no key: ${JSON.stringify(report.created)}`,
			);
			checkEqual(report.created.url, 'https://example.com/e2e-action', 'created webhook URL');
			check(
				report.listed.includes(report.created.key) && report.listed.includes(hooks[0].key),
				`getAll did not list both webhooks: ${JSON.stringify(report.listed)}`,
			);
			checkEqual(report.fetched.key, report.created.key, 'get returned the created webhook');
			check(
				!sim.webhooks().some((w) => w.key === report.created.key),
				'the delete operation left the created webhook in the simulator',
			);
			const calls = sim.apiCalls().map((c) => `${c.method} ${c.path.split('?')[0]} ${c.status}`);
			for (const want of [
				'POST /v1/webhooks',
				'GET /v1/webhooks',
				`GET /v1/webhooks/${report.created.key}`,
				`DELETE /v1/webhooks/${report.created.key}`,
			]) {
				check(
					calls.some((c) => c.startsWith(want + ' 2')),
					`the simulator saw no successful "${want}" (calls: ${calls.join(', ')})`,
				);
			}

			ctx.step(
				'round trip: the Partnero node creates a transaction, the trigger receives transaction.created',
			);
			await seedCustomer(sim.apiBaseUrl, apiKey, 'cust-e2e');
			const sale = saleWorkflow({ credential: cred });
			const swf = await rest.call<{ id: string; versionId: string }>(
				'POST',
				'/workflows',
				sale.workflow,
			);
			await rest.call('POST', `/workflows/${swf.id}/activate`, { versionId: swf.versionId });
			const reportsBefore = sink.requests.length;
			const sold = await postOnceLive(
				'the sale webhook to be live',
				`${base}/webhook/${sale.path}`,
				{
					key: 'e2e-sale-1',
					customer: 'cust-e2e',
					amount: 42,
				},
			);
			checkEqual(sold.status, 200, `status of the sale workflow (${sold.text.slice(0, 200)})`);
			checkEqual(
				sold.json<{ key: string }>().key,
				'e2e-sale-1',
				'transaction returned by the Partnero node',
			);
			const received = await waitUntil(
				'transaction.created to reach the sink',
				() =>
					sink.requests.slice(reportsBefore).find((r) => r.json?.event === 'transaction.created'),
				30_000,
			);
			checkEqual(
				received.json.data.key,
				'e2e-sale-1',
				'key of the transaction the trigger received',
			);

			ctx.step('deactivate through REST: the webhook is deleted');
			await rest.call('POST', `/workflows/${wf.id}/deactivate`, {});
			await waitUntil(
				'the webhook to be deleted after deactivation',
				() => sim.webhooks().length === 0,
				20_000,
			);
			await untilRouteGone('the production route to be gone', hookUrl);

			const { code, signal } = await n8n.process.stop();
			check(code === 0 || signal === 'SIGTERM', `n8n exited with code ${code} signal ${signal}`);
			ctx.step('no API key or signing secret in the n8n log');
			checkNoSecrets(
				n8n.process.output(),
				{ 'API key': apiKey, 'webhook signing secret': secret },
				'the n8n log',
			);
		},
	};
}
