import { createHmac } from 'node:crypto';
import type { Simulator } from '../../../sim/server';
import { check, checkEqual } from './check';
import { http, waitUntil, type Sink, type SinkRequest } from './net';
import type { ScenarioContext } from './scenario';

/** Non-ASCII in several planes plus a slash, so PHP's escaping (\u00eb, surrogate pairs, \/) is on the wire. */
export const NON_ASCII = { name: 'Zoë', surname: 'Ünal 東京 😀', company: 'Café A/B' };

export interface Reported {
	event: string;
	data: unknown;
}

export interface DeliveryCheckOptions {
	sim: Simulator;
	sink: Sink;
	hookUrl: string;
	events: string[];
	/** How this engine's flow reports a delivery to the sink. */
	read: (r: SinkRequest) => Reported;
	/** Engine-specific evidence that a refused delivery started nothing (e.g. n8n execution count). */
	countRuns?: () => Promise<number>;
}

function wrongSignature(body: string): string {
	return createHmac('sha256', 'not-the-webhook-secret').update(body).digest('hex');
}

/**
 * Fire one event through the simulator and wait until the sink has exactly one more report, which must be
 * this delivery. The expected data comes from the bytes the simulator sent, never from our own code.
 */
async function fireAndReceive(
	o: DeliveryCheckOptions,
	event: string,
	data?: Record<string, unknown>,
): Promise<{ body: string; signature: string }> {
	const before = o.sink.requests.length;
	const attempts = await o.sim.fire(event, data ? { data } : undefined);
	checkEqual(attempts.length, 1, `delivery attempts for ${event}`);
	const a = attempts[0];
	check(
		a.status !== undefined && a.status >= 200 && a.status < 300,
		`${event}: the engine answered ${a.status ?? a.error} to a correctly signed delivery`,
	);
	await waitUntil(`${event} to reach the sink`, () => o.sink.requests.length > before, 20_000);
	checkEqual(o.sink.requests.length, before + 1, `reports at the sink after one ${event} delivery`);
	const got = o.read(o.sink.requests[before]);
	const sent = JSON.parse(a.body) as { event: string; data: unknown };
	checkEqual(got.event, event, 'reported event name');
	checkEqual(got.data, sent.data, `${event} data at the sink`);
	return { body: a.body, signature: a.signature };
}

export async function runDeliveryChecks(
	ctx: ScenarioContext,
	o: DeliveryCheckOptions,
): Promise<void> {
	const [first, second] = o.events;
	// Registration is visible in the simulator a moment before the engine holds the secret (it answers 503 till then).
	await waitUntil(
		'the webhook route to verify signatures',
		async () => {
			const probe = await http('POST', o.hookUrl, {
				raw: '{}',
				headers: { 'content-type': 'application/json', Signature: wrongSignature('{}') },
			});
			return probe.status === 401;
		},
		20_000,
	);
	ctx.step(
		`signed deliveries of ${o.events.join(', ')} reach the sink (one with PHP-escaped non-ASCII)`,
	);
	const escaped = await fireAndReceive(o, first, NON_ASCII);
	check(
		escaped.body.includes('\\u00eb') &&
			escaped.body.includes('\\/') &&
			escaped.body.includes('\\ud83d'),
		'the simulator did not PHP-escape the body, so the test proves nothing',
	);
	checkEqual(
		(o.read(o.sink.requests[o.sink.requests.length - 1]).data as Record<string, unknown>).surname,
		NON_ASCII.surname,
		'non-ASCII text after decoding',
	);
	for (const e of o.events.slice(1)) await fireAndReceive(o, e);

	ctx.step('bad and missing signatures get 401 and reach nothing');
	let runsBefore = 0;
	if (o.countRuns) {
		const count = o.countRuns;
		// Engines record a run after answering the webhook, so wait for the good deliveries' runs to be stored.
		runsBefore = await waitUntil('runs of the good deliveries to be recorded', async () =>
			(await count()) >= o.events.length ? count() : undefined,
		);
		checkEqual(runsBefore, o.events.length, 'engine runs after the good deliveries');
	}
	const reportsBefore = o.sink.requests.length;
	const bad = await http('POST', o.hookUrl, {
		raw: escaped.body,
		headers: { 'content-type': 'application/json', Signature: wrongSignature(escaped.body) },
	});
	checkEqual(bad.status, 401, 'status for a wrong signature');
	const missing = await http('POST', o.hookUrl, {
		raw: escaped.body,
		headers: { 'content-type': 'application/json' },
	});
	checkEqual(missing.status, 401, 'status for a missing signature');

	ctx.step('a duplicate (same raw body and signature) is dropped');
	const dup = await http('POST', o.hookUrl, {
		raw: escaped.body,
		headers: { 'content-type': 'application/json', Signature: escaped.signature },
	});
	check(
		dup.status >= 200 && dup.status < 300,
		`a duplicate should be acknowledged (2xx) so Partnero stops retrying; got ${dup.status}`,
	);

	// A real delivery after the refused ones: once it has arrived, anything they had let through would have too.
	await fireAndReceive(o, second, { name: 'Barrier' });
	checkEqual(
		o.sink.requests.length,
		reportsBefore + 1,
		'reports at the sink after 2 refused, 1 duplicate and 1 good delivery',
	);
	if (o.countRuns) {
		const count = o.countRuns;
		const after = await waitUntil('the barrier run to be recorded', async () =>
			(await count()) > runsBefore ? count() : undefined,
		);
		checkEqual(
			after,
			runsBefore + 1,
			'engine runs after 2 refused, 1 duplicate and 1 good delivery',
		);
	}
}
