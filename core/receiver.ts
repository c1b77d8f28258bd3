/**
 * The framework-free decision for one incoming webhook delivery. The n8n and Node-RED adapters only
 * translate their request objects into an IncomingDelivery and the outcome into an HTTP answer.
 *
 * Decisions worth knowing:
 * - Content-Type is not checked. Partnero always sends JSON, proxies and test tools vary the header, and
 *   the signature (not the header) is what proves origin; the body must still parse as a JSON object.
 * - A stale or far-future created_at is answered 400 (reason 'stale'): the delivery is not acceptable as
 *   sent, and no retry of the same body can ever become acceptable. 422 is reserved, unused.
 * - The freshness window is on unless switched off, and as long as the dedupe memory (24 h): a replayed
 *   body is then either too old or a duplicate, as long as the process has not restarted in between.
 * - The dedupe key is claimed only after the signature, content, freshness and event filter have passed,
 *   so forged or filtered requests cannot burn the key of a genuine delivery.
 * - Bodies nested deeper than 512 levels are refused before parsing: PHP's json_encode (Partnero's
 *   sender) cannot produce them, and downstream code that walks the object recursively could overflow.
 * - The delivery key is the SHA-256 of the raw body. Neither vendor sends a delivery id, and a retry re-sends
 *   the original bytes (they are what Partnero signs), so every retry of one event shares the key; two
 *   different events differ somewhere in their bytes, so they never do. Fields picked from the body (id and
 *   a time to the second) could not promise the second half: two updates of one record in one second collided.
 */
import { createHash } from 'crypto';
import { isRecord } from './api-client';
import { DEFAULT_TTL_MS, type DedupeStore } from './dedupe';
import { eventSelected } from './event-filter';
import { headerValues, secretsEqual, verify, type SignatureScheme } from './signature';

export interface IncomingDelivery {
	method: string;
	headers: Record<string, string | string[] | undefined>;
	rawBody: Buffer | undefined;
	/** The secret the request URL carried (query or path), for providers authenticated by URL secret. */
	urlToken?: string;
}

export type DescribeResult =
	| {
			ok: true;
			event: string;
			createdAtMs?: number;
			/**
			 * Set when the body carries no time at all, saying so: the delivery is accepted without an age check,
			 * and the adapter warns with this text. A time that is present but unreadable is still refused.
			 */
			undated?: string;
	  }
	| { ok: false; message: string };

/** One webhook sender; each vendor defines its own (core/partnero/provider.ts, core/partnerstack/delivery.ts). */
export interface WebhookProvider {
	id: string;
	/** undefined = the provider does not sign deliveries. */
	signature: SignatureScheme | undefined;
	/** Validate parsed JSON; return the event name and created-at (ms), or an error message. */
	describe(body: unknown): DescribeResult;
	/**
	 * true when some of the sender's payloads carry no time at all (PartnerStack): those pass the freshness
	 * check unchecked. Otherwise a body without a valid time is refused while the check is on.
	 */
	undatedPayloads?: boolean;
	/** The form event names are compared in when one event has several spellings (PartnerStack). */
	eventForm?: (name: string) => string;
}

export interface ReceiverOptions {
	provider: WebhookProvider;
	/** Signing secret for the signature check. */
	secret?: string;
	verifySignature: boolean;
	/** Overrides the provider's scheme, e.g. an HMAC header the user configured. */
	signature?: SignatureScheme;
	/**
	 * When set, the request's urlToken must equal it (constant time) or the answer is 401. For senders that
	 * do not sign (PartnerStack), the unguessable URL is what authenticates a delivery.
	 */
	urlSecret?: string;
	/** Selected events; [] or ['*'] = all. */
	events: readonly string[];
	/** undefined = duplicates are not suppressed. */
	dedupe?: DedupeStore;
	/**
	 * Keys of deliveries still waiting for the flow's answer (awaited-answers.ts). A duplicate of one of them is
	 * answered 503 ('in-flight'), not 200: the original may yet fail, and then only the sender's retry is left.
	 */
	awaiting?: { has(key: string): boolean };
	/**
	 * Rejects created_at older than this, or more than 5 minutes in the future. undefined = the default
	 * (DEFAULT_MAX_AGE_SECONDS, 24 h); 0 = off.
	 */
	maxAgeSeconds?: number;
	/** Default 1 MiB. */
	maxBodyBytes?: number;
	now?: () => number;
}

export type DeliveryOutcome =
	| {
			status: 200;
			accept: true;
			event: string;
			body: Record<string, unknown>;
			deliveryKey: string;
			/** Accepted, but something the user should know (e.g. no time to check the age by). */
			warning?: string;
	  }
	| { status: 200; accept: false; reason: 'not-selected' | 'duplicate'; event: string }
	| { status: 400 | 401 | 405 | 413 | 415 | 422; accept: false; reason: string; message: string }
	| { status: 503; accept: false; reason: 'in-flight'; message: string };

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** The freshness window by default: the dedupe memory's span, so a replay is too old or a duplicate. */
export const DEFAULT_MAX_AGE_SECONDS = DEFAULT_TTL_MS / 1000;
/** Clock skew tolerated for created_at in the future. */
export const FUTURE_SKEW_MS = 5 * 60 * 1000;
const MAX_JSON_DEPTH = 512;

/** ISO 8601 as Laravel-based senders (Partnero) write it, e.g. 2025-01-15T10:30:00.000000Z; no zone means UTC. */
const TIMESTAMP =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;

/** The key shared by every retry of one delivery, and by nothing else: SHA-256 of the bytes as sent, in hex. */
export function deliveryKeyOf(raw: Buffer): string {
	return createHash('sha256').update(raw).digest('hex');
}

/** Milliseconds since the epoch, or undefined when the text is not a timestamp we can trust. */
export function parseTimestamp(text: string): number | undefined {
	const m = TIMESTAMP.exec(text.trim());
	if (!m) return undefined;
	const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
	const millis = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
	let ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
	const check = new Date(ms);
	// Date.UTC rolls 2025-02-30 over into March; such a date is not one a sender meant.
	if (
		check.getUTCMonth() !== month - 1 ||
		check.getUTCDate() !== day ||
		hour > 23 ||
		minute > 59 ||
		second > 59
	) {
		return undefined;
	}
	const zone = m[8];
	if (zone && zone.toUpperCase() !== 'Z') {
		const sign = zone.startsWith('-') ? -1 : 1;
		const digits = zone.slice(1).replace(':', '');
		ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
	}
	return ms;
}

/** The event name of a parsed body, or why the body is not a delivery from `provider` at all. */
export function deliveryEvent(
	body: unknown,
	provider: string,
): { ok: true; record: Record<string, unknown>; event: string } | { ok: false; message: string } {
	if (!isRecord(body)) {
		return {
			ok: false,
			message: `The body is not a JSON object, so it is not a ${provider} webhook delivery.`,
		};
	}
	const { event } = body;
	if (typeof event !== 'string' || event.trim() === '') {
		return {
			ok: false,
			message: `The body has no "event" name, so it is not a ${provider} webhook delivery.`,
		};
	}
	return { ok: true, record: body, event };
}

/** Deepest [ / { nesting in JSON text, ignoring brackets inside strings; stops counting past `limit`. */
function nestingExceeds(text: string, limit: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c) i++;
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) {
			inString = true;
		} else if (c === 0x5b || c === 0x7b) {
			if (++depth > limit) return true;
		} else if (c === 0x5d || c === 0x7d) {
			depth--;
		}
	}
	return false;
}

/**
 * The window in seconds from a user's setting: blank or not a number = the default, 0 or less = off.
 * Both engines pass their raw option here, so the rule for blanks is the same in each.
 */
export function maxAgeOf(setting: unknown): number {
	if (setting === undefined || setting === null || setting === '') return DEFAULT_MAX_AGE_SECONDS;
	const n = Number(setting);
	if (!Number.isFinite(n)) return DEFAULT_MAX_AGE_SECONDS;
	return n > 0 ? n : 0;
}

function reject(
	status: 400 | 401 | 405 | 413 | 415 | 422,
	reason: string,
	message: string,
): DeliveryOutcome {
	return { status, accept: false, reason, message };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function processDelivery(req: IncomingDelivery, opts: ReceiverOptions): DeliveryOutcome {
	if (req.method.toUpperCase() !== 'POST') {
		return reject(
			405,
			'method-not-allowed',
			`Webhook deliveries must use POST, not ${req.method.toUpperCase()}.`,
		);
	}

	const raw = req.rawBody ?? Buffer.alloc(0);
	const limit = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
	if (raw.length > limit) {
		return reject(
			413,
			'too-large',
			`The body is ${raw.length} bytes; this webhook accepts at most ${limit}.`,
		);
	}

	if (opts.urlSecret !== undefined && !secretsEqual(req.urlToken, opts.urlSecret)) {
		return reject(
			401,
			'url-secret',
			"The request URL does not carry this webhook's secret. Deliveries are accepted only at the exact URL that was registered.",
		);
	}

	if (opts.verifySignature) {
		const scheme = opts.signature ?? opts.provider.signature;
		if (!scheme) {
			return reject(
				401,
				'unsupported',
				`${opts.provider.id} does not sign its deliveries, so signatures cannot be verified. Turn signature verification off for this webhook.`,
			);
		}
		const values = headerValues(req.headers, scheme.header);
		const result = verify(opts.secret, raw, values.length > 1 ? values : values[0], scheme);
		if (!result.ok) return reject(401, result.reason, result.message);
	}

	if (raw.length === 0) {
		return reject(400, 'invalid-json', 'The request body is empty; a JSON object was expected.');
	}
	let text: string;
	try {
		text = UTF8.decode(raw);
	} catch {
		return reject(400, 'invalid-utf8', 'The request body is not valid UTF-8 text.');
	}
	if (nestingExceeds(text, MAX_JSON_DEPTH)) {
		return reject(400, 'too-deep', `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`);
	}
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		// The parser's own message quotes the body; it is left out so the answer never echoes sender input.
		return reject(400, 'invalid-json', 'The request body is not valid JSON.');
	}
	if (!isRecord(body)) {
		const kind = body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`;
		return reject(400, 'not-an-object', `The JSON body is ${kind}; a JSON object was expected.`);
	}

	const described = opts.provider.describe(body);
	if (!described.ok) return reject(400, 'invalid-payload', described.message);
	const { event, createdAtMs, undated } = described;

	const maxAgeSeconds = maxAgeOf(opts.maxAgeSeconds);
	const unchecked = createdAtMs === undefined && (opts.provider.undatedPayloads || !!undated);
	if (maxAgeSeconds > 0 && !unchecked) {
		const now = (opts.now ?? Date.now)();
		if (createdAtMs === undefined) {
			return reject(
				400,
				'stale',
				'The delivery has no valid created_at timestamp, so its age cannot be checked.',
			);
		}
		if (now - createdAtMs > maxAgeSeconds * 1000) {
			return reject(
				400,
				'stale',
				`The delivery was created ${Math.round((now - createdAtMs) / 1000)} s ago, more than the allowed ${maxAgeSeconds} s.`,
			);
		}
		if (createdAtMs - now > FUTURE_SKEW_MS) {
			return reject(
				400,
				'stale',
				'The delivery is dated more than 5 minutes in the future; check the clocks.',
			);
		}
	}

	if (!eventSelected(opts.events, event, opts.provider.eventForm)) {
		return { status: 200, accept: false, reason: 'not-selected', event };
	}
	const deliveryKey = deliveryKeyOf(raw);
	if (opts.dedupe && !opts.dedupe.claim(deliveryKey)) {
		if (opts.awaiting?.has(deliveryKey)) {
			return {
				status: 503,
				accept: false,
				reason: 'in-flight',
				message: 'An earlier attempt of this delivery is still waiting for the flow to answer.',
			};
		}
		return { status: 200, accept: false, reason: 'duplicate', event };
	}
	return maxAgeSeconds > 0 && undated && createdAtMs === undefined
		? { status: 200, accept: true, event, body, deliveryKey, warning: undated }
		: { status: 200, accept: true, event, body, deliveryKey };
}

/**
 * The answer while a trigger has no secret yet to check with (registration still under way): 503 with
 * Retry-After, so the sender tries again once it has.
 */
export const NOT_READY = {
	status: 503,
	retryAfterSeconds: '30',
	body: { error: 'not ready' },
} as const;

/** Short JSON for the HTTP answer. Signature failures say only that; details stay in the node's own log. */
export function outcomeResponseBody(o: DeliveryOutcome): Record<string, unknown> {
	if (o.status === 200) {
		if (o.accept) return { ok: true };
		return o.reason === 'duplicate' ? { ok: true, duplicate: true } : { ok: true, ignored: true };
	}
	if (o.status === 401)
		return { error: o.reason === 'url-secret' ? 'unauthorized' : 'invalid signature' };
	return { error: o.message };
}
