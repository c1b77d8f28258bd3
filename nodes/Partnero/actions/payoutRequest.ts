import { byId, coreActions, listed } from './common';

export const payoutRequestActions = coreActions('payoutRequest', {
	getAll: listed,
	get: byId('payoutRequestId'),
	approve: byId('payoutRequestId'),
	markAsPaid: byId('payoutRequestId'),
});
