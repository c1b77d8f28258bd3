import { byId, collection, listed, text, type Builders } from './common';

export const leadActions: Builders['lead'] = {
	create: (ctx, i) => ({
		fields: {
			...collection(ctx, i, 'additionalFields'),
			email: text(ctx, i, 'email'),
			partner: { key: text(ctx, i, 'partnerKey') },
		},
	}),
	get: byId('leadId'),
	getAll: listed,
	convert: (ctx, i) => ({
		id: text(ctx, i, 'leadId'),
		fields: { commission_transaction_amount: ctx.getNodeParameter('commissionAmount', i, 0) },
	}),
	reject: byId('leadId'),
	delete: byId('leadId'),
};
