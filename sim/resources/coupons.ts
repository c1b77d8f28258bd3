import {
	Check,
	invalid,
	methodNotAllowed,
	notFound,
	now,
	ok,
	paged,
	param,
	removed,
	type Ctx,
	type Route,
} from './reply';
import type { Row } from './store';

const COUPON_FIELDS = [
	'name',
	'discount_type',
	'discount_amount',
	'duration_type',
	'duration_value',
	'redemption_limit',
];
const CODE_FIELDS = ['coupon_id', 'code', 'restrictions'];

function checkCoupon(body: Row, partial: boolean): Check {
	const check = new Check(body);
	if (!partial) check.required('name').required('discount_type').required('discount_amount');
	return check
		.oneOf('discount_type', ['percent', 'fixed'])
		.numeric('discount_amount', 0)
		.oneOf('duration_type', ['forever', 'limited', 'once'])
		.numeric('duration_value', 1)
		.numeric('redemption_limit', 1);
}

function checkCode(ctx: Ctx, partial: boolean, self?: Row): Check {
	const check = new Check(ctx.body);
	if (!partial) check.required('coupon_id').required('code');
	if (check.has('coupon_id') && !ctx.state.store.coupons.has(String(ctx.body.coupon_id)))
		check.add('coupon_id', 'The selected coupon id is invalid.');
	if (
		check.has('code') &&
		[...ctx.state.store.promotionCodes.values()].some((c) => c !== self && c.code === ctx.body.code)
	) {
		check.add('code', 'The code has already been taken.');
	}
	return check;
}

/** CRUD over one collection; `check` validates create (partial=false) and update (partial=true). */
function crud(
	base: string,
	table: (ctx: Ctx) => Map<string, Row>,
	fields: string[],
	check: (ctx: Ctx, partial: boolean, self?: Row) => Check,
): Route {
	return (ctx) => {
		const rows = table(ctx);
		const { method } = ctx;
		if (ctx.path === base) {
			if (method === 'GET') return paged(ctx, [...rows.values()]);
			if (method !== 'POST') return methodNotAllowed(method);
			const c = check(ctx, false);
			if (c.failed) return invalid(c.errors);
			const id = ctx.state.store.nextId();
			const row: Row = {
				id,
				...Object.fromEntries(fields.filter((f) => f in ctx.body).map((f) => [f, ctx.body[f]])),
				created_at: now(),
			};
			rows.set(String(id), row);
			return ok(row, 201);
		}
		const m = param(ctx, new RegExp(`^${base}/([^/]+)$`));
		if (!m) return undefined;
		const row = rows.get(m[0]);
		if (!row) return notFound;
		if (method === 'GET') return ok(row);
		if (method === 'DELETE') return (rows.delete(m[0]), removed);
		if (method !== 'PUT') return methodNotAllowed(method);
		const c = check(ctx, true, row);
		if (c.failed) return invalid(c.errors);
		for (const f of fields) if (f in ctx.body) row[f] = ctx.body[f];
		return ok(row);
	};
}

export const couponRoutes = crud(
	'/v1/coupons',
	(ctx) => ctx.state.store.coupons,
	COUPON_FIELDS,
	(ctx, partial) => checkCoupon(ctx.body, partial),
);
export const promotionCodeRoutes = crud(
	'/v1/promotion-codes',
	(ctx) => ctx.state.store.promotionCodes,
	CODE_FIELDS,
	checkCode,
);
