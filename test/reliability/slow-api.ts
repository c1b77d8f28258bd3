import { check, checkEqual } from '../e2e/lib/check';
import { delay, waitUntil } from '../e2e/lib/net';
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

/**
 * The n8n analogue of a slow API at deploy. A republish that changes the trigger is the only n8n 2.41 operation
 * during which the workflow stays published and the trigger calls Partnero: n8n runs the trigger's delete, then its
 * create. (A restart made no Partnero call at all within 60 s, measured with both faults armed: n8n 2.41 serves the
 * stored webhook and secret without asking the trigger; an unchanged republish leaves the trigger alone.) The first
 * call after the republish, the DELETE of the old webhook, gets a 429 with Retry-After 20 s or stalls for 20 s.
 * A delivery sent meanwhile, if answered 200, must reach the workflow. Once settled: the workflow is still active,
 * exactly one webhook exists with the new events, it was deleted once and created once (no other DELETE or POST),
 * and a delivery afterwards runs an execution. n8n does not time an activation out at 20 s; should it give one up,
 * its error must be in n8n's log and no webhook may be left.
 */
export async function slowApiAtRepublish(
	t: LiveTarget,
	step: Step,
	stats: Stats,
): Promise<string[]> {
	check(
		t.changeEvents !== undefined && t.workflowActive !== undefined,
		'the target cannot republish or show whether its workflow is active',
	);
	const out: string[] = [];
	for (const [i, { what, fault }] of SLOW_API_FAULTS.entries()) {
		await t.up(1);
		await settled(t, `one webhook before ${what}`, 30_000);
		await t.ready(`the trigger before ${what}`, 30_000);
		await apiQuiet(t);
		const callsBefore = t.sim.apiCalls().length;
		const errorsBefore = (await t.userErrors()).length;
		step(`slow API at a republish with the events changed: ${what} on the first API call after it`);
		t.sim.injectFaults(fault);
		stats.faults++;
		const t0 = Date.now();
		// Signed with the secret Partnero holds for the webhook until it is deleted.
		const during = `slow-api-n8n-${i}-during`;
		const duringDelivery = signedDelivery(t, during);
		const running = t.changeEvents!();
		// 3 s in, the slow call is under way (n8n calls the trigger's delete within a second of the publish).
		await delay(3000);
		const duringStatus = await deliver(t, duringDelivery).catch(() => 0);
		await running;
		const seconds = (Date.now() - t0) / 1000;
		await apiQuiet(t, 2000, 60_000);
		const calls = t.sim.apiCalls().slice(callsBefore);
		const summary = calls.map((c) => `${c.method} ${c.status}`).join(', ');
		const shown = (await t.userErrors()).slice(errorsBefore);
		if (!(await t.workflowActive!())) {
			check(shown.length > 0, `the workflow went inactive after ${what} and n8n logged no error`);
			checkEqual(t.sim.webhooks().length, 0, `webhooks left after n8n gave up (${what})`);
			out.push(
				`republish with the events changed, ${what}: n8n gave the activation up (${shown[0]}), 0 webhooks left; ${summary}`,
			);
			continue;
		}
		checkEqual(t.sim.webhooks().length, 1, `webhooks after the republish with ${what}`);
		checkEqual(
			calls
				.filter((c) => (c.method === 'DELETE' || c.method === 'POST') && c.status < 300)
				.map((c) => c.method),
			['DELETE', 'POST'],
			`webhook writes after the republish with ${what} (the old one deleted once, one created)`,
		);
		if (duringStatus === 200)
			await waitUntil(
				`${during} (answered 200) to reach the workflow`,
				() => t.reportedIds().includes(during),
				30_000,
			);
		const after = `slow-api-n8n-${i}-after`;
		checkEqual(await deliver(t, signedDelivery(t, after)), 200, `a delivery after ${what}`);
		await waitUntil(`${after} to run an execution`, () => t.reportedIds().includes(after), 30_000);
		const ran = duringStatus === 200 ? 2 : 1;
		stats.sent += ran;
		stats.received += ran;
		out.push(
			`republish with the events changed, ${what}: ${seconds.toFixed(1)} s, ${calls.length} API calls (${summary}), workflow active, 1 webhook (replaced once), a delivery meanwhile answered ${duringStatus === 0 ? 'nothing' : duringStatus}${duringStatus === 200 ? ' and ran' : ''}, the delivery after it ran${shown.length ? `; n8n logged: ${shown[0]}` : ''}`,
		);
	}
	stats.notes.push(`slow API at a republish: ${out.join('; ')}`);
	return out;
}
