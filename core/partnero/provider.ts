/**
 * Partnero as a webhook sender: how its deliveries are signed and how one delivery is recognised. The
 * receiver is told this provider by the adapters; nothing in the generic core knows Partnero.
 */
import { isRecord } from '../api-client';
import { deliveryEvent, parseTimestamp, type WebhookProvider } from '../receiver';
import { hmacSha256Scheme, type SignatureScheme } from '../signature';

/** Partnero: header `Signature`, lowercase hex HMAC-SHA256 of the raw body, keyed with the webhook's `signature` value. */
export const partneroSignature: SignatureScheme = hmacSha256Scheme({
	id: 'partnero-hmac-sha256-hex',
	header: 'Signature',
	encoding: 'hex',
});

/**
 * When the delivery was made: `created_at`, or `timestamp` in the older envelope (`{event, data, timestamp}`)
 * that Partnero's earlier examples show. An ISO text; a number is taken as Unix seconds (or milliseconds).
 */
function timeOf(value: unknown): number | undefined {
	if (typeof value === 'string') return parseTimestamp(value);
	if (typeof value === 'number' && Number.isFinite(value) && value > 0)
		return value < 1e11 ? value * 1000 : value;
	return undefined;
}

/** Every retry re-sends the original body, so the receiver keys duplicates on its bytes (core/receiver.ts). */
export const partneroProvider: WebhookProvider = {
	id: 'partnero',
	signature: partneroSignature,
	describe(body) {
		const named = deliveryEvent(body, 'Partnero');
		if (!named.ok) return named;
		const { event } = named;
		const { data, created_at: createdAt, timestamp } = named.record;
		if (!isRecord(data)) {
			return { ok: false, message: `The "${event}" delivery has no "data" object.` };
		}
		// A delivery is never refused as stale for a field it lacks: without created_at its timestamp dates it,
		// and one with neither is accepted unchecked, with a warning. A time that is there but unreadable is refused.
		if (createdAt === undefined && timestamp === undefined) {
			return {
				ok: true,
				event,
				undated: `accepted a "${event}" delivery without an age check: it carries neither created_at nor timestamp, so a replay of it could not be told from a late retry.`,
			};
		}
		const createdAtMs = timeOf(createdAt ?? timestamp);
		return createdAtMs === undefined ? { ok: true, event } : { ok: true, event, createdAtMs };
	},
};
