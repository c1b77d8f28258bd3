import { check, checkEqual } from '../e2e/lib/check';
import { delay, waitUntil } from '../e2e/lib/net';
import { PARTNERO_RETRY_SCHEDULE_MS } from '../../sim/delivery';
import { settled, type Stats } from './checks';
import type { LiveTarget } from './target';

type Step = (text: string) => void;

/** `changeEvents`: republish with the trigger's events changed, which n8n does as delete + create. */
export type StreamOperation = 'restart' | 'redeploy' | 'changeEvents' | 'reactivate';
const OPERATION_NAMES: Record<StreamOperation, string> = {
	restart: 'restart',
	redeploy: 'redeploy',
	changeEvents: 'republish with events changed',
	reactivate: 'deactivate, then activate',
};
/** Operations that delete the webhook and create a new one, by the engine's own lifecycle or by the user's act. */
const RE_REGISTERING: StreamOperation[] = ['changeEvents', 'reactivate'];

/** A slow run (see slowEvery): longer than the 5 s Partnero waits for an answer. */
const SLOW_RUN_MS = 6500;

/** Partnero's retry schedule, 1 min scaled to 1 s: retries 1, 6, 36 and 156 s after the first attempt. */
const STREAM_TIME_SCALE = 1 / 60;

export interface StreamResult {
	emitted: number;
	received: number;
	lost: number;
	/**
	 * Of the lost: events the engine answered 200 (so Partnero never retries them) whose flow was still running
	 * when SIGTERM stopped it. The trigger answers before the flow runs; what is in flight at shutdown is gone.
	 */
	cutOff: number;
	/**
	 * Of the lost: events fired while the engine itself replaced the webhook (n8n republishing a trigger whose
	 * parameters changed deletes the webhook and creates a new one); counted, never hidden, and bounded.
	 */
	reRegistration: number;
	doubled: number;
	/**
	 * Of the doubled: events with an attempt that got no answer at all (SIGTERM reset the connection) after the
	 * flow had already reported them, so the retry reached the sink again. The price of answering only when the
	 * flow has run (at least once); both arrivals carry the same delivery key, for an idempotent sink to drop.
	 */
	answerCut: number;
	webhooks: number;
	retried: number;
	droppedRetries: number;
	operations: string[];
	/** Lost events fired before the first operation, then from each operation until the next (or the end). */
	lostByOperation: number[];
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
	o: {
		perSecond: number;
		seconds: number;
		operations: StreamOperation[];
		/**
		 * Every n-th event's step after the trigger (the sink) answers only after SLOW_RUN_MS, longer than Partnero
		 * waits: its sender gives up while the run lasts and retries, and the retry must not run it again.
		 */
		slowEvery?: number;
	},
): Promise<StreamResult> {
	const run = (op: StreamOperation): (() => Promise<void>) | undefined => {
		if (op === 'reactivate') return async () => (await t.down(), await t.up(1));
		return (op === 'restart' ? t.restart : op === 'redeploy' ? t.redeploy : t.changeEvents)?.bind(
			t,
		);
	};
	check(
		o.operations.every((op) => run(op) !== undefined),
		`the target cannot ${o.operations.join(', ')}`,
	);
	await settled(t, 'one webhook before the stream', 30_000);
	t.sim.setTimeScale(STREAM_TIME_SCALE);
	// Slow runs only among the events fired before the first operation: their retries settle before any restart, so
	// each must arrive exactly once; slow runs at SIGTERM would only add to the answers it cuts.
	const slowEvery = o.slowEvery;
	const slowIds = new Set<string>();
	if (slowEvery) {
		const beforeOperations = Math.floor((o.perSecond * o.seconds) / (o.operations.length + 1));
		for (let n = 0; n < beforeOperations; n += slowEvery) slowIds.add(`stream-${n}`);
		t.sink.holdAnswer = (r) => (slowIds.has(String(r.json?.data?.id)) ? SLOW_RUN_MS : 0);
	}
	const attemptsBefore = t.sim.attempts().length;
	const droppedBefore = t.sim.dropped().length;
	const reportedBefore = t.reportedIds().length;
	const total = o.perSecond * o.seconds;
	step(
		`steady stream: ${total} events at ${o.perSecond}/s for ${o.seconds} s (longer until 3 s after the last operation), with ${o.operations.join(', ')}${slowEvery ? `; every ${slowEvery}th run before the first operation outlasts the sender's timeout` : ''}`,
	);
	const emitted: string[] = [];
	const unsent: string[][] = [];
	const firing: Array<Promise<unknown>> = [];
	const started = Date.now();
	const operationsAt = o.operations.map(
		(_, i) => ((i + 1) * o.seconds * 1000) / (o.operations.length + 1),
	);
	const done: string[] = [];
	// When each operation that re-registers the webhook ran: losses of events fired then are counted apart.
	const reRegistering: Array<[number, number]> = [];
	const firedAt = new Map<string, number>();
	const startedAt: number[] = [];
	// Webhooks deleted by a replacing operation: only retries dropped with one of these count as its loss.
	const replacedKeys = new Set<string>();
	let next = 0;
	const operations = (async () => {
		for (const [i, op] of o.operations.entries()) {
			await delay(Math.max(0, started + operationsAt[i] - Date.now()));
			const t0 = Date.now();
			startedAt.push(t0);
			const keysBefore = t.sim.webhooks().map((w) => w.key);
			await run(op)!();
			if (RE_REGISTERING.includes(op)) {
				reRegistering.push([t0, Date.now()]);
				const kept = new Set(t.sim.webhooks().map((w) => w.key));
				keysBefore.filter((k) => !kept.has(k)).forEach((k) => replacedKeys.add(k));
			}
			done.push(`${OPERATION_NAMES[op]} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
		}
	})();
	// The stream outlasts the last operation by 3 s (an engine slow to restart would otherwise see the later
	// operations after the stream), bounded at three times its length.
	let opsEnd = 0;
	void operations.then(
		() => (opsEnd = Date.now()),
		() => (opsEnd = Date.now()),
	);
	for (let i = 0; i < 3 * total && (i < total || opsEnd === 0 || Date.now() < opsEnd + 3000); i++) {
		await delay(Math.max(0, started + (i * 1000) / o.perSecond - Date.now()));
		const id = `stream-${i}`;
		firedAt.set(id, Date.now());
		// An event Partnero emits goes to every webhook that exists at that moment; none means it is never sent.
		const fired: string[] = [];
		firing.push(
			t.sim.fire(t.selected[0], { data: { id } }).then((attempts) => {
				(attempts.length > 0 ? emitted : fired).push(id);
			}),
		);
		unsent.push(fired);
		next = i;
	}
	await operations;
	await Promise.all(firing);
	step(
		`steady stream: ${next + 1} fired, ${emitted.length} emitted to a webhook; waiting for retries to land`,
	);
	const reported = () =>
		t
			.reportedIds()
			.slice(reportedBefore)
			.filter((id) => id.startsWith('stream-'));
	// Nothing more can arrive once the simulator has no retry pending: every delivery was answered, failed its last
	// retry (2 scaled hours after the first attempt), or was dropped with its webhook. A fixed wait shorter than the
	// schedule counted late retries as lost after an engine was down for long (n8n's restart).
	const scheduleMs = PARTNERO_RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0) * STREAM_TIME_SCALE;
	let simSettled = false;
	void t.sim.settle().then(() => (simSettled = true));
	const waitEnd = Date.now() + scheduleMs + 60_000;
	while (!simSettled && Date.now() < waitEnd && new Set(reported()).size < emitted.length)
		await delay(250);
	await delay(2000);
	const got = reported();
	const counts = new Map<string, number>();
	for (const id of got) counts.set(id, (counts.get(id) ?? 0) + 1);
	// Lost to a re-registration: fired while it ran, or pending a retry at the webhook it deleted (the simulator
	// drops those, as Partnero does). Only the re-registering operations delete a webhook during the stream.
	const deliveryOf = new Map(
		t.sim
			.attempts()
			.slice(attemptsBefore)
			.map((a) => [a.deliveryId, /"id":"(stream-\d+)"/.exec(a.body)?.[1]]),
	);
	const retryDropped = new Set(
		t.sim
			.dropped()
			.slice(droppedBefore)
			.filter((d) => replacedKeys.has(d.webhookKey))
			.map((d) => deliveryOf.get(d.deliveryId)),
	);
	const duringReRegistration = (id: string) =>
		retryDropped.has(id) ||
		reRegistering.some(([a, b]) => firedAt.get(id)! >= a && firedAt.get(id)! <= b);
	const neverEmitted = unsent.flat();
	const lost = [...neverEmitted, ...emitted.filter((id) => !counts.has(id))];
	const acknowledged = new Set(
		t.sim
			.attempts()
			.slice(attemptsBefore)
			.filter((a) => a.status === 200)
			.map((a) => /"id":"(stream-\d+)"/.exec(a.body)?.[1]),
	);
	const reRegistration = lost.filter(duringReRegistration);
	const cutOff = lost.filter((id) => !duringReRegistration(id) && acknowledged.has(id));
	const notSent = lost.filter((id) => !duringReRegistration(id) && !acknowledged.has(id));
	const doubled = [...counts.values()].filter((n) => n > 1).length;
	const unanswered = new Map<string, number>();
	for (const a of t.sim.attempts().slice(attemptsBefore)) {
		const id = /"id":"(stream-\d+)"/.exec(a.body)?.[1];
		// The proxy before the engine answers 502 when the engine reset or refused the connection; the stream's
		// flow itself never answers 502.
		if (id && (a.status === undefined || a.status === 502))
			unanswered.set(id, (unanswered.get(id) ?? 0) + 1);
	}
	// A double is the at-least-once price only when an attempt of it went unanswered: each such attempt may
	// have reached the sink before its answer was cut. Any other double is a dedupe failure.
	const answerCut = [...counts].filter(
		([id, n]) => n > 1 && n <= 1 + (unanswered.get(id) ?? 0),
	).length;
	t.sim.setTimeScale(0.001);
	t.sink.holdAnswer = undefined;
	const result: StreamResult = {
		emitted: emitted.length,
		received: got.length,
		lost: lost.length,
		cutOff: cutOff.length,
		reRegistration: reRegistration.length,
		doubled,
		answerCut,
		webhooks: t.sim.webhooks().length,
		retried: t.sim
			.attempts()
			.slice(attemptsBefore)
			.filter((a) => a.attempt > 1).length,
		droppedRetries: t.sim.dropped().length - droppedBefore,
		operations: done,
		// Lost events by when they were fired: before the first operation, or from operation i until the next one.
		lostByOperation: [started, ...startedAt].map((from, i, all) => {
			const until = all[i + 1] ?? Number.POSITIVE_INFINITY;
			return lost.filter((id) => firedAt.get(id)! >= from && firedAt.get(id)! < until).length;
		}),
	};
	stats.sent += emitted.length;
	stats.received += got.length;
	stats.notes.push(
		`steady stream: ${next + 1} events fired at ${o.perSecond}/s across ${done.join(', ')}, ${result.emitted} emitted to a webhook: ${result.received} received, ` +
			`${result.lost} lost (${result.cutOff} of them answered 200, then cut off in the flow by SIGTERM; ${result.reRegistration} fired while the engine replaced the webhook), ${result.doubled} doubled (${result.answerCut} of them reached the sink before SIGTERM cut their answer), ${result.retried} retries by the simulator, ${result.droppedRetries} retries dropped, ` +
			`${result.webhooks} webhook(s) at the end; lost by when fired: before the first operation ${result.lostByOperation[0]}, ${done.map((d, i) => `from ${d} on ${result.lostByOperation[i + 1]}`).join(', ')}`,
	);
	if (slowIds.size > 0)
		stats.notes.push(
			`steady stream: ${slowIds.size} runs outlasted the sender's 5 s (${SLOW_RUN_MS / 1000} s): ${[...slowIds].filter((id) => counts.get(id) === 1).length} arrived once, ${[...slowIds].filter((id) => (counts.get(id) ?? 0) > 1).length} ran again for a retry`,
		);
	// How the engine answered the stream's attempts: what SIGTERM reset (no status) or asked to retry shows here.
	const answers = new Map<string, number>();
	for (const a of t.sim.attempts().slice(attemptsBefore)) {
		const status = a.status === undefined ? 'no answer' : String(a.status);
		answers.set(status, (answers.get(status) ?? 0) + 1);
	}
	stats.notes.push(
		`steady stream: attempts answered ${[...answers]
			.sort((a, b) => b[1] - a[1])
			.map(([status, n]) => `${status} × ${n}`)
			.join(', ')}`,
	);
	const unexplainedUnsent = neverEmitted.filter((id) => !duringReRegistration(id));
	check(
		unexplainedUnsent.length === 0,
		`${unexplainedUnsent.length} events were fired while no webhook existed: ${unexplainedUnsent.slice(0, 10).join(', ')}`,
	);
	// What a replacement loses is not bounded by a guessed figure: it is whatever was fired while no webhook existed
	// or pending a retry of the deleted one, each event of it attributed by time or by the simulator's drop record,
	// and shown in the table. Any loss outside a replacement still fails below.
	checkEqual(
		notSent.slice(0, 10),
		[],
		`events lost before the engine acknowledged them (${notSent.length} in all)`,
	);
	const restarts = o.operations.filter((op) => op === 'restart').length;
	if (t.atLeastOnce) {
		// The flow answers: an event is acknowledged only once it reached the sink, so none may be lost.
		checkEqual(
			cutOff.slice(0, 10),
			[],
			`acknowledged events that never reached the flow's end (${cutOff.length} in all)`,
		);
	} else {
		// Node-RED drops the messages in flight when it stops; a few per restart at 10/s is that, more is a fault.
		check(
			cutOff.length <= 2 * restarts,
			`${cutOff.length} acknowledged events never reached the flow's end: ${cutOff.slice(0, 10).join(', ')}`,
		);
	}
	// Any engine can run a delivery and then lose the connection to SIGTERM before its answer leaves (n8n did once
	// in CI: it ran the execution while shutting down). The retry lands in a new process, whose dedupe memory is new
	// unless a persistent store carries it, so it arrives again with the same deliveryKey, as the README's guarantee
	// says. A double without an unanswered attempt is a dedupe failure; a few answer-cut ones per restart are not.
	checkEqual(doubled - answerCut, 0, 'events received twice without an unanswered attempt');
	check(
		answerCut <= 2 * restarts,
		`${answerCut} events reached the sink twice after SIGTERM cut their answer`,
	);
	checkEqual(
		[...slowIds].filter((id) => (counts.get(id) ?? 0) > 1),
		[],
		"runs that outlasted the sender's wait and ran again for its retry",
	);
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
