import type { IWebhookFunctions } from 'n8n-workflow';
import { registerSecret } from '../../core/errors';
import { openOrRecover } from '../../core/sealed-secret';
import { SECRET_FIELD } from './registration';

/**
 * Opened secrets by sealed value: a delivery would otherwise decrypt the secret every time. A sealed value is
 * tied to one secret, so an entry never goes stale; the bound only caps memory.
 */
const opened = new Map<string, string>();
const OPENED_MAX = 1000;
/** After a failed recovery, requests within this span are answered 503 without asking the provider again. */
const RECOVERY_PAUSE_MS = 30_000;
const failedAt = new Map<string, number>();

function remember(stored: string, secret: string): void {
	registerSecret(secret);
	if (opened.size >= OPENED_MAX) opened.clear();
	opened.set(stored, secret);
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
 * (`recover`) and sealed again, so genuine deliveries keep being accepted.
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
	const unavailable = (reason: string) =>
		`its stored webhook secret cannot be opened with the credential's current key, and fetching it from ${provider} with that key failed (${reason}). ` +
		`Check that the credential's key belongs to the ${provider} account the webhook was registered with, or deactivate and activate the workflow to register anew.`;
	const failed = failedAt.get(stored);
	if (failed !== undefined && Date.now() - failed < RECOVERY_PAUSE_MS)
		return { unavailable: unavailable('last attempt failed moments ago') };
	let result: Awaited<ReturnType<typeof openOrRecover>>;
	try {
		result = await openOrRecover(stored, await material(), recover);
	} catch (error) {
		if (failedAt.size >= OPENED_MAX) failedAt.clear();
		failedAt.set(stored, Date.now());
		return { unavailable: unavailable((error as Error).message) };
	}
	failedAt.delete(stored);
	const { secret, resealed } = result;
	remember(stored, secret);
	if (resealed) {
		data[SECRET_FIELD] = resealed;
		remember(resealed, secret);
		ctx.logger.info(
			`The ${provider} webhook secret was fetched again with the credential's new key and sealed with it.`,
		);
	}
	return { secret };
}
