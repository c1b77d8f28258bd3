import type { IWebhookFunctions } from 'n8n-workflow';
import { errorMessage, registerSecret } from '../../core/errors';
import { openOrRecover } from '../../core/sealed-secret';
import { SECRET_FIELD } from './registration';

/**
 * Opened secrets by sealed value: a delivery would otherwise decrypt the secret every time. A sealed value is
 * tied to one secret, so an entry never goes stale; the bound only caps memory.
 */
const opened = new Map<string, string>();
const OPENED_MAX = 1000;

/*
 * Recovery (after a key rotation) costs a call to the provider with the stored webhook's key, and anyone who
 * can reach the webhook URL can ask for it by sending requests. So it is rationed:
 * - one recovery at a time per sealed value: concurrent deliveries wait for the same one;
 * - its back-off starts when the call starts, not when it fails: requests meanwhile and for RECOVERY_PAUSE_MS
 *   after a failure are answered 503 without a call;
 * - no retries inside the webhook phase (the client's retry policy is off for it; the sender retries);
 * - at most RECOVERIES_PER_MINUTE recovery calls per process and minute, whatever the number of triggers.
 */
const RECOVERY_PAUSE_MS = 30_000;
/** The retry policy of a recovery call: none; the sender's own retry is the next attempt. */
export const NO_RETRY = { retries: 0 } as const;
export const RECOVERIES_PER_MINUTE = 10;
const attemptedAt = new Map<string, number>();
const recentCalls: number[] = [];
const inFlight = new Map<string, Promise<Opened>>();

type Opened = { secret: string; resealed?: string } | { failed: string };

function remember(stored: string, secret: string): void {
	registerSecret(secret);
	if (opened.size >= OPENED_MAX) opened.clear();
	opened.set(stored, secret);
}

/** Throws (with the reason) when no recovery call may start now; otherwise notes one as started. */
function admitRecovery(stored: string): void {
	const now = Date.now();
	const last = attemptedAt.get(stored);
	if (last !== undefined && now - last < RECOVERY_PAUSE_MS)
		throw new Error('the last attempt failed moments ago');
	while (recentCalls.length > 0 && now - recentCalls[0] >= 60_000) recentCalls.shift();
	if (recentCalls.length >= RECOVERIES_PER_MINUTE)
		throw new Error(`${RECOVERIES_PER_MINUTE} recoveries were tried in the last minute`);
	recentCalls.push(now);
	if (attemptedAt.size >= OPENED_MAX) attemptedAt.clear();
	attemptedAt.set(stored, now);
}

/** Opens `stored`, or recovers its secret, once for all concurrent callers. */
function openShared(
	stored: string,
	material: () => Promise<string>,
	recover: () => Promise<string | undefined>,
): Promise<Opened> {
	let running = inFlight.get(stored);
	if (running) return running;
	running = (async (): Promise<Opened> => {
		try {
			const result = await openOrRecover(stored, await material(), async () => {
				admitRecovery(stored);
				return recover();
			});
			attemptedAt.delete(stored);
			remember(stored, result.secret);
			if (result.resealed) remember(result.resealed, result.secret);
			return result;
		} catch (error) {
			return { failed: errorMessage(error) };
		} finally {
			inFlight.delete(stored);
		}
	})();
	inFlight.set(stored, running);
	return running;
}

export interface DeliverySecret {
	/** undefined while activation has not stored one yet. */
	secret?: string;
	/** Why the stored secret cannot be used now, with what to do about it (answered 503, so the sender retries). */
	unavailable?: string;
}

/**
 * The trigger's sealed delivery secret, opened with `material` (the credential's current key). After a key
 * rotation the old seal cannot be opened: the secret is fetched from the provider with the current key
 * (`recover`, which must not retry) and sealed again, so genuine deliveries keep being accepted.
 *
 * `material` is only read when the secret is not open yet: in the webhook phase n8n 2 reads a credential
 * from its database and resolves it in an expression isolate of its own, a cost per read on the order of
 * the whole delivery.
 */
export async function deliverySecret(
	ctx: IWebhookFunctions,
	provider: string,
	material: () => Promise<string>,
	recover: () => Promise<string | undefined>,
): Promise<DeliverySecret> {
	const data = ctx.getWorkflowStaticData('node');
	const stored = data[SECRET_FIELD];
	if (typeof stored !== 'string' || stored === '') return {};
	const cached = opened.get(stored);
	if (cached !== undefined) return { secret: cached };
	const owner = !inFlight.has(stored);
	const result = await openShared(stored, material, recover);
	if ('failed' in result)
		return {
			unavailable:
				`its stored webhook secret cannot be opened with the credential's current key, and fetching it from ${provider} with that key failed (${result.failed}). ` +
				`Check that the credential's key belongs to the ${provider} account the webhook was registered with, or deactivate and activate the workflow to register anew.`,
		};
	if (result.resealed && data[SECRET_FIELD] === stored) {
		data[SECRET_FIELD] = result.resealed;
		if (owner)
			ctx.logger.info(
				`The ${provider} webhook secret was fetched again with the credential's new key and sealed with it.`,
			);
	}
	return { secret: result.secret };
}

/** For tests: forget every opened secret, back-off and recovery count, as a fresh process would. */
export function forgetOpenedSecrets(): void {
	opened.clear();
	attemptedAt.clear();
	recentCalls.length = 0;
}
