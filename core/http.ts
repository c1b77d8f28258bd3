/**
 * The HTTP seam between the core and each engine. n8n passes a transport built on its own request helper
 * (which also adds the credential's auth), Node-RED passes fetchTransport(). A transport resolves for every
 * HTTP status so that retry and error handling live once, in the core.
 */
import { ApiError } from './errors';
import type { HttpRequest, Transport } from './http-types';
import { settle } from './settle';

export type { HttpMethod, HttpRequest, HttpResponse, Transport } from './http-types';

/** A request that never got an HTTP answer. The message names the host, never headers or keys. */
export class TransportError extends Error {
	readonly code: 'timeout' | 'network';
	/**
	 * False only when the request certainly never left (connection refused, host not found), so even a
	 * non-idempotent POST is safe to repeat. When unsure, true.
	 */
	readonly requestSent: boolean;

	constructor(code: 'timeout' | 'network', message: string, requestSent = true) {
		super(message);
		this.name = 'TransportError';
		this.code = code;
		this.requestSent = requestSent;
	}
}

/** Socket error codes raised before any byte of the request was written. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The most of one API answer that is read. The largest page either vendor sends (250 PartnerStack records,
 * 100 Partnero webhooks) is well under 1 MiB; an answer past 8 MiB is not the API's (a wrong base URL
 * pointing at a file, a misbehaving proxy) and would otherwise be held in memory whole, in the engine's
 * process, before anything could refuse it.
 */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** The URL with the query appended; undefined values are left out. */
export function buildUrl(url: string, query?: HttpRequest['query']): string {
	if (!query) return url;
	const u = new URL(url);
	for (const [name, value] of Object.entries(query)) {
		if (value !== undefined) u.searchParams.set(name, String(value));
	}
	return u.toString();
}

/** Parses a response text the way the API clients want it: JSON when possible, else the text. */
export function parseBody(text: string): unknown {
	if (text === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return 'the server';
	}
}

/** The body as text, or undefined once it exceeds `max` bytes (the rest is not read). */
async function readAtMost(res: Response, max: number): Promise<string | undefined> {
	if (Number(res.headers.get('content-length')) > max) {
		await res.body?.cancel();
		return undefined;
	}
	if (!res.body) return '';
	const reader = res.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.byteLength;
		if (total > max) {
			await reader.cancel();
			return undefined;
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/**
 * A transport on the global fetch, with a per-request timeout; `signal` aborts every request it makes.
 * Answers are read up to `maxResponseBytes` (MAX_RESPONSE_BYTES); a longer one fails with an ApiError.
 */
export function fetchTransport(
	opts: { timeoutMs?: number; signal?: AbortSignal; maxResponseBytes?: number } = {},
): Transport {
	return async (req) => {
		const timeoutMs = req.timeoutMs ?? opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
		const headers: Record<string, string> = { ...req.headers };
		let body: string | undefined;
		if (req.body !== undefined) {
			body = JSON.stringify(req.body);
			headers['Content-Type'] = headers['Content-Type'] ?? 'application/json';
		}
		const sent = await settle(
			fetch(buildUrl(req.url, req.query), {
				method: req.method,
				headers,
				body,
				signal: opts.signal
					? AbortSignal.any([AbortSignal.timeout(timeoutMs), opts.signal])
					: AbortSignal.timeout(timeoutMs),
			}),
		);
		if (!sent.ok) {
			const error = sent.error;
			const name = (error as { name?: string }).name;
			if (name === 'TimeoutError' || name === 'AbortError') {
				throw new TransportError(
					'timeout',
					`No answer from ${hostOf(req.url)} within ${timeoutMs} ms.`,
				);
			}
			const cause = (error as { cause?: { code?: string } }).cause?.code;
			throw new TransportError(
				'network',
				`Could not reach ${hostOf(req.url)}${cause ? ` (${cause})` : ''}. Check the base URL and the network.`,
				!(cause !== undefined && NOT_SENT_CODES.has(cause)),
			);
		}
		const res = sent.value;
		const maxBytes = opts.maxResponseBytes ?? MAX_RESPONSE_BYTES;
		const read = await settle(readAtMost(res, maxBytes));
		if (!read.ok) {
			throw new TransportError(
				'network',
				`The connection to ${hostOf(req.url)} broke while reading the answer.`,
			);
		}
		const text = read.value;
		if (text === undefined) {
			const provider = req.provider ?? hostOf(req.url);
			const path = URL.canParse(req.url) ? new URL(req.url).pathname : req.url;
			throw new ApiError({
				provider,
				status: res.status,
				message: `${provider} ${req.method} ${path} answered with more than ${maxBytes} bytes; stopped reading it.`,
				description: `No ${provider} API answer is that large. Check that the base URL points at the ${provider} API and not at another server or a proxy page.`,
			});
		}
		const responseHeaders: Record<string, string> = {};
		res.headers.forEach((value, name) => {
			responseHeaders[name.toLowerCase()] = value;
		});
		return { status: res.status, headers: responseHeaders, body: parseBody(text) };
	};
}
