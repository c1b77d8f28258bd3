import { apiErrorFromResponse } from '../errors';
import type { HttpMethod, HttpResponse, Transport } from '../http';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from '../retry';
import { sameEvents, type WebhookRegistry } from '../registration';
import type { PartneroProgramType } from './events';
import type { PartneroWebhook } from './types';

export const PARTNERO_DEFAULT_BASE_URL = 'https://api.partnero.com/v1';
const PROVIDER = 'Partnero';
/** Webhook lists accept 10..100 per page (Partnero's documented range). */
export const WEBHOOK_PAGE_MIN = 10;
export const WEBHOOK_PAGE_MAX = 100;
/** Stops a paging walk that never ends (a server that keeps answering with a next link). */
const MAX_PAGES = 1000;

export interface PartneroClientOptions {
	baseUrl?: string;
	/** Omitted when the transport authenticates (n8n's credential does). */
	apiKey?: string;
	transport: Transport;
	retry?: Partial<RetryPolicy>;
}

export interface Page<T> {
	data: T[];
	links: { next: string | null; prev?: string | null; first?: string | null; last?: string | null };
	meta: Record<string, unknown>;
}

export interface WebhookInput {
	name: string;
	url: string;
	events: string[];
	is_active?: boolean;
	key?: string;
}

export type WebhookPatch = Partial<Omit<WebhookInput, 'key'>>;

export interface RequestOptions {
	query?: Record<string, string | number | boolean | undefined>;
	body?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** undefined when the text is not an absolute URL. */
export function parseUrl(text: string): URL | undefined {
	return URL.canParse(text) ? new URL(text) : undefined;
}

export function normaliseBaseUrl(baseUrl: string | undefined): string {
	const text = (baseUrl ?? '').trim() || PARTNERO_DEFAULT_BASE_URL;
	const url = parseUrl(text);
	if (!url) {
		throw new Error(`The Partnero base URL "${text}" is not a URL. Use ${PARTNERO_DEFAULT_BASE_URL} or your proxy's address.`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new Error(`The Partnero base URL must start with https:// (got ${url.protocol}).`);
	}
	return text.replace(/\/+$/, '');
}

function validateUrl(url: unknown, field: string): void {
	if (typeof url !== 'string' || url.trim() === '') throw new Error(`The webhook ${field} is required.`);
	const parsed = parseUrl(url);
	if (!parsed) throw new Error(`The webhook ${field} "${url}" is not a valid URL.`);
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		throw new Error(`The webhook ${field} must be an http(s) URL.`);
	}
}

function validateEvents(events: unknown): void {
	if (!Array.isArray(events) || events.length === 0 || events.some((e) => typeof e !== 'string' || e.trim() === '')) {
		throw new Error('Choose at least one event; events must be a list of event names such as partner.created.');
	}
}

function validateKey(key: unknown): string {
	if (typeof key !== 'string' || key.trim() === '') throw new Error('The webhook key is required.');
	return encodeURIComponent(key.trim());
}

/** Partnero's REST API. Every call goes through one place for auth, retries and errors. */
export class PartneroClient {
	readonly baseUrl: string;
	private readonly apiKey?: string;
	private readonly transport: Transport;
	private readonly retry: RetryPolicy;

	constructor(o: PartneroClientOptions) {
		this.baseUrl = normaliseBaseUrl(o.baseUrl);
		this.apiKey = o.apiKey?.trim() || undefined;
		this.transport = o.transport;
		this.retry = { ...DEFAULT_RETRY, ...o.retry };
	}

	/** One API call; `path` is relative to the base URL, or an absolute URL on the same origin (paging links). */
	async request<T = unknown>(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<T> {
		const url = path.startsWith('http') ? path : `${this.baseUrl}/${path.replace(/^\/+/, '')}`;
		if (new URL(url).origin !== new URL(this.baseUrl).origin) {
			// The API key must never travel to another host, whatever a paging link says.
			throw new Error(`Refusing to follow a link to another host (${new URL(url).host}).`);
		}
		const headers: Record<string, string> = { Accept: 'application/json' };
		if (this.apiKey) headers.Authorization = `Bearer ${this.apiKey}`;
		const res: HttpResponse = await withRetry(
			() => this.transport({ method, url, headers, query: opts.query, body: opts.body }),
			this.retry,
			method !== 'POST',
		);
		if (res.status < 200 || res.status > 299) {
			const shownPath = url.slice(new URL(this.baseUrl).origin.length).split('?')[0];
			throw apiErrorFromResponse(PROVIDER, { method, path: shownPath }, res, this.apiKey ? [this.apiKey] : []);
		}
		return res.body as T;
	}

	private async data<T>(method: HttpMethod, path: string, opts?: RequestOptions): Promise<T> {
		const body = await this.request<unknown>(method, path, opts);
		if (!isRecord(body) || !('data' in body)) {
			throw new Error(`Partnero ${method} ${path} answered without a "data" field; is the base URL right?`);
		}
		return body.data as T;
	}

	/** GET /test: answers when the key is valid. */
	async test(): Promise<{ message: string }> {
		const body = await this.request<unknown>('GET', 'test');
		const message = isRecord(body) && typeof body.message === 'string' ? body.message : 'The API key works.';
		return { message };
	}

	/** The program this key belongs to, with its type mapped to the catalogue's names. */
	async getProgramType(): Promise<PartneroProgramType> {
		const data = await this.data<Record<string, unknown>>('GET', 'program');
		const program = isRecord(data.program) ? data.program : data;
		const type = String(program.type ?? '').toLowerCase();
		if (type.startsWith('affiliate')) return 'affiliate';
		if (type.startsWith('referral') || type.startsWith('refer')) return 'refer-a-friend';
		if (type.startsWith('newsletter')) return 'newsletter';
		throw new Error(`Partnero reported an unknown program type "${String(program.type)}".`);
	}

	async listWebhooks(p: { limit?: number; page?: number } = {}): Promise<Page<PartneroWebhook>> {
		const limit = p.limit ?? WEBHOOK_PAGE_MIN;
		if (!Number.isInteger(limit) || limit < WEBHOOK_PAGE_MIN || limit > WEBHOOK_PAGE_MAX) {
			throw new Error(`The page size must be a whole number from ${WEBHOOK_PAGE_MIN} to ${WEBHOOK_PAGE_MAX} (got ${limit}).`);
		}
		const page = p.page ?? 1;
		if (!Number.isInteger(page) || page < 1) throw new Error(`The page must be a whole number from 1 (got ${page}).`);
		return this.page<PartneroWebhook>('webhooks', { limit, page });
	}

	private async page<T>(path: string, query?: RequestOptions['query']): Promise<Page<T>> {
		const body = await this.request<unknown>('GET', path, { query });
		if (!isRecord(body) || !Array.isArray(body.data)) {
			throw new Error(`Partnero GET ${path.split('?')[0]} answered without a "data" list; is the base URL right?`);
		}
		const links = isRecord(body.links) ? body.links : {};
		return {
			data: body.data as T[],
			links: { ...links, next: typeof links.next === 'string' && links.next !== '' ? links.next : null },
			meta: isRecord(body.meta) ? body.meta : {},
		};
	}

	/** Every webhook, following links.next (Partnero gives no totals). `max` stops early. */
	async listAllWebhooks(p: { limit?: number; max?: number } = {}): Promise<PartneroWebhook[]> {
		const first = await this.listWebhooks({ limit: p.limit ?? WEBHOOK_PAGE_MAX });
		return this.walk(first, p.max);
	}

	/** Collects items from a first page and the pages its next links lead to. */
	async walk<T>(first: Page<T>, max = Infinity): Promise<T[]> {
		const items = [...first.data];
		const seen = new Set<string>();
		let next = first.links.next;
		for (let pages = 1; next && items.length < max; pages++) {
			if (seen.has(next) || pages >= MAX_PAGES) {
				throw new Error('Partnero kept returning the same next page; stopped paging to avoid a loop.');
			}
			seen.add(next);
			const page = await this.page<T>(next);
			items.push(...page.data);
			next = page.links.next;
		}
		return items.slice(0, max);
	}

	async getWebhook(key: string): Promise<PartneroWebhook> {
		return this.data('GET', `webhooks/${validateKey(key)}`);
	}

	async createWebhook(i: WebhookInput): Promise<PartneroWebhook> {
		if (typeof i.name !== 'string' || i.name.trim() === '') throw new Error('The webhook name is required.');
		validateUrl(i.url, 'URL');
		validateEvents(i.events);
		const body: Record<string, unknown> = { name: i.name, url: i.url, events: i.events, is_active: i.is_active ?? true };
		if (i.key !== undefined && i.key !== '') body.key = i.key;
		return this.data('POST', 'webhooks', { body });
	}

	async updateWebhook(key: string, patch: WebhookPatch): Promise<PartneroWebhook> {
		const path = `webhooks/${validateKey(key)}`;
		const body: Record<string, unknown> = {};
		if (patch.name !== undefined) body.name = patch.name;
		if (patch.url !== undefined) {
			validateUrl(patch.url, 'URL');
			body.url = patch.url;
		}
		if (patch.events !== undefined) {
			validateEvents(patch.events);
			body.events = patch.events;
		}
		if (patch.is_active !== undefined) body.is_active = patch.is_active;
		if (Object.keys(body).length === 0) throw new Error('Nothing to update: give a name, URL, events or active flag.');
		return this.data('PUT', path, { body });
	}

	async deleteWebhook(key: string): Promise<void> {
		await this.request('DELETE', `webhooks/${validateKey(key)}`);
	}

	/** How registration reconciles Partnero webhooks: updated in place, secret issued by Partnero (`signature`). */
	webhookRegistry(): WebhookRegistry<PartneroWebhook> {
		return {
			provider: PROVIDER,
			get: (key) => this.getWebhook(key),
			list: () => this.listAllWebhooks(),
			create: (d) => this.createWebhook({ name: d.name, url: d.url, events: d.events, is_active: true }),
			update: (w, d) => this.updateWebhook(w.key, { url: d.url, events: d.events, is_active: true }),
			remove: (key) => this.deleteWebhook(key),
			differences(webhook, desired) {
				const out: string[] = [];
				if (webhook.url !== desired.url) out.push('url');
				if (!sameEvents(webhook.events ?? [], desired.events)) out.push('events');
				if (webhook.is_active === false) out.push('inactive');
				return out;
			},
			sameEndpoint: (webhook, desired) => webhook.url === desired.url,
			secretOf: (webhook) => webhook.signature,
		};
	}
}
