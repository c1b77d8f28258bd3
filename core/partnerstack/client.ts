/**
 * PartnerStack's Vendor API (v2): HTTP Basic auth (public key : secret key), answers `{data, message,
 * status}`, cursor paging with `starting_after` / `limit` / `data.has_more` / `data.items`, times in epoch
 * milliseconds, amounts in cents.
 *
 * The webhook create body is uncertain (`target` per one source, `target_url` per another). The client
 * sends `target`; a 400/422 that names the field is retried once with the other name (see field-memory).
 */
import { createHash } from 'crypto';
import { checkCreateBody, type ActionTargetType } from './bodies';
import { ApiClientBase, isRecord, normaliseApiBaseUrl } from '../api-client';
import { ValidationError, type AdviceOverrides } from '../errors';
import type { Transport } from '../http';
import { sameEvents, type WebhookRegistry } from '../registration';
import type { RetryPolicy } from '../retry';
import { settle } from '../settle';
import { endpointOf, urlSecretOf, withUrlSecret } from './delivery';
import {
	defaultWebhookFieldMemory,
	type WebhookFieldMemory,
	type WebhookTargetField,
} from './field-memory';
import { checkOperation, PAGE_MAX, PAGE_MIN, type PartnerStackResource } from './resources';
import {
	namesTargetField,
	normaliseWebhook,
	type CursorPage,
	type ListOptions,
	type PartnerStackWebhook,
	type PsRecord,
} from './types';
import { checkCents, checkRequired, keyPath, validateEvents, validateUrl } from './validation';

export const PARTNERSTACK_DEFAULT_BASE_URL = 'https://api.partnerstack.com/api/v2';
const PROVIDER = 'PartnerStack';
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

const EVENTS_HINT =
	'Check the event names: PartnerStack may not accept unconfirmed or misspelt events.';
/** A refused webhook create most likely names an event PartnerStack does not accept; both engines show this. */
export const WEBHOOK_REFUSAL: AdviceOverrides = { 400: EVENTS_HINT, 422: EVENTS_HINT };

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
			throw new ValidationError(
				'Give both the PartnerStack public key and the secret key.',
				'publicKey',
			);
		}
		super({
			provider: PROVIDER,
			baseUrl,
			transport: o.transport,
			retry: o.retry,
			authorization: publicKey
				? `Basic ${Buffer.from(`${publicKey}:${secretKey}`, 'utf8').toString('base64')}`
				: undefined,
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
	private async data<T>(
		method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
		path: string,
		body?: unknown,
		query?: ListOptions['filters'],
		advice?: AdviceOverrides,
	): Promise<T> {
		const answer = await this.request<unknown>(method, path, { body, query, advice });
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
			throw new ValidationError(
				`The page size must be a whole number from ${PAGE_MIN} to ${PAGE_MAX} (got ${limit}).`,
				'pageSize',
			);
		}
		const query = {
			...o.filters,
			limit,
			starting_after: o.startingAfter || undefined,
			ending_before: o.endingBefore || undefined,
		};
		const data = await this.data<unknown>('GET', path, undefined, query);
		const items =
			isRecord(data) && Array.isArray(data.items)
				? data.items
				: Array.isArray(data)
					? data
					: undefined;
		if (!items)
			throw new Error(
				`PartnerStack GET /${path} answered without a list of items; is the base URL right?`,
			);
		return { items: items as T[], hasMore: isRecord(data) && data.has_more === true };
	}

	/**
	 * Every item, following `starting_after` = the last item's key while `has_more`, up to `max`.
	 * Stops with an error when the cursor does not move (a repeated or missing key) or after 1000 pages.
	 */
	async listAll<T extends PsRecord = PsRecord>(
		path: string,
		o: ListOptions & { max?: number } = {},
	): Promise<T[]> {
		const max = o.max ?? Infinity;
		const out: T[] = [];
		const seen = new Set<string>();
		let cursor = o.startingAfter;
		for (let pages = 0; ; pages++) {
			if (pages >= MAX_PAGES)
				throw new Error(`PartnerStack GET /${path} kept paging past ${MAX_PAGES} pages; stopped.`);
			const limit =
				o.limit ??
				Math.min(PAGE_MAX, Math.max(PAGE_MIN, Number.isFinite(max) ? max - out.length : PAGE_MAX));
			const page = await this.listPage<T>(path, { ...o, limit, startingAfter: cursor });
			out.push(...page.items);
			if (!page.hasMore || out.length >= max) break;
			const last = page.items[page.items.length - 1]?.key;
			if (typeof last !== 'string' || last === '' || seen.has(last)) {
				throw new Error(
					`PartnerStack GET /${path} said there are more items but its cursor did not move; stopped paging to avoid a loop.`,
				);
			}
			seen.add(last);
			cursor = last;
		}
		return out.slice(0, max);
	}

	// --- generic resources -------------------------------------------------------------------------

	async list(
		resource: PartnerStackResource,
		o: ListOptions & { max?: number } = {},
	): Promise<PsRecord[]> {
		return this.listAll(checkOperation(resource, 'list'), o);
	}

	async get(resource: PartnerStackResource, key: string): Promise<PsRecord> {
		return this.data('GET', `${checkOperation(resource, 'get')}/${keyPath(key, resource)}`);
	}

	async create(resource: PartnerStackResource, body: Record<string, unknown>): Promise<PsRecord> {
		const path = checkOperation(resource, 'create');
		// The body rules first, so a v1 action body is told the v2 names rather than "give target_key".
		checkCreateBody(resource, body);
		checkRequired(resource, body);
		checkCents(body);
		return this.data('POST', path, body);
	}

	async update(
		resource: PartnerStackResource,
		key: string,
		body: Record<string, unknown>,
	): Promise<PsRecord> {
		const path = `${checkOperation(resource, 'update')}/${keyPath(key, resource)}`;
		if (Object.keys(body).length === 0)
			throw new ValidationError(`Nothing to update: give at least one ${resource} field.`);
		checkCents(body);
		return this.data('PATCH', path, body);
	}

	async remove(resource: PartnerStackResource, key: string): Promise<void> {
		await this.request('DELETE', `${checkOperation(resource, 'delete')}/${keyPath(key, resource)}`);
	}

	/**
	 * Records an action a partner or customer performed (v2 body, reference/post_v2-actions-1); a reward set
	 * up for the action type is created by PartnerStack.
	 */
	async createAction(i: {
		target_type: ActionTargetType;
		target_key: string;
		type: string;
		value: number;
		external_key?: string;
	}): Promise<PsRecord> {
		return this.create('action', { ...i });
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
		// A settled value rather than a catch: the retry decision is the core's, not an engine error mapping.
		const attempt = await settle(
			this.data('POST', 'webhooks', { [first]: target, events }, undefined, WEBHOOK_REFUSAL),
		);
		if (attempt.ok) {
			this.memory.set(this.credentialKey, first);
			return normaliseWebhook(attempt.value);
		}
		if (!namesTargetField(attempt.error)) throw attempt.error;
		const other: WebhookTargetField = first === 'target' ? 'target_url' : 'target';
		const created = normaliseWebhook(
			await this.data('POST', 'webhooks', { [other]: target, events }, undefined, WEBHOOK_REFUSAL),
		);
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
