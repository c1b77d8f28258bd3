import { byId, collection, limitOf, renamed, text, type Builders } from './common';

export const transactionActions: Builders['transaction'] = {
	create: (ctx, i) => {
		const { createCustomer, partnerKey, ...extra } = collection(ctx, i, 'additionalFields');
		const value = ctx.getNodeParameter('amount', i);
		return {
			skipExisting: collection(ctx, i, 'options').skipExisting === true,
			fields: {
				...renamed(extra, {
					amountUnits: 'amount_units',
					createdAt: 'created_at',
					productId: 'product_id',
					productType: 'product_type',
				}),
				key: text(ctx, i, 'key'),
				customer: { key: text(ctx, i, 'customerKey') },
				[text(ctx, i, 'valueType') === 'reward' ? 'reward' : 'amount']: value,
				options: createCustomer ? { create_customer: true } : undefined,
				partner: partnerKey ? { key: partnerKey } : undefined,
			},
		};
	},
	get: byId('transactionKey'),
	getAll: (ctx, i) => ({
		fields: renamed(collection(ctx, i, 'filters'), {
			customerKey: 'customer_key',
			partnerKey: 'partner_key',
			partnerEmail: 'partner_email',
		}),
		limit: limitOf(ctx, i),
	}),
	delete: byId('transactionKey'),
	archive: byId('transactionKey'),
	unarchive: byId('transactionKey'),
};
