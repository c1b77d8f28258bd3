import { byId, collection, limitOf, listed, text, type Builders } from './common';

export const partnerActions: Builders['partner'] = {
	create: (ctx, i) => {
		const { referringPartnerKey, ...extra } = collection(ctx, i, 'additionalFields');
		return {
			fields: {
				...extra,
				email: text(ctx, i, 'email'),
				referring_partner: referringPartnerKey ? { key: referringPartnerKey } : undefined,
			},
		};
	},
	get: (ctx, i) => ({ fields: { [text(ctx, i, 'lookupBy')]: text(ctx, i, 'lookupValue') } }),
	getAll: listed,
	search: (ctx, i) => ({
		fields: { [text(ctx, i, 'lookupBy')]: text(ctx, i, 'lookupValue') },
		limit: limitOf(ctx, i),
	}),
	update: (ctx, i) => ({
		id: text(ctx, i, 'partnerId'),
		fields: collection(ctx, i, 'updateFields'),
	}),
	delete: byId('partnerId'),
	archive: byId('partnerId'),
	unarchive: byId('partnerId'),
	addReward: (ctx, i) => ({
		id: text(ctx, i, 'partnerId'),
		fields: { ...collection(ctx, i, 'rewardFields'), amount: ctx.getNodeParameter('amount', i) },
	}),
	getReferralLinks: (ctx, i) => ({ id: text(ctx, i, 'partnerId'), limit: limitOf(ctx, i) }),
	getSignInUrl: (ctx, i) => ({
		fields: {
			[text(ctx, i, 'signInBy')]: text(ctx, i, 'signInValue'),
			expires_in: collection(ctx, i, 'signInOptions').expiresIn,
		},
	}),
};
