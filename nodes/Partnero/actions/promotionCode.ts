import type { IDataObject } from 'n8n-workflow';
import { byId, collection, listed, renamed, text, type Builders } from './common';

/** The JSON parameter arrives as text or, from an expression, as an object. */
function restrictionsOf(fields: IDataObject): IDataObject {
	if (typeof fields.restrictions !== 'string') return fields;
	const textValue = fields.restrictions.trim();
	return {
		...fields,
		restrictions:
			textValue === '' || textValue === '{}' ? undefined : (JSON.parse(textValue) as IDataObject),
	};
}

export const promotionCodeActions: Builders['promotionCode'] = {
	create: (ctx, i) => ({
		fields: {
			...restrictionsOf(collection(ctx, i, 'additionalFields')),
			coupon_id: text(ctx, i, 'couponId'),
			code: text(ctx, i, 'code'),
		},
	}),
	get: byId('promotionCodeId'),
	getAll: listed,
	update: (ctx, i) => ({
		id: text(ctx, i, 'promotionCodeId'),
		fields: renamed(restrictionsOf(collection(ctx, i, 'updateFields')), { couponId: 'coupon_id' }),
	}),
	delete: byId('promotionCodeId'),
};
