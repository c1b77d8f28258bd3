import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureNodeRed5, nodeRed4, type NodeRedInstall } from '../engines';
import { settle } from '../../core/settle';
import { http, waitUntil } from '../e2e/lib/net';
import { launchNodeRed, postToSink, reportToSink } from '../e2e/lib/node-red-engine';
import { partneroConfigNode, partneroTriggerNode } from '../e2e/lib/node-red-flow';
import { REPO_ROOT } from '../e2e/lib/pack';
import type { ScenarioContext } from '../e2e/lib/scenario';
import {
	rssKbOf,
	startSurroundings,
	untilTriggerReady,
	type LiveTarget,
	type Target,
} from './target';

// partner.updated: the same-second updates of one record (bad input) are updates.
const SELECTED = ['partner.created', 'customer.created', 'transaction.created', 'partner.updated'];
const TAB = 'rel-tab';

/**
 * Node-RED 4.1 with the packed package: triggers, an action flow behind `http in`, and status/catch reporters.
 * `nr5` is the same on Node-RED 5 (Node 24); run.ts gives it only the lifecycle checks, to keep CI short.
 */
export function nodeRedTarget(version: 4 | 5 = 4): Target {
	let engine: NodeRedInstall;
	return {
		id: `nr${version}`,
		title: version === 4 ? 'Node-RED 4.1 (Node 20)' : 'Node-RED 5 (Node 24)',
		lifecycleOnly: version === 5,
		async prepare() {
			engine = version === 4 ? nodeRed4(REPO_ROOT) : await ensureNodeRed5();
			return `node-red ${engine.version} / node ${engine.node.version}`;
		},
		async start(ctx: ScenarioContext): Promise<LiveTarget> {
			const { apiKey, sim, sink, proxy, api, apiBaseUrl } = await startSurroundings(ctx);
			// A persistent context store, as the README advises: recent delivery keys then survive a restart.
			const nr = await launchNodeRed(ctx, engine, {
				settings: "\n\tcontextStorage: { default: { module: 'localfilesystem' } },",
			});
			proxy.setTarget(nr.base);

			let live = 0;
			/** rel-trigger-0 at another path (changePath), and feeding a flow that never answers (waitingFlow). */
			let moved = false;
			let holding = false;
			const path0 = () => (moved ? '/partnero/rel-0-moved' : '/partnero/rel-0');
			const flows = (n: number, shadows: string[] = []): unknown[] => {
				// Only our nodes: a Status node that also heard the reporting http request nodes would report itself forever.
				const ours = ['rel-action', ...Array.from({ length: n }, (_, i) => `rel-trigger-${i}`)];
				const nodes: unknown[] = [
					{ id: TAB, type: 'tab', label: 'reliability' },
					partneroConfigNode({
						id: 'rel-account',
						name: 'Simulated Partnero',
						baseUrl: apiBaseUrl,
						publicUrl: proxy.url,
						apiKey,
					}),
					// The sink's answer answers Partnero (an HTTP Response node after it): at least once across SIGTERM.
					...reportToSink({
						z: TAB,
						id: 'rel-report',
						sinkUrl: `${sink.url}/sink`,
						y: 100,
						answer: true,
					}),
					// Statuses and errors go to the sink too, so the secret scan covers what a user sees in the editor.
					{
						id: 'rel-status',
						type: 'status',
						z: TAB,
						scope: ours,
						x: 100,
						y: 300,
						wires: [['rel-status-report']],
					},
					{
						id: 'rel-status-report',
						type: 'function',
						z: TAB,
						func: 'return { payload: { status: msg.status } };',
						outputs: 1,
						x: 300,
						y: 300,
						wires: [['rel-status-post']],
					},
					postToSink({
						z: TAB,
						id: 'rel-status-post',
						sinkUrl: `${sink.url}/status`,
						x: 500,
						y: 300,
					}),
					{
						id: 'rel-catch',
						type: 'catch',
						z: TAB,
						scope: ours,
						uncaught: false,
						x: 100,
						y: 400,
						wires: [['rel-catch-report']],
					},
					{
						id: 'rel-catch-report',
						type: 'function',
						z: TAB,
						func: 'return { payload: { error: msg.error, topic: msg.topic, statusCode: msg.statusCode }, req: msg.req, res: msg.res };',
						outputs: 1,
						x: 300,
						y: 400,
						wires: [['rel-catch-post', 'rel-action-fail']],
					},
					postToSink({
						z: TAB,
						id: 'rel-catch-post',
						sinkUrl: `${sink.url}/catch`,
						x: 500,
						y: 400,
					}),
					{
						id: 'rel-action-in',
						type: 'http in',
						z: TAB,
						url: '/rel/action',
						method: 'post',
						upload: false,
						x: 100,
						y: 500,
						wires: [['rel-action']],
					},
					{
						id: 'rel-action',
						type: 'partnero-api',
						z: TAB,
						account: 'rel-account',
						resource: 'webhook',
						operation: 'getAll',
						x: 300,
						y: 500,
						wires: [['rel-action-ok']],
					},
					{
						id: 'rel-action-ok',
						type: 'function',
						z: TAB,
						func: 'msg.payload = { ok: true, count: msg.payload.length }; return msg;',
						outputs: 1,
						x: 500,
						y: 500,
						wires: [['rel-action-out']],
					},
					{
						id: 'rel-action-fail',
						type: 'function',
						z: TAB,
						func: 'if (!msg.res) return null; msg.statusCode = 502; msg.payload = { ok: false, error: msg.payload.error && msg.payload.error.message }; return msg;',
						outputs: 1,
						x: 500,
						y: 560,
						wires: [['rel-action-out']],
					},
					{
						id: 'rel-action-out',
						type: 'http response',
						z: TAB,
						statusCode: '',
						headers: {},
						x: 700,
						y: 500,
						wires: [],
					},
				];
				for (let i = 0; i < n; i++) {
					nodes.push(
						partneroTriggerNode({
							id: `rel-trigger-${i}`,
							z: TAB,
							account: 'rel-account',
							events: SELECTED,
							path: i === 0 ? path0() : `/partnero/rel-${i}`,
							answer: 'flow',
							wires: [[i === 0 && holding ? 'rel-hold' : 'rel-report']],
							y: 100 + i * 40,
						}),
					);
				}
				if (holding) {
					// Reports the record id and drops msg.res: the sender waits until the trigger answers for the flow.
					nodes.push(
						{
							id: 'rel-hold',
							type: 'function',
							z: TAB,
							func: 'return { payload: { id: msg.payload && msg.payload.id } };',
							outputs: 1,
							x: 300,
							y: 620,
							wires: [['rel-hold-post']],
						},
						postToSink({
							z: TAB,
							id: 'rel-hold-post',
							sinkUrl: `${sink.url}/held`,
							x: 500,
							y: 620,
						}),
					);
				}
				shadows.forEach((path, i) => {
					nodes.push(
						partneroTriggerNode({
							id: `rel-shadow-${i}`,
							z: TAB,
							account: 'rel-account',
							events: SELECTED,
							path,
							wires: [['rel-report']],
							y: 700 + i * 40,
						}),
					);
				});
				return nodes;
			};

			const target: LiveTarget = {
				sim,
				sink,
				proxy,
				api,
				apiKey,
				get hookUrl() {
					return `${nr.base}${path0()}`;
				},
				selected: SELECTED,
				unselected: 'partner.deleted',
				atLeastOnce: true,
				callsUntilRefused: 4,
				malformedJsonStatus: 400,
				// The default window: the max-age cases run here too.
				maxAgeSeconds: 24 * 60 * 60,
				hardening: {
					caseVariantUrl: `${nr.base}/PARTNERO/REL-0`,
					boundsBodies: true,
					async shadowPaths(paths) {
						const before = nr.process.output().length;
						await nr.deploy(flows(1, paths));
						const refused = await waitUntil(
							'the shadowing triggers to be refused',
							() => {
								const count =
									nr.process.output().slice(before).split('would shadow the Node-RED editor')
										.length - 1;
								return count >= paths.length ? count : undefined;
							},
							30_000,
						).catch(
							() =>
								nr.process.output().slice(before).split('would shadow the Node-RED editor').length -
								1,
						);
						// The deploy that broke before: the editor posts the flows to /flows again.
						const again = await settle(nr.deploy(flows(1)));
						// Not the webhook list: the webhook is kept across the deploy, so it is listed while the flows
						// are still starting and the trigger's route is not there yet (POST /flows answers 204 before
						// the start; a barrier sent then got 404). The old node is stopped by the 204, so only the
						// restarted trigger answers the probe.
						await target.ready('the trigger to listen again after the deploy', 30_000);
						return { deployedAgain: again.ok, refused };
					},
					async testConnection(baseUrl) {
						return (
							await http('POST', `${nr.base}/partnero/test`, {
								body: { id: 'rel-account', baseUrl },
							})
						).status;
					},
				},
				secret: () => {
					const hook = sim.webhooks().find((w) => w.url === `${proxy.url}${path0()}`);
					if (!hook) throw new Error('the trigger has no webhook registered');
					return hook.signature;
				},
				reportedIds: () =>
					sink.requests.filter((r) => r.path === '/sink').map((r) => String(r.json?.payload?.id)),
				rssKb: () => rssKbOf(nr.process.pid, (p) => readFileSync(p, 'utf8')),
				alive: async () =>
					(await http('GET', `${nr.base}/settings`).catch(() => ({ status: 0 }))).status === 200,
				ready: (what, timeoutMs) => untilTriggerReady(target.hookUrl, what, timeoutMs),
				triggerStatuses: () =>
					sink.requests
						.filter((r) => r.path === '/status' && r.json?.status?.source?.id === 'rel-trigger-0')
						.map((r) => r.json.status as { fill?: string; text?: string }),
				async up(n = 1) {
					live = n;
					await nr.deploy(flows(n));
				},
				async down() {
					live = 0;
					await nr.deploy(flows(0));
				},
				async redeploy() {
					await nr.deploy(flows(live));
				},
				async restart() {
					await nr.restart();
				},
				removals: [
					{ what: 'deleting the node', run: () => nr.deploy(flows(0)) },
					{
						what: 'disabling the node',
						run: () =>
							nr.deploy(
								flows(1).map((n) =>
									(n as { id: string }).id === 'rel-trigger-0' ? { ...(n as object), d: true } : n,
								),
							),
					},
					{
						what: 'disabling the flow',
						run: () =>
							nr.deploy(
								flows(1).map((n) =>
									(n as { id: string }).id === TAB ? { ...(n as object), disabled: true } : n,
								),
							),
					},
				],
				expectedUrls: () =>
					Array.from(
						{ length: live },
						(_, i) => `${proxy.url}${i === 0 ? path0() : `/partnero/rel-${i}`}`,
					),
				async changePath(to) {
					moved = to;
					await nr.deploy(flows(live));
					await target.ready(`the trigger to listen at ${path0()}`, 30_000);
				},
				waitingFlow: {
					async hold(on) {
						holding = on;
						await nr.deploy(flows(live));
						await target.ready('the trigger to listen after rewiring its flow', 30_000);
					},
					heldIds: () =>
						sink.requests.filter((r) => r.path === '/held').map((r) => String(r.json?.id)),
				},
				userErrors: async () => sink.requests.filter((r) => r.path === '/catch').map((r) => r.body),
				async listWebhooks() {
					const r = await http('POST', `${nr.base}/rel/action`, { body: {}, timeoutMs: 120_000 });
					const body = r.json<{ ok: boolean; count?: number; error?: string }>();
					return body.ok
						? { ok: true, count: body.count ?? -1 }
						: { ok: false, error: `${r.status} ${body.error}` };
				},
				async texts() {
					const exported = await http('GET', `${nr.base}/flows`);
					return {
						'Node-RED log': nr.process.output(),
						'flows exported through the Admin API': exported.text,
						'flows.json': readFileSync(join(nr.userDir, 'flows.json'), 'utf8'),
						'flows_cred.json (encrypted)': readFileSync(
							join(nr.userDir, 'flows_cred.json'),
							'utf8',
						),
						'node output, statuses and Catch messages': sink.requests
							.map((r) => `${r.path} ${r.body}`)
							.join('\n'),
					};
				},
				async stop() {
					await nr.process.stop();
				},
			};
			await target.up(1);
			await waitUntil('the trigger to register', () => sim.webhooks().length === 1, 30_000);
			// The webhook exists a moment before the node holds its secret (a create is followed by the list that lets
			// replicas converge); until then deliveries get 503.
			await target.ready('the trigger to hold its signing secret', 30_000);
			return target;
		},
	};
}
