import {
	Check,
	invalid,
	isRec,
	methodNotAllowed,
	notFound,
	now,
	ok,
	paged,
	param,
	unknownFields,
	type Ctx,
	type Route,
} from './reply';
import type { Row } from './store';
import { randomToken } from '../random-token';

// The field lists of docs.partnero.com/api-reference/coupons/{create,update} and promotion-codes/*.
const COUPON_FIELDS = [
	'name',
	'uuid_code',
	'active',
	'coupon_discount_type',
	'coupon_discount_amount',
	'coupon_duration_type',
	'coupon_duration_value',
	'redemption_specific_date_status',
	'redemption_specific_date_value',
	'redemption_times_status',
	'redemption_times_value',
	'promotion_codes',
	'metadata',
	'sync',
];
const COUPON_UPDATE = ['uuid_code', 'name', 'metadata', 'redeem', 'transaction_key', 'sync'];
const CODE_FIELDS = [
	'coupon_uuid',
	'code',
	'first_time_order',
	'limit_to_specific_partner',
	'coupon_specific_partners',
	'limit_to_specific_customer',
	'coupon_specific_customers',
	'limit_to_specific_subscriber',
	'coupon_specific_subscribers',
	'minimum_order_status',
	'minimum_order_value',
	'expiration_date_status',
	'expiration_date_value',
	'redemption_times_status',
	'redemption_times_value',
	'metadata',
];
const CODE_UPDATE = [
	'code',
	'limit_to_specific_partner',
	'coupon_specific_partners',
	'metadata',
	'redeem',
	'transaction_key',
];
const CODE_FORMAT = /^[A-Za-z0-9_-]+$/;

function couponErrors(ctx: Ctx): Check {
	const { body } = ctx;
	const check = new Check(body);
	for (const [f, m] of Object.entries(unknownFields(body, COUPON_FIELDS))) check.add(f, m[0]);
	check
		.required('coupon_discount_type')
		.required('coupon_discount_amount')
		.required('coupon_duration_type')
		.oneOf('coupon_discount_type', ['percent', 'static'])
		.numeric('coupon_discount_amount', 0)
		.oneOf('coupon_duration_type', ['once', 'hours', 'days', 'months', 'years', 'lifetime'])
		.numeric('coupon_duration_value', 1)
		.numeric('redemption_times_value', 1);
	if (
		['hours', 'days', 'months', 'years'].includes(String(body.coupon_duration_type)) &&
		!check.has('coupon_duration_value')
	)
		check.add(
			'coupon_duration_value',
			'The coupon duration value field is required when coupon duration type is not once or lifetime.',
		);
	if (body.redemption_times_status === true && !check.has('redemption_times_value'))
		check.add(
			'redemption_times_value',
			'The redemption times value field is required when redemption times status is true.',
		);
	if (check.has('uuid_code')) {
		const code = String(body.uuid_code);
		if (!CODE_FORMAT.test(code) || code.length > 255)
			check.add('uuid_code', 'The uuid code format is invalid.');
		else if (ctx.state.store.coupons.has(code))
			check.add('uuid_code', 'The uuid code has already been taken.');
	}
	return check;
}

function createCoupon(ctx: Ctx) {
	const check = couponErrors(ctx);
	if (check.failed) return invalid(check.errors);
	const at = now();
	const uuid = check.has('uuid_code') ? String(ctx.body.uuid_code) : randomToken(8).toUpperCase();
	const coupon: Row = {
		name: ctx.body.name ?? uuid,
		uuid_code: uuid,
		active: ctx.body.active ?? true,
		coupon_discount_type: ctx.body.coupon_discount_type,
		coupon_discount_amount: ctx.body.coupon_discount_amount,
		coupon_duration_type: ctx.body.coupon_duration_type,
		coupon_duration_value: ctx.body.coupon_duration_value ?? null,
		redemption_specific_date_status: ctx.body.redemption_specific_date_status ?? false,
		redemption_specific_date_value: ctx.body.redemption_specific_date_value ?? null,
		redemption_times_status: ctx.body.redemption_times_status ?? false,
		redemption_times_value: ctx.body.redemption_times_value ?? null,
		metadata: isRec(ctx.body.metadata) ? ctx.body.metadata : [],
		additional_info: [],
		times_redeemed: 0,
		created_at: at,
		updated_at: at,
		deleted_at: null,
	};
	ctx.state.store.coupons.set(uuid, coupon);
	return {
		status: 201,
		body: { data: coupon, status: 1, message: 'Coupon created in the app successfully.' },
	};
}

/** Merges metadata and records a redemption, as coupons/update and promotion-codes/update do. */
function applyUpdate(row: Row, body: Row): void {
	if ('name' in body) row.name = body.name;
	if (isRec(body.metadata))
		row.metadata = { ...(isRec(row.metadata) ? row.metadata : {}), ...body.metadata };
	if (body.redeem === true) {
		const info = isRec(row.additional_info) ? row.additional_info : {};
		const log = Array.isArray(info.redemptions) ? (info.redemptions as Row[]) : [];
		const key = body.transaction_key;
		if (key === undefined || !log.some((r) => r.transaction_key === key)) {
			log.push({ redeemed_at: now(), transaction_key: key ?? null });
			row.times_redeemed = Number(row.times_redeemed ?? 0) + 1;
		}
		row.additional_info = { ...info, redemptions: log };
	}
	row.updated_at = now();
}

/** /coupons (list, create, update by uuid_code in the body) and /coupons/{uuid_code} */
export const couponRoutes: Route = (ctx) => {
	const coupons = ctx.state.store.coupons;
	const { method } = ctx;
	if (ctx.path === '/v1/coupons') {
		if (method === 'GET') return paged(ctx, [...coupons.values()]);
		if (method === 'POST') return createCoupon(ctx);
		if (method !== 'PUT') return methodNotAllowed(method);
		const check = new Check(ctx.body).required('uuid_code');
		for (const [f, m] of Object.entries(unknownFields(ctx.body, COUPON_UPDATE))) check.add(f, m[0]);
		if (check.failed) return invalid(check.errors);
		const coupon = coupons.get(String(ctx.body.uuid_code));
		if (!coupon) return notFound;
		applyUpdate(coupon, ctx.body);
		return {
			status: 200,
			body: { data: coupon, status: 1, message: 'Coupon updated in the app successfully.' },
		};
	}
	const m = param(ctx, /^\/v1\/coupons\/([^/]+)$/);
	if (!m) return undefined;
	const coupon = coupons.get(m[0]);
	if (!coupon) return notFound;
	if (method === 'GET') return ok(coupon);
	if (method !== 'DELETE') return methodNotAllowed(method);
	coupons.delete(m[0]);
	return { status: 200, body: { data: { status: 1, message: 'Coupon deleted.' } } };
};

function createCode(ctx: Ctx) {
	const { body } = ctx;
	const store = ctx.state.store;
	const check = new Check(body).required('coupon_uuid');
	for (const [f, m] of Object.entries(unknownFields(body, CODE_FIELDS))) check.add(f, m[0]);
	const coupon = check.has('coupon_uuid') ? store.coupons.get(String(body.coupon_uuid)) : undefined;
	if (check.has('coupon_uuid') && !coupon)
		check.add('coupon_uuid', 'The selected coupon uuid is invalid.');
	if (check.has('code')) {
		const code = String(body.code);
		if (!CODE_FORMAT.test(code) || code.length > 100)
			check.add('code', 'The code format is invalid.');
		else if (store.promotionCodes.has(code)) check.add('code', 'The code has already been taken.');
	}
	check.numeric('minimum_order_value', 0).numeric('redemption_times_value', 1);
	if (body.limit_to_specific_partner === true && !isRec(body.coupon_specific_partners))
		check.add(
			'coupon_specific_partners',
			'The coupon specific partners field is required when limit to specific partner is true.',
		);
	if (check.failed || !coupon) return invalid(check.errors);
	const code = check.has('code') ? String(body.code) : randomToken(8).toUpperCase();
	const row: Row = {
		code,
		first_time_order: body.first_time_order ?? false,
		limit_to_specific_partner: body.limit_to_specific_partner ?? false,
		coupon_specific_partners: body.coupon_specific_partners ?? [],
		limit_to_specific_customer: body.limit_to_specific_customer ?? false,
		coupon_specific_customers: body.coupon_specific_customers ?? [],
		minimum_order_status: body.minimum_order_status ?? false,
		minimum_order_value: body.minimum_order_value ?? null,
		expiration_date_status: body.expiration_date_status ?? false,
		expiration_date_value: body.expiration_date_value ?? null,
		redemption_times_status: body.redemption_times_status ?? false,
		redemption_times_value: body.redemption_times_value ?? null,
		metadata: isRec(body.metadata) ? body.metadata : [],
		additional_info: [],
		times_redeemed: 0,
		coupon: {
			name: coupon.name,
			uuid_code: coupon.uuid_code,
			active: coupon.active,
			coupon_discount_type: coupon.coupon_discount_type,
			coupon_discount_amount: coupon.coupon_discount_amount,
			coupon_duration_type: coupon.coupon_duration_type,
			coupon_duration_value: coupon.coupon_duration_value,
			created_at: coupon.created_at,
			updated_at: coupon.updated_at,
		},
	};
	store.promotionCodes.set(code, row);
	return {
		status: 201,
		body: { data: row, status: 1, message: 'Promotion code created in the app successfully.' },
	};
}

/** /promotion-codes (list, create, update and delete by code in the body) and /promotion-codes/{code} */
export const promotionCodeRoutes: Route = (ctx) => {
	const codes = ctx.state.store.promotionCodes;
	const { method, body } = ctx;
	if (ctx.path === '/v1/promotion-codes') {
		if (method === 'GET') return paged(ctx, [...codes.values()]);
		if (method === 'POST') return createCode(ctx);
		if (method === 'PUT') {
			const check = new Check(body).required('code');
			for (const [f, m] of Object.entries(unknownFields(body, CODE_UPDATE))) check.add(f, m[0]);
			if (check.failed) return invalid(check.errors);
			const row = codes.get(String(body.code));
			if (!row) return notFound;
			if ('limit_to_specific_partner' in body)
				row.limit_to_specific_partner = body.limit_to_specific_partner;
			if ('coupon_specific_partners' in body)
				row.coupon_specific_partners = body.coupon_specific_partners;
			applyUpdate(row, body);
			return {
				status: 200,
				body: { data: row, status: 1, message: 'Promotion code updated in the app successfully.' },
			};
		}
		if (method !== 'DELETE') return methodNotAllowed(method);
		const check = new Check(body).required('code');
		const coupon = isRec(body.coupon) ? body.coupon : undefined;
		if (!coupon || coupon.uuid_code === undefined || coupon.uuid_code === '')
			check.add('coupon.uuid_code', 'The coupon.uuid code field is required.');
		if (check.failed || !coupon) return invalid(check.errors);
		const row = codes.get(String(body.code));
		if (!row || !isRec(row.coupon) || row.coupon.uuid_code !== coupon.uuid_code) return notFound;
		codes.delete(String(body.code));
		return {
			status: 200,
			body: { data: { status: 1, message: 'Promotion code deleted in the app successfully' } },
		};
	}
	const m = param(ctx, /^\/v1\/promotion-codes\/([^/]+)$/);
	if (!m) return undefined;
	if (method !== 'GET') return methodNotAllowed(method);
	const row = codes.get(m[0]);
	return row ? ok(row) : notFound;
};
