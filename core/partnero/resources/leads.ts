import type { PartneroClient } from '../client';
import type { LeadData } from '../types';
import {
	isBlank,
	isRecord,
	listAll,
	oneOf,
	requireNumber,
	requireText,
	segment,
	type ListOptions,
} from './common';
import { PARTNER_IDENTIFIERS } from './partners';

export interface LeadInput {
	partner: { id?: string; key?: string; email?: string };
	email: string;
	name: string;
	/** Answers to the program's custom lead form fields, keyed by field id. */
	cfields?: Record<string, unknown>;
}

/** Leads that partners submit (affiliate programs); converting one pays its commission. */
export class LeadsApi {
	constructor(private readonly client: PartneroClient) {}

	/** POST /leads: name, email and the partner are all required (leads/create). */
	async create(input: LeadInput): Promise<LeadData> {
		const body: Record<string, unknown> = {
			name: requireText(input.name, 'lead name'),
			email: requireText(input.email, 'lead email'),
			partner: oneOf(input.partner ?? {}, PARTNER_IDENTIFIERS, 'partner'),
		};
		if (isRecord(input.cfields)) body.cfields = input.cfields;
		return this.client.data('POST', 'leads', { body });
	}

	async get(id: string | number): Promise<LeadData> {
		return this.client.data('GET', `leads/${segment(id, 'lead id')}`);
	}

	async list(o: ListOptions = {}): Promise<LeadData[]> {
		return listAll(this.client, 'leads', o);
	}

	/** GET /leads/convert?id=…&commission_transaction_amount=…; the amount is required (leads/convert). */
	async convert(id: string | number, commissionAmount: unknown): Promise<LeadData> {
		if (isBlank(commissionAmount))
			requireText(undefined, 'commission amount (commission_transaction_amount)');
		return this.client.data('GET', 'leads/convert', {
			query: {
				id: requireText(id, 'lead id'),
				commission_transaction_amount: requireNumber(commissionAmount, 'commission amount', {
					min: 0,
				}),
			},
		});
	}

	/** GET /leads/reject?id=…, the same form as convert. */
	async reject(id: string | number): Promise<LeadData> {
		return this.client.data('GET', 'leads/reject', { query: { id: requireText(id, 'lead id') } });
	}

	async delete(id: string | number): Promise<void> {
		await this.client.request('DELETE', `leads/${segment(id, 'lead id')}`);
	}
}
