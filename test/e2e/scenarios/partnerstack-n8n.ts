/**
 * PartnerStack in a real n8n process with the packed package: credential through REST, activation registers
 * a secret URL (the simulator wants `target_url`, so the fallback runs), flat deliveries start executions
 * whose items are the bodies as sent, refusals without the secret and replays start none, the action node's
 * Create Action and cursor walk run in a real execution, deactivation deletes the webhook, and no key or URL
 * secret reaches the log.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { urlSecretOf } from '../../../core/partnerstack/delivery';
import { startPartnerStackSimulator } from '../../../sim/partnerstack/server';
import { ensureN8n, N8N_VERSION, type N8nInstall } from '../../engines';
import { check, checkEqual, checkNoSecrets, sameSet } from '../lib/check';
import { http, postOnceLive, startSink, waitUntil } from '../lib/net';
import type { Scenario, ScenarioContext } from '../lib/scenario';
import { launchN8n } from '../lib/n8n-engine';
import { httpReport, partnerStackTriggerWorkflow, webhookStarter } from './n8n-workflows';

const PKG = '@partnerhooks/n8n-nodes-partnerhooks';
const EVENTS = ['partnership.created', 'customer_created'];
const OTHER = 'deal.created';

export function partnerStackScenario(version = N8N_VERSION): Scenario {
	let engine: N8nInstall;
	const major = version.split('.')[0];
	return {
		id: major === '2' ? 'ps-n8n' : `ps-n8n${major}`,
		title: `PartnerStack on n8n ${major} (Node 24)`,
		async prepare() {
			engine = await ensureN8n(undefined, version);
			return `n8n ${engine.version} / node ${engine.node.version}`;
		},
		async run(ctx: ScenarioContext) {
			const keys = {
				publicKey: `pk_e2e_${randomBytes(6).toString('hex')}`,
				secretKey: `sk_e2e_${randomBytes(12).toString('hex')}`,
			};
			const sim = await startPartnerStackSimulator({ ...keys, webhookField: 'target_url' });
			ctx.defer(() => sim.close());
			const sink = await startSink();
			ctx.defer(() => sink.close());
			const { base, process: n8n, rest } = await launchN8n(ctx, engine);

			ctx.step('create the PartnerStack credential (baseUrl = simulator) through the REST API');
			const cred = await rest.call<{ id: string; name: string }>('POST', '/credentials', {
				name: 'Simulated PartnerStack',
				type: 'partnerStackApi',
				data: { ...keys, baseUrl: sim.apiBaseUrl, hmacSecret: '' },
			});
			const credentials = { partnerStackApi: { id: cred.id, name: cred.name } };

			ctx.step(
				'import the trigger workflow (PartnerStack Trigger → HTTP Request to the sink) and activate it',
			);
			const { workflow: trigger, webhookId } = partnerStackTriggerWorkflow({
				credential: cred,
				events: EVENTS,
				otherEvents: OTHER,
				sinkUrl: `${sink.url}/sink`,
			});
			const wf = await rest.call<{ id: string; versionId: string }>('POST', '/workflows', trigger);
			await rest.call('POST', `/workflows/${wf.id}/activate`, { versionId: wf.versionId });
			const hookUrl = `${base}/webhook/${webhookId}/webhook`;
			const hooks = await waitUntil(
				'the trigger to register its webhook',
				() => (sim.webhooks().length > 0 ? sim.webhooks() : undefined),
				30_000,
			);
			checkEqual(hooks.length, 1, 'webhooks registered in the simulator');
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

			ctx.step('flat v2 and v1 deliveries start executions whose item is the body as sent');
			let first = '';
			for (const event of ['partnership.created', 'customer_created', OTHER]) {
				const before = sink.requests.length;
				// n8n 2 serves the route a moment before its background activation has stored the URL secret; the
				// trigger answers 503 with Retry-After there, and a sender that honours it (as PartnerStack's retries
				// do) is accepted shortly after.
				let attempts = await sim.fire(event, {
					data: { email: `${event}@example.com`, name: 'Zoë 東京' },
				});
				for (let i = 0; i < 20 && attempts[0]?.status === 503; i++) {
					await new Promise((r) => setTimeout(r, 500));
					attempts = await sim.fire(event, {
						data: { email: `${event}@example.com`, name: 'Zoë 東京' },
					});
				}
				check(
					attempts.length === 1 && attempts[0].status === 200,
					`${event}: n8n answered ${attempts[0]?.status ?? attempts[0]?.error}`,
				);
				await waitUntil(`${event} to reach the sink`, () => sink.requests.length > before, 30_000);
				const { deliveryKey, ...item } = sink.requests[before].json as Record<string, unknown>;
				check(
					typeof deliveryKey === 'string' && deliveryKey !== '',
					`${event}: the item has no deliveryKey`,
				);
				checkEqual(
					item,
					JSON.parse(attempts[0].body),
					`${event} item at the sink (without deliveryKey)`,
				);
				first ||= attempts[0].body;
			}

			ctx.step('without the URL secret: 401 and no execution; a replay starts none');
			await waitUntil(
				'executions to be recorded',
				async () => (await rest.executionCount(wf.id)) >= 3,
				30_000,
			);
			const runs = await rest.executionCount(wf.id);
			for (const url of [hookUrl, `${hookUrl}?ph_secret=guess`]) {
				const res = await http('POST', url, {
					raw: first,
					headers: { 'content-type': 'application/json' },
				});
				checkEqual(res.status, 401, 'answer to a delivery without the right URL secret');
			}
			const replay = await http('POST', hooks[0].target, {
				raw: first,
				headers: { 'content-type': 'application/json' },
			});
			checkEqual(replay.status, 200, 'answer to a replayed delivery');
			await new Promise((r) => setTimeout(r, 1500));
			checkEqual(
				await rest.executionCount(wf.id),
				runs,
				'executions after refused and replayed deliveries',
			);

			ctx.step(
				'the PartnerStack action node: Create Action and a cursor walk over customers, in a real execution',
			);
			sim.seed('customers', 7);
			const path = `e2e-ps-${randomUUID().slice(0, 8)}`;
			const node = (name: string, parameters: Record<string, unknown>, x: number) => ({
				id: randomUUID(),
				name,
				type: `${PKG}.partnerStack`,
				typeVersion: 1,
				position: [x, 300],
				executeOnce: true,
				parameters,
				credentials,
			});
			const action = {
				name: 'partnerhooks e2e: PartnerStack actions',
				active: false,
				settings: { executionOrder: 'v1' },
				nodes: [
					webhookStarter(path),
					node(
						'Create action',
						{
							resource: 'action',
							operation: 'create',
							// A workflow saved with the earlier parameters (customer_key, key, value): sent as the v2 body.
							customer_key: 'acme-co',
							key: 'signup',
							additionalFields: { value: 2 },
						},
						200,
					),
					node(
						'List customers',
						{
							resource: 'customer',
							operation: 'list',
							returnAll: true,
							listOptions: { pageSize: 3 },
						},
						400,
					),
					httpReport(
						'Report to sink',
						`${sink.url}/action`,
						"={{ JSON.stringify({ action: $('Create action').first().json, customers: $('List customers').all().map(i => i.json.key) }) }}",
						[600, 300],
						true,
					),
				],
				connections: {
					Webhook: { main: [[{ node: 'Create action', type: 'main', index: 0 }]] },
					'Create action': { main: [[{ node: 'List customers', type: 'main', index: 0 }]] },
					'List customers': { main: [[{ node: 'Report to sink', type: 'main', index: 0 }]] },
				},
			};
			const before = sink.requests.length;
			const awf = await rest.call<{ id: string; versionId: string }>('POST', '/workflows', action);
			await rest.call('POST', `/workflows/${awf.id}/activate`, { versionId: awf.versionId });
			const run = await postOnceLive('the action webhook to be live', `${base}/webhook/${path}`, {
				go: true,
			});
			check(
				run.status === 200,
				`the action workflow's webhook answered ${run.status}: ${run.text}`,
			);
			await waitUntil(
				'the action workflow to report to the sink',
				() => sink.requests.length > before,
				30_000,
			);
			const got = sink.requests[before].json as {
				action: Record<string, unknown>;
				customers: string[];
			};
			checkEqual(
				[got.action.target_type, got.action.target_key, got.action.type, got.action.value],
				['customer', 'acme-co', 'signup', 2],
				'the created action',
			);
			checkEqual(
				got.customers,
				sim.records('customers').map((c) => c.key),
				'customers listed across cursor pages',
			);
			const pages = sim
				.apiCalls()
				.filter((c) => c.method === 'GET' && c.path === '/api/v2/customers').length;
			checkEqual(pages, 3, 'customer pages requested (7 items, 3 per page)');

			ctx.step('deactivate through REST: the webhook is deleted');
			await rest.call('POST', `/workflows/${wf.id}/deactivate`, {});
			await waitUntil(
				'the webhook to be deleted after deactivation',
				() => sim.webhooks().length === 0,
				20_000,
			);

			const { code, signal } = await n8n.stop();
			check(code === 0 || signal === 'SIGTERM', `n8n exited with code ${code} signal ${signal}`);
			ctx.step('no secret key or URL secret in the n8n log');
			checkNoSecrets(
				n8n.output(),
				{ 'secret key': keys.secretKey, 'URL secret': urlSecret },
				'the n8n log',
			);
		},
	};
}
