import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../sim/server';
import { nodeRed4 } from '../../test/engines';
import { launchNodeRed, type RunningNodeRed } from '../../test/e2e/lib/node-red-engine';
import { http, startSink, waitUntil, type Sink } from '../../test/e2e/lib/net';
import { REPO_ROOT } from '../../test/e2e/lib/pack';
import { startProcess } from '../../test/e2e/lib/proc';
import type { ScenarioContext } from '../../test/e2e/lib/scenario';
import { rssKbOf } from '../../test/reliability/target';
import { deliveryStream } from './bodies';
import { callLabel, fmt, loadAverage, median, met } from './context';
import { inRotation, load, medianRound, SHAPE, warmUp, type LoadResult } from './load';
import {
	diyNodes,
	DIY_PATH,
	floorNodes,
	FLOOR_PATH,
	MEMORY_PATH,
	MEMORY_SETTINGS,
	memoryProbe,
	oursFlow,
	OURS_PATH,
} from './node-red-flows';

const {
	bodyBytes: BODY_BYTES,
	connections: CONNECTIONS,
	warmSeconds: WARM_SECONDS,
	runSeconds: RUN_SECONDS,
	rounds: ROUNDS,
} = SHAPE;
const LIFECYCLE_CYCLES = 5;
const RSS_DELIVERIES = 100_000;

export interface IngestionCase {
	id: 'a' | 'b' | 'c' | 'd';
	label: string;
	result: LoadResult;
}

export interface NodeRedBench {
	lines: string[];
	cases: IngestionCase[];
}

interface Bed {
	nr: RunningNodeRed;
	sim: Simulator;
	sink: Sink;
	flow(withTrigger: boolean, reportStatus?: boolean): unknown[];
}

/** Status reports of the trigger that arrived after `since` (Node-RED's clock, ms). */
function listeningAt(sink: Sink, since: number): number | undefined {
	return sink.requests
		.map((r) => r.json?.payload ?? r.json)
		.find((p: { text?: string; at?: number }) => p?.text === 'listening' && (p.at ?? 0) >= since)
		?.at;
}

/** API calls per deploy and per removal of the trigger, and the time from the deploy request to "listening". */
async function lifecycle(bed: Bed): Promise<string[]> {
	const { nr, sim, sink } = bed;
	const rows: Array<{ up: string[]; down: string[]; ms: number }> = [];
	for (let i = 0; i < LIFECYCLE_CYCLES; i++) {
		const before = sim.apiCalls().length;
		const t0 = Date.now();
		await nr.deploy(bed.flow(true));
		const at = await waitUntil(
			'the trigger to show "listening"',
			() => listeningAt(sink, t0),
			30_000,
			5,
		);
		const up = sim.apiCalls().slice(before);
		const mid = sim.apiCalls().length;
		await nr.deploy(bed.flow(false));
		await waitUntil('the webhook to be deleted', () => sim.webhooks().length === 0, 30_000, 5);
		rows.push({
			up: up.map(callLabel),
			down: sim.apiCalls().slice(mid).map(callLabel),
			ms: at - t0,
		});
	}
	const most = (f: (r: (typeof rows)[number]) => string[]) =>
		Math.max(...rows.map((r) => f(r).length));
	const [up, down] = [most((r) => r.up), most((r) => r.down)];
	return [
		`| step | API calls (most in ${LIFECYCLE_CYCLES} cycles) | calls made | goal |`,
		'|---|---|---|---|',
		`| deploy | ${up} | ${rows[0].up.join(', ')} | ≤ 2 ${met(up <= 2)} |`,
		`| removal | ${down} | ${rows[0].down.join(', ')} | ≤ 1 ${met(down <= 1)} |`,
		'',
		`Deploy request → trigger status "listening": median ${fmt(median(rows.map((r) => r.ms)))} ms (${rows.map((r) => r.ms).join(', ')} ms), including Node-RED starting the flow and the registration round trip to the simulator.`,
	];
}

/**
 * Memory of the runtime before and after deliveries that each give the dedupe store a new key: resident
 * memory as the OS sees it, and the heap after a full GC (what is actually retained).
 */
async function memoryOverDeliveries(bed: Bed, secret: string): Promise<string[]> {
	const rss = () => rssKbOf(bed.nr.process.pid, (p) => readFileSync(p, 'utf8')) / 1024;
	const retained = async () =>
		(await http('POST', `${bed.nr.base}${MEMORY_PATH}`, { body: {} })).json<{
			heapUsed: number;
			arrayBuffers: number;
		}>();
	const url = `${bed.nr.base}${OURS_PATH}`;
	const next = deliveryStream(secret, BODY_BYTES, 'rss');
	await warmUp('partnero-trigger', { url, connections: CONNECTIONS, amount: 2_000, next });
	const reading = async (after: number, failed: number) => {
		const m = await retained();
		return { after, failed, rss: rss(), heap: (m.heapUsed + m.arrayBuffers) / 1024 / 1024 };
	};
	const points = [await reading(0, 0)];
	for (const n of [1, 2, 3]) {
		const r = await load({ url, connections: CONNECTIONS, amount: RSS_DELIVERIES, next });
		points.push(await reading(n * RSS_DELIVERIES, r.failed));
	}
	const change = (now: number, before: number) =>
		`${now >= before ? '+' : ''}${fmt(now - before, 1)} MB`;
	return [
		'| deliveries since warm-up | RSS | change | heap + typed arrays after a full GC | change | failed |',
		'|---|---|---|---|---|---|',
		...points.map((p, i) =>
			i === 0
				? `| 0 | ${fmt(p.rss, 1)} MB | | ${fmt(p.heap, 1)} MB | | 0 |`
				: `| ${fmt(p.after)} | ${fmt(p.rss, 1)} MB | ${change(p.rss, points[i - 1].rss)} | ${fmt(p.heap, 1)} MB | ${change(p.heap, points[i - 1].heap)} | ${p.failed} |`,
		),
		'',
		`Every delivery had a new record id, so each one added a key until the store reached its cap of 100,000; each later ${fmt(RSS_DELIVERIES)} only replace keys. The retained heap is read through a probe flow (\`http in\` → function calling \`gc()\` → \`http response\`), with Node-RED started with \`--expose-gc\`; RSS is the kernel's figure for the whole process, which V8 does not hand back promptly after load.`,
	];
}

async function startBareServer(ctx: ScenarioContext, secret: string): Promise<string> {
	const p = startProcess(
		'bare server',
		process.execPath,
		[join(REPO_ROOT, 'build/bench/runner/bare-server.js')],
		{
			cwd: ctx.dir,
			env: { ...process.env, BENCH_SECRET: secret },
			logFile: join(ctx.dir, 'bare-server.log'),
		},
	);
	ctx.defer(() => p.stop());
	await p.waitForOutput(/listening \d+/, 10_000);
	return `http://127.0.0.1:${/listening (\d+)/.exec(p.output())![1]}`;
}

/** (a) to (d) after a warm-up each, in rounds whose order rotates. */
async function ingestion(
	ctx: ScenarioContext,
	targets: Array<{ id: IngestionCase['id']; label: string; url: string; secret: string }>,
): Promise<IngestionCase[]> {
	for (const t of targets) {
		ctx.step(`warm-up ${t.label}`);
		await warmUp(t.label, {
			url: t.url,
			connections: CONNECTIONS,
			seconds: WARM_SECONDS,
			next: deliveryStream(t.secret, BODY_BYTES, `warm-${t.id}`),
		});
	}
	const runs = await inRotation(targets, ROUNDS, (t, round) => {
		ctx.step(`round ${round + 1}: ${t.label}`);
		return load({
			url: t.url,
			connections: CONNECTIONS,
			seconds: RUN_SECONDS,
			next: deliveryStream(t.secret, BODY_BYTES, `r${round}-${t.id}`),
		});
	});
	return targets.map((t) => ({ id: t.id, label: t.label, result: medianRound(runs.get(t.id)!) }));
}

function ingestionLines(cases: IngestionCase[], load: { before: string; after: string }): string[] {
	const by = (id: string) => cases.find((c) => c.id === id)!.result;
	const [a, b, c, d] = [by('a'), by('b'), by('c'), by('d')];
	const [bd, bc, dc] = [b.rps / d.rps, b.rps / c.rps, d.rps / c.rps];
	return [
		'| case | requests/s | p50 | p99 | failed (all rounds) |',
		'|---|---|---|---|---|',
		...cases.map(
			(k) =>
				`| (${k.id}) ${k.label} | ${fmt(k.result.rps)} | ${k.result.p50} ms | ${k.result.p99} ms | ${k.result.failed} |`,
		),
		'',
		'| ratio | measured | goal |',
		'|---|---|---|',
		`| (b) / (d) requests/s | ${fmt(bd, 2)} | ≥ 1.0 ${met(bd >= 1)} |`,
		`| (b) / (c) requests/s | ${fmt(bc, 2)} | ≥ 1.5 ${met(bc >= 1.5)} |`,
		`| (d) / (c) requests/s: the most any node inside Node-RED's HTTP pipeline can gain over (c) | ${fmt(dc, 2)} | reported |`,
		`| p99 at ${CONNECTIONS} connections, (b) next to (d) | ${b.p99} ms next to ${d.p99} ms | reported |`,
		`| (b) / (a) requests/s | ${fmt(b.rps / a.rps, 2)} | reported |`,
		'',
		`Load average (1 / 5 / 15 min) of the machine: ${load.before} before this section started Node-RED, ${load.after} right after the ingestion runs, which themselves keep both cores busy (Node-RED and the load generator).`,
		...(bc < 1.5 && dc < 1.5
			? [
					'',
					`(b) / (c) ≥ 1.5 is out of reach for any node that answers through Node-RED's own HTTP pipeline here: with nothing between \`http in\` and \`http response\`, (d) itself reaches ${fmt(dc, 2)} × (c). Deliveries keep going through that pipeline (httpNodeAuth, httpNodeMiddleware, httpNodeCors and the middleware of an embedding app apply to them, as to \`http in\`), so the figure that matters is (b) / (d).`,
				]
			: []),
	];
}

/** Node-RED 4.1 with the packed package: lifecycle cost, ingestion (a) to (d), and RSS over 300,000 deliveries. */
export async function nodeRedBench(
	ctx: ScenarioContext,
	o: { profileDir?: string } = {},
): Promise<NodeRedBench> {
	const before = loadAverage();
	const apiKey = `bench_${randomBytes(16).toString('hex')}`;
	const sim = await startSimulator({ apiKey });
	ctx.defer(() => sim.close());
	const sink = await startSink();
	ctx.defer(() => sink.close());
	const engine = nodeRed4(REPO_ROOT);
	const nr = await launchNodeRed(ctx, engine, {
		nodeArgs: [
			'--expose-gc',
			...(o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : []),
		],
		settings: MEMORY_SETTINGS,
	});
	// (a) and (c) check against a secret of their own: the trigger's is only known once it has registered.
	const diySecret = randomBytes(24).toString('hex');
	const bed: Bed = {
		nr,
		sim,
		sink,
		flow: (withTrigger, reportStatus = true) => [
			...oursFlow({
				apiBaseUrl: sim.apiBaseUrl,
				publicUrl: nr.base,
				apiKey,
				sinkUrl: reportStatus ? `${sink.url}/status` : undefined,
				withTrigger,
			}),
			...diyNodes(diySecret),
			...floorNodes(),
			...memoryProbe(),
		],
	};

	ctx.step('lifecycle: deploy and remove the trigger');
	const lifecycleLines = await lifecycle(bed);

	await nr.deploy(bed.flow(true, false));
	await waitUntil('the trigger to register', () => sim.webhooks().length === 1, 30_000, 5);
	const secret = sim.webhooks()[0].signature;
	const bare = await startBareServer(ctx, diySecret);

	ctx.step(`RSS over ${fmt(3 * RSS_DELIVERIES)} deliveries`);
	const rssLines = await memoryOverDeliveries(bed, secret);

	const cases = await ingestion(ctx, [
		{ id: 'a', label: 'bare node:http + HMAC', url: bare, secret: diySecret },
		{ id: 'b', label: 'partnero-trigger → no-op', url: `${nr.base}${OURS_PATH}`, secret },
		{
			id: 'c',
			label: 'http in → function (HMAC) → http response',
			url: `${nr.base}${DIY_PATH}`,
			secret: diySecret,
		},
		{
			id: 'd',
			label: "Node-RED's floor: http in (skip body parsing) → http response",
			url: `${nr.base}${FLOOR_PATH}`,
			secret: diySecret,
		},
	]);
	const after = loadAverage();
	const versions = `Node-RED ${engine.version} on Node ${engine.node.version}`;
	return {
		cases,
		lines: [
			`## Node-RED ingestion (${versions})`,
			'',
			`Signed ${BODY_BYTES}-byte \`partner.created\` deliveries, each with a new record id, from autocannon on 127.0.0.1 with ${CONNECTIONS} connections; ${ROUNDS} rounds of ${RUN_SECONDS} s per case, the order rotating, median round shown. The load generator shares the machine's cores with the server.`,
			'',
			...ingestionLines(cases, { before, after }),
			'',
			'![requests/s for (a) to (d)](ingestion.png)',
			'',
			'## Node-RED memory over deliveries',
			'',
			...rssLines,
			'',
			'## Lifecycle cost in Node-RED',
			'',
			...lifecycleLines,
		],
	};
}
