import { byId, collection, listed, renamed, text, type Builders } from './common';

const NAMES = {
	discountType: 'discount_type',
	discountAmount: 'discount_amount',
	durationType: 'duration_type',
	durationValue: 'duration_value',
	redemptionLimit: 'redemption_limit',
};

export const couponActions: Builders['coupon'] = {
	create: (ctx, i) => ({
		fields: renamed(
			{
				...collection(ctx, i, 'additionalFields'),
				name: text(ctx, i, 'name'),
				discountType: text(ctx, i, 'discountType'),
				discountAmount: ctx.getNodeParameter('discountAmount', i),
			},
			NAMES,
		),
	}),
	get: byId('couponId'),
	getAll: listed,
	update: (ctx, i) => ({
		id: text(ctx, i, 'couponId'),
		fields: renamed(collection(ctx, i, 'updateFields'), NAMES),
	}),
	delete: byId('couponId'),
};
