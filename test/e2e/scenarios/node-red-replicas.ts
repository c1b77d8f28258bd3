/**
 * Two Node-RED 5 runtimes with the same flow behind one public URL (a round-robin balancer), as replicas
 * of one deployment: one webhook at Partnero for both, deliveries verified by either, a stopped replica
 * leaves the webhook to the other, and removing the trigger from both leaves none.
 */
import { randomBytes } from 'node:crypto';
import { startSimulator, type Simulator } from '../../../sim/server';
import { ensureNodeRed5, type NodeRedInstall } from '../../engines';
import { check, checkEqual, checkNoSecrets } from '../lib/check';
import { launchNodeRed, reportToSink, type RunningNodeRed } from '../lib/node-red-engine';
import { partneroTriggerFlow } from '../lib/node-red-flow';
import { http, startSink, waitUntil, type Sink } from '../lib/net';
import { startRoundRobinProxy, type RoundRobinProxy } from '../lib/rr-proxy';
import type { Scenario, ScenarioContext } from '../lib/scenario';

const EVENTS = ['partner.created', 'customer.created'];
const HOOK_PATH = '/partnero/replicas';

function flow(sim: Simulator, sinkUrl: string, publicUrl: string, withTrigger: boolean): unknown[] {
	return partneroTriggerFlow({
		tab: { id: 'rep-tab', label: 'partnerhooks replicas' },
		account: { id: 'rep-account', baseUrl: sim.apiBaseUrl, publicUrl, apiKey: sim.apiKey },
		trigger: { id: 'rep-trigger', events: EVENTS, path: HOOK_PATH, wires: [['rep-report']] },
		nodes: reportToSink({ z: 'rep-tab', id: 'rep-report', sinkUrl: `${sinkUrl}/sink` }),
		removed: !withTrigger,
	});
}

/** Fires `n` deliveries through the balancer; all must be answered 200 and reach the sink once. */
async function deliverThrough(
	sim: Simulator,
	sink: Sink,
	proxy: RoundRobinProxy,
	n: number,
	tag: string,
): Promise<Set<number>> {
	const before = sink.requests.length;
	const firstRecord = proxy.records.length;
	for (let i = 0; i < n; i++) {
		const a = await sim.fire(EVENTS[i % 2], { data: { id: `${tag}-${i}`, key: `${tag}-${i}` } });
		checkEqual(
			a.map((x) => x.status),
			[200],
			`${tag} delivery ${i}: answer`,
		);
	}
	await waitUntil(
		`${tag} deliveries to reach the sink`,
		() => sink.requests.length >= before + n,
		20_000,
	);
	await new Promise((r) => setTimeout(r, 300));
	const keys = sink.requests.slice(before).map((r) => String(r.json?.payload?.key));
	checkEqual(keys.length, n, `${tag}: reports at the sink`);
	checkEqual(new Set(keys).size, n, `${tag}: distinct deliveries at the sink`);
	return new Set(
		proxy.records
			.slice(firstRecord)
			.filter((r) => r.path === HOOK_PATH)
			.map((r) => r.backend),
	);
}

export function nodeRedReplicasScenario(): Scenario {
	let engine: NodeRedInstall;
	return {
		id: 'nr-replicas',
		title: 'Node-RED 5: two replicas behind one URL',
		async prepare() {
			engine = await ensureNodeRed5();
			return `node-red ${engine.version} / node ${engine.node.version}`;
		},
		async run(ctx: ScenarioContext) {
			const apiKey = `e2e_${randomBytes(12).toString('hex')}`;
			const sim = await startSimulator({ apiKey });
			ctx.defer(() => sim.close());
			const sink = await startSink();
			ctx.defer(() => sink.close());
			const backends: string[] = [];
			const proxy = await startRoundRobinProxy(backends);
			ctx.defer(() => proxy.close());
			const replicas: RunningNodeRed[] = await Promise.all(
				['a', 'b'].map((name) => launchNodeRed(ctx, engine, { name })),
			);
			backends.push(...replicas.map((r) => r.base));
			const hookUrl = `${proxy.url}${HOOK_PATH}`;

			ctx.step(
				'deploy the same flow to both replicas at the same time: they converge on one webhook',
			);
			await Promise.all(replicas.map((r) => r.deploy(flow(sim, sink.url, proxy.url, true))));
			await waitUntil('a webhook at Partnero', () => sim.webhooks().length > 0, 20_000);
			// Both replicas may create one; the later one must remove its own and adopt the first.
			await waitUntil('one webhook at Partnero', () => sim.webhooks().length === 1, 20_000);
			await new Promise((r) => setTimeout(r, 1000));
			checkEqual(sim.webhooks().length, 1, 'webhooks at Partnero for two replicas');
			checkEqual(sim.webhooks()[0].url, hookUrl, 'registered URL (the balancer)');
			const secret = sim.webhooks()[0].signature;

			ctx.step('deliveries through the balancer verify on both replicas');
			for (const r of replicas) {
				await waitUntil(
					`${r.base} to verify signatures`,
					async () => {
						const res = await http('POST', `${r.base}${HOOK_PATH}`, {
							raw: '{}',
							headers: { 'content-type': 'application/json', Signature: '0'.repeat(64) },
						});
						return res.status === 401;
					},
					20_000,
				);
			}
			checkEqual(
				[...(await deliverThrough(sim, sink, proxy, 10, 'both'))].sort(),
				[0, 1],
				'replicas that served deliveries',
			);

			ctx.step('stop replica a: the webhook stays, replica b keeps receiving');
			proxy.setDown(0, true);
			const { code, signal } = await replicas[0].process.stop();
			check(
				code === 0 || signal === 'SIGTERM',
				`replica a exited with code ${code} signal ${signal}`,
			);
			checkEqual(
				sim.webhooks().map((w) => w.signature === secret),
				[true],
				'webhooks at Partnero after replica a stopped',
			);
			checkEqual(
				[...(await deliverThrough(sim, sink, proxy, 6, 'one'))],
				[1],
				'replicas that served deliveries with a stopped',
			);

			ctx.step('start replica a again: it adopts the webhook (no second one) and verifies again');
			const again = await launchNodeRed(ctx, engine, { name: 'a2' });
			backends[0] = again.base;
			await again.deploy(flow(sim, sink.url, proxy.url, true));
			await waitUntil(
				'replica a to verify signatures again',
				async () => {
					const res = await http('POST', `${again.base}${HOOK_PATH}`, {
						raw: '{}',
						headers: { 'content-type': 'application/json', Signature: '0'.repeat(64) },
					});
					return res.status === 401;
				},
				20_000,
			);
			proxy.setDown(0, false);
			checkEqual(sim.webhooks().length, 1, 'webhooks at Partnero after replica a came back');
			checkEqual(
				[...(await deliverThrough(sim, sink, proxy, 6, 'again'))].sort(),
				[0, 1],
				'replicas that served deliveries after the restart',
			);

			ctx.step('remove the trigger from both replicas: no webhook is left');
			await again.deploy(flow(sim, sink.url, proxy.url, false));
			await replicas[1].deploy(flow(sim, sink.url, proxy.url, false));
			await waitUntil('the webhook to be deleted', () => sim.webhooks().length === 0, 20_000);
			await new Promise((r) => setTimeout(r, 1000));
			checkEqual(
				sim.webhooks().length,
				0,
				'webhooks at Partnero after the trigger was removed from both',
			);

			for (const r of [again, replicas[1]]) await r.process.stop();
			for (const [i, r] of [replicas[0], again, replicas[1]].entries()) {
				checkNoSecrets(
					r.process.output(),
					{ 'API key': apiKey, 'webhook signing secret': secret },
					`the log of replica ${i}`,
				);
			}
		},
	};
}
