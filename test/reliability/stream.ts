import { check, checkEqual } from '../e2e/lib/check';
import { delay, waitUntil } from '../e2e/lib/net';
import { settled, type Stats } from './checks';
import type { LiveTarget } from './target';

type Step = (text: string) => void;

export interface StreamResult {
	emitted: number;
	received: number;
	lost: number;
	/**
	 * Of the lost: events the engine answered 200 (so Partnero never retries them) whose flow was still running
	 * when SIGTERM stopped it. The trigger answers before the flow runs; what is in flight at shutdown is gone.
	 */
	cutOff: number;
	doubled: number;
	webhooks: number;
	retried: number;
	droppedRetries: number;
	operations: string[];
}

/**
 * A steady stream of events through the simulator (so Partnero's retry schedule applies, 1 min scaled to
 * 1 s), while the engine is restarted and redeployed. Counted at the sink against what the simulator
 * emitted: every event must arrive exactly once, and exactly one webhook must remain.
 */
export async function steadyStream(
	t: LiveTarget,
	step: Step,
	stats: Stats,
	o: { perSecond: number; seconds: number; operations: Array<'restart' | 'redeploy'> },
): Promise<StreamResult> {
	check(o.operations.every((op) => (op === 'restart' ? t.restart : t.redeploy) !== undefined), 'the target cannot restart or redeploy');
	await settled(t, 'one webhook before the stream', 30_000);
	t.sim.setTimeScale(1 / 60);
	const attemptsBefore = t.sim.attempts().length;
	const droppedBefore = t.sim.dropped().length;
	const reportedBefore = t.reportedIds().length;
	const total = o.perSecond * o.seconds;
	step(`steady stream: ${total} events at ${o.perSecond}/s for ${o.seconds} s, with ${o.operations.join(', ')}`);
	const emitted: string[] = [];
	const firing: Array<Promise<unknown>> = [];
	const started = Date.now();
	const operationsAt = o.operations.map((_, i) => ((i + 1) * o.seconds * 1000) / (o.operations.length + 1));
	const done: string[] = [];
	let next = 0;
	const operations = (async () => {
		for (const [i, op] of o.operations.entries()) {
			await delay(Math.max(0, started + operationsAt[i] - Date.now()));
			const t0 = Date.now();
			await (op === 'restart' ? t.restart!() : t.redeploy!());
			done.push(`${op} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
		}
	})();
	for (let i = 0; i < total; i++) {
		await delay(Math.max(0, started + (i * 1000) / o.perSecond - Date.now()));
		const id = `stream-${i}`;
		// An event Partnero emits goes to every webhook that exists at that moment; none means it is never sent.
		firing.push(t.sim.fire(t.selected[0], { data: { id } }).then((attempts) => {
			if (attempts.length > 0) emitted.push(id);
		}));
		next = i;
	}
	await operations;
	await Promise.all(firing);
	step(`steady stream: ${next + 1} fired, ${emitted.length} emitted to a webhook; waiting for retries to land`);
	const reported = () => t.reportedIds().slice(reportedBefore).filter((id) => id.startsWith('stream-'));
	// Partnero's later retries are 5 and 30 scaled minutes away: wait out up to the 30-minute one.
	await waitUntil('every emitted event at the sink', () => new Set(reported()).size >= emitted.length, 60_000, 250).catch(() => undefined);
	await delay(2000);
	const got = reported();
	const counts = new Map<string, number>();
	for (const id of got) counts.set(id, (counts.get(id) ?? 0) + 1);
	const lost = emitted.filter((id) => !counts.has(id));
	const acknowledged = new Set(
		t.sim
			.attempts()
			.slice(attemptsBefore)
			.filter((a) => a.status === 200)
			.map((a) => /"id":"(stream-\d+)"/.exec(a.body)?.[1]),
	);
	const cutOff = lost.filter((id) => acknowledged.has(id));
	const notSent = lost.filter((id) => !acknowledged.has(id));
	const doubled = [...counts.values()].filter((n) => n > 1).length;
	t.sim.setTimeScale(0.001);
	const result: StreamResult = {
		emitted: emitted.length,
		received: got.length,
		lost: lost.length,
		cutOff: cutOff.length,
		doubled,
		webhooks: t.sim.webhooks().length,
		retried: t.sim.attempts().slice(attemptsBefore).filter((a) => a.attempt > 1).length,
		droppedRetries: t.sim.dropped().length - droppedBefore,
		operations: done,
	};
	stats.sent += emitted.length;
	stats.received += got.length;
	stats.notes.push(
		`steady stream: ${result.emitted} events emitted at ${o.perSecond}/s across ${done.join(', ')}: ${result.received} received, ` +
			`${result.lost} lost (${result.cutOff} of them answered 200, then cut off in the flow by SIGTERM), ${result.doubled} doubled, ${result.retried} retries by the simulator, ${result.droppedRetries} retries dropped, ` +
			`${result.webhooks} webhook(s) at the end`,
	);
	check(emitted.length === total, `${total - emitted.length} events were emitted while no webhook existed`);
	checkEqual(notSent.slice(0, 10), [], `events lost before the engine acknowledged them (${notSent.length} in all)`);
	const restarts = o.operations.filter((op) => op === 'restart').length;
	// Node-RED drops the messages in flight when it stops; a few per restart at 10/s is that, more is a fault.
	check(cutOff.length <= 2 * restarts, `${cutOff.length} acknowledged events never reached the flow's end: ${cutOff.slice(0, 10).join(', ')}`);
	checkEqual(doubled, 0, 'events received twice');
	checkEqual(result.webhooks, 1, 'webhooks at the end of the stream');
	return result;
}

/** Each way of removing the trigger leaves no webhook; the trigger is deployed again in between. */
export async function removals(t: LiveTarget, step: Step): Promise<string[]> {
	const out: string[] = [];
	for (const r of t.removals ?? []) {
		await t.up(1);
		await settled(t, `one webhook before ${r.what}`, 30_000);
		step(`removal: ${r.what}`);
		await r.run();
		await waitUntil(`no webhook after ${r.what}`, () => t.sim.webhooks().length === 0, 30_000, 100);
		out.push(`${r.what}: 0 webhooks`);
	}
	return out;
}
