import type { PartneroClient } from '../client';
import type { LeadData } from '../types';
import {
	compact,
	isBlank,
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
	name?: string;
}

/** Leads that partners submit (affiliate programs); converting one pays its commission. */
export class LeadsApi {
	constructor(private readonly client: PartneroClient) {}

	async create(input: LeadInput): Promise<LeadData> {
		const body = compact({
			name: input.name,
			email: requireText(input.email, 'lead email'),
			partner: oneOf(input.partner ?? {}, PARTNER_IDENTIFIERS, 'partner'),
		});
		return this.client.data('POST', 'leads', { body });
	}

	async get(id: string | number): Promise<LeadData> {
		return this.client.data('GET', `leads/${segment(id, 'lead id')}`);
	}

	async list(o: ListOptions = {}): Promise<LeadData[]> {
		return listAll(this.client, 'leads', o);
	}

	/** Partnero's own node posts the id in the body rather than the path; so does this. */
	async convert(id: string | number, commissionAmount?: number): Promise<LeadData> {
		const body = compact({
			id: requireText(id, 'lead id'),
			commission_transaction_amount: isBlank(commissionAmount)
				? undefined
				: requireNumber(commissionAmount, 'commission amount', { min: 0 }),
		});
		return this.client.data('POST', 'leads/convert', { body });
	}

	async reject(id: string | number): Promise<LeadData> {
		return this.client.data('POST', 'leads/reject', { body: { id: requireText(id, 'lead id') } });
	}

	async delete(id: string | number): Promise<void> {
		await this.client.request('DELETE', `leads/${segment(id, 'lead id')}`);
	}
}
