/**
 * PartnerStack in a real Node-RED process with the packed package: registration with a secret URL (the
 * simulator wants `target_url`, so the fallback is exercised), flat deliveries of v1 and v2 events to a sink,
 * refusals without the secret, dedupe, the partnerstack-api node's Create Action, cleanup on redeploy and
 * SIGTERM, and no keys or URL secret in the log or flows.json.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { urlSecretOf } from '../../../core/partnerstack/delivery';
import {
	startPartnerStackSimulator,
	type PartnerStackSimulator,
} from '../../../sim/partnerstack/server';
import { ensureNodeRed5, nodeRed4, type NodeRedInstall } from '../../engines';
import { check, checkEqual, checkNoSecrets, sameSet } from '../lib/check';
import { partnerStackTriggerFlow } from '../lib/node-red-flow';
import { http, startSink, untilRouteGone, waitUntil, type Sink } from '../lib/net';
import { REPO_ROOT } from '../lib/pack';
import type { Scenario, ScenarioContext } from '../lib/scenario';
import { launchNodeRed, postToSink } from '../lib/node-red-engine';

const EVENTS = ['partnership.created', 'customer_created'];
const OTHER = 'deal.created';
const HOOK_PATH = '/partnerstack/e2e';

function flow(
	sim: PartnerStackSimulator,
	sinkUrl: string,
	publicUrl: string,
	withNodes: boolean,
	keys: { publicKey: string; secretKey: string },
): unknown[] {
	const z = 'ps-tab';
	const sinkNode = (id: string, path: string) =>
		postToSink({ z, id, sinkUrl: `${sinkUrl}${path}` });
	return partnerStackTriggerFlow({
		tab: { id: z, label: 'partnerstack e2e' },
		account: { id: 'ps-account', baseUrl: sim.apiBaseUrl, publicUrl, ...keys },
		trigger: {
			id: 'ps-trigger',
			events: EVENTS,
			otherEvents: OTHER,
			path: HOOK_PATH,
			wires: [['ps-report']],
		},
		removed: !withNodes,
		nodes: [
			{
				id: 'ps-report',
				type: 'function',
				z,
				name: 'report',
				func: 'return { payload: { topic: msg.topic, payload: msg.payload } };',
				outputs: 1,
				wires: [['ps-sink']],
			},
			sinkNode('ps-sink', '/sink'),
			{
				id: 'ps-inject',
				type: 'inject',
				z,
				name: 'action',
				props: [
					{
						p: 'payload',
						v: '{"target_type":"customer","target_key":"acme-co","type":"signup","value":2}',
						vt: 'json',
					},
				],
				repeat: '',
				crontab: '',
				once: false,
				onceDelay: 0.1,
				topic: '',
				wires: [['ps-api']],
			},
			{
				id: 'ps-api',
				type: 'partnerstack-api',
				z,
				name: '',
				account: 'ps-account',
				resource: 'action',
				operation: 'create',
				key: '',
				limit: 0,
				wires: [['ps-api-report']],
			},
			{
				id: 'ps-api-report',
				type: 'function',
				z,
				name: 'report',
				func: 'return { payload: { topic: "api", payload: msg.payload } };',
				outputs: 1,
				wires: [['ps-api-sink']],
			},
			sinkNode('ps-api-sink', '/sink'),
		],
	});
}

async function fire(sim: PartnerStackSimulator, sink: Sink, event: string): Promise<string> {
	const before = sink.requests.length;
	const attempts = await sim.fire(event, {
		data: { email: `${event}@example.com`, name: 'Zoë 東京' },
	});
	checkEqual(attempts.length, 1, `delivery attempts for ${event}`);
	check(
		attempts[0].status === 200,
		`${event}: Node-RED answered ${attempts[0].status ?? attempts[0].error}`,
	);
	await waitUntil(`${event} to reach the sink`, () => sink.requests.length > before, 20_000);
	const got = sink.requests[before].json as { topic: string; payload: unknown };
	checkEqual(got.topic, event, 'reported msg.topic');
	checkEqual(
		got.payload,
		JSON.parse(attempts[0].body),
		`${event} payload at the sink (the flat body as sent)`,
	);
	return attempts[0].body;
}

function partnerStackNodeRedScenario(
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
			const launched = await launchNodeRed(ctx, engine);
			const { base, userDir, process: nr } = launched;
			const deploy = (_base: string, nodes: unknown[]) => launched.deploy(nodes);
			const keys = {
				publicKey: `pk_e2e_${randomBytes(6).toString('hex')}`,
				secretKey: `sk_e2e_${randomBytes(12).toString('hex')}`,
			};
			const sim = await startPartnerStackSimulator({ ...keys, webhookField: 'target_url' });
			ctx.defer(() => sim.close());
			const sink = await startSink();
			ctx.defer(() => sink.close());

			ctx.step(
				'deploy config → trigger → function → http request (sink), and inject → partnerstack-api',
			);
			await deploy(base, flow(sim, sink.url, base, true, keys));
			const hooks = await waitUntil(
				'the trigger to register its webhook',
				() => (sim.webhooks().length > 0 ? sim.webhooks() : undefined),
				20_000,
			);
			checkEqual(hooks.length, 1, 'webhooks registered in the simulator');
			const hookUrl = `${base}${HOOK_PATH}`;
			check(
				hooks[0].target.startsWith(`${hookUrl}?ph_secret=`),
				`registered target ${hooks[0].target.split('?')[0]} is not ${hookUrl} with a secret`,
			);
			check(
				hooks[0].target_url !== undefined,
				'the webhook was not created with target_url (the fallback did not run)',
			);
			check(
				sameSet(hooks[0].events, [...EVENTS, OTHER]),
				`registered events ${JSON.stringify(hooks[0].events)}`,
			);
			const urlSecret = urlSecretOf(hooks[0].target) as string;
			check(
				Buffer.from(urlSecret, 'base64url').length >= 16,
				'the URL secret has fewer than 128 bits',
			);

			ctx.step('flat v2 and v1 deliveries reach the sink with msg.topic = event');
			const first = await fire(sim, sink, 'partnership.created');
			await fire(sim, sink, 'customer_created');
			await fire(sim, sink, OTHER);

			ctx.step('without the URL secret: 401 and nothing reaches the sink; a replay is dropped');
			const before = sink.requests.length;
			for (const url of [hookUrl, `${hookUrl}?ph_secret=guess`]) {
				const res = await http('POST', url, {
					raw: first,
					headers: { 'content-type': 'application/json' },
				});
				checkEqual(res.status, 401, `answer to a delivery at ${url.replace(urlSecret, '***')}`);
			}
			const replay = await http('POST', hooks[0].target, {
				raw: first,
				headers: { 'content-type': 'application/json' },
			});
			checkEqual(replay.status, 200, 'answer to a replayed delivery');
			await new Promise((r) => setTimeout(r, 500));
			checkEqual(
				sink.requests.length,
				before,
				'reports at the sink after refused and replayed deliveries',
			);

			ctx.step('partnerstack-api: the inject button logs an action');
			const beforeApi = sink.requests.length;
			checkEqual((await http('POST', `${base}/inject/ps-inject`)).status, 200, 'inject answer');
			await waitUntil(
				'the action result to reach the sink',
				() => sink.requests.length > beforeApi,
				20_000,
			);
			const reported = sink.requests[beforeApi].json as {
				topic: string;
				payload: Record<string, unknown>;
			};
			checkEqual(
				[reported.topic, reported.payload.target_key, reported.payload.type],
				['api', 'acme-co', 'signup'],
				'the created action',
			);
			checkEqual(sim.records('actions').length, 1, 'actions in the simulator');

			ctx.step('redeploy without the nodes: the webhook is deleted and the route is gone');
			await deploy(base, flow(sim, sink.url, base, false, keys));
			await waitUntil(
				'the webhook to be deleted after redeploy',
				() => sim.webhooks().length === 0,
				20_000,
			);
			await untilRouteGone('the route to be removed', hooks[0].target);

			ctx.step(
				'deploy again, then SIGTERM: stopping the runtime keeps the webhook and its URL secret',
			);
			await deploy(base, flow(sim, sink.url, base, true, keys));
			await waitUntil(
				'the webhook to be registered again',
				() => sim.webhooks().length === 1,
				20_000,
			);
			const secondSecret = urlSecretOf(sim.webhooks()[0].target) as string;
			check(secondSecret !== urlSecret, 'a redeploy reused the URL secret');
			const { code, signal } = await nr.stop();
			check(
				code === 0 || signal === 'SIGTERM',
				`Node-RED exited with code ${code} signal ${signal}`,
			);
			// Deleted only when the nodes are removed: PartnerStack's retries must find it after a restart.
			checkEqual(
				sim.webhooks().map((w) => urlSecretOf(w.target) === secondSecret),
				[true],
				'webhooks kept after stopping Node-RED (with the same URL secret)',
			);

			ctx.step('no keys or URL secrets in the Node-RED log or flow file');
			const secrets = {
				'secret key': keys.secretKey,
				'URL secret': urlSecret,
				'second URL secret': secondSecret,
			};
			checkNoSecrets(nr.output(), secrets, 'the Node-RED log');
			checkNoSecrets(
				readFileSync(join(userDir, 'flows.json'), 'utf8'),
				{ ...secrets, 'public key': keys.publicKey },
				'flows.json',
			);
		},
	};
}

export const partnerStackNodeRed4Scenario = (): Scenario =>
	partnerStackNodeRedScenario('ps-nr4', 'PartnerStack on Node-RED 4.1 (Node 20)', async () =>
		nodeRed4(REPO_ROOT),
	);
export const partnerStackNodeRed5Scenario = (): Scenario =>
	partnerStackNodeRedScenario('ps-nr5', 'PartnerStack on Node-RED 5 (Node 24)', () =>
		ensureNodeRed5(),
	);
