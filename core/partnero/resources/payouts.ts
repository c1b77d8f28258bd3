import type { PartneroClient } from '../client';
import { listAll, segment, type Fields, type ListOptions } from './common';

/** Partners' requests to be paid their earned commissions. */
export class PayoutRequestsApi {
	constructor(private readonly client: PartneroClient) {}

	async list(o: ListOptions = {}): Promise<Fields[]> {
		return listAll(this.client, 'payout_requests', o);
	}

	async get(id: string | number): Promise<Fields> {
		return this.client.data('GET', `payout_requests/${segment(id, 'payout request id')}`);
	}

	async approve(id: string | number): Promise<Fields> {
		return this.client.data('POST', `payout_requests/${segment(id, 'payout request id')}/approve`);
	}

	/** Records a payout made outside Partnero; Partnero itself moves no money. */
	async markAsPaid(id: string | number): Promise<Fields> {
		return this.client.data(
			'POST',
			`payout_requests/${segment(id, 'payout request id')}/mark_as_paid`,
		);
	}
}
