import { byId, collection, limitOf, renamed, text, type Builders } from './common';

export const customerActions: Builders['customer'] = {
	create: (ctx, i) => {
		const { referralUrl, ...extra } = collection(ctx, i, 'additionalFields');
		const by = text(ctx, i, 'partnerBy');
		const partner =
			by === 'none'
				? undefined
				: { [by]: text(ctx, i, by === 'key' ? 'partnerKey' : 'partnerValue') };
		return {
			fields: {
				...extra,
				key: text(ctx, i, 'key'),
				partner,
				options: referralUrl ? { referral_url: referralUrl } : undefined,
			},
		};
	},
	get: byId('customerKey'),
	getAll: (ctx, i) => ({
		fields: renamed(collection(ctx, i, 'filters'), {
			partnerKey: 'partner_key',
			partnerEmail: 'partner_email',
		}),
		limit: limitOf(ctx, i),
	}),
	search: (ctx, i) => ({
		fields: { [text(ctx, i, 'lookupBy')]: text(ctx, i, 'lookupValue') },
		limit: limitOf(ctx, i),
	}),
	update: (ctx, i) => ({
		id: text(ctx, i, 'customerKey'),
		fields: collection(ctx, i, 'updateFields'),
	}),
	delete: byId('customerKey'),
	archive: byId('customerKey'),
	unarchive: byId('customerKey'),
	getTransactions: (ctx, i) => ({ id: text(ctx, i, 'customerKey'), limit: limitOf(ctx, i) }),
	getBalance: byId('customerKey'),
	addCredit: (ctx, i) => ({
		id: text(ctx, i, 'customerKey'),
		fields: {
			...renamed(collection(ctx, i, 'creditFields'), {
				amountUnits: 'amount_units',
				isCurrency: 'is_currency',
			}),
			amount: ctx.getNodeParameter('amount', i),
		},
	}),
};
