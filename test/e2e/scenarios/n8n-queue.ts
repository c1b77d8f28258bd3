/**
 * n8n 2 in queue mode with the packed package: PostgreSQL and Redis from the distribution, one main process
 * (activation, REST), two `n8n webhook` processes behind a round-robin balancer (the public WEBHOOK_URL) and
 * one `n8n worker`. Activation on the main process registers one webhook per trigger; signed deliveries are
 * verified by whichever webhook process the balancer picks and run once on the worker; the action node runs
 * on the worker; deactivation deletes the webhooks. The Partnero workflow has n8n's Remove Duplicates node
 * after the trigger, as the README tells queue-mode users: retries that reach the other webhook process pass
 * that process's trigger (its dedupe memory is its own) and must stop there; copies arriving at both
 * processes at the same moment are measured, not asserted (that node checks, then records).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { urlSecretOf } from '../../../core/partnerstack/delivery';
import { startSimulator } from '../../../sim/server';
import { startPartnerStackSimulator } from '../../../sim/partnerstack/server';
import {
	ensureN8n,
	ensureQueueServices,
	N8N_VERSION,
	type N8nInstall,
	type QueueServices,
} from '../../engines';
import { check, checkEqual, checkNoSecrets } from '../lib/check';
import { startBalancedQueue, type QueueProcess } from '../lib/n8n-queue';
import { http, postOnceLive, startSink, waitUntil, type Sink } from '../lib/net';
import type { N8nRest } from '../lib/n8n-rest';
import type { RoundRobinProxy } from '../lib/rr-proxy';
import type { Scenario, ScenarioContext } from '../lib/scenario';
import {
	actionWorkflow,
	partnerStackTriggerWorkflow,
	triggerWorkflow,
	TRIGGER_PATH,
} from './n8n-workflows';

const EVENTS = ['partner.created', 'customer.created'];
const PS_EVENTS = ['partnership.created', 'customer_created'];
/**
 * Deliveries each sent twice, once through each webhook process (200 for the README figure; 40 in CI, where
 * the worker runs about 5 executions/s of this workflow and every pair costs three).
 */
const CROSS_DUPLICATES = 40;
/** Deliveries whose two copies reach both webhook processes at the same moment (50 for the README figure). */
const SIMULTANEOUS = 20;
/** Reports at the sink name the process that ran the execution. */
const RAN_ON = 'ranOn: $env.PARTNERHOOKS_PROCESS';

/** The sink reports of one workflow, by path. */
function reportsAt(sink: Sink, path: string) {
	return sink.requests.filter((r) => r.path === path);
}

/** Which webhook processes the balancer used for a path prefix. */
function backendsFor(proxy: RoundRobinProxy, prefix: string): Set<number> {
	return new Set(
		proxy.records
			.filter((r) => r.path.startsWith(prefix) && r.status === 200)
			.map((r) => r.backend),
	);
}

export function n8nQueueScenario(): Scenario {
	let engine: N8nInstall;
	let services: QueueServices;
	return {
		id: 'n8n-queue',
		title: 'n8n 2 queue mode (Postgres, Redis, 2 webhook processes, 1 worker)',
		async prepare() {
			[engine, services] = await Promise.all([
				ensureN8n(undefined, N8N_VERSION),
				ensureQueueServices(),
			]);
			return `n8n ${engine.version} / node ${engine.node.version}`;
		},
		async run(ctx: ScenarioContext) {
			const apiKey = `e2e_${randomBytes(12).toString('hex')}`;
			const sim = await startSimulator({ apiKey });
			ctx.defer(() => sim.close());
			const psKeys = {
				publicKey: `pk_e2e_${randomBytes(6).toString('hex')}`,
				secretKey: `sk_e2e_${randomBytes(12).toString('hex')}`,
			};
			const ps = await startPartnerStackSimulator(psKeys);
			ctx.defer(() => ps.close());
			const sink = await startSink();
			ctx.defer(() => sink.close());

			const { queue, proxy } = await startBalancedQueue(ctx, services, {
				engine,
				webhookProcesses: 2,
				workers: 1,
			});
			const { rest } = queue;
			const [wh1, wh2] = queue.webhooks;

			ctx.step(
				'credentials through the main process REST API; activate a Partnero and a PartnerStack trigger',
			);
			const cred = await rest.call<{ id: string; name: string }>('POST', '/credentials', {
				name: 'Simulated Partnero',
				type: 'partneroApi',
				data: { apiKey, baseUrl: sim.apiBaseUrl },
			});
			const psCred = await rest.call<{ id: string; name: string }>('POST', '/credentials', {
				name: 'Simulated PartnerStack',
				type: 'partnerStackApi',
				data: { ...psKeys, baseUrl: ps.apiBaseUrl, hmacSecret: '' },
			});
			const trigger = triggerWorkflow({
				credential: cred,
				events: EVENTS,
				sinkUrl: `${sink.url}/partnero`,
				dedupe: true,
			});
			const report = (trigger.workflow.nodes as Array<{ parameters: Record<string, unknown> }>)[1];
			report.parameters.jsonBody = `={{ JSON.stringify({ ...$json, ${RAN_ON} }) }}`;
			const psTrigger = partnerStackTriggerWorkflow({
				credential: psCred,
				events: PS_EVENTS,
				sinkUrl: `${sink.url}/partnerstack`,
			});
			const psReport = (
				psTrigger.workflow.nodes as Array<{ parameters: Record<string, unknown> }>
			)[1];
			psReport.parameters.jsonBody = `={{ JSON.stringify({ body: $json, ${RAN_ON} }) }}`;
			const wf = await rest.call<{ id: string; versionId: string }>(
				'POST',
				'/workflows',
				trigger.workflow,
			);
			const psWf = await rest.call<{ id: string; versionId: string }>(
				'POST',
				'/workflows',
				psTrigger.workflow,
			);
			await rest.call('POST', `/workflows/${wf.id}/activate`, { versionId: wf.versionId });
			await rest.call('POST', `/workflows/${psWf.id}/activate`, { versionId: psWf.versionId });

			const hookPath = `/webhook/${trigger.webhookId}/${TRIGGER_PATH}`;
			const psPath = `/webhook/${psTrigger.webhookId}/webhook`;
			await waitUntil(
				'both triggers to register their webhooks',
				() => sim.webhooks().length > 0 && ps.webhooks().length > 0,
				30_000,
			);
			checkEqual(sim.webhooks().length, 1, 'webhooks at Partnero');
			checkEqual(ps.webhooks().length, 1, 'webhooks at PartnerStack');
			checkEqual(
				sim.webhooks()[0].url,
				`${proxy.url}${hookPath}`,
				'registered Partnero URL (the balancer)',
			);
			check(
				ps.webhooks()[0].target.startsWith(`${proxy.url}${psPath}?`),
				`registered PartnerStack target ${ps.webhooks()[0].target.split('?')[0]} is not behind the balancer`,
			);
			const secret = sim.webhooks()[0].signature;
			const urlSecret = urlSecretOf(ps.webhooks()[0].target) as string;

			ctx.step('bad signatures get 401 from each webhook process (and a missing URL secret too)');
			for (const w of queue.webhooks) {
				// The webhook processes read the activation's static data from the database; wait until they see it.
				await waitUntil(
					`${w.name} to verify signatures`,
					async () =>
						(
							await http('POST', `${w.base}${hookPath}`, {
								raw: '{}',
								headers: { 'content-type': 'application/json', Signature: 'f'.repeat(64) },
							})
						).status === 401,
					30_000,
				);
				const body = JSON.stringify({ event: 'partner.created', data: { id: 'forged' } });
				for (const sig of ['0'.repeat(64), undefined]) {
					const res = await http('POST', `${w.base}${hookPath}`, {
						raw: body,
						headers: { 'content-type': 'application/json', ...(sig ? { Signature: sig } : {}) },
					});
					checkEqual(
						res.status,
						401,
						`${w.name}: status for a ${sig ? 'wrong' : 'missing'} signature`,
					);
				}
				const noSecret = await http('POST', `${w.base}${psPath}`, {
					raw: JSON.stringify({ event: 'customer_created', key: 'x' }),
					headers: { 'content-type': 'application/json' },
				});
				checkEqual(
					noSecret.status,
					401,
					`${w.name}: status for a PartnerStack delivery without the URL secret`,
				);
			}

			ctx.step(
				'signed deliveries through the balancer: both webhook processes verify, the worker runs each once',
			);
			const genuine = 12;
			for (let i = 0; i < genuine; i++) {
				const a = await sim.fire(EVENTS[i % 2], {
					data: { id: `q-${i}`, key: `q-${i}`, name: `Queue ${i}` },
				});
				checkEqual(
					a.map((x) => x.status),
					[200],
					`Partnero delivery ${i}: answer`,
				);
			}
			for (let i = 0; i < genuine; i++) {
				const p = await ps.fire(PS_EVENTS[i % 2], {
					data: { key: `qps-${i}`, email: `qps-${i}@example.com` },
				});
				checkEqual(
					p.map((x) => x.status),
					[200],
					`PartnerStack delivery ${i}: answer`,
				);
			}
			checkEqual(
				[...backendsFor(proxy, hookPath)].sort(),
				[0, 1],
				'webhook processes that served Partnero deliveries',
			);
			checkEqual(
				[...backendsFor(proxy, psPath)].sort(),
				[0, 1],
				'webhook processes that served PartnerStack deliveries',
			);
			await waitUntil(
				'every delivery to reach the sink',
				() =>
					reportsAt(sink, '/partnero').length >= genuine &&
					reportsAt(sink, '/partnerstack').length >= genuine,
				60_000,
			);
			await waitUntil(
				'the executions to be recorded',
				async () =>
					(await rest.executionCount(wf.id)) >= genuine &&
					(await rest.executionCount(psWf.id)) >= genuine,
				30_000,
			);
			const ranOn = new Set(
				[...reportsAt(sink, '/partnero'), ...reportsAt(sink, '/partnerstack')].map(
					(r) => r.json?.ranOn,
				),
			);
			checkEqual([...ranOn], ['worker-1'], 'processes that ran the executions');
			checkEqual(
				new Set(reportsAt(sink, '/partnero').map((r) => r.json?.data?.key)).size,
				genuine,
				'distinct Partnero deliveries at the sink',
			);
			checkEqual(reportsAt(sink, '/partnero').length, genuine, 'Partnero reports at the sink');
			checkEqual(
				reportsAt(sink, '/partnerstack').length,
				genuine,
				'PartnerStack reports at the sink',
			);
			checkEqual(await rest.executionCount(wf.id), genuine, 'Partnero trigger executions');
			checkEqual(await rest.executionCount(psWf.id), genuine, 'PartnerStack trigger executions');

			// Each process's dedupe memory is its own, so a retry that the balancer sends to the other webhook process
			// passes the trigger and starts a second execution; the Remove Duplicates node after the trigger (keys in
			// PostgreSQL, run on the worker) is what keeps it from reaching the steps after it.
			ctx.step(
				`measure: ${CROSS_DUPLICATES} deliveries, each sent again seconds later through the other webhook process`,
			);
			const seq = await crossProcessDuplicates(
				{ sim, proxy, webhooks: [wh1, wh2], hookPath, sink, rest, workflowId: wf.id },
				CROSS_DUPLICATES,
			);
			ctx.step(
				`measured: ${seq.ranTwice} of ${CROSS_DUPLICATES} ran twice at the trigger, ${seq.doubled} reached the sink twice`,
			);
			ctx.step(
				`measure: ${SIMULTANEOUS} deliveries whose two copies reach both webhook processes at the same moment`,
			);
			const sim2 = await simultaneousDuplicates(
				{
					proxy,
					webhooks: [wh1, wh2],
					hookPath,
					sink,
					rest,
					workflowId: wf.id,
					secret,
					template: seq.sample,
				},
				SIMULTANEOUS,
			);
			ctx.step(
				`measured: ${sim2.ranTwice} of ${SIMULTANEOUS} ran twice at the trigger, ${sim2.doubled} reached the sink twice`,
			);
			checkEqual(
				seq.ranTwice,
				CROSS_DUPLICATES,
				'retries through the other webhook process that passed its trigger (per-process memory)',
			);
			checkEqual(
				seq.doubled,
				0,
				'retries through the other webhook process that reached the sink again after Remove Duplicates',
			);
			ctx.step('a duplicate through the same webhook process is still dropped');
			const [again] = await sim.fire('partner.created', {
				data: { id: 'same-proc', key: 'same-proc' },
			});
			const served =
				queue.webhooks[proxy.records.filter((r) => r.path.startsWith(hookPath)).at(-1)!.backend];
			const dup = await http('POST', `${served.base}${hookPath}`, {
				raw: again.body,
				headers: { 'content-type': 'application/json', Signature: again.signature },
			});
			checkEqual(
				dup.json<{ duplicate?: boolean }>().duplicate,
				true,
				'answer to a duplicate through the process that served the original',
			);

			ctx.step(
				'the Partnero action node in a worker execution (Webhook node through the balancer)',
			);
			const before = reportsAt(sink, '/action').length;
			const action = actionWorkflow({
				credential: cred,
				sinkUrl: `${sink.url}/action`,
				newWebhookUrl: 'https://example.com/e2e-queue-action',
			});
			const last = (action.workflow.nodes as Array<{ parameters: Record<string, string> }>).at(-1)!;
			last.parameters.jsonBody = last.parameters.jsonBody.replace(
				'deleted: $json })',
				`deleted: $json, ${RAN_ON} })`,
			);
			const awf = await rest.call<{ id: string; versionId: string }>(
				'POST',
				'/workflows',
				action.workflow,
			);
			await rest.call('POST', `/workflows/${awf.id}/activate`, { versionId: awf.versionId });
			const run = await postOnceLive(
				'the action webhook to be live on the webhook processes',
				`${proxy.url}/webhook/${action.path}`,
				{ go: true },
				30_000,
			);
			checkEqual(
				run.status,
				200,
				`the action workflow's webhook answer (${run.text.slice(0, 200)})`,
			);
			await waitUntil(
				'the action workflow to report to the sink',
				() => reportsAt(sink, '/action').length > before,
				60_000,
			);
			const got = reportsAt(sink, '/action')[before].json as {
				created: { key: string; url: string };
				listed: string[];
				ranOn: string;
			};
			checkEqual(got.ranOn, 'worker-1', 'process that ran the action node');
			checkEqual(
				got.created?.url,
				'https://example.com/e2e-queue-action',
				'webhook created by the action node',
			);
			check(
				got.listed.includes(got.created.key),
				`getAll did not list the created webhook: ${JSON.stringify(got.listed)}`,
			);
			checkEqual(
				sim.webhooks().length,
				1,
				'webhooks at Partnero after the action node deleted its own',
			);

			ctx.step('deactivate both triggers on the main process: both webhooks are deleted');
			await rest.call('POST', `/workflows/${wf.id}/deactivate`, {});
			await rest.call('POST', `/workflows/${psWf.id}/deactivate`, {});
			await waitUntil(
				'the webhooks to be deleted',
				() => sim.webhooks().length === 0 && ps.webhooks().length === 0,
				30_000,
			);
			await waitUntil(
				'the production routes to be gone from both webhook processes',
				async () => {
					for (const w of queue.webhooks)
						if (
							(
								await http('POST', `${w.base}${hookPath}`, {
									raw: '{}',
									headers: { 'content-type': 'application/json' },
								})
							).status !== 404
						)
							return false;
					return true;
				},
				30_000,
			);

			const procs: QueueProcess[] = [queue.main, ...queue.webhooks, ...queue.workers];
			for (const p of procs) await p.process.stop();
			ctx.step('no API key, signing secret or URL secret in any n8n log');
			for (const p of procs) {
				checkNoSecrets(
					p.process.output(),
					{
						'API key': apiKey,
						'webhook signing secret': secret,
						'PartnerStack secret key': psKeys.secretKey,
						'URL secret': urlSecret,
					},
					`the ${p.name} log`,
				);
			}
		},
	};
}

/** Executions of doubled deliveries queue behind the originals: wait until the worker has drained them. */
async function quiet(sink: Sink, stillMs = 4000): Promise<void> {
	let last = -1;
	let since = Date.now();
	await waitUntil(
		'the worker to drain its queue',
		() => {
			if (sink.requests.length !== last) {
				last = sink.requests.length;
				since = Date.now();
			}
			return Date.now() - since >= stillMs;
		},
		180_000,
		250,
	);
}

interface Measure {
	proxy: RoundRobinProxy;
	webhooks: QueueProcess[];
	hookPath: string;
	sink: Sink;
	rest: N8nRest;
	workflowId: string;
}

interface Doubles {
	/** Deliveries whose second copy passed the trigger too (two executions). */
	ranTwice: number;
	/** Deliveries that reached the sink, after Remove Duplicates, more than once. */
	doubled: number;
}

/** The record keys of the Partnero deliveries that reached the sink, one per arrival. */
function keysAtSink(sink: Sink, prefix: string): string[] {
	return reportsAt(sink, '/partnero')
		.map((r) => String(r.json?.data?.key))
		.filter((k) => k.startsWith(prefix));
}

/** Waits until every key reached the sink and the worker is idle, then counts executions and sink doubles. */
async function countDoubles(
	m: Measure,
	prefix: string,
	count: number,
	executionsBefore: number,
): Promise<Doubles> {
	const mine = (): string[] => keysAtSink(m.sink, prefix);
	await waitUntil(
		'the first copies to reach the sink',
		() => new Set(mine()).size >= count,
		120_000,
	);
	await quiet(m.sink);
	const executions = await waitUntil(
		'the executions to be recorded',
		async () => {
			const n = (await m.rest.executionTotal(m.workflowId)) - executionsBefore;
			await new Promise((r) => setTimeout(r, 1000));
			return n === (await m.rest.executionTotal(m.workflowId)) - executionsBefore ? n : undefined;
		},
		60_000,
	);
	checkEqual(new Set(mine()).size, count, `distinct ${prefix}* deliveries at the sink`);
	return { ranTwice: executions - count, doubled: mine().length - count };
}

/**
 * Each delivery goes out through the balancer, then its exact bytes and signature go again to the webhook
 * process that did not serve it, as a Partnero retry would when the balancer sends it elsewhere. Originals go
 * one at a time, each after the previous one ran; the retries follow, seconds after their originals' executions.
 */
export async function crossProcessDuplicates(
	m: Measure & { sim: Awaited<ReturnType<typeof startSimulator>> },
	count: number,
): Promise<Doubles & { sample: string }> {
	const tag = `x-${randomBytes(4).toString('hex')}-`;
	const before = await m.rest.executionTotal(m.workflowId);
	const sent: Array<{ body: string; signature: string; other: QueueProcess }> = [];
	for (let i = 0; i < count; i++) {
		const [a] = await m.sim.fire('partner.created', {
			data: { id: `${tag}${i}`, key: `${tag}${i}`, name: `Cross ${i}` },
		});
		check(a.status === 200, `delivery ${i}: answered ${a.status ?? a.error}`);
		const served = m.proxy.records.filter((r) => r.path.startsWith(m.hookPath)).at(-1)!.backend;
		sent.push({ body: a.body, signature: a.signature, other: m.webhooks[1 - served] });
		// One original at a time, each run before the next is sent: Remove Duplicates reads and rewrites the whole
		// key list, so executions that overlap can overwrite each other's records (measured apart, see README).
		await waitUntil(
			`original ${i} to reach the sink`,
			() => keysAtSink(m.sink, `${tag}${i}`).some((k) => k === `${tag}${i}`),
			60_000,
		);
	}
	for (const s of sent) {
		const res = await http('POST', `${s.other.base}${m.hookPath}`, {
			raw: s.body,
			headers: { 'content-type': 'application/json', Signature: s.signature },
		});
		check(
			res.status === 200,
			`a retry through ${s.other.name} answered ${res.status}: ${res.text.slice(0, 200)}`,
		);
	}
	return { ...(await countDoubles(m, tag, count, before)), sample: sent[0].body };
}

/**
 * Both copies of a delivery sent at once, one to each webhook process: both pass their trigger, and the two
 * executions reach the worker together, where Remove Duplicates checks and then records (not one atomic step).
 * The bodies are signed here with the webhook's secret, from the shape of one the simulator sent.
 */
export async function simultaneousDuplicates(
	m: Measure & { secret: string; template: string },
	count: number,
): Promise<Doubles> {
	const tag = `s-${randomBytes(4).toString('hex')}-`;
	const before = await m.rest.executionTotal(m.workflowId);
	const shape = JSON.parse(m.template) as Record<string, unknown>;
	for (let i = 0; i < count; i++) {
		const body = JSON.stringify({
			...shape,
			data: { id: `${tag}${i}`, key: `${tag}${i}`, name: `Simultaneous ${i}` },
		});
		const signature = createHmac('sha256', m.secret).update(body).digest('hex');
		const answers = await Promise.all(
			m.webhooks.map((w) =>
				http('POST', `${w.base}${m.hookPath}`, {
					raw: body,
					headers: { 'content-type': 'application/json', Signature: signature },
				}),
			),
		);
		check(
			answers.every((a) => a.status === 200),
			`simultaneous copies of ${i} answered ${answers.map((a) => a.status).join(', ')}`,
		);
	}
	return countDoubles(m, tag, count, before);
}
