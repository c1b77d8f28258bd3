import type { IDataObject } from 'n8n-workflow';
import { byId, collection, jsonOf, listed, text, type Builders } from './common';

/**
 * The form's fields in the documented coupon body (coupons/create). Workflows saved before this version
 * keep Duration Type inside Additional Fields; that value wins, and the core maps its old values.
 */
function createFields(fields: IDataObject, top: IDataObject): IDataObject {
	const { uuidCode, durationType, durationValue, expirationDate, metadata, redemptionLimit } =
		fields;
	return {
		name: top.name,
		uuid_code: uuidCode,
		coupon_discount_type: top.discountType,
		coupon_discount_amount: top.discountAmount,
		coupon_duration_type: durationType ?? top.durationType,
		coupon_duration_value: durationValue,
		redemption_specific_date_status: expirationDate ? true : undefined,
		redemption_specific_date_value: expirationDate
			? String(expirationDate).slice(0, 10)
			: undefined,
		redemption_times_status: redemptionLimit === undefined ? undefined : true,
		redemption_times_value: redemptionLimit,
		metadata: jsonOf(metadata),
	};
}

export const couponActions: Builders['coupon'] = {
	create: (ctx, i) => ({
		fields: createFields(collection(ctx, i, 'additionalFields'), {
			name: text(ctx, i, 'name'),
			discountType: text(ctx, i, 'discountType'),
			discountAmount: ctx.getNodeParameter('discountAmount', i),
			// Version 1 has no such parameter: then the one among the Additional Fields, if any, is sent.
			durationType: ctx.getNodeParameter('durationType', i, '') || undefined,
		}),
	}),
	get: byId('couponId'),
	getAll: listed,
	update: (ctx, i) => {
		const { transactionKey, metadata, ...rest } = collection(ctx, i, 'updateFields');
		return {
			id: text(ctx, i, 'couponId'),
			fields: { ...rest, metadata: jsonOf(metadata), transaction_key: transactionKey },
		};
	},
	delete: byId('couponId'),
};
