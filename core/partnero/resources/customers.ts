import { ValidationError } from '../../errors';
import type { PartneroClient } from '../client';
import type { CustomerData, TransactionData } from '../types';
import {
	archived,
	compact,
	isBlank,
	listAll,
	oneOf,
	requireNumber,
	requireText,
	segment,
	tagList,
	updateObject,
	type Fields,
	type ListOptions,
} from './common';
import { PARTNER_IDENTIFIERS } from './partners';

/** The fields of `update` on docs.partnero.com/api-reference/customers/update. */
const UPDATABLE = ['email', 'name', 'surname', 'key', 'tags'] as const;

export interface CustomerInput {
	/** Your own identifier for the customer (an account id, or the email). */
	key: string;
	email?: string;
	name?: string;
	surname?: string;
	tags?: string[] | string;
	/** The referring partner (affiliate programs): exactly one of id, key (the ?aff= value) or email. */
	partner?: { id?: string; key?: string; email?: string };
	/** The referring customer (refer-a-friend programs). */
	referring_customer?: { id?: string; key?: string };
	options?: { referral_url?: string };
}

export interface CreditInput {
	amount: number;
	is_currency?: boolean;
	amount_units?: string;
}

/** Customers: referred buyers (affiliate) or referrers and their friends (refer-a-friend). */
export class CustomersApi {
	constructor(private readonly client: PartneroClient) {}

	async create(input: CustomerInput): Promise<CustomerData> {
		const body = compact({
			...input,
			key: requireText(input.key, 'customer key'),
			tags: tagList(input.tags),
		});
		if (input.partner !== undefined)
			body.partner = oneOf(input.partner, PARTNER_IDENTIFIERS, 'partner');
		if (input.referring_customer !== undefined)
			body.referring_customer = oneOf(
				input.referring_customer,
				['id', 'key'],
				'referring customer',
			);
		if (input.options !== undefined) body.options = compact(input.options);
		return this.client.data('POST', 'customers', { body });
	}

	/** By key, id or email: Partnero looks the value up in all three. */
	async get(key: string): Promise<CustomerData> {
		return this.client.data('GET', `customers/${segment(key, 'customer key')}`);
	}

	/** Filters: partner_key, partner_email (and refer_status in refer-a-friend programs). */
	async list(o: ListOptions = {}): Promise<CustomerData[]> {
		return listAll(this.client, 'customers', o);
	}

	async search(
		by: { id?: string; key?: string; email?: string },
		o: ListOptions = {},
	): Promise<CustomerData[]> {
		return listAll(this.client, 'customers:search', {
			...o,
			filters: { ...o.filters, ...oneOf(by, PARTNER_IDENTIFIERS, 'customer') },
		});
	}

	/** PUT customers/{key}; Partnero requires the changes inside `update`. */
	async update(key: string, patch: Fields): Promise<CustomerData> {
		const update = updateObject(patch, UPDATABLE);
		if (update.tags !== undefined) update.tags = tagList(update.tags);
		return this.client.data('PUT', `customers/${segment(key, 'customer key')}`, {
			body: { update },
		});
	}

	async delete(key: string): Promise<void> {
		await this.client.request('DELETE', `customers/${segment(key, 'customer key')}`);
	}

	/** Documented for partners and transactions only; customers are taken to answer alike. */
	async archive(key: string): Promise<Fields> {
		const path = `customers/${segment(key, 'customer key')}/archive`;
		return archived(await this.client.request('POST', path), 'key', key, true);
	}

	async unarchive(key: string): Promise<Fields> {
		const path = `customers/${segment(key, 'customer key')}/revoke-archive`;
		return archived(await this.client.request('POST', path), 'key', key, false);
	}

	async transactions(key: string, o: ListOptions = {}): Promise<TransactionData[]> {
		return listAll(this.client, `customers/${segment(key, 'customer key')}/transactions`, o);
	}

	/** Refer-a-friend programs: the credit a customer has earned. */
	async balance(key: string): Promise<Fields> {
		return this.client.data('GET', `customers/${segment(key, 'customer key')}/balance`);
	}

	async credit(key: string, input: CreditInput): Promise<Fields> {
		const body = compact({
			...input,
			amount: requireNumber(input.amount, 'credit amount', { min: 0 }),
		});
		if (!isBlank(body.is_currency) && typeof body.is_currency !== 'boolean')
			throw new ValidationError('is_currency must be true or false.');
		return this.client.data('POST', `customers/${segment(key, 'customer key')}/balance/credit`, {
			body,
		});
	}
}
