import { check, checkEqual } from '../e2e/lib/check';
import { waitUntil } from '../e2e/lib/net';
import { apiQuiet, deliver, settled, signedDelivery, type Stats } from './checks';
import type { LiveTarget } from './target';

type Step = (text: string) => void;

/** Longer than Node-RED's 15 s close timeout, as in the issue: the old node must not delete late what the new adopted. */
const SLOW_API_FAULTS = [
	{ what: '429 with Retry-After 20 s', fault: { count: 1, status: 429, retryAfterSeconds: 20 } },
	{ what: 'a 20 s stall', fault: { count: 1, delayMs: 20_000 } },
];

/**
 * A full deploy while Partnero is slow: the first API call after it (the new node's check of the webhook it
 * adopts) gets a 429 with a Retry-After longer than the close timeout, or stalls for 20 s. Meanwhile a delivery must
 * reach the flow (the secret is held); once settled exactly the same one webhook exists, a delivery reaches the
 * flow, nothing was deleted, and the status the user sees says listening only with that webhook at Partnero.
 */
export async function slowApiAtDeploy(t: LiveTarget, step: Step, stats: Stats): Promise<string[]> {
	check(
		t.redeploy !== undefined && t.triggerStatuses !== undefined,
		'the target cannot redeploy or show a status',
	);
	const out: string[] = [];
	for (const [i, { what, fault }] of SLOW_API_FAULTS.entries()) {
		await t.up(1);
		await settled(t, `one webhook before ${what}`, 30_000);
		await t.ready(`the trigger before ${what}`, 30_000);
		await apiQuiet(t);
		const [before] = t.sim.webhooks();
		const callsBefore = t.sim.apiCalls().length;
		step(`slow API at deploy: ${what} on the first API call after a full deploy`);
		const statusesBefore = t.triggerStatuses!().length;
		const latest = () => t.triggerStatuses!().slice(statusesBefore).pop();
		t.sim.injectFaults(fault);
		stats.faults++;
		const t0 = Date.now();
		await t.redeploy!();
		const deploySeconds = (Date.now() - t0) / 1000;
		// Node-RED answers a deploy before the new flows have started (their routes are not there yet, 404): wait
		// until the new node takes deliveries, which it does at once with the secret its predecessor held.
		await t.ready(`the redeployed trigger while ${what}`, 10_000);
		const during = `slow-api-${i}-during`;
		checkEqual(
			await deliver(t, signedDelivery(t, during)),
			200,
			`a delivery while the API is slow (${what})`,
		);
		await waitUntil(`${during} to reach the flow`, () => t.reportedIds().includes(during), 30_000);
		// Settled: the faulted call has been answered, the trigger's calls are done, and it says listening.
		// For the 429 that is the call after the Retry-After; for the stall, the stalled call itself. Until then the
		// trigger cannot know its webhook still exists, so it must not have said listening. The statuses are read in
		// the same tick as the calls, so a green that follows the answer is never counted as before it.
		let whileSlow: Array<{ fill?: string; text?: string }> = [];
		await waitUntil(
			`Partnero to answer after ${what}`,
			() => {
				if (
					t.sim
						.apiCalls()
						.slice(callsBefore)
						.some((c) => c.status < 300)
				)
					return true;
				whileSlow = t.triggerStatuses!().slice(statusesBefore);
				return false;
			},
			45_000,
			100,
		);
		check(
			!whileSlow.some((st) => st.fill === 'green'),
			`the status said listening before Partnero answered (${what}): ${JSON.stringify(whileSlow)}`,
		);
		await apiQuiet(t, 2000, 60_000);
		await waitUntil(
			`the status to settle after ${what}`,
			() => latest()?.fill === 'green',
			30_000,
			100,
		);
		const calls = t.sim.apiCalls().slice(callsBefore);
		checkEqual(
			calls
				.filter((c) => c.method === 'DELETE' || c.method === 'POST')
				.map((c) => `${c.method} ${c.path}`),
			[],
			`webhooks deleted or created after ${what}`,
		);
		checkEqual(
			t.sim.webhooks().map((w) => w.key),
			[before.key],
			`the webhook after ${what}`,
		);
		const status = latest();
		check(
			/listening/.test(status?.text ?? ''),
			`the status after ${what} is ${JSON.stringify(status)}, not listening`,
		);
		const after = `slow-api-${i}-after`;
		checkEqual(await deliver(t, signedDelivery(t, after)), 200, `a delivery after ${what}`);
		await waitUntil(`${after} to reach the flow`, () => t.reportedIds().includes(after), 30_000);
		stats.sent += 2;
		stats.received += 2;
		out.push(
			`${what}: deploy ${deploySeconds.toFixed(1)} s, ${calls.length} API call${calls.length === 1 ? '' : 's'} (${calls.map((c) => `${c.method} ${c.status}`).join(', ')}), 1 webhook (kept), status "${status?.text}", 2 deliveries reached the flow`,
		);
	}
	stats.notes.push(`slow API at deploy: ${out.join('; ')}`);
	return out;
}
