import { ApiError, ValidationError } from '../../errors';
import { settle } from '../../settle';
import type { PartneroClient } from '../client';
import type { TransactionData } from '../types';
import {
	archived,
	compact,
	isBlank,
	listAll,
	oneOf,
	requireNumber,
	requireText,
	segment,
	type Fields,
	type ListOptions,
} from './common';

export interface TransactionInput {
	/** Your id for the transaction (an invoice or charge id); needed later to refund (delete) it. */
	key?: string;
	customer: { id?: string; key?: string; email?: string };
	/** The sale amount, from which the program's commission is computed... */
	amount?: number;
	/** ...or the commission itself. */
	reward?: number;
	amount_units?: string;
	action?: string;
	product_id?: string;
	product_type?: string;
	/** Backdates the transaction: a Date, an ISO date text or a unix timestamp in seconds. */
	created_at?: Date | string | number;
	/** With `partner.key`: creates the customer in the same call when it does not exist yet. */
	options?: { create_customer?: boolean };
	partner?: { key?: string };
}

export type CreatedTransaction = TransactionData & { skipped?: boolean };

/** Partnero wants a unix timestamp in seconds; people and flows hand over dates. */
export function unixSeconds(value: Date | string | number): number {
	if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value.trim()))) {
		const n = Number(value);
		// Milliseconds slip in from Date.now(); 1e11 s is the year 5138, so anything larger is ms.
		return Math.floor(n > 1e11 ? n / 1000 : n);
	}
	const ms = value instanceof Date ? value.getTime() : Date.parse(value);
	if (Number.isNaN(ms))
		throw new ValidationError(
			`The transaction date "${String(value)}" is not a date; use e.g. 2025-01-31T12:00:00Z.`,
		);
	return Math.floor(ms / 1000);
}

/**
 * Transactions and the commissions they earn. Creating one is not idempotent: each call books (and pays)
 * a commission again, which is why create is never retried after a 5xx and why createUnlessExists exists.
 */
export class TransactionsApi {
	constructor(private readonly client: PartneroClient) {}

	async create(input: TransactionInput): Promise<TransactionData> {
		const hasAmount = !isBlank(input.amount);
		const hasReward = !isBlank(input.reward);
		if (hasAmount === hasReward)
			throw new ValidationError(
				'Give either the transaction amount or the reward (commission), not both and not neither.',
			);
		const body = compact({
			...input,
			customer: oneOf(input.customer ?? {}, ['id', 'key', 'email'], 'customer'),
			amount: hasAmount ? requireNumber(input.amount, 'transaction amount') : undefined,
			reward: hasReward ? requireNumber(input.reward, 'reward amount') : undefined,
			created_at: isBlank(input.created_at)
				? undefined
				: unixSeconds(input.created_at as Date | string | number),
		});
		if (input.options?.create_customer) {
			if (isBlank(input.partner?.key))
				throw new ValidationError(
					'To create the customer with the transaction, give the partner key too.',
				);
			body.options = { create_customer: true };
			body.partner = { key: requireText(input.partner?.key, 'partner key') };
		} else {
			delete body.options;
			delete body.partner;
		}
		return this.client.data('POST', 'transactions', { body });
	}

	/**
	 * The guard against double commissions when a workflow re-runs: looks the key up first and returns the
	 * existing transaction (marked skipped) instead of creating a second one. Not atomic: two runs racing
	 * within the same second can still both create.
	 */
	async createUnlessExists(input: TransactionInput): Promise<CreatedTransaction> {
		const key = requireText(
			input.key,
			'transaction key (needed to detect an existing transaction)',
		);
		const found = await settle(this.get(key));
		if (found.ok) return { ...found.value, skipped: true };
		if (!(found.error instanceof ApiError) || found.error.status !== 404) throw found.error;
		return { ...(await this.create({ ...input, key })), skipped: false };
	}

	async get(key: string): Promise<TransactionData> {
		return this.client.data('GET', `transactions/${segment(key, 'transaction key')}`);
	}

	/** Filters: key, partner_key, partner_email, customer_key. */
	async list(o: ListOptions = {}): Promise<TransactionData[]> {
		return listAll(this.client, 'transactions', o);
	}

	/** Reverses the commission, as a refund does. */
	async delete(key: string): Promise<void> {
		await this.client.request('DELETE', `transactions/${segment(key, 'transaction key')}`);
	}

	async archive(key: string): Promise<Fields> {
		const path = `transactions/${segment(key, 'transaction key')}/archive`;
		return archived(await this.client.request('POST', path), 'key', key, true);
	}

	async unarchive(key: string): Promise<Fields> {
		const path = `transactions/${segment(key, 'transaction key')}/revoke-archive`;
		return archived(await this.client.request('POST', path), 'key', key, false);
	}
}
