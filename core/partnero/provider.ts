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
 * Partnero sends no delivery id, and a retry re-sends the original body, so the key is built from the
 * fields that identify one event: webhook, event name, the resource's id (or key) and created_at.
 * A resource without id or key falls back to its full data, which is identical across retries too.
 */
export const partneroProvider: WebhookProvider = {
	id: 'partnero',
	signature: partneroSignature,
	describe(body) {
		const named = deliveryEvent(body, 'Partnero');
		if (!named.ok) return named;
		const { event } = named;
		const { data, webhook_key: webhookKey, created_at: createdAt } = named.record;
		if (!isRecord(data)) {
			return { ok: false, message: `The "${event}" delivery has no "data" object.` };
		}
		const resourceId = data.id ?? data.key ?? JSON.stringify(data);
		const deliveryKey = JSON.stringify([
			typeof webhookKey === 'string' ? webhookKey : '',
			event,
			String(resourceId),
			typeof createdAt === 'string' ? createdAt : '',
		]);
		const createdAtMs = typeof createdAt === 'string' ? parseTimestamp(createdAt) : undefined;
		return createdAtMs === undefined
			? { ok: true, event, deliveryKey }
			: { ok: true, event, deliveryKey, createdAtMs };
	},
};
