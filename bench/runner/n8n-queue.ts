import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../sim/server';
import {
	ensureN8n,
	ensureQueueServices,
	N8N_VERSION,
	type QueueServices,
} from '../../test/engines';
import { startBalancedQueue, type QueueProcess } from '../../test/e2e/lib/n8n-queue';
import { http, waitUntil } from '../../test/e2e/lib/net';
import type { Postgres } from '../../test/e2e/lib/queue-services';
import type { ScenarioContext } from '../../test/e2e/lib/scenario';
import { TRIGGER_PATH } from '../../test/e2e/scenarios/n8n-workflows';
import { deliveryStream } from './bodies';
import { fmt } from './context';
import { inRotation, load, medianRound, SHAPE, type LoadResult } from './load';
import { oursWorkflow } from './n8n';

/**
 * n8n in queue mode, started by the e2e suite's own launcher (PostgreSQL, Redis, main, two `n8n webhook`
 * processes behind the round-robin balancer, one worker): signed deliveries through the balancer with one
 * webhook process in the rotation and with both, then how long the worker takes to finish what they queued.
 */

const { bodyBytes: BODY_BYTES, warmSeconds: WARM_SECONDS, runSeconds: RUN_SECONDS } = SHAPE;
/**
 * Fewer than the other sections' 50: at 50 the webhook processes queue every request behind n8n's default
 * PostgreSQL pool of 2 connections, n8n's 5 s database ping times out, and they answer 503 "Database is not
 * ready!" to nearly everything (seen in the first run of this section on this machine).
 */
const CONNECTIONS = 10;
const ROUNDS = 2;
const WORKER_CONCURRENCY = 10;
const DRAIN_TIMEOUT_MS = 300_000;

interface Side {
	id: 'one' | 'two';
	label: string;
	processes: number;
}

interface Run {
	load: LoadResult;
	/** Seconds from the end of the load to the last execution finishing. */
	drainSeconds: number;
	/** Per execution, ms from its creation (the webhook process answers right after) to its end on the worker. */
	lagP50: number;
	lagP99: number;
	lagMax: number;
	/** Executions the worker finished per second, from the first one created to the last one finished. */
	workerRate: number;
	/** Share of the machine's CPU time in use during the load, and per n8n process (in cores). */
	machineBusy: number;
	cores: Record<string, number>;
	load1: number;
}

function sql(pg: Postgres, services: QueueServices, query: string): string {
	return execFileSync(
		join(services.pgBin, 'psql'),
		[
			'-h',
			pg.host,
			'-p',
			String(pg.port),
			'-U',
			pg.user,
			'-d',
			pg.database,
			'-At',
			'-F',
			' ',
			'-c',
			query,
		],
		{ env: { ...process.env, PGCONNECT_TIMEOUT: '10' } },
	)
		.toString()
		.trim();
}

/** CPU ticks (user + system) of every process in a process group: n8n and the task runner it starts. */
function groupTicks(pgid: number): number {
	let ticks = 0;
	for (const d of readdirSync('/proc')) {
		if (!/^\d+$/.test(d)) continue;
		try {
			// The command name can hold spaces and parentheses; the fields after its closing parenthesis cannot.
			const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
			const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
		} catch {
			// The process ended between listing and reading.
		}
	}
	return ticks;
}

function machineTicks(): { busy: number; total: number } {
	const f = readFileSync('/proc/stat', 'utf8')
		.split('\n')[0]
		.trim()
		.split(/\s+/)
		.slice(1)
		.map(Number);
	const idle = f[3] + f[4];
	const total = f.reduce((a, b) => a + b, 0);
	return { busy: total - idle, total };
}

export async function n8nQueueBench(ctx: ScenarioContext): Promise<{ lines: string[] }> {
	const sectionStart = Date.now();
	const [engine, services] = await Promise.all([
		ensureN8n(undefined, N8N_VERSION),
		ensureQueueServices(),
	]);
	const apiKey = `bench_${randomBytes(16).toString('hex')}`;
	const sim = await startSimulator({ apiKey });
	ctx.defer(() => sim.close());
	const { queue, proxy, pg } = await startBalancedQueue(ctx, services, {
		engine,
		webhookProcesses: 2,
		workers: 1,
		workerConcurrency: WORKER_CONCURRENCY,
	});
	const procs: QueueProcess[] = [queue.main, ...queue.webhooks, ...queue.workers];

	const cred = await queue.rest.call<{ id: string; name: string }>('POST', '/credentials', {
		name: 'Simulated Partnero',
		type: 'partneroApi',
		data: { apiKey, baseUrl: sim.apiBaseUrl },
	});
	const webhookId = randomUUID();
	const wf = await queue.rest.call<{ id: string; versionId: string }>(
		'POST',
		'/workflows',
		oursWorkflow(cred, webhookId, 'bench: queue mode'),
	);
	await queue.rest.call('POST', `/workflows/${wf.id}/activate`, { versionId: wf.versionId });
	const url = `${proxy.url}/webhook/${webhookId}/${TRIGGER_PATH}`;
	const secret = await waitUntil(
		'the registration',
		() => sim.webhooks().find((w) => w.url === url)?.signature,
		60_000,
	);
	for (const w of queue.webhooks) {
		const next = deliveryStream(secret, BODY_BYTES, `probe-${w.name}`);
		await waitUntil(
			`${w.name} to accept a signed delivery`,
			async () => {
				const d = next();
				return (
					(
						await http('POST', `${w.base}/webhook/${webhookId}/${TRIGGER_PATH}`, {
							raw: d.body.toString('utf8'),
							headers: d.headers,
						})
					).status === 200
				);
			},
			60_000,
		);
	}

	const unfinished = () =>
		Number(
			sql(
				pg,
				services,
				`SELECT count(*) FROM execution_entity WHERE "workflowId" = '${wf.id}' AND "stoppedAt" IS NULL`,
			),
		);
	const drain = async (): Promise<number> => {
		const t0 = Date.now();
		await waitUntil(
			'the worker to finish the queued executions',
			() => unfinished() === 0,
			DRAIN_TIMEOUT_MS,
			250,
		);
		return (Date.now() - t0) / 1000;
	};
	const setProcesses = (n: number) => queue.webhooks.forEach((_, i) => proxy.setDown(i, i >= n));

	const sides: Side[] = [
		{ id: 'one', label: '1 webhook process', processes: 1 },
		{ id: 'two', label: '2 webhook processes', processes: 2 },
	];
	for (const s of sides) {
		ctx.step(`warm-up: ${s.label}`);
		setProcesses(s.processes);
		await load({
			url,
			connections: CONNECTIONS,
			seconds: WARM_SECONDS,
			next: deliveryStream(secret, BODY_BYTES, `warm-${s.id}`),
		});
		await drain();
	}
	const details = new Map<Side['id'], Run[]>(sides.map((s) => [s.id, []]));
	const loadAvgStart = loadavg();
	const runs = await inRotation(sides, ROUNDS, async (s, round) => {
		ctx.step(`round ${round + 1}: ${s.label}`);
		setProcesses(s.processes);
		const since = Number(sql(pg, services, 'SELECT coalesce(max(id), 0) FROM execution_entity'));
		const m0 = machineTicks();
		const p0 = procs.map((p) => groupTicks(p.process.pid));
		const t0 = Date.now();
		const r = await load({
			url,
			connections: CONNECTIONS,
			seconds: RUN_SECONDS,
			next: deliveryStream(secret, BODY_BYTES, `r${round}-${s.id}`),
		});
		const wall = (Date.now() - t0) / 1000;
		const m1 = machineTicks();
		const hz = 100;
		const cores = Object.fromEntries(
			procs.map((p, i) => [p.name, (groupTicks(p.process.pid) - p0[i]) / hz / wall]),
		);
		const load1 = loadavg()[0];
		const drainSeconds = await drain();
		const [p50, p99, max, n, spanS] = sql(
			pg,
			services,
			`SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag), percentile_cont(0.99) WITHIN GROUP (ORDER BY lag), max(lag), count(*), EXTRACT(EPOCH FROM max(s) - min(c)) FROM (SELECT EXTRACT(EPOCH FROM "stoppedAt" - "createdAt") * 1000 AS lag, "stoppedAt" AS s, "createdAt" AS c FROM execution_entity WHERE "workflowId" = '${wf.id}' AND id > ${since}) x`,
		)
			.split(' ')
			.map(Number);
		const run: Run = {
			load: r,
			drainSeconds,
			lagP50: p50,
			lagP99: p99,
			lagMax: max,
			workerRate: n / spanS,
			machineBusy: (m1.busy - m0.busy) / (m1.total - m0.total),
			cores,
			load1,
		};
		details.get(s.id)!.push(run);
		ctx.step(
			`  ${fmt(r.rps)} req/s, p99 ${r.p99} ms, ${r.failed} failed; ${n} executions, worker ${fmt(run.workerRate, 1)}/s, lag p50 ${fmt(p50 / 1000, 1)} s p99 ${fmt(p99 / 1000, 1)} s, drained ${fmt(drainSeconds, 1)} s after; CPU ${fmt(run.machineBusy * 100)} % (${Object.entries(
				cores,
			)
				.map(([k, v]) => `${k} ${fmt(v, 2)}`)
				.join(', ')}), load ${fmt(load1, 1)}`,
		);
		return r;
	});
	const loadAvgEnd = loadavg();

	const row = (s: Side) => {
		const mid = medianRound(runs.get(s.id)!);
		const d = details
			.get(s.id)!
			.find((x) => x.load === runs.get(s.id)!.find((r) => r.rps === mid.rps))!;
		const webhookCores = queue.webhooks
			.slice(0, s.processes)
			.map((w) => fmt(d.cores[w.name], 2))
			.join(' + ');
		return `| ${s.label} | ${fmt(mid.rps)} | ${mid.p50} ms | ${mid.p99} ms | ${mid.failed} | ${runs
			.get(s.id)!
			.map((r) => fmt(r.rps))
			.join(
				', ',
			)} | ${fmt(d.workerRate, 1)} | ${fmt(d.lagP50 / 1000, 1)} s / ${fmt(d.lagP99 / 1000, 1)} s | ${fmt(d.drainSeconds, 1)} s | ${fmt(d.machineBusy * 100)} % | ${webhookCores} | ${fmt(d.cores[queue.workers[0].name], 2)} | ${fmt(d.cores.main, 2)} |`;
	};
	const lines = [
		`## n8n queue mode (n8n ${engine.version} on Node ${engine.node.version}, PostgreSQL and Redis)`,
		'',
		`The e2e suite's \`n8n-queue\` set-up: PostgreSQL and Redis on 127.0.0.1, one main process, two \`n8n webhook\` processes behind the round-robin balancer and one \`n8n worker --concurrency=${WORKER_CONCURRENCY}\`, all on this ${cpus().length}-core machine together with the load generator. Workflow: Partnero Trigger → No Operation, every execution saved. Signed ${BODY_BYTES}-byte \`partner.created\` deliveries, each a new record, at ${CONNECTIONS} connections through the balancer for ${RUN_SECONDS} s, with one webhook process in the rotation and with both; ${ROUNDS} rounds each after a ${WARM_SECONDS} s warm-up, the order alternating, median round shown. A webhook process answers once the execution is stored and queued; the worker runs it afterwards, so after each run the bench waits until the worker has finished them all. At 50 connections (the other sections' shape) the webhook processes answered nearly every delivery with 503 \"Database is not ready!\": with n8n's default PostgreSQL pool of 2 connections per process, requests queue for the pool until n8n's 5 s database ping times out. *Lag* is, per execution, its creation (the moment before the answer) to its end on the worker, from PostgreSQL. CPU is measured over the load run: the machine's busy share, and cores used by each n8n process with its task runner.`,
		'',
		'| balancer rotation | deliveries/s answered | p50 | p99 | failed (all rounds) | per round | worker executions/s | lag p50 / p99 | backlog drained after the run | machine CPU busy | webhook process cores | worker cores | main cores |',
		'|---|---|---|---|---|---|---|---|---|---|---|---|---|',
		...sides.map(row),
		'',
		`Load average (1, 5, 15 min) at the start of the rounds: ${loadAvgStart.map((x) => fmt(x, 2)).join(', ')}; at the end: ${loadAvgEnd.map((x) => fmt(x, 2)).join(', ')}.`,
	];
	ctx.step(`section took ${fmt((Date.now() - sectionStart) / 1000)} s`);
	return { lines };
}
