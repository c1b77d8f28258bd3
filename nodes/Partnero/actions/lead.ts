import { byId, coreActions, collection, listed, text } from './common';

export const leadActions = coreActions('lead', {
	create: (ctx, i) => ({
		fields: { ...collection(ctx, i, 'additionalFields'), email: text(ctx, i, 'email'), partner: { key: text(ctx, i, 'partnerKey') } },
	}),
	get: byId('leadId'),
	getAll: listed,
	convert: (ctx, i) => ({ id: text(ctx, i, 'leadId'), fields: { commission_transaction_amount: ctx.getNodeParameter('commissionAmount', i, 0) } }),
	reject: byId('leadId'),
	delete: byId('leadId'),
});
