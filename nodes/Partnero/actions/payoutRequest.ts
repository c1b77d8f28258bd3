import { byId, listed, type Builders } from './common';

export const payoutRequestActions: Builders['payoutRequest'] = {
	getAll: listed,
	get: byId('payoutRequestId'),
	approve: byId('payoutRequestId'),
	markAsPaid: byId('payoutRequestId'),
};
