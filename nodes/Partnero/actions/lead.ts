import { byId, collection, jsonOf, listed, text, type Builders } from './common';

export const leadActions: Builders['lead'] = {
	create: (ctx, i) => {
		// Workflows saved before Name became required keep it inside Additional Fields.
		const { name: oldName, cfields } = collection(ctx, i, 'additionalFields');
		return {
			fields: {
				name: text(ctx, i, 'name') || oldName,
				email: text(ctx, i, 'email'),
				partner: { key: text(ctx, i, 'partnerKey') },
				cfields: jsonOf(cfields),
			},
		};
	},
	get: byId('leadId'),
	getAll: listed,
	convert: (ctx, i) => ({
		id: text(ctx, i, 'leadId'),
		fields: { commission_transaction_amount: ctx.getNodeParameter('commissionAmount', i, '') },
	}),
	reject: byId('leadId'),
	delete: byId('leadId'),
};
