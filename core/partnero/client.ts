import { ApiError, ValidationError, type AdviceOverrides } from '../errors';
import {
	ApiClientBase,
	isRecord,
	normaliseApiBaseUrl,
	parseUrl,
	type RequestOptions,
} from '../api-client';
import type { HttpMethod, Transport } from '../http';
import type { RetryPolicy } from '../retry';
import { sameEvents, type WebhookRegistry } from '../registration';
import { settle } from '../settle';
import { partneroEventsFor, type PartneroProgramType } from './events';
import type { PartneroWebhook } from './types';

export const PARTNERO_DEFAULT_BASE_URL = 'https://api.partnero.com/v1';
const PROVIDER = 'Partnero';
/** Webhook lists accept 10..100 per page (Partnero's documented range). */
export const WEBHOOK_PAGE_MIN = 10;
export const WEBHOOK_PAGE_MAX = 100;
/** The longest webhook name Partnero takes; registration shortens longer ones. */
export const WEBHOOK_NAME_MAX = 100;
/** Stops a paging walk that never ends (a server that keeps answering with a next link). */
const MAX_PAGES = 1000;

export interface PartneroClientOptions {
	baseUrl?: string;
	/** Omitted when the transport authenticates (n8n's credential does). */
	apiKey?: string;
	transport: Transport;
	retry?: Partial<RetryPolicy>;
	/** Told what registration left out (events Partnero refused from "all events"); never given secrets. */
	warn?: (message: string) => void;
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

export { parseUrl, type RequestOptions } from '../api-client';

/** The link with each of `params` added where the link lacks it (a value the link carries wins). */
function withParams(link: string, params: RequestOptions['query'] = {}): string {
	const url = parseUrl(link);
	if (!url) return link;
	for (const [name, value] of Object.entries(params)) {
		if (value !== undefined && !url.searchParams.has(name))
			url.searchParams.set(name, String(value));
	}
	return url.toString();
}

export function normaliseBaseUrl(baseUrl: string | undefined): string {
	return normaliseApiBaseUrl(PROVIDER, baseUrl, PARTNERO_DEFAULT_BASE_URL);
}

function validateUrl(url: unknown, field: string): void {
	if (typeof url !== 'string' || url.trim() === '')
		throw new ValidationError(`The webhook ${field} is required.`);
	const parsed = parseUrl(url);
	if (!parsed) throw new ValidationError(`The webhook ${field} "${url}" is not a valid URL.`);
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		throw new ValidationError(`The webhook ${field} must be an http(s) URL.`);
	}
}

function validateEvents(events: unknown): void {
	if (
		!Array.isArray(events) ||
		events.length === 0 ||
		events.some((e) => typeof e !== 'string' || e.trim() === '')
	) {
		throw new ValidationError(
			'Choose at least one event; events must be a list of event names such as partner.created.',
		);
	}
}

function validateKey(key: unknown): string {
	if (typeof key !== 'string' || key.trim() === '')
		throw new ValidationError('The webhook key is required.');
	return encodeURIComponent(key.trim());
}

/** Partnero refuses (422) events that the key's program type does not send; both engines show this. */
export const WEBHOOK_REFUSAL: AdviceOverrides = {
	422: "Choose only events that the program type of this API key sends (see each event's description).",
};

const PROGRAM_TYPES: PartneroProgramType[] = ['affiliate', 'refer-a-friend', 'newsletter'];

/**
 * Events only Partnero's outgoing-webhooks guide lists (not the API reference, not Partnero's own n8n
 * trigger), so Partnero may refuse them. A webhook for "all events" without them is still in line.
 */
export const UNCONFIRMED_EVENTS: readonly string[] = [
	'transaction.updated',
	'reward.created',
	'reward.approved',
	'reward.paid',
];

/** Whether `events` is a whole program type's catalogue, which is what "all events" subscribes. */
export function isAllEvents(events: readonly string[]): boolean {
	return PROGRAM_TYPES.some((t) =>
		sameEvents(
			partneroEventsFor(t).map((e) => e.name),
			events,
		),
	);
}

/**
 * The events a 422 refuses, when every field error names one of them (Laravel reports list items as
 * events.0, events.1, …); undefined when the answer refuses anything else.
 */
export function refusedEvents(error: unknown, events: readonly string[]): string[] | undefined {
	if (!(error instanceof ApiError) || error.status !== 422) return undefined;
	const fields = Object.keys(error.fieldErrors);
	const indexes = fields.map((f) => /^events\.(\d+)$/.exec(f)?.[1]);
	if (fields.length === 0 || indexes.some((i) => i === undefined || !events[Number(i)]))
		return undefined;
	return indexes.map((i) => events[Number(i)]);
}

/** Partnero's REST API. Every call goes through one place for auth, retries and errors. */
export class PartneroClient extends ApiClientBase {
	private readonly warn: (message: string) => void;
	/** Events Partnero refused from "all events" through this client. */
	private readonly refused = new Set<string>();

	constructor(o: PartneroClientOptions) {
		const apiKey = o.apiKey?.trim() || undefined;
		super({
			provider: PROVIDER,
			baseUrl: normaliseBaseUrl(o.baseUrl),
			transport: o.transport,
			retry: o.retry,
			authorization: apiKey ? `Bearer ${apiKey}` : undefined,
			secrets: apiKey ? [apiKey] : [],
		});
		this.warn = o.warn ?? (() => undefined);
	}

	/**
	 * Sends a webhook with `events`; when they are "all events" and Partnero refuses only some of them
	 * (422 on events.N), sends it once more with the rest and warns, rather than failing the trigger.
	 * A chosen list still fails as a whole: the user picked those events and must hear which one is wrong.
	 */
	private async withAcceptedEvents(
		events: string[],
		send: (events: string[]) => Promise<PartneroWebhook>,
	): Promise<PartneroWebhook> {
		const first = await settle(send(events));
		if (first.ok) return first.value;
		const refused = isAllEvents(events) ? refusedEvents(first.error, events) : undefined;
		if (!refused || refused.length >= events.length) throw first.error;
		const accepted = events.filter((e) => !refused.includes(e));
		const webhook = await send(accepted);
		for (const e of refused) this.refused.add(e);
		this.warn(
			`Partnero refused ${refused.join(', ')} for this program; the webhook receives the other ${accepted.length} events.`,
		);
		return webhook;
	}

	/** A call whose answer is Partnero's `{data: …}` envelope; resource clients build on this. */
	async data<T>(method: HttpMethod, path: string, opts?: RequestOptions): Promise<T> {
		const body = await this.request<unknown>(method, path, opts);
		if (!isRecord(body) || !('data' in body)) {
			throw new Error(
				`Partnero ${method} ${path} answered without a "data" field; is the base URL right?`,
			);
		}
		return body.data as T;
	}

	/** GET /test: answers when the key is valid. */
	async test(): Promise<{ message: string }> {
		const body = await this.request<unknown>('GET', 'test');
		const message =
			isRecord(body) && typeof body.message === 'string' ? body.message : 'The API key works.';
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
			throw new ValidationError(
				`The page size must be a whole number from ${WEBHOOK_PAGE_MIN} to ${WEBHOOK_PAGE_MAX} (got ${limit}).`,
			);
		}
		const page = p.page ?? 1;
		if (!Number.isInteger(page) || page < 1)
			throw new ValidationError(`The page must be a whole number from 1 (got ${page}).`);
		return this.page<PartneroWebhook>('webhooks', { limit, page });
	}

	/** One page of a list; `walk` continues from it. */
	async page<T>(path: string, query?: RequestOptions['query']): Promise<Page<T>> {
		const body = await this.request<unknown>('GET', path, { query });
		if (!isRecord(body) || !Array.isArray(body.data)) {
			throw new Error(
				`Partnero GET ${path.split('?')[0]} answered without a "data" list; is the base URL right?`,
			);
		}
		const links = isRecord(body.links) ? body.links : {};
		return {
			data: body.data as T[],
			links: {
				...links,
				next: typeof links.next === 'string' && links.next !== '' ? links.next : null,
			},
			meta: isRecord(body.meta) ? body.meta : {},
		};
	}

	/** Every webhook, following links.next (Partnero gives no totals). `max` stops early. */
	async listAllWebhooks(p: { limit?: number; max?: number } = {}): Promise<PartneroWebhook[]> {
		const first = await this.listWebhooks({ limit: p.limit ?? WEBHOOK_PAGE_MAX });
		return this.walk(first, p.max);
	}

	/**
	 * Collects items from a first page and the pages its next links lead to. `keep` holds the filters of
	 * the first request: Laravel leaves them out of its links unless the API asks it not to, and a next
	 * page without them would quietly mix unfiltered records into a filtered list.
	 */
	async walk<T>(first: Page<T>, max = Infinity, keep: RequestOptions['query'] = {}): Promise<T[]> {
		const items = [...first.data];
		const seen = new Set<string>();
		let next = first.links.next;
		for (let pages = 1; next && items.length < max; pages++) {
			if (seen.has(next) || pages >= MAX_PAGES) {
				throw new Error(
					'Partnero kept returning the same next page; stopped paging to avoid a loop.',
				);
			}
			seen.add(next);
			const page = await this.page<T>(withParams(next, keep));
			items.push(...page.data);
			next = page.links.next;
		}
		return items.slice(0, max);
	}

	async getWebhook(key: string): Promise<PartneroWebhook> {
		return this.data('GET', `webhooks/${validateKey(key)}`);
	}

	async createWebhook(i: WebhookInput): Promise<PartneroWebhook> {
		if (typeof i.name !== 'string' || i.name.trim() === '')
			throw new ValidationError('The webhook name is required.');
		validateUrl(i.url, 'URL');
		validateEvents(i.events);
		const body: Record<string, unknown> = {
			name: i.name,
			url: i.url,
			events: i.events,
			is_active: i.is_active ?? true,
		};
		if (i.key !== undefined && i.key !== '') body.key = i.key;
		return this.data('POST', 'webhooks', { body, advice: WEBHOOK_REFUSAL });
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
		if (Object.keys(body).length === 0)
			throw new ValidationError('Nothing to update: give a name, URL, events or active flag.');
		return this.data('PUT', path, { body, advice: WEBHOOK_REFUSAL });
	}

	async deleteWebhook(key: string): Promise<void> {
		await this.request('DELETE', `webhooks/${validateKey(key)}`);
	}

	/**
	 * For "all events", a webhook without events Partnero may refuse (the unconfirmed ones, or any it
	 * refused through this client) is in line, so a refusal is not re-tried on every check.
	 */
	private eventsInLine(remote: readonly string[], desired: readonly string[]): boolean {
		if (sameEvents(remote, desired)) return true;
		if (!isAllEvents(desired) || remote.length === 0) return false;
		const optional = (e: string) => UNCONFIRMED_EVENTS.includes(e) || this.refused.has(e);
		return (
			remote.every((e) => desired.includes(e)) &&
			desired.every((e) => remote.includes(e) || optional(e))
		);
	}

	/** How registration reconciles Partnero webhooks: updated in place, secret issued by Partnero (`signature`). */
	webhookRegistry(): WebhookRegistry<PartneroWebhook> {
		return {
			provider: PROVIDER,
			nameMaxLength: WEBHOOK_NAME_MAX,
			get: (key) => this.getWebhook(key),
			list: () => this.listAllWebhooks(),
			create: (d) =>
				this.withAcceptedEvents(d.events, (events) =>
					this.createWebhook({ name: d.name, url: d.url, events, is_active: true }),
				),
			update: (w, d) =>
				this.withAcceptedEvents(d.events, (events) =>
					this.updateWebhook(w.key, { name: d.name, url: d.url, events, is_active: true }),
				),
			remove: (key) => this.deleteWebhook(key),
			differences: (webhook, desired) => {
				const out: string[] = [];
				if (webhook.url !== desired.url) out.push('url');
				if (!this.eventsInLine(webhook.events ?? [], desired.events)) out.push('events');
				if (webhook.is_active === false) out.push('inactive');
				if (webhook.name !== undefined && webhook.name !== desired.name) out.push('name');
				return out;
			},
			sameEndpoint: (webhook, desired) => webhook.url === desired.url,
			secretOf: (webhook) => webhook.signature,
		};
	}
}
