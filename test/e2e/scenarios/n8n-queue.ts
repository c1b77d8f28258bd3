/**
 * n8n 2 in queue mode with the packed package: PostgreSQL and Redis from the distribution, one main process
 * (activation, REST), two `n8n webhook` processes behind a round-robin balancer (the public WEBHOOK_URL) and
 * one `n8n worker`. Activation on the main process registers one webhook per trigger; signed deliveries are
 * verified by whichever webhook process the balancer picks and run once on the worker; the action node runs
 * on the worker; deactivation deletes the webhooks. The Partnero workflow is the shipped queue-mode example
 * (Redis INCR on the delivery key, then If count = 1), the PartnerStack one gets the same two steps: copies
 * that reach both webhook processes at once, and retries through the other process while the originals still
 * run, pass each process's trigger (its dedupe memory is its own) and must stop there, none doubled. A branch
 * with n8n's Remove Duplicates node on the same executions is measured beside it, not asserted (it checks,
 * then records, outside a transaction).
 */
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
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
import { insertExampleDedupe, queueExampleWorkflow } from './n8n-queue-workflows';
import { actionWorkflow, partnerStackTriggerWorkflow, TRIGGER_PATH } from './n8n-workflows';

const EVENTS = ['partner.created', 'customer.created'];
const PS_EVENTS = ['partnership.created', 'customer_created'];
/** Deliveries whose two copies reach both webhook processes at the same moment. */
const SIMULTANEOUS = 50;
/** Originals sent back to back, each retried through the other webhook process while they still run. */
const OVERLAPPING = 40;
/** PartnerStack deliveries whose two copies reach both webhook processes at the same moment. */
const PS_SIMULTANEOUS = 20;
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

			const { queue, proxy, redis } = await startBalancedQueue(ctx, services, {
				engine,
				webhookProcesses: 2,
				workers: 1,
			});
			const { rest } = queue;
			const [wh1, wh2] = queue.webhooks;

			ctx.step(
				"credentials through the main process REST API (Redis: the queue's own); activate a Partnero and a PartnerStack trigger",
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
			// The queue's Redis, as the README suggests: the Redis node runs on the worker, which already reaches it.
			const redisCred = await rest.call<{ id: string; name: string }>('POST', '/credentials', {
				name: 'Queue Redis',
				type: 'redis',
				data: {
					host: redis.host,
					port: redis.port,
					database: 0,
					user: '',
					password: '',
					ssl: false,
				},
			});
			const trigger = queueExampleWorkflow({
				credential: cred,
				redis: redisCred,
				events: EVENTS,
				sinkUrl: `${sink.url}/partnero`,
				extra: RAN_ON,
				compareSinkUrl: `${sink.url}/partnero-rd`,
			});
			const psTrigger = partnerStackTriggerWorkflow({
				credential: psCred,
				events: PS_EVENTS,
				sinkUrl: `${sink.url}/partnerstack`,
			});
			const psReport = (
				psTrigger.workflow.nodes as Array<{ parameters: Record<string, unknown> }>
			)[1];
			psReport.parameters.jsonBody = `={{ JSON.stringify({ ...$('PartnerStack Trigger').item.json, ${RAN_ON} }) }}`;
			insertExampleDedupe(psTrigger.workflow as never, 'PartnerStack Trigger', redisCred);
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
			let template = '';
			for (let i = 0; i < genuine; i++) {
				const a = await sim.fire(EVENTS[i % 2], {
					data: { id: `q-${i}`, key: `q-${i}`, name: `Queue ${i}` },
				});
				checkEqual(
					a.map((x) => x.status),
					[200],
					`Partnero delivery ${i}: answer`,
				);
				if (a[0].event === 'partner.created') template ||= a[0].body;
				// Remove Duplicates creates its Postgres row on its first item; two first items at once collide on
				// the insert and one execution fails in n8n's node. That race is not what this step measures.
				if (i === 0)
					await waitUntil(
						'the first delivery past Remove Duplicates',
						() => reportsAt(sink, '/partnero-rd').length >= 1,
						30_000,
					);
			}
			let psTemplate = '';
			for (let i = 0; i < genuine; i++) {
				const p = await ps.fire(PS_EVENTS[i % 2], {
					data: { key: `qps-${i}`, email: `qps-${i}@example.com` },
				});
				checkEqual(
					p.map((x) => x.status),
					[200],
					`PartnerStack delivery ${i}: answer`,
				);
				psTemplate ||= p[0].body;
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

			checkEqual(
				reportsAt(sink, '/partnero-rd').length,
				genuine,
				'Partnero reports after Remove Duplicates (the comparison branch)',
			);

			// Each process's dedupe memory is its own, so a copy or retry that reaches the other webhook process
			// passes the trigger and starts a second execution; the example's Redis claim (atomic INCR, run on the
			// worker) is what keeps it from the steps after it. Remove Duplicates runs beside it on the same executions.
			const partnero: Measure = {
				webhooks: [wh1, wh2],
				sink,
				rest,
				workflowId: wf.id,
				path: '/partnero',
				comparePath: '/partnero-rd',
				keyOf: (r) => String(r.json?.data?.key),
			};
			const shape = JSON.parse(template) as Record<string, unknown>;
			ctx.step(
				`measure: ${SIMULTANEOUS} deliveries whose two copies reach both webhook processes at the same moment`,
			);
			const together = await simultaneousDuplicates(partnero, SIMULTANEOUS, (key) => {
				const body = JSON.stringify({
					...shape,
					data: { id: key, key, name: `Simultaneous ${key}` },
				});
				return {
					path: hookPath,
					body,
					headers: { Signature: createHmac('sha256', secret).update(body).digest('hex') },
				};
			});
			ctx.step(`measured: ${describe(together, SIMULTANEOUS)}`);
			ctx.step(
				`measure: ${OVERLAPPING} originals back to back, each retried through the other webhook process while they run`,
			);
			const overlapping = await overlappingRetries(
				{ ...partnero, sim, proxy, hookPath },
				OVERLAPPING,
			);
			ctx.step(`measured: ${describe(overlapping, OVERLAPPING)}`);
			const psQuery = ps.webhooks()[0].target.split('?')[1];
			const psShape = JSON.parse(psTemplate) as Record<string, unknown>;
			ctx.step(
				`measure: ${PS_SIMULTANEOUS} PartnerStack deliveries whose two copies reach both webhook processes at once`,
			);
			const psTogether = await simultaneousDuplicates(
				{
					webhooks: [wh1, wh2],
					sink,
					rest,
					workflowId: psWf.id,
					path: '/partnerstack',
					keyOf: (r) => String(r.json?.key),
				},
				PS_SIMULTANEOUS,
				(key) => ({ path: `${psPath}?${psQuery}`, body: JSON.stringify({ ...psShape, key }) }),
			);
			ctx.step(`measured: ${describe(psTogether, PS_SIMULTANEOUS)}`);
			check(
				together.ranTwice === SIMULTANEOUS &&
					overlapping.ranTwice === OVERLAPPING &&
					psTogether.ranTwice === PS_SIMULTANEOUS,
				'copies through the other webhook process did not pass its trigger: nothing was measured',
			);
			checkEqual(together.doubled, 0, 'simultaneous Partnero copies doubled past the Redis claim');
			checkEqual(
				overlapping.doubled,
				0,
				'overlapping Partnero retries doubled past the Redis claim',
			);
			checkEqual(
				psTogether.doubled,
				0,
				'simultaneous PartnerStack copies doubled past the Redis claim',
			);
			ctx.step("the claims sit in the queue's Redis, one count per copy, expiring within 24 h");
			const cli = (...args: string[]): string[] =>
				execFileSync(join(dirname(services.redisServer), 'redis-cli'), [
					'-h',
					redis.host,
					'-p',
					String(redis.port),
					'--raw',
					...args,
				])
					.toString()
					.split('\n')
					.filter(Boolean);
			const claims = cli('--scan', '--pattern', `partnerhooks:${wf.id}:*`);
			checkEqual(claims.length, genuine + SIMULTANEOUS + OVERLAPPING, 'Partnero claims in Redis');
			const counts = cli('MGET', ...claims);
			checkEqual(
				counts.filter((c) => c === '2').length,
				SIMULTANEOUS + OVERLAPPING,
				'claims counted twice (both copies reached the Redis node)',
			);
			checkEqual(
				cli('--scan', '--pattern', `partnerhooks:${psWf.id}:*`).length,
				genuine + PS_SIMULTANEOUS,
				'PartnerStack claims in Redis',
			);
			const ttl = Number(cli('TTL', claims[0])[0]);
			check(ttl > 0 && ttl <= 86_400, `a claim's TTL is ${ttl} s, not within 24 h`);
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
	webhooks: QueueProcess[];
	sink: Sink;
	rest: N8nRest;
	workflowId: string;
	/** Where the workflow reports what passed its dedupe step. */
	path: string;
	/** Where the Remove Duplicates branch reports, if the workflow has one. */
	comparePath?: string;
	keyOf: (r: Sink['requests'][number]) => string;
}

interface Doubles {
	/** Deliveries whose second copy passed the trigger too (two executions). */
	ranTwice: number;
	/** Deliveries that reached the steps after the Redis claim more than once. */
	doubled: number;
	/** The Remove Duplicates branch on the same executions: deliveries it passed twice, and never. */
	compare?: { doubled: number; missing: number };
}

function describe(d: Doubles, count: number): string {
	return (
		`${d.ranTwice} of ${count} ran twice at the trigger; past the Redis claim ${d.doubled} doubled` +
		(d.compare
			? `; past Remove Duplicates ${d.compare.doubled} doubled, ${d.compare.missing} never passed`
			: '')
	);
}

/** The keys of the deliveries reported at a sink path, one per arrival. */
function keysAt(m: Measure, path: string, prefix: string): string[] {
	return reportsAt(m.sink, path)
		.map(m.keyOf)
		.filter((k) => k.startsWith(prefix));
}

/** Waits until every key reached the sink and the worker is idle, then counts executions and sink doubles. */
async function countDoubles(
	m: Measure,
	prefix: string,
	count: number,
	executionsBefore: number,
): Promise<Doubles> {
	const mine = (): string[] => keysAt(m, m.path, prefix);
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
	const result: Doubles = { ranTwice: executions - count, doubled: mine().length - count };
	if (m.comparePath) {
		const passed = keysAt(m, m.comparePath, prefix);
		const distinct = new Set(passed).size;
		result.compare = { doubled: passed.length - distinct, missing: count - distinct };
	}
	return result;
}

/**
 * Both copies of each delivery sent at once, one to each webhook process: both pass their trigger, and the two
 * executions reach the worker together. `copy` builds the request for a key (signed, or with the URL secret).
 */
export async function simultaneousDuplicates(
	m: Measure,
	count: number,
	copy: (key: string) => { path: string; body: string; headers?: Record<string, string> },
): Promise<Doubles> {
	const tag = `s-${randomBytes(4).toString('hex')}-`;
	const before = await m.rest.executionTotal(m.workflowId);
	for (let i = 0; i < count; i++) {
		const c = copy(`${tag}${i}`);
		const answers = await Promise.all(
			m.webhooks.map((w) =>
				http('POST', `${w.base}${c.path}`, {
					raw: c.body,
					headers: { 'content-type': 'application/json', ...c.headers },
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

/**
 * Originals go out through the balancer back to back (the worker runs them 10 at a time); once all are
 * answered, each one's exact bytes and signature go again to the webhook process that did not serve it, as a
 * Partnero retry would when the balancer sends it elsewhere, while the originals' executions still run.
 */
export async function overlappingRetries(
	m: Measure & {
		sim: Awaited<ReturnType<typeof startSimulator>>;
		proxy: RoundRobinProxy;
		hookPath: string;
	},
	count: number,
): Promise<Doubles> {
	const tag = `o-${randomBytes(4).toString('hex')}-`;
	const before = await m.rest.executionTotal(m.workflowId);
	const sent: Array<{ body: string; signature: string; other: QueueProcess }> = [];
	for (let i = 0; i < count; i++) {
		const [a] = await m.sim.fire('partner.created', {
			data: { id: `${tag}${i}`, key: `${tag}${i}`, name: `Overlapping ${i}` },
		});
		check(a.status === 200, `delivery ${i}: answered ${a.status ?? a.error}`);
		const served = m.proxy.records.filter((r) => r.path.startsWith(m.hookPath)).at(-1)!.backend;
		sent.push({ body: a.body, signature: a.signature, other: m.webhooks[1 - served] });
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
	return countDoubles(m, tag, count, before);
}
