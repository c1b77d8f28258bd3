/**
 * Every API operation as (resource, operation) → call, with one input shape, so the n8n and Node-RED
 * adapters offer the same operations under the same names and validate them the same way.
 */
import { ValidationError } from '../errors';
import { pageSizeFor, runTableOperation, type OperationSpec } from '../operations';
import type { PartneroApi } from './api';
import { WEBHOOK_PAGE_MAX, WEBHOOK_PAGE_MIN, type WebhookInput, type WebhookPatch } from './client';
import { partneroEventList } from './events';
import type { PartneroWebhook } from './types';
import { isBlank, isRecord, type Fields, type Query } from './resources/common';
import type { CustomerInput } from './resources/customers';
import type { PartnerInput } from './resources/partners';
import type { TransactionInput } from './resources/transactions';

export interface OperationInput {
	/** The record's identifier in the path: partner id, customer key, transaction key, lead/coupon/… id, webhook key. */
	id?: string;
	/** Body fields for create/update/actions, filters for lists, identifiers for lookups. */
	fields?: Fields;
	/** Lists: most items; undefined = every page. */
	limit?: number;
	/** Webhook lists: items per request (10..100); default: the limit within that range. */
	pageSize?: number;
	/** Transaction create: return the existing transaction with this key instead of booking it twice. */
	skipExisting?: boolean;
}

type Input = OperationInput & { fields: Fields };
type Spec = OperationSpec<PartneroApi, Input>;

/** A signing secret in a flow message or an execution log would let anyone forge deliveries. */
export function withoutSecret(webhook: PartneroWebhook): Omit<PartneroWebhook, 'signature'> {
	const copy: Partial<PartneroWebhook> = { ...webhook };
	delete copy.signature;
	return copy as Omit<PartneroWebhook, 'signature'>;
}

const idOf = (input: OperationInput, what: string): string => {
	if (isBlank(input.id)) throw new ValidationError(`The ${what} is required.`, 'id');
	return String(input.id).trim();
};

/** Text from a form or message field; blank stays undefined so the resource names what is missing. */
const textOf = (value: unknown): string | undefined => (isBlank(value) ? undefined : String(value));

/** A partner reference from an object or from a bare referral key. */
function partnerRef(value: unknown): { id?: string; key?: string; email?: string } | undefined {
	if (isBlank(value)) return undefined;
	if (isRecord(value)) return value as { id?: string; key?: string; email?: string };
	return { key: String(value) };
}

/** Lookups take the identifier from `id` when the fields name none. */
function lookup(input: OperationInput, fields: Fields, names: string[]): Fields {
	return names.some((n) => !isBlank(fields[n])) ? fields : { [names[0]]: input.id };
}

/** List filters go into the query string, so each must be a plain value. */
function filtersOf(fields: Fields): Query {
	const out: Query = {};
	for (const [name, value] of Object.entries(fields)) {
		if (isBlank(value)) continue;
		if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
			throw new ValidationError(`The filter "${name}" must be a text, number or true/false.`, name);
		}
		out[name] = value;
	}
	return out;
}

function activeOf(value: unknown): boolean | undefined {
	if (isBlank(value)) return undefined;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw new ValidationError('is_active must be true or false.', 'is_active');
}

function webhookPatch(fields: Fields): WebhookPatch {
	const patch: WebhookPatch = {};
	const name = textOf(fields.name);
	const url = textOf(fields.url);
	const events = partneroEventList(fields.events);
	const active = activeOf(fields.is_active);
	if (name !== undefined) patch.name = name;
	if (url !== undefined) patch.url = url;
	if (events !== undefined) patch.events = events;
	if (active !== undefined) patch.is_active = active;
	return patch;
}

function webhookInput(fields: Fields): WebhookInput {
	const patch = webhookPatch(fields);
	return {
		...patch,
		name: patch.name ?? '',
		url: patch.url ?? '',
		events: patch.events ?? [],
		key: textOf(fields.key),
	};
}

const done = (what: string, id: string) => ({ [what]: id, deleted: true });

// Coupons and promotion codes are addressed by their uuid_code and code; the payload may carry them too.
const COUPON_ID = 'coupon code (uuid_code)';
const CODE_ID = 'promotion code';
const couponOf = (i: Input): string =>
	isBlank(i.id) && !isBlank(i.fields.uuid_code)
		? String(i.fields.uuid_code).trim()
		: idOf(i, COUPON_ID);
const codeOf = (i: Input): string =>
	isBlank(i.id) && !isBlank(i.fields.code) ? String(i.fields.code).trim() : idOf(i, CODE_ID);

export const PARTNERO_OPERATIONS = {
	partner: {
		create: {
			run: (a, i) =>
				a.partners.create({
					...i.fields,
					referring_partner: partnerRef(i.fields.referring_partner),
				} as PartnerInput),
		},
		get: { run: (a, i) => a.partners.get(lookup(i, i.fields, ['id', 'key', 'email'])) },
		getAll: { list: true, run: (a, i) => a.partners.list({ limit: i.limit }) },
		search: { list: true, run: (a, i) => a.partners.search(i.fields, { limit: i.limit }) },
		update: { id: 'partner id', run: (a, i) => a.partners.update(idOf(i, 'partner id'), i.fields) },
		delete: {
			id: 'partner id',
			run: async (a, i) => (
				await a.partners.delete(idOf(i, 'partner id')),
				done('id', idOf(i, 'partner id'))
			),
		},
		archive: { id: 'partner id', run: (a, i) => a.partners.archive(idOf(i, 'partner id')) },
		unarchive: { id: 'partner id', run: (a, i) => a.partners.unarchive(idOf(i, 'partner id')) },
		addReward: {
			id: 'partner id',
			run: (a, i) =>
				a.partners.addReward(idOf(i, 'partner id'), {
					amount: i.fields.amount as number,
					date: textOf(i.fields.date),
					note: textOf(i.fields.note),
				}),
		},
		getReferralLinks: {
			id: 'partner id',
			list: true,
			run: (a, i) => a.partners.referralLinks(idOf(i, 'partner id'), { limit: i.limit }),
		},
		getSignInUrl: {
			run: (a, i) =>
				a.partners.signInUrl(
					lookup(i, i.fields, ['key', 'email']),
					i.fields.expires_in as number | undefined,
				),
		},
	},
	customer: {
		create: {
			run: (a, i) =>
				a.customers.create({ ...i.fields, partner: partnerRef(i.fields.partner) } as CustomerInput),
		},
		get: { id: 'customer key', run: (a, i) => a.customers.get(idOf(i, 'customer key')) },
		getAll: {
			list: true,
			run: (a, i) => a.customers.list({ limit: i.limit, filters: filtersOf(i.fields) }),
		},
		search: { list: true, run: (a, i) => a.customers.search(i.fields, { limit: i.limit }) },
		update: {
			id: 'customer key',
			// customers/update also names the customer by `key` beside the `update` object.
			run: (a, i) => {
				const { key, ...fields } = i.fields;
				const named = isRecord(fields.update) && isBlank(i.id) && !isBlank(key);
				return named
					? a.customers.update(String(key), fields)
					: a.customers.update(idOf(i, 'customer key'), i.fields);
			},
		},
		delete: {
			id: 'customer key',
			run: async (a, i) => (
				await a.customers.delete(idOf(i, 'customer key')),
				done('key', idOf(i, 'customer key'))
			),
		},
		archive: { id: 'customer key', run: (a, i) => a.customers.archive(idOf(i, 'customer key')) },
		unarchive: {
			id: 'customer key',
			run: (a, i) => a.customers.unarchive(idOf(i, 'customer key')),
		},
		getTransactions: {
			id: 'customer key',
			list: true,
			run: (a, i) => a.customers.transactions(idOf(i, 'customer key'), { limit: i.limit }),
		},
		getBalance: { id: 'customer key', run: (a, i) => a.customers.balance(idOf(i, 'customer key')) },
		addCredit: {
			id: 'customer key',
			// The resource checks the amount and is_currency; other fields pass through to Partnero as before.
			run: (a, i) =>
				a.customers.credit(idOf(i, 'customer key'), {
					...i.fields,
					amount: i.fields.amount as number,
				}),
		},
	},
	transaction: {
		create: {
			run: (a, i) => {
				const customer = isRecord(i.fields.customer)
					? i.fields.customer
					: isBlank(i.fields.customer)
						? undefined
						: { key: String(i.fields.customer) };
				const input = {
					...i.fields,
					customer,
					partner: partnerRef(i.fields.partner),
				} as TransactionInput;
				return i.skipExisting
					? a.transactions.createUnlessExists(input)
					: a.transactions.create(input);
			},
		},
		get: { id: 'transaction key', run: (a, i) => a.transactions.get(idOf(i, 'transaction key')) },
		getAll: {
			list: true,
			run: (a, i) => a.transactions.list({ limit: i.limit, filters: filtersOf(i.fields) }),
		},
		delete: {
			id: 'transaction key',
			run: async (a, i) => (
				await a.transactions.delete(idOf(i, 'transaction key')),
				done('key', idOf(i, 'transaction key'))
			),
		},
		archive: {
			id: 'transaction key',
			run: (a, i) => a.transactions.archive(idOf(i, 'transaction key')),
		},
		unarchive: {
			id: 'transaction key',
			run: (a, i) => a.transactions.unarchive(idOf(i, 'transaction key')),
		},
	},
	lead: {
		create: {
			run: (a, i) =>
				a.leads.create({
					email: textOf(i.fields.email) ?? '',
					name: textOf(i.fields.name) ?? '',
					partner: partnerRef(i.fields.partner) ?? {},
					cfields: isRecord(i.fields.cfields) ? i.fields.cfields : undefined,
				}),
		},
		get: { id: 'lead id', run: (a, i) => a.leads.get(idOf(i, 'lead id')) },
		getAll: { list: true, run: (a, i) => a.leads.list({ limit: i.limit }) },
		convert: {
			id: 'lead id',
			run: (a, i) => a.leads.convert(idOf(i, 'lead id'), i.fields.commission_transaction_amount),
		},
		reject: { id: 'lead id', run: (a, i) => a.leads.reject(idOf(i, 'lead id')) },
		delete: {
			id: 'lead id',
			run: async (a, i) => (
				await a.leads.delete(idOf(i, 'lead id')),
				done('id', idOf(i, 'lead id'))
			),
		},
	},
	coupon: {
		create: { run: (a, i) => a.coupons.create(i.fields) },
		get: { id: COUPON_ID, run: (a, i) => a.coupons.get(couponOf(i)) },
		getAll: { list: true, run: (a, i) => a.coupons.list({ limit: i.limit }) },
		update: { id: COUPON_ID, run: (a, i) => a.coupons.update(couponOf(i), i.fields) },
		delete: {
			id: COUPON_ID,
			run: async (a, i) => (await a.coupons.delete(couponOf(i)), done('uuid_code', couponOf(i))),
		},
	},
	promotionCode: {
		create: { run: (a, i) => a.promotionCodes.create(i.fields) },
		get: { id: CODE_ID, run: (a, i) => a.promotionCodes.get(codeOf(i)) },
		getAll: { list: true, run: (a, i) => a.promotionCodes.list({ limit: i.limit }) },
		update: { id: CODE_ID, run: (a, i) => a.promotionCodes.update(codeOf(i), i.fields) },
		delete: {
			id: CODE_ID,
			run: async (a, i) => {
				const coupon = isRecord(i.fields.coupon) ? i.fields.coupon.uuid_code : i.fields.coupon_uuid;
				await a.promotionCodes.delete(codeOf(i), coupon);
				return done('code', codeOf(i));
			},
		},
	},
	payoutRequest: {
		getAll: { list: true, run: (a, i) => a.payoutRequests.list({ limit: i.limit }) },
		get: {
			id: 'payout request id',
			run: (a, i) => a.payoutRequests.get(idOf(i, 'payout request id')),
		},
		approve: {
			id: 'payout request id',
			run: (a, i) => a.payoutRequests.approve(idOf(i, 'payout request id')),
		},
		markAsPaid: {
			id: 'payout request id',
			run: (a, i) => a.payoutRequests.markAsPaid(idOf(i, 'payout request id')),
		},
	},
	program: {
		get: { run: (a) => a.program.get() },
	},
	webhook: {
		getAll: {
			list: true,
			run: async (a, i) => {
				const first = await a.client.listWebhooks({
					limit: pageSizeFor(i.limit, { min: WEBHOOK_PAGE_MIN, max: WEBHOOK_PAGE_MAX }, i.pageSize),
				});
				return (await a.client.walk(first, i.limit)).map(withoutSecret);
			},
		},
		get: {
			id: 'webhook key',
			run: async (a, i) => withoutSecret(await a.client.getWebhook(idOf(i, 'webhook key'))),
		},
		create: {
			run: async (a, i) => withoutSecret(await a.client.createWebhook(webhookInput(i.fields))),
		},
		update: {
			id: 'webhook key',
			run: async (a, i) =>
				withoutSecret(await a.client.updateWebhook(idOf(i, 'webhook key'), webhookPatch(i.fields))),
		},
		delete: {
			id: 'webhook key',
			run: async (a, i) => (
				await a.client.deleteWebhook(idOf(i, 'webhook key')),
				done('key', idOf(i, 'webhook key'))
			),
		},
	},
} satisfies Record<string, Record<string, Spec>>;

/** Runs one operation; unknown names and missing inputs fail before any call, with the valid choices listed. */
export async function runOperation(
	api: PartneroApi,
	resource: string,
	operation: string,
	input: OperationInput = {},
): Promise<unknown> {
	return runTableOperation<PartneroApi, OperationInput>(
		PARTNERO_OPERATIONS,
		api,
		resource,
		operation,
		input,
	);
}
