/**
 * Receiving PartnerStack deliveries.
 *
 * PartnerStack documents no delivery signature, so by default a delivery is authenticated by an
 * unguessable secret in the registered URL (the `URL_SECRET_PARAM` query parameter, 192 random bits,
 * compared in constant time). Accounts for which PartnerStack support enabled signing can add an HMAC-SHA256
 * check on a header the user names. Payloads are flat objects carrying `event`; duplicates are recognised
 * by the body's bytes (core/receiver.ts).
 */
import { ValidationError } from '../errors';
import { deliveryEvent, type WebhookProvider } from '../receiver';
import { normalisePartnerStackEvent } from './events';
import { hmacSha256Scheme, type SignatureScheme } from '../signature';

/** The query parameter carrying the URL secret. */
export const URL_SECRET_PARAM = 'ph_secret';

/** `url` with the secret as its URL_SECRET_PARAM query parameter (replacing one already there). */
export function withUrlSecret(url: string, secret: string): string {
	const u = new URL(url);
	u.searchParams.set(URL_SECRET_PARAM, secret);
	return u.toString();
}

/** The URL secret a URL carries, if any. */
export function urlSecretOf(url: string | undefined): string | undefined {
	if (!url || !URL.canParse(url)) return undefined;
	return new URL(url).searchParams.get(URL_SECRET_PARAM) ?? undefined;
}

/** The URL without its secret: what identifies the trigger's endpoint, whatever secret it currently uses. */
export function endpointOf(url: string | undefined): string | undefined {
	if (!url || !URL.canParse(url)) return url;
	const u = new URL(url);
	u.searchParams.delete(URL_SECRET_PARAM);
	return u.toString();
}

/** The URL as it may appear in logs, errors and statuses: its secret replaced by ***. */
export function redactUrl(url: string): string {
	if (!URL.canParse(url)) return url;
	const u = new URL(url);
	if (u.searchParams.has(URL_SECRET_PARAM)) u.searchParams.set(URL_SECRET_PARAM, '***');
	return u.toString();
}

export interface PartnerStackHmacOptions {
	/** The header PartnerStack support names for the signature. Required. */
	header: string;
	encoding?: 'hex' | 'base64';
	/** Text before the digest, e.g. 'sha256='. */
	prefix?: string;
}

/** Valid HTTP header field names (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** HMAC-SHA256 of the raw body on a header the user configures; throws naming a bad header name. */
export function partnerStackHmacScheme(o: PartnerStackHmacOptions): SignatureScheme {
	const header = (o.header ?? '').trim();
	if (!header)
		throw new ValidationError(
			'Name the header that carries the HMAC signature (ask PartnerStack support which one they send).',
		);
	if (!HEADER_NAME.test(header))
		throw new ValidationError(`"${header}" is not a valid HTTP header name.`);
	return hmacSha256Scheme({
		id: 'partnerstack-hmac-sha256',
		header,
		encoding: o.encoding ?? 'hex',
		prefix: o.prefix?.trim() || undefined,
	});
}

/**
 * HMAC checking without the signing secret would refuse every delivery, so a trigger must not start that
 * way. One rule and one text for both engines; the adapter names where the secret goes.
 */
export function checkHmacSecret(verifyHmac: boolean, secret: string | undefined): void {
	if (verifyHmac && !secret) {
		throw new ValidationError(
			'HMAC checking is on, but the PartnerStack credential has no webhook signing secret.',
			'hmacSecret',
		);
	}
}

/** Epoch milliseconds from a number or numeric string; undefined otherwise. */
function epochMs(value: unknown): number | undefined {
	const n =
		typeof value === 'number'
			? value
			: typeof value === 'string' && /^\d+$/.test(value)
				? Number(value)
				: NaN;
	return Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * PartnerStack sends no delivery id. The receiver keys duplicates on the body's bytes: event + key + updated_at
 * would merge two events of one object that share a time, or both lack one.
 */
export const partnerStackProvider: WebhookProvider = {
	id: 'partnerstack',
	signature: undefined,
	// Some events (e.g. a deleted object) carry neither updated_at nor created_at: no age to check, so
	// those rely on the URL secret and the dedupe memory alone.
	undatedPayloads: true,
	// A subscription to partnership.created receives "event": "partnership_created" (the v2 guide's sample).
	eventForm: normalisePartnerStackEvent,
	describe(raw) {
		const named = deliveryEvent(raw, 'PartnerStack');
		if (!named.ok) return named;
		const { record: body, event } = named;
		const createdAtMs = epochMs(body.updated_at) ?? epochMs(body.created_at);
		return createdAtMs === undefined ? { ok: true, event } : { ok: true, event, createdAtMs };
	},
};
