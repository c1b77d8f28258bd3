import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import {
	ensureN8n,
	ensureQueueServices,
	N8N_VERSION,
	type N8nInstall,
	type QueueServices,
} from '../engines';
import { launchN8n } from '../e2e/lib/n8n-engine';
import { postgresEnv, startPostgres } from '../e2e/lib/queue-services';
import { http, waitUntil } from '../e2e/lib/net';
import type { ScenarioContext } from '../e2e/lib/scenario';
import { triggerWorkflow, TRIGGER_PATH } from '../e2e/scenarios/n8n-workflows';
import {
	rssKbOf,
	startSurroundings,
	untilTriggerReady,
	type LiveTarget,
	type Target,
} from './target';

const SELECTED = ['partner.created', 'customer.created', 'transaction.created'];
const MAX_AGE_SECONDS = 3600;

/** Webhook → Partnero (webhook: Get Many) answering with the items, so the suite can call the action node. */
function actionWorkflow(cred: { id: string; name: string }): {
	workflow: Record<string, unknown>;
	path: string;
} {
	const path = `rel-action-${randomUUID().slice(0, 8)}`;
	return {
		path,
		workflow: {
			name: 'reliability: action node',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: randomUUID(),
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: randomUUID(),
					parameters: {
						httpMethod: 'POST',
						path,
						responseMode: 'lastNode',
						responseData: 'allEntries',
						options: {},
					},
				},
				{
					id: randomUUID(),
					name: 'List webhooks',
					type: '@partnerhooks/n8n-nodes-partnerhooks.partnero',
					typeVersion: 1,
					position: [200, 0],
					parameters: { resource: 'webhook', operation: 'getAll', returnAll: true },
					credentials: { partneroApi: cred },
				},
			],
			connections: { Webhook: { main: [[{ node: 'List webhooks', type: 'main', index: 0 }]] } },
		},
	};
}

/**
 * n8n 2 with the package installed as a community package; Partnero reaches it through the proxy. `respond` sets
 * the trigger's Respond option (default: immediately). `db: 'postgres'` gives the one main process a PostgreSQL of
 * its own (the queue-mode scenario's server) instead of n8n's default SQLite.
 */
export function n8nTarget(
	o: { respond?: 'onReceived' | 'lastNode'; db?: 'sqlite' | 'postgres' } = {},
): Target {
	let engine: N8nInstall;
	let services: QueueServices | undefined;
	return {
		id: 'n8n',
		title: o.db === 'postgres' ? 'n8n 2 (Node 24, PostgreSQL)' : 'n8n 2 (Node 24)',
		async prepare() {
			engine = await ensureN8n(undefined, N8N_VERSION);
			if (o.db !== 'postgres') return `n8n ${engine.version} / node ${engine.node.version}`;
			services = await ensureQueueServices();
			return `n8n ${engine.version} / node ${engine.node.version} / PostgreSQL ${basename(dirname(services.pgBin))}`;
		},
		async start(ctx: ScenarioContext): Promise<LiveTarget> {
			const { apiKey, sim, sink, proxy, api, apiBaseUrl } = await startSurroundings(ctx);
			// Started before n8n, so it is stopped after n8n (cleanups run in reverse).
			const env = services ? postgresEnv(await startPostgres(ctx, services)) : undefined;
			const n8n = await launchN8n(ctx, engine, { webhookUrl: () => `${proxy.url}/`, env });
			proxy.setTarget(n8n.base);
			const { rest } = n8n;

			const cred = await rest.call<{ id: string; name: string }>('POST', '/credentials', {
				name: 'Simulated Partnero',
				type: 'partneroApi',
				data: { apiKey, baseUrl: apiBaseUrl },
			});
			const trigger = triggerWorkflow({
				credential: cred,
				events: SELECTED,
				sinkUrl: `${sink.url}/sink`,
				options: {
					maxAgeSeconds: MAX_AGE_SECONDS,
					...(o.respond ? { respond: o.respond } : {}),
				},
			});
			const wf = await rest.call<{ id: string; versionId: string }>(
				'POST',
				'/workflows',
				trigger.workflow,
			);
			const action = actionWorkflow(cred);
			const awf = await rest.call<{ id: string; versionId: string }>(
				'POST',
				'/workflows',
				action.workflow,
			);
			await rest.call('POST', `/workflows/${awf.id}/activate`, { versionId: awf.versionId });
			const registeredUrl = `${proxy.url}/webhook/${trigger.webhookId}/${TRIGGER_PATH}`;
			let active = false;
			const hookUrl = `${n8n.base}/webhook/${trigger.webhookId}/${TRIGGER_PATH}`;
			const routeStatus = async () =>
				(
					await http('POST', hookUrl, {
						raw: '{}',
						headers: { 'content-type': 'application/json' },
					})
				).status;
			const nodes = trigger.workflow.nodes as Array<{
				name: string;
				position: number[];
				parameters: Record<string, unknown>;
			}>;
			// As the editor publishes a change: save the workflow (a new version), then publish that version.
			const publish = async (change: () => void) => {
				change();
				const saved = await rest.call<{ versionId: string }>(
					'PATCH',
					`/workflows/${wf.id}?forceSave=true`,
					{ nodes, connections: trigger.workflow.connections },
				);
				const res = await rest.raw('POST', `/workflows/${wf.id}/activate`, {
					versionId: saved.versionId,
				});
				if (res.status >= 300)
					throw new Error(`publishing answered ${res.status}: ${res.text.slice(0, 300)}`);
			};
			const hookEvents = () =>
				sim
					.webhooks()
					.find((w) => w.url === registeredUrl)
					?.events.slice()
					.sort()
					.join(',');

			const target: LiveTarget = {
				sim,
				sink,
				proxy,
				api,
				apiKey,
				hookUrl,
				selected: SELECTED,
				unselected: 'partner.updated',
				callsUntilRefused: 20,
				malformedJsonStatus: 422,
				maxAgeSeconds: MAX_AGE_SECONDS,
				// Not atLeastOnce even when answered after the run: at SIGTERM n8n 2.41 itself answered 200 for runs that
				// never reached the sink (2 events in one measured stream; a start failing at shutdown answers 200 with
				// "no data was returned"), so the immediate mode's bound on those (2 per restart) applies.
				hardening: {
					async rotateKey() {
						const rotated = `rel_${randomUUID().replace(/-/g, '')}`;
						// Partnero issues the new key (the old one stops working), the user puts it in the credential.
						sim.setApiKeys([rotated]);
						await rest.call('PATCH', `/credentials/${cred.id}`, {
							name: cred.name,
							type: 'partneroApi',
							data: { apiKey: rotated, baseUrl: apiBaseUrl },
						});
						target.formerApiKeys = [...(target.formerApiKeys ?? []), target.apiKey];
						target.apiKey = rotated;
						await target.restart!();
					},
				},
				secret: () => {
					const hook = sim.webhooks().find((w) => w.url === registeredUrl);
					if (!hook) throw new Error('the trigger has no webhook registered');
					return hook.signature;
				},
				reportedIds: () =>
					sink.requests.filter((r) => r.path === '/sink').map((r) => String(r.json?.data?.id)),
				rssKb: () => rssKbOf(n8n.process.pid, (p) => readFileSync(p, 'utf8')),
				alive: async () =>
					(await http('GET', `${n8n.base}/healthz`).catch(() => ({ status: 0 }))).status === 200,
				ready: (what, timeoutMs) => untilTriggerReady(hookUrl, what, timeoutMs),
				async workflowActive() {
					const w = await rest.call<{ active?: boolean; activeVersionId?: string | null }>(
						'GET',
						`/workflows/${wf.id}`,
					);
					return w.active === true && Boolean(w.activeVersionId);
				},
				async up() {
					// Activation runs the trigger's checkExists/create; a refused registration fails the call.
					const { versionId } = await rest.call<{ versionId: string }>(
						'GET',
						`/workflows/${wf.id}`,
					);
					const res = await rest.raw('POST', `/workflows/${wf.id}/activate`, { versionId });
					if (res.status >= 300)
						throw new Error(`activation answered ${res.status}: ${res.text.slice(0, 300)}`);
					// n8n 2 registers triggers in the background of that call (up to five attempts); a user waits for the
					// toggle to settle, and so does the suite.
					const live = await target.ready('the activation to complete', 45_000).then(
						() => true,
						() => false,
					);
					if (!live) {
						const shown = (await target.userErrors()).pop() ?? 'nothing in the log';
						throw new Error(`the activation did not complete; n8n reported: ${shown}`);
					}
					active = true;
				},
				async down() {
					const res = await rest.raw('POST', `/workflows/${wf.id}/deactivate`, {});
					if (res.status >= 300)
						throw new Error(`deactivation answered ${res.status}: ${res.text.slice(0, 300)}`);
					await waitUntil(
						'the deactivation to complete',
						async () => (await routeStatus()) === 404,
						45_000,
					);
					active = false;
				},
				async restart() {
					const t0 = Date.now();
					const times = await n8n.restart();
					// n8n activates the workflow again in the background of its start.
					await target.ready('the trigger to be active after the restart', 60_000);
					const restart = { ...times, untilTriggerSeconds: (Date.now() - t0) / 1000 };
					target.restarts = [...(target.restarts ?? []), restart];
					process.stdout.write(
						`  n8n restart: stopped in ${times.stopSeconds.toFixed(1)} s (${times.exitedBySigterm ? `ended by itself: ${times.exit}` : 'killed'}), started in ${times.startSeconds.toFixed(1)} s, trigger answering ${restart.untilTriggerSeconds.toFixed(1)} s after SIGTERM\n`,
					);
				},
				async redeploy() {
					// A change beside the trigger: the trigger's own parameters stay as they were.
					await publish(() => {
						const report = nodes.find((n) => n.name !== 'Partnero Trigger')!;
						report.position = [report.position[0], report.position[1] === 300 ? 320 : 300];
					});
					await target.ready('the republished trigger to answer', 60_000);
				},
				async changeEvents() {
					const node = nodes.find((n) => n.name === 'Partnero Trigger')!;
					const events = node.parameters.events as string[];
					// The stream's event stays selected; the last one goes out or comes back in.
					const next = events.length === SELECTED.length ? SELECTED.slice(0, -1) : SELECTED;
					await publish(() => {
						node.parameters = { ...node.parameters, events: next };
					});
					const want = next.slice().sort().join(',');
					await waitUntil(
						'the webhook to carry the new events',
						() => hookEvents() === want,
						60_000,
						100,
					);
					await target.ready('the republished trigger to answer', 60_000);
				},
				// `--respond=onReceived` keeps the stream in the immediate mode, to measure that one.
				answerAfterRun:
					o.respond === undefined
						? async () => {
								const node = nodes.find((n) => n.name === 'Partnero Trigger')!;
								const options = node.parameters.options as Record<string, unknown>;
								// A sender that gives up must reach n8n as a closed connection, as through nginx or directly.
								proxy.forwardHangUps(true);
								const before = sim.webhooks().map((w) => w.key);
								await publish(() => {
									node.parameters = {
										...node.parameters,
										options: { ...options, respond: 'lastNode' },
									};
								});
								// A changed trigger parameter is republished as delete + create: the stream starts on the new webhook.
								await waitUntil(
									'the republished trigger to register its webhook anew',
									() => {
										const now = sim.webhooks();
										return now.length === 1 && !before.includes(now[0].key);
									},
									60_000,
									100,
								);
								await target.ready('the trigger to answer after the run', 60_000);
							}
						: undefined,
				// Deactivation must still delete the webhook (a restart or an unchanged republish must not).
				removals: [{ what: 'deactivating the workflow', run: () => target.down() }],
				expectedUrls: () => (active ? [registeredUrl] : []),
				// n8n 2 retries an activation itself (five attempts, in the background of the REST call), then reports
				// the node's error in its log and pushes it to the open editor; the log is what the suite can read.
				userErrors: async () =>
					n8n.process
						.output()
						.split('\n')
						.filter(
							(line) =>
								/Partnero/.test(line) &&
								!/refused a delivery|Refused \d+ more deliveries/.test(line),
						),
				async listWebhooks() {
					const r = await http('POST', `${n8n.base}/webhook/${action.path}`, {
						body: {},
						timeoutMs: 120_000,
					});
					if (r.status !== 200) {
						// The webhook answers only "Error in workflow"; the node's own message is in the execution, as in the editor.
						const filter = encodeURIComponent(JSON.stringify({ workflowId: awf.id }));
						const last = (
							await rest.call<{ results: Array<{ id: string }> }>(
								'GET',
								`/executions?filter=${filter}&limit=1`,
							)
						).results[0];
						const detail = last
							? JSON.stringify(await rest.call('GET', `/executions/${last.id}`))
							: '';
						const message =
							/(Could not reach[^"\\]*|Partnero [A-Z]+ [^"\\]*)/.exec(detail)?.[1] ??
							r.text.slice(0, 300);
						return { ok: false, error: `${r.status} ${message}` };
					}
					const items = r.json<unknown[]>();
					return { ok: true, count: Array.isArray(items) ? items.length : -1 };
				},
				async texts() {
					const out: Record<string, string> = {
						'n8n log': n8n.process.output(),
						'node output (sink)': sink.requests.map((r) => `${r.path} ${r.body}`).join('\n'),
					};
					for (const id of [wf.id, awf.id])
						out[`workflow ${id} as exported through REST`] = JSON.stringify(
							await rest.call('GET', `/workflows/${id}`),
						);
					for (const id of [wf.id, awf.id]) {
						const filter = encodeURIComponent(JSON.stringify({ workflowId: id }));
						const list = await rest.call<{ results: Array<{ id: string }> }>(
							'GET',
							`/executions?filter=${filter}&limit=25`,
						);
						for (const e of list.results)
							out[`execution ${e.id}`] = JSON.stringify(
								await rest.call('GET', `/executions/${e.id}`),
							);
					}
					return out;
				},
				async stop() {
					await n8n.process.stop();
				},
			};
			await target.up();
			await waitUntil('the trigger to register', () => sim.webhooks().length === 1, 30_000);
			return target;
		},
	};
}
