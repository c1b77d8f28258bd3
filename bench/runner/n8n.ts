import { randomBytes, randomUUID } from 'node:crypto';
import { startSimulator, type Simulator } from '../../sim/server';
import { ensureN8n, N8N_VERSION } from '../../test/engines';
import { launchN8n, type RunningN8n } from '../../test/e2e/lib/n8n-engine';
import { delay, http, waitUntil } from '../../test/e2e/lib/net';
import type { ScenarioContext } from '../../test/e2e/lib/scenario';
import { TRIGGER_PATH } from '../../test/e2e/scenarios/n8n-workflows';
import { deliveryStream, type Delivery } from './bodies';
import { callLabel, fmt, loadAverage, median, met } from './context';
import { inRotation, load, medianRound, SHAPE, type LoadResult } from './load';

const {
	bodyBytes: BODY_BYTES,
	connections: CONNECTIONS,
	warmSeconds: WARM_SECONDS,
	runSeconds: RUN_SECONDS,
	rounds: ROUNDS,
} = SHAPE;
const LIFECYCLE_CYCLES = 3;
const DRAIN_TIMEOUT_MS = 90_000;

export interface N8nBench {
	/** Markdown for bench/RESULTS.md. */
	lines: string[];
	/** The median round of each side; `failed` counts all rounds. */
	ours: LoadResult;
	webhook1: LoadResult;
	webhook2: LoadResult;
	/** Most Partnero API calls one activation / deactivation made over the cycles. */
	activationCalls: number;
	deactivationCalls: number;
	/** Median time from the activate REST call to the first signed delivery being accepted. */
	activationMs: number;
}

interface Side {
	id: 'ours' | 'webhook1' | 'webhook2';
	label: string;
	workflowId: string;
	url: string;
}

/** Both workflows are built here, trigger → No Operation with the same settings, so only the trigger differs. */
function triggerToNoOp(
	name: string,
	trigger: { name: string } & Record<string, unknown>,
): Record<string, unknown> {
	const noOp = {
		id: randomUUID(),
		name: 'No Operation',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [220, 0],
		parameters: {},
	};
	return {
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [trigger, noOp],
		connections: { [trigger.name]: { main: [[{ node: noOp.name, type: 'main', index: 0 }]] } },
	};
}

export function oursWorkflow(
	cred: { id: string; name: string },
	webhookId: string,
	name = 'bench: Partnero Trigger',
): Record<string, unknown> {
	return triggerToNoOp(name, {
		id: randomUUID(),
		name: 'Partnero Trigger',
		type: '@partnerhooks/n8n-nodes-partnerhooks.partneroTrigger',
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters: { events: ['partner.created'], options: {} },
		credentials: { partneroApi: cred },
	});
}

/**
 * n8n's Webhook node, answering as the Partnero Trigger does (onReceived). Version 1 pays for the expression
 * isolate in the webhook phase like every community trigger; from version 2 on, n8n skips it for this node only.
 */
function builtinWorkflow(path: string, typeVersion: 1 | 2): Record<string, unknown> {
	return triggerToNoOp(`bench: built-in Webhook v${typeVersion}`, {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	});
}

async function activate(n8n: RunningN8n, workflowId: string): Promise<void> {
	const { versionId } = await n8n.rest.call<{ versionId: string }>(
		'GET',
		`/workflows/${workflowId}`,
	);
	await n8n.rest.call('POST', `/workflows/${workflowId}/activate`, { versionId });
}

const postStatus = async (url: string, d?: Delivery) =>
	(
		await http(
			'POST',
			url,
			d
				? { raw: d.body.toString('utf8'), headers: d.headers }
				: { raw: '{}', headers: { 'content-type': 'application/json' } },
		)
	).status;

interface Activation {
	/** Activate call → the route exists (answers an unsigned body with anything but 404). */
	routeMs: number;
	/** Activate call → a delivery signed with the registered secret is accepted. */
	liveMs: number;
	secret: string;
}

/**
 * n8n 2 answers the activate call and registers the trigger in the background, and it serves the route
 * before the registration is done (the trigger answers 503 meanwhile), so the trigger counts as live only
 * once a delivery signed with the secret Partnero handed out is accepted.
 */
async function activateOurs(
	n8n: RunningN8n,
	sim: Simulator,
	ours: Side,
	tag: string,
): Promise<Activation> {
	const t0 = performance.now();
	await activate(n8n, ours.workflowId);
	await waitUntil('the trigger route', async () => (await postStatus(ours.url)) !== 404, 45_000, 5);
	const routeMs = performance.now() - t0;
	const secret = await waitUntil(
		'the registration',
		() => sim.webhooks().find((w) => w.url === ours.url)?.signature,
		45_000,
		5,
	);
	const next = deliveryStream(secret, BODY_BYTES, tag);
	await waitUntil(
		'a signed delivery to be accepted',
		async () => (await postStatus(ours.url, next())) === 200,
		45_000,
		5,
	);
	return { routeMs, liveMs: performance.now() - t0, secret };
}

interface Cycles {
	up: string[][];
	down: string[][];
	activations: Activation[];
}

/** Activations and deactivations one at a time, with the simulator's API calls each one made. */
async function lifecycle(
	ctx: ScenarioContext,
	n8n: RunningN8n,
	sim: Simulator,
	ours: Side,
): Promise<Cycles> {
	const cycles: Cycles = { up: [], down: [], activations: [] };
	const calls = (from: number) => sim.apiCalls().slice(from).map(callLabel);
	// Calls can trail the visible switch by a moment; the registry settling and a short quiet spell catch them.
	const settled = async (registered: boolean) => {
		await waitUntil(
			`the webhook to be ${registered ? 'registered' : 'deleted'}`,
			() => sim.webhooks().some((w) => w.url === ours.url) === registered,
			30_000,
			10,
		);
		await delay(300);
	};
	for (let i = 0; i < LIFECYCLE_CYCLES; i++) {
		ctx.step(`lifecycle cycle ${i + 1}: activate, then deactivate the Partnero Trigger workflow`);
		const before = sim.apiCalls().length;
		cycles.activations.push(await activateOurs(n8n, sim, ours, `life-${i}`));
		await settled(true);
		cycles.up.push(calls(before));

		const mid = sim.apiCalls().length;
		await n8n.rest.call('POST', `/workflows/${ours.workflowId}/deactivate`, {});
		await waitUntil(
			'the trigger to go away',
			async () => (await postStatus(ours.url)) === 404,
			45_000,
			10,
		);
		await settled(false);
		cycles.down.push(calls(mid));
	}
	return cycles;
}

/** Executions n8n has started but not finished, for every workflow. */
async function unfinished(n8n: RunningN8n): Promise<number> {
	const filter = encodeURIComponent(JSON.stringify({ status: ['new', 'running'] }));
	const r = await n8n.rest.call<{ count: number }>('GET', `/executions?filter=${filter}&limit=1`);
	return r.count;
}

/**
 * Every trigger answers before its executions run, so a run leaves a backlog behind; the next run starts
 * only once it is gone, so no side pays for the other's work.
 */
async function drain(ctx: ScenarioContext, n8n: RunningN8n): Promise<number> {
	const t0 = Date.now();
	await waitUntil(
		'the executions to drain',
		async () => (await unfinished(n8n)) === 0,
		DRAIN_TIMEOUT_MS,
		250,
	);
	const ms = Date.now() - t0;
	if (ms > 1000) ctx.step(`  drained in ${fmt(ms / 1000, 1)} s`);
	return ms;
}

/** Every side after a warm-up each, in rounds whose order rotates, each run drained before the next. */
async function ingestion(
	ctx: ScenarioContext,
	n8n: RunningN8n,
	sides: Side[],
	secret: string,
): Promise<{ runs: Map<Side['id'], LoadResult[]>; drainMs: number[] }> {
	const drainMs: number[] = [];
	for (const s of sides) {
		ctx.step(`warm-up: ${s.label}`);
		await load({
			url: s.url,
			connections: CONNECTIONS,
			seconds: WARM_SECONDS,
			next: deliveryStream(secret, BODY_BYTES, `warm-${s.id}`),
		});
		drainMs.push(await drain(ctx, n8n));
	}
	const runs = await inRotation(sides, ROUNDS, async (s, round) => {
		ctx.step(`round ${round + 1}: ${s.label}`);
		const r = await load({
			url: s.url,
			connections: CONNECTIONS,
			seconds: RUN_SECONDS,
			next: deliveryStream(secret, BODY_BYTES, `r${round}-${s.id}`),
		});
		ctx.step(`  ${fmt(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.failed} failed`);
		drainMs.push(await drain(ctx, n8n));
		return r;
	});
	return { runs, drainMs };
}

export async function n8nIngestion(
	ctx: ScenarioContext,
	opts: { profileDir?: string } = {},
): Promise<N8nBench> {
	const sectionStart = Date.now();
	const engine = await ensureN8n(undefined, N8N_VERSION);
	const apiKey = `bench_${randomBytes(16).toString('hex')}`;
	const sim = await startSimulator({ apiKey });
	ctx.defer(() => sim.close());
	const n8n = await launchN8n(ctx, engine, {
		nodeArgs: opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : [],
	});

	const cred = await n8n.rest.call<{ id: string; name: string }>('POST', '/credentials', {
		name: 'Simulated Partnero',
		type: 'partneroApi',
		data: { apiKey, baseUrl: sim.apiBaseUrl },
	});
	const webhookId = randomUUID();
	const oursWf = await n8n.rest.call<{ id: string }>(
		'POST',
		'/workflows',
		oursWorkflow(cred, webhookId),
	);
	const registeredUrl = `${n8n.base}/webhook/${webhookId}/${TRIGGER_PATH}`;
	const ours: Side = {
		id: 'ours',
		label: 'Partnero Trigger → No Operation',
		workflowId: oursWf.id,
		url: registeredUrl,
	};
	const builtin = async (version: 1 | 2): Promise<Side> => {
		const path = `bench-webhook${version}-${randomUUID().slice(0, 8)}`;
		const wf = await n8n.rest.call<{ id: string }>(
			'POST',
			'/workflows',
			builtinWorkflow(path, version),
		);
		return {
			id: `webhook${version}`,
			label: `built-in Webhook v${version} → No Operation`,
			workflowId: wf.id,
			url: `${n8n.base}/webhook/${path}`,
		};
	};
	const [webhook1, webhook2] = [await builtin(1), await builtin(2)];

	const cycles = await lifecycle(ctx, n8n, sim, ours);

	ctx.step('activate all three workflows for the ingestion runs');
	const { secret } = await activateOurs(n8n, sim, ours, 'live');
	for (const side of [webhook1, webhook2]) {
		await activate(n8n, side.workflowId);
		await waitUntil(
			`the ${side.label} workflow to go live`,
			async () => (await postStatus(side.url)) !== 404,
			45_000,
		);
	}
	await drain(ctx, n8n);

	const before = loadAverage();
	const { runs, drainMs } = await ingestion(ctx, n8n, [ours, webhook1, webhook2], secret);
	const after = loadAverage();
	const [o, w1, w2] = [
		medianRound(runs.get('ours')!),
		medianRound(runs.get('webhook1')!),
		medianRound(runs.get('webhook2')!),
	];
	const [ratio1, ratio2] = [o.rps / w1.rps, o.rps / w2.rps];

	const activationCalls = Math.max(...cycles.up.map((c) => c.length));
	const deactivationCalls = Math.max(...cycles.down.map((c) => c.length));
	const liveMs = cycles.activations.map((a) => a.liveMs);
	const activationMs = median(liveMs);
	const ms = (xs: number[]) => xs.map((x) => fmt(x)).join(', ');
	const perRound = (id: Side['id']) =>
		runs
			.get(id)!
			.map((r) => fmt(r.rps))
			.join(', ');
	const lines = [
		`## n8n ingestion (n8n ${engine.version} on Node ${engine.node.version})`,
		'',
		`Signed ${BODY_BYTES}-byte \`partner.created\` deliveries, each with a new record id, from autocannon on 127.0.0.1 with ${CONNECTIONS} connections, into one n8n instance with all three workflows active: trigger → No Operation, n8n's default settings (every execution saved to SQLite, expressions in an isolated-vm isolate). All three answer once n8n has created the execution (\`onReceived\`, n8n's default answer), with the same connections and the same No Operation node after them; the Webhook nodes get the same bodies and ignore the signature. ${ROUNDS} rounds of ${RUN_SECONDS} s per workflow after a ${WARM_SECONDS} s warm-up each, the order rotating, median round shown. Each run started only after n8n had finished the executions of the one before (longest wait ${fmt(Math.max(...drainMs) / 1000, 1)} s). The load generator shares the machine's cores with n8n.`,
		'',
		'| workflow | requests/s | p50 | p99 | failed (all rounds) | requests/s per round |',
		'|---|---|---|---|---|---|',
		`| Partnero Trigger (verifies the signature) → No Operation | ${fmt(o.rps)} | ${o.p50} ms | ${o.p99} ms | ${o.failed} | ${perRound('ours')} |`,
		`| built-in Webhook v1 (no check) → No Operation | ${fmt(w1.rps)} | ${w1.p50} ms | ${w1.p99} ms | ${w1.failed} | ${perRound('webhook1')} |`,
		`| built-in Webhook v2 (no check) → No Operation | ${fmt(w2.rps)} | ${w2.p50} ms | ${w2.p99} ms | ${w2.failed} | ${perRound('webhook2')} |`,
		'',
		'| ratio | measured | goal |',
		'|---|---|---|',
		`| Partnero Trigger / Webhook v1 requests/s (like for like: both pay the webhook-phase isolate) | ${fmt(ratio1, 2)} | ≥ 0.95 ${met(ratio1 >= 0.95)} |`,
		`| Partnero Trigger / Webhook v2 requests/s | ${fmt(ratio2, 2)} | reported |`,
		'',
		`Load average (1 / 5 / 15 min) of the machine: ${before} before the ingestion runs, ${after} right after them, which themselves keep both cores busy (n8n and the load generator).`,
		'',
		`Why Webhook v2 is faster: before running a webhook's node, n8n ${engine.version} takes an expression isolate (isolated-vm) for the workflow, and creating and disposing isolates is the largest share of its CPU here. \`webhookPhaseNeedsIsolate\` (dist/webhooks/live-webhooks.js) skips that isolate only for its own Webhook node (\`n8n-nodes-base.webhook\`) from version 2 on and with static parameters; version 1 and every other trigger, built-in or community, pay it on every delivery. The check is n8n's, keyed on its own node type; a community node cannot opt in, so Webhook v1 is the like-for-like anchor.`,
		'',
		'## Lifecycle cost in n8n',
		'',
		`| step | API calls (most in ${LIFECYCLE_CYCLES} cycles) | calls made | goal |`,
		'|---|---|---|---|',
		`| activation | ${activationCalls} | ${cycles.up[0].join(', ')} | ≤ 2 ${met(activationCalls <= 2)} |`,
		`| deactivation | ${deactivationCalls} | ${cycles.down[0].join(', ')} | ≤ 1 ${met(deactivationCalls <= 1)} |`,
		'',
		`Activate REST call → first signed delivery accepted: median ${fmt(activationMs)} ms (${ms(liveMs)} ms). n8n 2 answers the activate call and registers the trigger in the background; it serves the trigger's route before the registration is done (after ${ms(cycles.activations.map((a) => a.routeMs))} ms), answering 503 with Retry-After until the secret is stored.`,
	];
	ctx.step(`section took ${fmt((Date.now() - sectionStart) / 1000)} s`);
	return {
		lines,
		ours: o,
		webhook1: w1,
		webhook2: w2,
		activationCalls,
		deactivationCalls,
		activationMs,
	};
}
