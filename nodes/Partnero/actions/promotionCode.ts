import type { IDataObject } from 'n8n-workflow';
import { byId, collection, jsonOf, listed, text, type Builders } from './common';

/** The Restrictions JSON holds more of Partnero's top-level fields; it is spread beside the others. */
function spread(fields: IDataObject): IDataObject {
	const { restrictions, metadata, transactionKey, ...rest } = fields;
	const extra = jsonOf(restrictions);
	return {
		...(typeof extra === 'object' && extra !== null ? (extra as IDataObject) : {}),
		...rest,
		metadata: jsonOf(metadata),
		transaction_key: transactionKey,
	};
}

export const promotionCodeActions: Builders['promotionCode'] = {
	create: (ctx, i) => {
		const { expirationDate, firstTimeOrder, minimumOrderValue, redemptionLimit, ...rest } =
			collection(ctx, i, 'additionalFields');
		return {
			fields: {
				...spread(rest),
				coupon_uuid: text(ctx, i, 'couponId'),
				code: text(ctx, i, 'code'),
				first_time_order: firstTimeOrder,
				minimum_order_status: minimumOrderValue === undefined ? undefined : true,
				minimum_order_value: minimumOrderValue,
				expiration_date_status: expirationDate ? true : undefined,
				expiration_date_value: expirationDate ? String(expirationDate).slice(0, 10) : undefined,
				redemption_times_status: redemptionLimit === undefined ? undefined : true,
				redemption_times_value: redemptionLimit,
			},
		};
	},
	get: byId('promotionCodeId'),
	getAll: listed,
	update: (ctx, i) => ({
		id: text(ctx, i, 'promotionCodeId'),
		fields: spread(collection(ctx, i, 'updateFields')),
	}),
	delete: (ctx, i) => ({
		id: text(ctx, i, 'promotionCodeId'),
		fields: { coupon_uuid: text(ctx, i, 'couponId') },
	}),
};
