/**
 * What every provider's REST client shares: base-URL checks, one request path for auth, retries and error
 * mapping, and a guard that keeps credentials on the API's own host. Provider clients add their resources.
 */
import {
	apiErrorFromResponse,
	registerSecret,
	ValidationError,
	type AdviceOverrides,
} from './errors';
import type { HttpMethod, HttpResponse, Transport } from './http';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';

export interface RequestOptions {
	query?: Record<string, string | number | boolean | undefined>;
	body?: unknown;
	/** Refusal hints for this call only, over the client's (e.g. what a 422 on a webhook create means). */
	advice?: AdviceOverrides;
}

export interface ApiClientConfig {
	/** For messages, e.g. 'PartnerStack'. */
	provider: string;
	baseUrl: string;
	transport: Transport;
	retry?: Partial<RetryPolicy>;
	/** The Authorization header value; omitted when the transport authenticates (n8n's credential does). */
	authorization?: string;
	/** Values scrubbed from anything an error echoes back. */
	secrets?: string[];
	advice?: AdviceOverrides;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** undefined when the text is not an absolute URL. */
export function parseUrl(text: string): URL | undefined {
	return URL.canParse(text) ? new URL(text) : undefined;
}

/** The base URL without trailing slashes, or an error naming the provider's default. */
export function normaliseApiBaseUrl(
	provider: string,
	baseUrl: string | undefined,
	defaultUrl: string,
): string {
	const text = (baseUrl ?? '').trim() || defaultUrl;
	const url = parseUrl(text);
	if (!url) {
		throw new ValidationError(
			`The ${provider} base URL "${text}" is not a URL. Use ${defaultUrl} or your proxy's address.`,
			'baseUrl',
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new ValidationError(
			`The ${provider} base URL must start with https:// (got ${url.protocol}).`,
			'baseUrl',
		);
	}
	return text.replace(/\/+$/, '');
}

export class ApiClientBase {
	readonly baseUrl: string;
	protected readonly provider: string;
	private readonly transport: Transport;
	private readonly retry: RetryPolicy;
	private readonly authorization?: string;
	private readonly secrets: string[];
	private readonly advice: AdviceOverrides;

	constructor(c: ApiClientConfig) {
		this.provider = c.provider;
		this.baseUrl = c.baseUrl;
		this.transport = c.transport;
		this.retry = { ...DEFAULT_RETRY, ...c.retry };
		this.authorization = c.authorization;
		this.secrets = (c.secrets ?? []).filter(Boolean);
		this.secrets.forEach(registerSecret);
		this.advice = c.advice ?? {};
	}

	/** One API call; `path` is relative to the base URL, or an absolute URL on the same origin (paging links). */
	async request<T = unknown>(
		method: HttpMethod,
		path: string,
		opts: RequestOptions = {},
	): Promise<T> {
		const url = path.startsWith('http') ? path : `${this.baseUrl}/${path.replace(/^\/+/, '')}`;
		if (new URL(url).origin !== new URL(this.baseUrl).origin) {
			// Credentials must never travel to another host, whatever a paging link says.
			throw new Error(`Refusing to follow a link to another host (${new URL(url).host}).`);
		}
		const headers: Record<string, string> = { Accept: 'application/json' };
		if (this.authorization) headers.Authorization = this.authorization;
		const res: HttpResponse = await withRetry(
			() =>
				this.transport({
					method,
					url,
					headers,
					query: opts.query,
					body: opts.body,
					provider: this.provider,
				}),
			this.retry,
			method !== 'POST',
		);
		if (res.status < 200 || res.status > 299) {
			const shownPath = url.slice(new URL(this.baseUrl).origin.length).split('?')[0];
			throw apiErrorFromResponse(this.provider, { method, path: shownPath }, res, this.secrets, {
				...this.advice,
				...opts.advice,
			});
		}
		return res.body as T;
	}
}
