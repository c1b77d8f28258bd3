import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../../sim/server';
import { ensureNodeRed5, nodeRed4, type NodeRedInstall } from '../../engines';
import { check, checkEqual, checkNoSecrets, sameSet } from '../lib/check';
import { runDeliveryChecks } from '../lib/deliveries';
import { launchNodeRed, reportToSink } from '../lib/node-red-engine';
import { partneroTriggerFlow } from '../lib/node-red-flow';
import { http, seedCustomer, startSink, untilRouteGone, waitUntil } from '../lib/net';
import { REPO_ROOT } from '../lib/pack';
import type { Scenario, ScenarioContext } from '../lib/scenario';

const EVENTS = ['partner.created', 'customer.created', 'transaction.created'];
const HOOK_PATH = '/partnero/e2e';

function flow(sim: Simulator, sinkUrl: string, publicUrl: string, withTrigger: boolean): unknown[] {
	const z = 'e2e-tab';
	return partneroTriggerFlow({
		tab: { id: z, label: 'partnerhooks e2e' },
		account: { id: 'e2e-account', baseUrl: sim.apiBaseUrl, publicUrl, apiKey: sim.apiKey },
		trigger: { id: 'e2e-trigger', events: EVENTS, path: HOOK_PATH, wires: [['e2e-report']] },
		nodes: [
			...reportToSink({ z, id: 'e2e-report', sinkUrl: `${sinkUrl}/sink` }),
			// The reverse direction: an HTTP call records a sale through the action node.
			{
				id: 'e2e-sale-in',
				type: 'http in',
				z,
				url: '/e2e/sale',
				method: 'post',
				upload: false,
				x: 150,
				y: 200,
				wires: [['e2e-sale']],
			},
			{
				id: 'e2e-sale',
				type: 'partnero-api',
				z,
				account: 'e2e-account',
				resource: 'transaction',
				operation: 'create',
				recordId: '',
				skipExisting: false,
				x: 350,
				y: 200,
				wires: [['e2e-sale-out']],
			},
			{
				id: 'e2e-sale-out',
				type: 'http response',
				z,
				statusCode: '',
				headers: {},
				x: 550,
				y: 200,
				wires: [],
			},
		],
		removed: !withTrigger,
	});
}

function nodeRedScenario(
	id: string,
	title: string,
	install: () => Promise<NodeRedInstall>,
): Scenario {
	let engine: NodeRedInstall;
	return {
		id,
		title,
		async prepare() {
			engine = await install();
			return `node-red ${engine.version} / node ${engine.node.version}`;
		},
		async run(ctx: ScenarioContext) {
			const apiKey = `e2e_${randomBytes(12).toString('hex')}`;
			const sim = await startSimulator({ apiKey });
			ctx.defer(() => sim.close());
			const sink = await startSink();
			ctx.defer(() => sink.close());
			const nr = await launchNodeRed(ctx, engine);

			ctx.step('deploy config → trigger → function → http request (sink) through the Admin API');
			await nr.deploy(flow(sim, sink.url, nr.base, true));
			const hookUrl = `${nr.base}${HOOK_PATH}`;
			const hook = await waitUntil(
				'the trigger to register its webhook',
				() => (sim.webhooks().length > 0 ? sim.webhooks() : undefined),
				20_000,
			);
			checkEqual(hook.length, 1, 'webhooks registered in the simulator');
			checkEqual(hook[0].url, hookUrl, 'registered webhook URL');
			check(
				sameSet(hook[0].events, EVENTS),
				`registered events ${JSON.stringify(hook[0].events)} differ from ${JSON.stringify(EVENTS)}`,
			);

			await runDeliveryChecks(ctx, {
				sim,
				sink,
				hookUrl,
				events: EVENTS,
				read: (r) => ({ event: r.json?.topic, data: r.json?.payload }),
			});

			ctx.step(
				'round trip: partnero-api creates a transaction, the trigger receives transaction.created',
			);
			await seedCustomer(sim.apiBaseUrl, apiKey, 'cust-e2e');
			const before = sink.requests.length;
			const sale = await http('POST', `${nr.base}/e2e/sale`, {
				body: { key: 'e2e-sale-1', customer: 'cust-e2e', amount: 42, action: 'sale' },
			});
			checkEqual(sale.status, 200, `status of the sale flow (${sale.text.slice(0, 200)})`);
			checkEqual(
				sale.json<{ key: string }>().key,
				'e2e-sale-1',
				'transaction returned by partnero-api',
			);
			const report = await waitUntil(
				'transaction.created to reach the sink',
				() => sink.requests.slice(before).find((r) => r.json?.topic === 'transaction.created'),
				20_000,
			);
			checkEqual(
				report.json.payload.key,
				'e2e-sale-1',
				'key of the transaction the trigger received',
			);

			ctx.step('redeploy without the trigger: the webhook is deleted and the route is gone');
			await nr.deploy(flow(sim, sink.url, nr.base, false));
			await waitUntil(
				'the webhook to be deleted after redeploy',
				() => sim.webhooks().length === 0,
				20_000,
			);
			await untilRouteGone('the route to be removed', hookUrl);

			ctx.step(
				'deploy again, then SIGTERM: stopping the runtime keeps the webhook and its secret for the next start',
			);
			await nr.deploy(flow(sim, sink.url, nr.base, true));
			await waitUntil(
				'the webhook to be registered again',
				() => sim.webhooks().length === 1,
				20_000,
			);
			const secret = sim.webhooks()[0].signature;
			const { code, signal } = await nr.process.stop();
			check(
				code === 0 || signal === 'SIGTERM',
				`Node-RED exited with code ${code} signal ${signal}`,
			);
			// Deleted only when the node is removed: Partnero's retries must find it after a restart.
			checkEqual(
				sim.webhooks().map((w) => w.signature === secret),
				[true],
				'webhooks kept after stopping Node-RED (with the same secret)',
			);

			ctx.step('no API key or signing secret in the Node-RED log or flow file');
			checkNoSecrets(
				nr.process.output(),
				{ 'API key': apiKey, 'webhook signing secret': secret },
				'the Node-RED log',
			);
			checkNoSecrets(
				readFileSync(join(nr.userDir, 'flows.json'), 'utf8'),
				{ 'API key': apiKey, 'webhook signing secret': secret },
				'flows.json',
			);
		},
	};
}

export const nodeRed4Scenario = (): Scenario =>
	nodeRedScenario('nr4', 'Node-RED 4.1 (Node 20)', async () => nodeRed4(REPO_ROOT));
export const nodeRed5Scenario = (): Scenario =>
	nodeRedScenario('nr5', 'Node-RED 5 (Node 24)', () => ensureNodeRed5());
