/**
 * PartnerStack's Vendor API (v2): HTTP Basic auth (public key : secret key), answers `{data, message,
 * status}`, cursor paging with `starting_after` / `limit` / `data.has_more` / `data.items`, times in epoch
 * milliseconds, amounts in cents.
 *
 * The webhook create body is uncertain (`target` per one source, `target_url` per another). The client
 * sends `target`; a 400/422 that names the field is retried once with the other name, and what worked is
 * remembered per credential (base URL + public key, kept only as a fingerprint).
 */
import { createHash } from 'crypto';
import { ApiClientBase, isRecord, normaliseApiBaseUrl, parseUrl } from '../api-client';
import { ApiError } from '../errors';
import type { Transport } from '../http';
import { sameEvents, type WebhookRegistry } from '../registration';
import type { RetryPolicy } from '../retry';
import { settle } from '../settle';
import { endpointOf, redactUrl, urlSecretOf, withUrlSecret } from './delivery';

export const PARTNERSTACK_DEFAULT_BASE_URL = 'https://api.partnerstack.com/api/v2';
const PROVIDER = 'PartnerStack';
/** PartnerStack's documented page size range. */
export const PAGE_MIN = 1;
export const PAGE_MAX = 250;
/** Stops a cursor walk that never ends. */
const MAX_PAGES = 1000;

export interface PartnerStackClientOptions {
	baseUrl?: string;
	/** Both omitted when the transport authenticates (n8n's credential does). */
	publicKey?: string;
	secretKey?: string;
	/** Identifies the credential for the remembered webhook field when the keys are not given (n8n). */
	credentialId?: string;
	transport: Transport;
	retry?: Partial<RetryPolicy>;
	/** Where the working create-body field is remembered; default: one memory per process. */
	fieldMemory?: WebhookFieldMemory;
}

export type WebhookTargetField = 'target' | 'target_url';

/** Remembers per credential which create-body field PartnerStack accepted. Bounded; keys are fingerprints. */
export class WebhookFieldMemory {
	private readonly known = new Map<string, WebhookTargetField>();
	constructor(private readonly max = 1000) {}
	get(id: string): WebhookTargetField | undefined {
		return this.known.get(id);
	}
	set(id: string, field: WebhookTargetField): void {
		this.known.delete(id);
		this.known.set(id, field);
		if (this.known.size > this.max) this.known.delete(this.known.keys().next().value as string);
	}
	clear(): void {
		this.known.clear();
	}
}

export const defaultWebhookFieldMemory = new WebhookFieldMemory();

export interface CursorPage<T> {
	items: T[];
	hasMore: boolean;
}

export interface ListOptions {
	/** Page size, 1..250. */
	limit?: number;
	startingAfter?: string;
	endingBefore?: string;
	/** Further filters passed as query parameters (e.g. min_created / max_created in epoch ms). */
	filters?: Record<string, string | number | boolean | undefined>;
}

export interface PartnerStackWebhook {
	key: string;
	/** The delivery URL, whichever field name the API used. */
	target: string;
	events: string[];
	created_at?: number;
	updated_at?: number;
	[extra: string]: unknown;
}

/** A trigger's URL secret never reaches a flow message or node output, where it would be stored. */
export function redactWebhook(webhook: PartnerStackWebhook): PartnerStackWebhook {
	return { ...webhook, target: redactUrl(webhook.target) };
}

export type PsRecord = Record<string, unknown> & { key?: string };

/**
 * The resources the node offers, their path, which operations the v2 API has, and what create needs.
 * `update` uses PATCH. Deleting a deal archives it.
 */
export const PARTNERSTACK_RESOURCES = {
	partnership: { path: 'partnerships', ops: ['list', 'get', 'create', 'update'], required: ['email', 'group_key'] },
	customer: { path: 'customers', ops: ['list', 'get', 'create', 'update', 'delete'], required: ['email', 'partner_key'] },
	transaction: { path: 'transactions', ops: ['list', 'get', 'create', 'delete'], required: ['customer_key', 'amount'] },
	deal: { path: 'deals', ops: ['list', 'get', 'create', 'update', 'delete'], required: ['partner_key', 'name'] },
	lead: { path: 'leads', ops: ['list', 'get', 'create', 'update'], required: ['partner_key', 'email'] },
	action: { path: 'actions', ops: ['list', 'create'], required: ['customer_key', 'key'] },
	reward: { path: 'rewards', ops: ['list', 'create'], required: ['partner_key', 'amount'] },
	group: { path: 'groups', ops: ['list'], required: [] },
} as const satisfies Record<string, { path: string; ops: readonly string[]; required: readonly string[] }>;

export type PartnerStackResource = keyof typeof PARTNERSTACK_RESOURCES;
export type PartnerStackOperation = 'list' | 'get' | 'create' | 'update' | 'delete';

/** Fields holding money, in cents: must be whole numbers. */
const CENT_FIELDS = ['amount', 'value'];

function keyPath(key: unknown, what: string): string {
	if (typeof key !== 'string' || key.trim() === '') throw new Error(`The ${what} key is required.`);
	return encodeURIComponent(key.trim());
}

function resourceOf(resource: string): (typeof PARTNERSTACK_RESOURCES)[PartnerStackResource] {
	const found = (PARTNERSTACK_RESOURCES as Record<string, (typeof PARTNERSTACK_RESOURCES)[PartnerStackResource]>)[resource];
	if (!found) throw new Error(`Unknown PartnerStack resource "${resource}".`);
	return found;
}

function checkOperation(resource: string, op: PartnerStackOperation): string {
	const r = resourceOf(resource);
	if (!(r.ops as readonly string[]).includes(op)) {
		throw new Error(`PartnerStack has no "${op}" for ${resource}s (available: ${r.ops.join(', ')}).`);
	}
	return r.path;
}

function checkCents(body: Record<string, unknown>): void {
	for (const field of CENT_FIELDS) {
		const value = body[field];
		if (value === undefined) continue;
		if (typeof value !== 'number' || !Number.isInteger(value)) {
			throw new Error(`"${field}" is in cents and must be a whole number (e.g. 4900 for 49.00), got ${JSON.stringify(value)}.`);
		}
	}
}

function validateUrl(url: unknown): string {
	if (typeof url !== 'string' || url.trim() === '') throw new Error('The webhook target URL is required.');
	const parsed = parseUrl(url.trim());
	if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
		throw new Error('The webhook target must be an http(s) URL.');
	}
	return url.trim();
}

function validateEvents(events: unknown): string[] {
	if (!Array.isArray(events) || events.length === 0 || events.some((e) => typeof e !== 'string' || e.trim() === '')) {
		throw new Error('Choose at least one event; events must be a list of names such as partnership.created.');
	}
	return events.map((e: string) => e.trim());
}

/** A webhook as PartnerStack returns it, with the URL under `target` whatever the API called it. */
export function normaliseWebhook(raw: unknown): PartnerStackWebhook {
	const w = isRecord(raw) ? raw : {};
	const target = [w.target, w.target_url, w.url].find((v) => typeof v === 'string') as string | undefined;
	const out: PartnerStackWebhook = { ...w, key: String(w.key ?? ''), target: target ?? '', events: Array.isArray(w.events) ? (w.events as string[]) : [] };
	delete out.target_url;
	return out;
}

/** Whether a refusal names the webhook URL field, i.e. is about target vs target_url. */
function namesTargetField(error: unknown): boolean {
	if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 422)) return false;
	const text = [error.apiMessage ?? '', ...Object.keys(error.fieldErrors), ...Object.values(error.fieldErrors).flat()].join(' ');
	return /\btarget(_url)?\b/i.test(text);
}

function fingerprint(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 22);
}

export class PartnerStackClient extends ApiClientBase {
	private readonly memory: WebhookFieldMemory;
	private readonly credentialKey: string;

	constructor(o: PartnerStackClientOptions) {
		const baseUrl = normaliseApiBaseUrl(PROVIDER, o.baseUrl, PARTNERSTACK_DEFAULT_BASE_URL);
		const publicKey = o.publicKey?.trim() || undefined;
		const secretKey = o.secretKey?.trim() || undefined;
		if ((publicKey === undefined) !== (secretKey === undefined)) {
			throw new Error('Give both the PartnerStack public key and the secret key.');
		}
		super({
			provider: PROVIDER,
			baseUrl,
			transport: o.transport,
			retry: o.retry,
			authorization: publicKey ? `Basic ${Buffer.from(`${publicKey}:${secretKey}`, 'utf8').toString('base64')}` : undefined,
			secrets: [publicKey ?? '', secretKey ?? ''],
			advice: {
				401: 'PartnerStack rejected the keys. Check the public key (username) and the secret key (password) in the credentials; both come from Settings → Integrations → PartnerStack API Keys.',
				403: 'The keys are not allowed to do this. Check that they are Vendor API keys of this PartnerStack account.',
			},
		});
		this.memory = o.fieldMemory ?? defaultWebhookFieldMemory;
		this.credentialKey = fingerprint(`${baseUrl}\u0000${publicKey ?? o.credentialId ?? ''}`);
	}

	/** The payload of a `{data, message, status}` answer (or the body when it has no `data`). */
	private async data<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, query?: ListOptions['filters']): Promise<T> {
		const answer = await this.request<unknown>(method, path, { body, query });
		return (isRecord(answer) && 'data' in answer ? answer.data : answer) as T;
	}

	/** A cheap authenticated call for credential tests: one webhook. */
	async test(): Promise<{ message: string }> {
		await this.listPage('webhooks', { limit: 1 });
		return { message: 'The PartnerStack keys work.' };
	}

	/** One page of a list endpoint. */
	async listPage<T = PsRecord>(path: string, o: ListOptions = {}): Promise<CursorPage<T>> {
		const limit = o.limit ?? 100;
		if (!Number.isInteger(limit) || limit < PAGE_MIN || limit > PAGE_MAX) {
			throw new Error(`The page size must be a whole number from ${PAGE_MIN} to ${PAGE_MAX} (got ${limit}).`);
		}
		const query = { ...o.filters, limit, starting_after: o.startingAfter || undefined, ending_before: o.endingBefore || undefined };
		const data = await this.data<unknown>('GET', path, undefined, query);
		const items = isRecord(data) && Array.isArray(data.items) ? data.items : Array.isArray(data) ? data : undefined;
		if (!items) throw new Error(`PartnerStack GET /${path} answered without a list of items; is the base URL right?`);
		return { items: items as T[], hasMore: isRecord(data) && data.has_more === true };
	}

	/**
	 * Every item, following `starting_after` = the last item's key while `has_more`, up to `max`.
	 * Stops with an error when the cursor does not move (a repeated or missing key) or after 1000 pages.
	 */
	async listAll<T extends PsRecord = PsRecord>(path: string, o: ListOptions & { max?: number } = {}): Promise<T[]> {
		const max = o.max ?? Infinity;
		const out: T[] = [];
		const seen = new Set<string>();
		let cursor = o.startingAfter;
		for (let pages = 0; ; pages++) {
			if (pages >= MAX_PAGES) throw new Error(`PartnerStack GET /${path} kept paging past ${MAX_PAGES} pages; stopped.`);
			const limit = o.limit ?? Math.min(PAGE_MAX, Math.max(PAGE_MIN, Number.isFinite(max) ? max - out.length : PAGE_MAX));
			const page = await this.listPage<T>(path, { ...o, limit, startingAfter: cursor });
			out.push(...page.items);
			if (!page.hasMore || out.length >= max) break;
			const last = page.items[page.items.length - 1]?.key;
			if (typeof last !== 'string' || last === '' || seen.has(last)) {
				throw new Error(`PartnerStack GET /${path} said there are more items but its cursor did not move; stopped paging to avoid a loop.`);
			}
			seen.add(last);
			cursor = last;
		}
		return out.slice(0, max);
	}

	// --- generic resources -------------------------------------------------------------------------

	async list(resource: PartnerStackResource, o: ListOptions & { max?: number } = {}): Promise<PsRecord[]> {
		return this.listAll(checkOperation(resource, 'list'), o);
	}

	async get(resource: PartnerStackResource, key: string): Promise<PsRecord> {
		return this.data('GET', `${checkOperation(resource, 'get')}/${keyPath(key, resource)}`);
	}

	async create(resource: PartnerStackResource, body: Record<string, unknown>): Promise<PsRecord> {
		const path = checkOperation(resource, 'create');
		const missing = resourceOf(resource).required.filter((f) => body[f] === undefined || body[f] === '');
		if (missing.length) throw new Error(`To create a ${resource}, give ${missing.join(' and ')}.`);
		checkCents(body);
		return this.data('POST', path, body);
	}

	async update(resource: PartnerStackResource, key: string, body: Record<string, unknown>): Promise<PsRecord> {
		const path = `${checkOperation(resource, 'update')}/${keyPath(key, resource)}`;
		if (Object.keys(body).length === 0) throw new Error(`Nothing to update: give at least one ${resource} field.`);
		checkCents(body);
		return this.data('PATCH', path, body);
	}

	async remove(resource: PartnerStackResource, key: string): Promise<void> {
		await this.request('DELETE', `${checkOperation(resource, 'delete')}/${keyPath(key, resource)}`);
	}

	/** Zapier's "Create Action": logs an action a customer performed; a reward set for the action is created. */
	async createAction(i: { customer_key: string; key: string; value?: number; [extra: string]: unknown }): Promise<PsRecord> {
		return this.create('action', i);
	}

	// --- webhooks ------------------------------------------------------------------------------------

	async listWebhooks(o: ListOptions & { max?: number } = {}): Promise<PartnerStackWebhook[]> {
		return (await this.listAll('webhooks', o)).map(normaliseWebhook);
	}

	async getWebhook(key: string): Promise<PartnerStackWebhook> {
		return normaliseWebhook(await this.data('GET', `webhooks/${keyPath(key, 'webhook')}`));
	}

	/** The field this credential's account accepted for the URL, if known yet. */
	webhookTargetField(): WebhookTargetField | undefined {
		return this.memory.get(this.credentialKey);
	}

	async createWebhook(i: { target: string; events: string[] }): Promise<PartnerStackWebhook> {
		const target = validateUrl(i.target);
		const events = validateEvents(i.events);
		const first = this.memory.get(this.credentialKey) ?? 'target';
		const attempt = await settle(this.data('POST', 'webhooks', { [first]: target, events }));
		if (attempt.ok) {
			this.memory.set(this.credentialKey, first);
			return normaliseWebhook(attempt.value);
		}
		if (!namesTargetField(attempt.error)) throw attempt.error;
		const other: WebhookTargetField = first === 'target' ? 'target_url' : 'target';
		const created = normaliseWebhook(await this.data('POST', 'webhooks', { [other]: target, events }));
		this.memory.set(this.credentialKey, other);
		return created;
	}

	async deleteWebhook(key: string): Promise<void> {
		await this.request('DELETE', `webhooks/${keyPath(key, 'webhook')}`);
	}

	/**
	 * Registration for PartnerStack: no update endpoint, so a drifted webhook is replaced; the secret is the
	 * one in the registered URL, and the endpoint is the URL without it.
	 */
	webhookRegistry(): WebhookRegistry<PartnerStackWebhook> {
		return {
			provider: PROVIDER,
			get: (key) => this.getWebhook(key),
			list: () => this.listWebhooks(),
			create: (d) => this.createWebhook({ target: d.url, events: d.events }),
			remove: (key) => this.deleteWebhook(key),
			differences(webhook, desired) {
				const out: string[] = [];
				if (webhook.target !== desired.url) out.push('url');
				if (!sameEvents(webhook.events, desired.events)) out.push('events');
				return out;
			},
			sameEndpoint: (webhook, desired) => endpointOf(webhook.target) === endpointOf(desired.url),
			secretOf: (webhook) => urlSecretOf(webhook.target),
			adoptedDesired(webhook, desired) {
				const secret = urlSecretOf(webhook.target);
				return secret ? { ...desired, url: withUrlSecret(desired.url, secret) } : desired;
			},
		};
	}
}
