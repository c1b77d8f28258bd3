import type { HttpResponse } from './http-types';

/**
 * The one error type for provider API failures. `message` says what went wrong and what to do about it;
 * the API key never appears in it, even when the server echoes it back.
 */
export class ApiError extends Error {
	readonly provider: string;
	/** HTTP status; 0 when no answer came. */
	readonly status: number;
	/** The provider's own `message`, scrubbed. */
	readonly apiMessage?: string;
	/** The 422 field map, e.g. { events: ['The selected events.0 is invalid.'] }. */
	readonly fieldErrors: Record<string, string[]>;
	readonly retryable: boolean;
	/** What to change, for people. */
	readonly description: string;

	constructor(init: {
		provider: string;
		status: number;
		message: string;
		description: string;
		apiMessage?: string;
		fieldErrors?: Record<string, string[]>;
	}) {
		super(init.message);
		this.name = 'ApiError';
		this.provider = init.provider;
		this.status = init.status;
		this.apiMessage = init.apiMessage;
		this.fieldErrors = init.fieldErrors ?? {};
		this.retryable = init.status === 429 || init.status >= 500;
		this.description = init.description;
	}
}

/**
 * Input the caller can fix (a missing key, a malformed list, a value out of range), thrown before any
 * call. Telling it from ApiError and from bugs lets each engine's adapter map errors in one place.
 */
export class ValidationError extends Error {
	/** The input field at fault, in the core's (API's) naming, when one is. */
	readonly field?: string;

	constructor(message: string, field?: string) {
		super(message);
		this.name = 'ValidationError';
		this.field = field;
	}
}

/**
 * The text of anything thrown or rejected with: its `message` where it has a string one, else the value as
 * text. Read structurally rather than by `instanceof Error`, so an error from another realm (a vm context,
 * a Jest sandbox, an engine's own copy of a library) keeps its message.
 */
export function errorMessage(error: unknown): string {
	if (typeof error === 'object' && error !== null && 'message' in error) {
		const { message } = error;
		if (typeof message === 'string') return message;
	}
	return String(error);
}

/**
 * The message with the advice appended where the message does not already carry it (a 422 lists the
 * fields instead), for engines that show only one text, such as Node-RED's Catch node.
 */
export function withAdvice(error: ApiError): string {
	return error.description && !error.message.includes(error.description)
		? `${error.message} ${error.description}`
		: error.message;
}

/**
 * URL secrets (PartnerStack trigger URLs) are masked wherever an API echoes a URL back, however the URL was
 * spelled on the way: the name in any case, `_` or `=` percent-encoded (once or twice) or as an HTML or JSON
 * escape. The value runs to the next separator in any of those spellings.
 */
const URL_SECRET_IN_TEXT =
	/(ph(?:_|%5f|%255f|&#95;|&#x5f;|\\u005f)secret(?:=|%3d|%253d|&#61;|&#x3d;|\\u003d))(?:(?!%26|%2526|&amp;)[^&\s"'<>\\;,#])+/gi;

/** How many secret values the registry holds, and the longest it takes: a bound on memory, whatever registers. */
const KNOWN_SECRETS_MAX = 256;
const SECRET_MAX_LENGTH = 4096;
/** Shorter values would mask ordinary words in messages. */
const SECRET_MIN_LENGTH = 8;
const knownSecrets = new Set<string>();

/**
 * Remembers a secret value this process holds (an API key, a signing secret, a URL secret), so that any error
 * text is scrubbed of it, in whatever client or trigger the text comes from. Bounded: the oldest are forgotten
 * first; too short or too long values are ignored.
 */
export function registerSecret(value: unknown): void {
	if (typeof value !== 'string') return;
	if (value.length < SECRET_MIN_LENGTH || value.length > SECRET_MAX_LENGTH) return;
	if (knownSecrets.has(value)) {
		// Most recently used last, so a secret in use is not the one forgotten.
		knownSecrets.delete(value);
	} else if (knownSecrets.size >= KNOWN_SECRETS_MAX) {
		knownSecrets.delete(knownSecrets.values().next().value as string);
	}
	knownSecrets.add(value);
}

/** For tests: how many secrets the registry holds. */
export function knownSecretCount(): number {
	return knownSecrets.size;
}

/** The spellings of one value that an echo may carry: as is, percent-encoded, JSON-escaped. */
function spellings(secret: string): string[] {
	const out = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
	return [...out];
}

/** `text` with URL secrets, the given `secrets` and every registered secret replaced by ***. */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
	let out = text.replace(URL_SECRET_IN_TEXT, '$1***');
	for (const secret of [...secrets, ...knownSecrets]) {
		if (!secret || secret.length < 4) continue;
		for (const spelling of spellings(secret))
			if (out.includes(spelling)) out = out.split(spelling).join('***');
	}
	return out;
}

const scrub = scrubSecrets;

function fieldErrorsOf(
	body: Record<string, unknown>,
	secrets: readonly string[],
): Record<string, string[]> {
	const errors = body.errors;
	const out: Record<string, string[]> = {};
	if (typeof errors !== 'object' || errors === null || Array.isArray(errors)) return out;
	for (const [field, messages] of Object.entries(errors as Record<string, unknown>)) {
		const list = Array.isArray(messages) ? messages : [messages];
		out[field] = list.map((m) => scrub(String(m), secrets));
	}
	return out;
}

const ADVICE: Record<number, (provider: string) => string> = {
	400: (p) => `${p} could not use the request. Check the values sent.`,
	401: (p) =>
		`${p} rejected the API key. Check the key in the credentials: it must be an active API key of the program you want to use.`,
	403: (p) =>
		`The API key is not allowed to do this. Check the key's permissions and that your ${p} plan includes API access.`,
	404: (p) => `Not found in ${p}. It may have been deleted, or the key/id is wrong.`,
	405: (p) => `${p} does not support this operation here. Check the base URL.`,
	408: (p) => `${p} timed out. Try again.`,
	422: (p) => `${p} rejected the values. Fix the fields named in the message.`,
	429: (p) =>
		`${p} is rate-limiting requests. Wait a moment and try again, or run fewer requests at once.`,
};

/** Per-provider wording for a status, where the generic advice would mislead (e.g. what "the key" is). */
export type AdviceOverrides = Partial<Record<number, string>>;

function adviceFor(provider: string, status: number, overrides: AdviceOverrides = {}): string {
	const own = overrides[status];
	if (own) return own;
	const advice = ADVICE[status];
	if (advice) return advice(provider);
	if (status >= 500) return `${provider} had a server error. It usually passes; try again later.`;
	return `${provider} answered with HTTP ${status}.`;
}

/** Turns a failed response into an ApiError. `secrets` are scrubbed from anything echoed back. */
export function apiErrorFromResponse(
	provider: string,
	req: { method: string; path: string },
	res: HttpResponse,
	secrets: readonly string[] = [],
	advice: AdviceOverrides = {},
): ApiError {
	const body =
		typeof res.body === 'object' && res.body !== null && !Array.isArray(res.body)
			? (res.body as Record<string, unknown>)
			: {};
	// `message` (Partnero, PartnerStack) or `error` (PartnerStack's older answers), else a text body.
	const rawMessage =
		typeof body.message === 'string'
			? body.message
			: typeof body.error === 'string'
				? body.error
				: typeof res.body === 'string'
					? res.body.slice(0, 300)
					: undefined;
	const apiMessage = rawMessage === undefined ? undefined : scrub(rawMessage, secrets);
	const fieldErrors = fieldErrorsOf(body, secrets);
	const fields = Object.entries(fieldErrors).map(([field, msgs]) => `${field}: ${msgs.join(' ')}`);
	const description = adviceFor(provider, res.status, advice);
	let detail: string;
	if (fields.length > 0) detail = fields.join('; ');
	else
		detail =
			apiMessage && apiMessage !== description
				? `${description} (${provider} said: "${apiMessage}")`
				: description;
	const message = `${provider} ${req.method} ${req.path} failed (HTTP ${res.status}): ${detail}`;
	return new ApiError({
		provider,
		status: res.status,
		message,
		description,
		apiMessage,
		fieldErrors,
	});
}
