import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { partneroSample } from '../../core/partnero/samples';
import { phpJsonEncode } from '../../core/php-json';
import { check, checkEqual } from '../e2e/lib/check';
import { delay, http, waitUntil } from '../e2e/lib/net';
import { buildCases, sameSecondUpdates } from './cases';
import { pool, send } from './send';
import type { LiveTarget } from './target';

export interface Stats {
	cases: number;
	faults: number;
	sent: number;
	received: number;
	duplicatesSuppressed: number;
	secretsFound: number;
	/** Deliveries that should have been refused (forged, replayed, too old, at a wrong path) but reached the flow. */
	forgedAccepted: number;
	notes: string[];
}

export const newStats = (): Stats => ({
	cases: 0,
	faults: 0,
	sent: 0,
	received: 0,
	duplicatesSuppressed: 0,
	secretsFound: 0,
	forgedAccepted: 0,
	notes: [],
});

type Step = (text: string) => void;

export function signedDelivery(
	t: LiveTarget,
	id: string,
	event = t.selected[0],
	createdAt = new Date().toISOString(),
): { body: Buffer; signature: string } {
	const body = Buffer.from(phpJsonEncode(partneroSample(event, { createdAt, data: { id } })));
	return { body, signature: createHmac('sha256', t.secret()).update(body).digest('hex') };
}

/**
 * What is checked is the answer and that the event arrives once, not how fast: n8n answers a trigger's delivery after
 * queueing its execution, and at 50 connections on a busy 2-core machine one answer took over 30 s.
 */
const DELIVERY_TIMEOUT_MS = 120_000;

export async function deliver(
	t: LiveTarget,
	d: { body: Buffer; signature: string },
): Promise<number> {
	const r = await send(
		{
			method: 'POST',
			url: t.hookUrl,
			headers: { 'content-type': 'application/json', Signature: d.signature },
			body: d.body,
		},
		DELIVERY_TIMEOUT_MS,
	);
	return r.status;
}

/** A good delivery after the others: once it has reached the sink, anything sent before it would have too. */
async function barrier(t: LiveTarget, id: string): Promise<void> {
	checkEqual(await deliver(t, signedDelivery(t, id)), 200, `status of the barrier delivery ${id}`);
	await waitUntil(`barrier ${id} to reach the sink`, () => t.reportedIds().includes(id), 60_000);
}

const sorted = (xs: string[]) => [...xs].sort();

/**
 * Every generated case, several rounds: from the second round on the accepted ones are duplicates. Memory is
 * read after each round once the engine has been idle for a moment; a leak shows as growth that continues
 * from round to round, while a garbage-collected runtime legitimately keeps some of its first rounds' peak.
 */
export async function badInput(t: LiveTarget, step: Step, stats: Stats): Promise<void> {
	const cases = buildCases({
		secret: t.secret(),
		selected: t.selected,
		unselected: t.unselected,
		maxAgeSeconds: t.maxAgeSeconds,
		malformedJsonStatus: t.malformedJsonStatus,
		seed: 20261124,
		run: 'bad',
	});
	check(cases.length >= 200, `only ${cases.length} bad-input cases were generated`);
	const accepted = cases.filter((c) => c.acceptedId).map((c) => c.acceptedId!);
	const rss: number[] = [t.rssKb()];
	const rounds = [1, 2, 3, 4, 5, 6];
	for (const round of rounds) {
		step(
			`bad input, round ${round}: ${cases.length} cases (${accepted.length} of them valid but unusual)`,
		);
		const before = t.reportedIds().length;
		const results = await pool(cases, 8, (c) =>
			send({ method: c.method, url: t.hookUrl, headers: c.headers, body: c.body }),
		);
		const wrong = cases
			.map((c, i) => ({ c, got: results[i].status, body: results[i].body }))
			.filter((x) => !x.c.expect.includes(x.got));
		check(
			wrong.length === 0,
			`${wrong.length} cases got an undocumented answer:\n${wrong
				.slice(0, 12)
				.map(
					(x) =>
						`  [${x.c.family}] ${x.c.label}: expected ${x.c.expect.join('|')}, got ${x.got} ${x.body.slice(0, 120)}`,
				)
				.join('\n')}`,
		);
		check(await t.alive(), 'the engine stopped answering after the bad input');
		await barrier(t, `bad-barrier-${round}`);
		const emitted = t.reportedIds().slice(before);
		const allowed = new Set([...accepted, `bad-barrier-${round}`]);
		stats.forgedAccepted += emitted.filter((id) => !allowed.has(id)).length;
		checkEqual(
			sorted(emitted),
			sorted([...(round === 1 ? accepted : []), `bad-barrier-${round}`]),
			`records that reached the flow in round ${round}`,
		);
		stats.cases += cases.length;
		stats.sent += cases.length + 1;
		stats.received += emitted.length;
		if (round > 1) stats.duplicatesSuppressed += accepted.length;
		await delay(3000);
		rss.push(t.rssKb());
	}
	const mb = rss.map((k) => Math.round(k / 1024));
	stats.notes.push(
		`RSS before the bad input, then after each of ${rounds.length} rounds: ${mb.join(' / ')} MB`,
	);
	// The same input again and again: a per-request leak adds up, so the later rounds' plateau would rise above the
	// earlier rounds' peak by about a round's worth of leak each time. Garbage-collector noise does not.
	const half = 1 + rounds.length / 2;
	const growthMb = Math.max(...mb.slice(half)) - Math.max(...mb.slice(1, half));
	check(
		growthMb < 64,
		`memory kept growing: the last ${rounds.length / 2} identical rounds peaked ${growthMb} MB above the first ${rounds.length / 2} (${mb.join(' / ')} MB)`,
	);
	// Each of these rounds runs even when one before it failed, so one run shows every broken rule.
	const failures: string[] = [];
	for (const [name, round] of [
		['same-second updates', sameSecond],
		['path change', pathChange],
		['waiting senders', waitingSenders],
	] as const) {
		await round(t, step, stats).catch((e: Error) => failures.push(`${name}: ${e.message}`));
	}
	check(failures.length === 0, `bad input rounds failed:\n${failures.join('\n')}`);
}

/**
 * Two different updates of one record within one second, for several records: all are emitted (two events never
 * share a delivery key); each resent byte for byte, none is emitted again (every retry of one event does).
 */
async function sameSecond(t: LiveTarget, step: Step, stats: Stats, records = 5): Promise<void> {
	// An update event where the trigger selected one; the rule is the same for any event.
	const event = t.selected.find((e) => e.endsWith('.updated')) ?? t.selected[0];
	const pairs = sameSecondUpdates({ secret: t.secret(), event, run: 'same-second', records });
	const all = pairs.flat();
	step(
		`bad input: ${records} records updated twice within one second (${event}), then every update resent`,
	);
	const sendAll = (cases: typeof all) =>
		pool(cases, 8, async (c) => {
			const r = await send({ method: c.method, url: t.hookUrl, headers: c.headers, body: c.body });
			return r.status;
		});
	const before = t.reportedIds().length;
	// The first update of every record, then the second: the order Partnero would send them in.
	for (const i of [0, 1]) {
		const statuses = await sendAll(pairs.map((p) => p[i]));
		checkEqual(
			statuses.filter((s) => s !== 200),
			[],
			`answers other than 200 to update #${i + 1} of the same-second records`,
		);
	}
	await barrier(t, 'barrier-same-second-1');
	const emitted = t
		.reportedIds()
		.slice(before)
		.filter((id) => id.startsWith('same-second-'));
	check(
		emitted.length === all.length,
		`same-second distinct updates that reached the flow: ${emitted.length} of ${all.length}; ` +
			`${all.length - emitted.length} later update(s) of a record within the same second were taken for a duplicate of an earlier one`,
	);
	checkEqual(
		sorted(emitted),
		sorted(all.map((c) => c.acceptedId!)),
		'records of the same-second updates that reached the flow',
	);
	const mark = t.reportedIds().length;
	checkEqual(
		(await sendAll(all)).filter((s) => s !== 200),
		[],
		'answers other than 200 to the resent same-second updates',
	);
	await barrier(t, 'barrier-same-second-2');
	checkEqual(
		t.reportedIds().length - mark,
		1,
		'records at the sink after every same-second update was resent byte for byte, and one barrier',
	);
	stats.cases += all.length * 2;
	stats.sent += all.length * 2 + 2;
	stats.received += all.length + 2;
	stats.duplicatesSuppressed += all.length;
	stats.notes.push(
		`same-second updates: ${all.length} sent (${records} records x 2), ${emitted.length} emitted; ${all.length} resent, 0 emitted`,
	);
}

/** The trigger's path changed by a deploy, and back: each time one webhook is left, at the path it serves. */
async function pathChange(t: LiveTarget, step: Step, stats: Stats): Promise<void> {
	if (!t.changePath) {
		stats.notes.push('path change: skipped (the engine has no trigger path a deploy changes)');
		return;
	}
	step("bad input: the trigger's path changed by a deploy, then back: one webhook left each time");
	const counts: number[] = [];
	for (const moved of [true, false]) {
		const former = t.hookUrl;
		await t.changePath(moved);
		await settled(t, `exactly one webhook, at the ${moved ? 'new' : 'original'} path`, 20_000);
		counts.push(t.sim.webhooks().length);
		await barrier(t, `path-${moved ? 'moved' : 'back'}`);
		const gone = await send({
			method: 'POST',
			url: former,
			headers: { 'content-type': 'application/json' },
			body: Buffer.from('{}'),
		});
		checkEqual(gone.status, 404, `answer at the former path ${former}`);
		stats.cases++;
		stats.sent += 2;
		stats.received++;
	}
	stats.notes.push(`path change and back: webhooks after each deploy ${counts.join(', ')}`);
}

/**
 * "When the flow answers" mode: senders still waiting for the flow when it is redeployed are each answered
 * within 5 s (503 with Retry-After), and their retries after the deploy reach the flow once each.
 */
async function waitingSenders(t: LiveTarget, step: Step, stats: Stats, count = 10): Promise<void> {
	const flow = t.waitingFlow;
	if (!flow || !t.redeploy) {
		stats.notes.push('waiting senders: skipped (the engine has no flow that answers the sender)');
		return;
	}
	step(`bad input: a redeploy while ${count} senders wait for the flow's answer`);
	await flow.hold(true);
	const deliveries = Array.from({ length: count }, (_, i) => ({
		id: `waiting-${i}`,
		...signedDelivery(t, `waiting-${i}`),
	}));
	const post = (d: (typeof deliveries)[number], timeoutMs: number) =>
		http('POST', t.hookUrl, {
			raw: d.body.toString('utf8'),
			headers: { 'content-type': 'application/json', Signature: d.signature },
			timeoutMs,
		});
	// Longer than 5 s, so a sender left hanging shows as such; shorter than Partnero's 40 s seen in the audit.
	const answers = deliveries.map((d) =>
		post(d, 15_000).then(
			(r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), at: Date.now() }),
			() => ({ status: 0, retryAfter: null, at: Date.now() }),
		),
	);
	await waitUntil(
		`the ${count} deliveries to wait in the flow`,
		() => deliveries.every((d) => flow.heldIds().includes(d.id)),
		20_000,
	);
	const deployedAt = Date.now();
	await t.redeploy();
	const got = await Promise.all(answers);
	const ms = got.map((a) => (a.status === 0 ? Infinity : a.at - deployedAt));
	const late = ms.filter((m) => m > 5000).length;
	check(
		late === 0,
		`${late} of ${count} senders waiting for the flow got no answer within 5 s of the redeploy ` +
			`(statuses ${got.map((a) => a.status).join(' ')}; 0 = none within 15 s)`,
	);
	checkEqual(
		got.map((a) => `${a.status}${a.retryAfter ? ' Retry-After' : ''}`),
		got.map(() => '503 Retry-After'),
		'answers to the senders waiting at the redeploy',
	);
	// Nothing is lost: their retries, once the flow answers again, reach it once each.
	await flow.hold(false);
	const before = t.reportedIds().length;
	const again = await Promise.all(deliveries.map((d) => post(d, DELIVERY_TIMEOUT_MS)));
	checkEqual(
		again.map((r) => r.status).filter((s) => s !== 200),
		[],
		'answers other than 200 to the retries after the redeploy',
	);
	await barrier(t, 'barrier-waiting');
	checkEqual(
		sorted(t.reportedIds().slice(before)),
		sorted([...deliveries.map((d) => d.id), 'barrier-waiting']),
		'records at the sink after the retries of the senders that waited',
	);
	stats.cases += count;
	stats.sent += count * 2 + 1;
	stats.received += count + 1;
	stats.notes.push(
		`waiting senders: ${count} answered ${[...new Set(got.map((a) => a.status))].join('/')} within ${Math.max(...ms)} ms of the redeploy; ${count} retries emitted once each`,
	);
}

/** Until the registered webhooks are exactly the ones the live triggers need. */
export async function settled(t: LiveTarget, what: string, timeoutMs = 60_000): Promise<void> {
	await waitUntil(
		what,
		() => {
			const urls = t.sim.webhooks().map((w) => w.url);
			return JSON.stringify(sorted(urls)) === JSON.stringify(sorted(t.expectedUrls()));
		},
		timeoutMs,
		100,
	).catch((e: Error) => {
		throw new Error(
			`${e.message}. Registered: ${JSON.stringify(t.sim.webhooks().map((w) => w.url))}, expected: ${JSON.stringify(t.expectedUrls())}`,
		);
	});
}

/** up() that retries a refused activation the way a user would press "activate" again; Node-RED retries by itself. */
/**
 * Waits until the engine has made no call to the simulated API for `quietMs`. A trigger may still be checking its
 * webhook after it was registered (the list that follows a create, so replicas converge); faults injected for the
 * action node must not be taken by that call instead.
 */
export async function apiQuiet(t: LiveTarget, quietMs = 1500, timeoutMs = 30_000): Promise<void> {
	let count = t.sim.apiCalls().length;
	let since = Date.now();
	await waitUntil(
		'the API to be quiet before injecting faults for the action node',
		() => {
			const now = t.sim.apiCalls().length;
			if (now !== count) {
				count = now;
				since = Date.now();
			}
			return Date.now() - since >= quietMs;
		},
		timeoutMs,
		100,
	);
}

async function upEventually(t: LiveTarget, n?: number, attempts = 5): Promise<string | undefined> {
	let firstError: string | undefined;
	for (let i = 0; i < attempts; i++) {
		try {
			await t.up(n);
			return firstError;
		} catch (e) {
			firstError ??= (e as Error).message;
			await delay(500);
		}
	}
	throw new Error(`activation kept failing: ${firstError}`);
}

/** Faults at the Partnero API during activation, deactivation and the action node's calls, then recovery. */
export async function faults(t: LiveTarget, step: Step, stats: Stats): Promise<void> {
	step('fault: Partnero answers 500 to every attempt of a registration call, then recovers');
	await t.down();
	await settled(t, 'no webhook after removing the trigger');
	// Enough failures to outlast every retry: the user must be told, and recovery must follow once it clears.
	t.sim.injectFaults({ count: t.callsUntilRefused, status: 500 });
	stats.faults++;
	const errorsBefore = (await t.userErrors()).length;
	const refusedActivation = await upEventually(t);
	const shown =
		refusedActivation ??
		(await waitUntil(
			'the refused registration to be shown to the user',
			async () => {
				const errors = (await t.userErrors()).slice(errorsBefore);
				return errors.length ? errors.join('\n') : undefined;
			},
			30_000,
		).catch(() => ''));
	check(
		/500|Partnero/i.test(shown),
		`the user saw no clear error for the refused registration (got: ${shown.slice(0, 300) || 'nothing'})`,
	);
	// Node-RED keeps retrying by itself; n8n gives up after its own attempts, and the user activates again.
	const retriedByItself = await settled(t, 'the trigger to retry on its own', 20_000).then(
		() => true,
		() => false,
	);
	if (!retriedByItself) {
		stats.notes.push(
			'after a lasting registration failure the engine waited for the user to activate again',
		);
		await t.down();
		await upEventually(t);
	}
	await settled(t, 'the webhook registered after the 500', 90_000);

	step('fault: 429 with Retry-After during registration is waited out');
	await t.down();
	t.sim.injectFaults({ count: 2, status: 429, retryAfterSeconds: 1 });
	stats.faults++;
	await upEventually(t);
	await settled(t, 'the webhook registered after the 429s');

	step('fault: a slow API (2 s per answer) during registration');
	await t.down();
	t.sim.injectFaults({ count: 3, delayMs: 2000 });
	stats.faults++;
	await upEventually(t);
	await settled(t, 'the webhook registered despite the slow API');

	step('fault: connection refused during registration, then the API comes back');
	await t.down();
	await settled(t, 'no webhook before the refused-connection test');
	await t.api.refuse();
	stats.faults++;
	let refusedError: string | undefined;
	try {
		await t.up();
	} catch (e) {
		refusedError = (e as Error).message;
	}
	await delay(1500);
	await t.api.accept();
	if (refusedError) await upEventually(t);
	await settled(t, 'the webhook registered once the API accepts connections again', 90_000);

	step('fault: 500s during deactivation are retried; nothing is orphaned');
	t.sim.injectFaults({ count: 2, status: 500 });
	stats.faults++;
	await t.down();
	await settled(t, 'the webhook deleted despite two 500s');
	await upEventually(t);
	await settled(t, 'registered again');

	step('fault: the action node under 500, 429 and a refused connection');
	await apiQuiet(t);
	t.sim.injectFaults({ count: 2, status: 500 });
	t.sim.injectFaults({ count: 1, status: 429, retryAfterSeconds: 1 });
	stats.faults += 2;
	const listed = await t.listWebhooks();
	check(
		listed.ok && listed.count === t.sim.webhooks().length,
		`list after transient faults: ${JSON.stringify(listed)}`,
	);
	t.sim.injectFaults({ count: 4, status: 500 });
	stats.faults++;
	const failed = await t.listWebhooks();
	check(
		!failed.ok && /500/.test(failed.error),
		`a list that keeps failing must say why: ${JSON.stringify(failed)}`,
	);
	await t.api.refuse();
	stats.faults++;
	const unreachable = await t.listWebhooks();
	await t.api.accept();
	check(
		!unreachable.ok && /reach|ECONNREFUSED|connect/i.test(unreachable.error),
		`an unreachable API must be named as such: ${JSON.stringify(unreachable)}`,
	);
	const recovered = await t.listWebhooks();
	check(recovered.ok, `list after the faults cleared: ${JSON.stringify(recovered)}`);

	step('fault: the webhook deleted behind our back is re-created on the next activation');
	const [hook] = t.sim.webhooks();
	await fetch(`${t.sim.apiBaseUrl}/webhooks/${hook.key}`, {
		method: 'DELETE',
		headers: { Authorization: `Bearer ${t.apiKey}` },
	});
	stats.faults++;
	await t.down();
	await settled(t, 'nothing registered after deactivation');
	await upEventually(t);
	await settled(t, 'one webhook again after the remote deletion');

	step("fault: the webhook's events changed behind our back are repaired on the next activation");
	const [changed] = t.sim.webhooks();
	await fetch(`${t.sim.apiBaseUrl}/webhooks/${changed.key}`, {
		method: 'PUT',
		headers: { Authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/json' },
		body: JSON.stringify({ events: ['lead.submitted'], is_active: false }),
	});
	stats.faults++;
	await t.down();
	// n8n deactivates in the background: wait for its delete before activating again, as a user's second click would.
	await settled(t, 'the changed webhook deleted on deactivation');
	await upEventually(t);
	await settled(t, 'one webhook after the remote change');
	await waitUntil(
		'the new webhook to carry the selected events',
		() => t.sim.webhooks()[0]?.events.length === t.selected.length,
		20_000,
	).catch(() => undefined);
	const repaired = t.sim.webhooks()[0];
	check(
		repaired.is_active && sorted(repaired.events).join() === sorted(t.selected).join(),
		`the webhook was not repaired: ${JSON.stringify({ events: repaired.events, active: repaired.is_active })}`,
	);
}

/** Deploy/redeploy or activate/deactivate, 100 times, with random API faults; then one webhook per live trigger. */
export async function cycles(
	t: LiveTarget,
	step: Step,
	stats: Stats,
	count = 100,
	maxTriggers = 1,
): Promise<void> {
	step(`${count} lifecycle cycles with random faults`);
	let seed = 42;
	const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
	for (let i = 0; i < count; i++) {
		const r = rand();
		if (r < 0.15) t.sim.injectFaults({ count: 1, status: 500 });
		else if (r < 0.3) t.sim.injectFaults({ count: 1, status: 429, retryAfterSeconds: 0 });
		else if (r < 0.4) t.sim.injectFaults({ count: 1, delayMs: 300 });
		if (r < 0.4) stats.faults++;
		const live = rand() < 0.3 ? 0 : 1 + Math.floor(rand() * maxTriggers);
		try {
			if (live === 0) await t.down();
			else await t.up(live);
		} catch {
			// A refused activation is the user-visible outcome of an injected fault; the final state is what counts.
		}
	}
	await upEventually(t, maxTriggers);
	await settled(t, `exactly one webhook per live trigger after ${count} cycles`, 120_000);
	const urls = t.sim.webhooks().map((w) => w.url);
	checkEqual(new Set(urls).size, urls.length, 'webhooks per URL after the cycles (duplicates)');
	stats.notes.push(
		`after ${count} cycles: ${urls.length} webhook(s) for ${t.expectedUrls().length} live trigger(s)`,
	);
}

/** `total` distinct deliveries at 50 connections: every one reaches the flow exactly once; then 1,000 re-sent duplicates add none. */
export async function load(
	t: LiveTarget,
	step: Step,
	stats: Stats,
	total = 10_000,
	concurrency = 50,
): Promise<void> {
	step(`load: ${total} distinct signed deliveries at ${concurrency} connections`);
	const deliveries = Array.from({ length: total }, (_, i) => ({
		id: `load-${i}`,
		...signedDelivery(t, `load-${i}`, t.selected[i % t.selected.length]),
	}));
	const before = t.reportedIds().length;
	const started = Date.now();
	const statuses = await pool(deliveries, concurrency, (d) => deliver(t, d));
	const bad = statuses.filter((s) => s !== 200).length;
	checkEqual(bad, 0, 'deliveries not answered 200');
	await waitUntil(
		`all ${total} deliveries to reach the sink`,
		() => t.reportedIds().length - before >= total,
		600_000,
		250,
	);
	const seconds = (Date.now() - started) / 1000;
	await barrier(t, 'load-barrier-1');
	const got = t
		.reportedIds()
		.slice(before)
		.filter((id) => id.startsWith('load-') && id !== 'load-barrier-1');
	checkEqual(
		got.length,
		total,
		'deliveries that reached the sink (lost or doubled ones change this)',
	);
	checkEqual(new Set(got).size, total, 'distinct deliveries at the sink');
	stats.sent += total + 1;
	stats.received += total + 1;
	stats.notes.push(
		`load: ${total} deliveries in ${seconds.toFixed(0)} s (${(total / seconds).toFixed(0)}/s end to end)`,
	);

	step('load: 1,000 of them re-sent (Partnero retries): none reaches the flow again');
	const countBefore = t.reportedIds().length;
	const again = await pool(deliveries.slice(0, 1000), concurrency, (d) => deliver(t, d));
	checkEqual(again.filter((s) => s !== 200).length, 0, 'duplicates not answered 200');
	await barrier(t, 'load-barrier-2');
	checkEqual(
		t.reportedIds().length - countBefore,
		1,
		'records at the sink after 1,000 duplicates and one barrier',
	);
	stats.sent += 1001;
	stats.received += 1;
	stats.duplicatesSuppressed += 1000;
}

/** Partnero's own retry: the receiver fails every first attempt, the simulator retries, each event arrives once. */
export async function retryPath(
	t: LiveTarget,
	step: Step,
	stats: Stats,
	count = 20,
): Promise<void> {
	step(`retry path: ${count} events whose first attempt fails`);
	const before = t.reportedIds().length;
	t.proxy.failFirst(true);
	try {
		for (let i = 0; i < count; i++)
			await t.sim.fire(t.selected[i % t.selected.length], { data: { id: `retry-${i}` } });
		await t.sim.settle();
		await waitUntil(
			'retried deliveries to reach the sink',
			() => t.reportedIds().length - before >= count,
			60_000,
		);
	} finally {
		t.proxy.failFirst(false);
	}
	await barrier(t, 'retry-barrier');
	const got = t
		.reportedIds()
		.slice(before)
		.filter((id) => id.startsWith('retry-') && id !== 'retry-barrier');
	checkEqual(
		sorted(got),
		sorted(Array.from({ length: count }, (_, i) => `retry-${i}`)),
		'events delivered after a failed first attempt',
	);
	check(t.proxy.refused() >= count, `the proxy refused only ${t.proxy.refused()} first attempts`);
	const failedForGood = t.sim.attempts().filter((a) => a.outcome === 'failed');
	checkEqual(failedForGood.length, 0, 'deliveries the simulator gave up on');
	stats.faults += count;
	stats.sent += count;
	stats.received += count;
}

/** Every text the run produced, searched for the API key and every signing secret the simulator issued. */
export async function secrets(
	t: LiveTarget,
	issued: Set<string>,
	step: Step,
	stats: Stats,
): Promise<void> {
	const texts = await t.texts();
	const keys = [t.apiKey, ...(t.formerApiKeys ?? [])];
	const needles = [...keys, ...issued];
	step(
		`secret scan: ${needles.length} secrets in ${Object.keys(texts).length} texts (${Math.round(Object.values(texts).reduce((n, s) => n + s.length, 0) / 1024)} kB)`,
	);
	const found: string[] = [];
	for (const [where, text] of Object.entries(texts)) {
		for (const secret of needles)
			if (text.includes(secret))
				found.push(`${keys.includes(secret) ? 'an API key' : 'a signing secret'} in ${where}`);
	}
	stats.secretsFound += found.length;
	check(found.length === 0, `secrets found: ${found.slice(0, 10).join('; ')}`);
}

/** Sends the headers and a few bytes of a body that never ends; the status the server answers with (0 = none in time). */
function unfinishedBody(
	url: string,
	headers: Record<string, string>,
	waitMs: number,
): Promise<number> {
	return new Promise((resolve) => {
		const req = httpRequest(url, { method: 'POST', headers }, (res) => {
			res.resume();
			clearTimeout(timer);
			resolve(res.statusCode ?? 0);
			req.destroy();
		});
		const timer = setTimeout(() => {
			req.destroy();
			resolve(0);
		}, waitMs);
		req.on('error', () => undefined);
		req.flushHeaders();
		req.write('{"event":"partner.created",');
	});
}

/**
 * The attacks of the hardening review, where the engine has them: replayed and old bodies, case variants of
 * the path, oversized and endless bodies, paths that would shadow the editor, the test-connection redirect,
 * and a rotated API key. Nothing that should be refused may reach the flow, and genuine deliveries must.
 */
export async function hardening(t: LiveTarget, step: Step, stats: Stats): Promise<void> {
	const refusedIds: string[] = [];
	const h = t.hardening ?? {};
	let tried = 0;

	step(
		'hardening: a replayed genuine delivery is a duplicate; signed bodies dated 2019 or 25 hours ago are refused',
	);
	const genuine = signedDelivery(t, 'hard-genuine');
	checkEqual(await deliver(t, genuine), 200, 'status of a genuine delivery');
	checkEqual(await deliver(t, genuine), 200, 'status of its replay (a duplicate)');
	for (const [label, createdAt] of [
		['dated 2019', '2019-03-01T08:00:00.000000Z'],
		['25 hours old', new Date(Date.now() - 25 * 3600_000).toISOString()],
	]) {
		const id = `hard-old-${refusedIds.length}`;
		refusedIds.push(id);
		checkEqual(
			await deliver(t, signedDelivery(t, id, t.selected[0], createdAt)),
			400,
			`status of a signed body ${label}`,
		);
	}
	tried += 4;

	if (h.caseVariantUrl) {
		step('hardening: case variants and a trailing slash of the path keep the raw body and verify');
		for (const [i, url] of [h.caseVariantUrl, `${t.hookUrl}/`].entries()) {
			const d = signedDelivery(t, `hard-case-${i}`);
			const r = await send({
				method: 'POST',
				url,
				headers: { 'content-type': 'application/json', Signature: d.signature },
				body: d.body,
			});
			checkEqual(r.status, 200, `status of a genuine delivery at ${url}`);
			await waitUntil(
				`hard-case-${i} to reach the sink`,
				() => t.reportedIds().includes(`hard-case-${i}`),
				30_000,
			);
			tried++;
		}
	}

	if (h.boundsBodies) {
		step(
			'hardening: a declared 2 MiB body is refused before it is sent; a body that never ends is cut off',
		);
		checkEqual(
			await unfinishedBody(
				t.hookUrl,
				{ 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) },
				10_000,
			),
			413,
			'answer to a declared 2 MiB body',
		);
		checkEqual(
			await unfinishedBody(
				t.hookUrl,
				{ 'content-type': 'application/json', 'content-length': '1000' },
				45_000,
			),
			408,
			'answer to a body that never ends',
		);
		check(await t.alive(), 'the engine stopped answering after the unfinished bodies');
		tried += 2;
	}

	if (h.shadowPaths) {
		const paths = ['flows', 'auth/token', 'NODES', 'settings/'];
		step(`hardening: triggers at ${paths.join(', ')} are refused and the editor still deploys`);
		const r = await h.shadowPaths(paths);
		check(r.deployedAgain, 'a deploy after the shadowing triggers failed');
		checkEqual(r.refused, paths.length, 'triggers refused for shadowing an editor route');
		tried += paths.length;
	}

	if (h.testConnection) {
		step(
			'hardening: "test connection" with the stored account and another base URL sends nothing there',
		);
		const status = await h.testConnection(`${t.sink.url}/steal`);
		checkEqual(status, 400, 'answer to a test connection aimed elsewhere');
		const stolen = t.sink.requests.filter((r) => r.path.startsWith('/steal'));
		checkEqual(stolen.length, 0, 'requests that reached the other base URL');
		tried++;
	}

	if (h.rotateKey) {
		step(
			'hardening: the API key is rotated in Partnero and the credential, the engine restarts, a genuine delivery is accepted',
		);
		await h.rotateKey();
		const d = signedDelivery(t, 'hard-rotated');
		checkEqual(await deliver(t, d), 200, 'status of a genuine delivery after the key rotation');
		await waitUntil(
			'hard-rotated to reach the sink',
			() => t.reportedIds().includes('hard-rotated'),
			60_000,
		);
		tried++;
	}

	await barrier(t, 'hard-barrier');
	const reached = new Set(t.reportedIds());
	const slipped = refusedIds.filter((id) => reached.has(id));
	stats.forgedAccepted += slipped.length;
	checkEqual(slipped, [], 'refused deliveries that reached the flow');
	check(reached.has('hard-genuine'), 'the genuine delivery did not reach the flow');
	checkEqual(
		t.reportedIds().filter((id) => id === 'hard-genuine').length,
		1,
		'times the replayed delivery reached the flow',
	);
	stats.cases += tried;
	stats.sent += tried + 1;
}
