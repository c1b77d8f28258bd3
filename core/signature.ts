import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';

export type VerifyFailure = 'missing' | 'malformed' | 'mismatch' | 'no-secret';

/** `message` is for people; it never contains the secret or the expected digest. */
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure; message: string };

export interface SignatureScheme {
	/** Stable identifier, e.g. 'partnero-hmac-sha256-hex'. */
	id: string;
	/** Header that carries the signature; looked up case-insensitively. */
	header: string;
	/** Human description of a well-formed header value, used in error messages. */
	format?: string;
	/** The header value a sender would put on this body. */
	sign(secret: string, rawBody: Buffer): string;
	/** Decodes a header value into digest bytes; undefined when it is not well formed. */
	parse(headerValue: string): Buffer | undefined;
	/** The digest bytes a correctly signed request must carry. */
	digest(secret: string, rawBody: Buffer): Buffer;
}

export interface HmacSchemeOptions {
	id: string;
	header: string;
	encoding: 'hex' | 'base64';
	/** Text before the digest, e.g. 'sha256=' as GitHub sends it. Matched case-insensitively. */
	prefix?: string;
}

const SHA256_BYTES = 32;
// Standard or URL-safe alphabet, padding optional: 32 bytes are 43 characters plus one '='.
const BASE64_DIGEST = /^[A-Za-z0-9+/_-]{43}=?$/;

/** HMAC-SHA256 over the raw body bytes, in hex or base64, with an optional prefix. */
export function hmacSha256Scheme(opts: HmacSchemeOptions): SignatureScheme {
	const prefix = opts.prefix ?? '';
	const digest = (secret: string, rawBody: Buffer): Buffer =>
		createHmac('sha256', secret).update(rawBody).digest();
	const shape = opts.encoding === 'hex' ? '64 hexadecimal characters' : '44 base64 characters';
	return {
		id: opts.id,
		header: opts.header,
		format: prefix ? `"${prefix}" followed by ${shape}` : shape,
		digest,
		sign: (secret, rawBody) => prefix + digest(secret, rawBody).toString(opts.encoding),
		parse(headerValue) {
			let text = headerValue.trim();
			if (prefix) {
				if (text.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return undefined;
				text = text.slice(prefix.length);
			}
			// Node's hex decoder stops at the first pair that is not hex, so 64 characters decoding to 32 bytes are
			// exactly 64 hex digits: no separate pattern pass over the header on every delivery.
			if (opts.encoding === 'hex' ? text.length !== 2 * SHA256_BYTES : !BASE64_DIGEST.test(text))
				return undefined;
			const bytes = Buffer.from(text, opts.encoding);
			return bytes.length === SHA256_BYTES ? bytes : undefined;
		},
	};
}

function toBuffer(rawBody: Buffer | string): Buffer {
	return typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
}

/** The signature header value for this body under `scheme`. A string body is signed as its UTF-8 bytes. */
export function sign(secret: string, rawBody: Buffer | string, scheme: SignatureScheme): string {
	if (!secret) {
		throw new Error('Cannot sign: the signing secret is empty. Pass the webhook signing secret.');
	}
	return scheme.sign(secret, toBuffer(rawBody));
}

/** Every value sent for a header, matched case-insensitively, in order. */
export function headerValues(
	headers: Record<string, string | string[] | undefined>,
	name: string,
): string[] {
	const wanted = name.toLowerCase();
	const found: string[] = [];
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted || value === undefined) continue;
		if (Array.isArray(value)) found.push(...value);
		else found.push(value);
	}
	return found;
}

/**
 * Case-insensitive header lookup. Repeated headers come back joined with ', ' (what Node.js does for
 * unknown headers), which no scheme parses, so a duplicated signature header is reported as malformed
 * instead of silently picking one of the copies.
 */
export function headerValue(
	headers: Record<string, string | string[] | undefined>,
	name: string,
): string | undefined {
	const found = headerValues(headers, name);
	return found.length === 0 ? undefined : found.join(', ');
}

function fail(reason: VerifyFailure, message: string): VerifyResult {
	return { ok: false, reason, message };
}

/**
 * Checks a signature header against the raw body in constant time, under `scheme` (there is no default:
 * each provider names its own).
 * An empty or whitespace-only header counts as missing; more than one header value counts as malformed.
 */
export function verify(
	secret: string | undefined,
	rawBody: Buffer,
	header: string | string[] | undefined,
	scheme: SignatureScheme,
): VerifyResult {
	if (!secret) {
		return fail(
			'no-secret',
			`No signing secret is configured, so the ${scheme.header} header cannot be checked. Enter the webhook's signing secret, or turn signature verification off while debugging.`,
		);
	}
	let value: string | undefined;
	if (Array.isArray(header)) {
		if (header.length > 1) {
			return fail(
				'malformed',
				`The request carries ${header.length} ${scheme.header} headers; exactly one is expected.`,
			);
		}
		value = header[0];
	} else {
		value = header;
	}
	if (value === undefined || value.trim() === '') {
		return fail(
			'missing',
			`The request has no ${scheme.header} header. Only signed deliveries are accepted; check that the sender is the configured webhook.`,
		);
	}
	const received = scheme.parse(value);
	if (!received) {
		const expected = scheme.format ? ` It should be ${scheme.format}.` : '';
		return fail(
			'malformed',
			`The ${scheme.header} header is not a well-formed signature.${expected}`,
		);
	}
	const expected = scheme.digest(secret, rawBody);
	if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
		return fail(
			'mismatch',
			`The ${scheme.header} header does not match the request body. Check that the signing secret is the one issued for this webhook (no extra spaces) and that nothing re-encodes the body on the way; the signature covers the raw bytes.`,
		);
	}
	return { ok: true };
}

/**
 * Constant-time equality of two secrets of any length: both sides are hashed first, so neither the
 * content nor the length of the expected secret leaks through timing.
 */
export function secretsEqual(received: string | undefined, expected: string | undefined): boolean {
	if (!received || !expected) return false;
	const a = createHash('sha256').update(received, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b) && received.length === expected.length;
}

/** Bits of randomness in a URL secret; the minimum is 128. */
export const URL_SECRET_BITS = 192;

/** A URL-safe random secret (base64url, no padding) of at least 128 bits. */
export function randomUrlSecret(bits: number = URL_SECRET_BITS): string {
	if (!Number.isInteger(bits) || bits < 128)
		throw new Error('A URL secret needs at least 128 random bits.');
	return randomBytes(Math.ceil(bits / 8)).toString('base64url');
}
