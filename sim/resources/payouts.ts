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
	type Ctx,
	type Route,
} from './reply';
import { partnerRef, type Row } from './store';

/** Partners file payout requests in their portal; POST here stands in for that so tests can seed one. */
function create(ctx: Ctx) {
	const check = new Check(ctx.body).required('amount').numeric('amount', 0);
	const partner = isRec(ctx.body.partner)
		? ctx.state.store.findPartner(ctx.body.partner)
		: undefined;
	if (!partner) check.add('partner', 'The selected partner is invalid.');
	if (check.failed || !partner) return invalid(check.errors);
	const id = ctx.state.store.nextId();
	const row: Row = {
		id,
		partner: partnerRef(partner),
		amount: ctx.body.amount,
		amount_units: 'usd',
		status: 'pending',
		created_at: now(),
		approved_at: null,
		paid_at: null,
	};
	ctx.state.store.payoutRequests.set(String(id), row);
	return ok(row, 201);
}

/** /payout_requests and /payout_requests/{id}[/approve|/mark_as_paid] */
export const payoutRoutes: Route = (ctx) => {
	const { method } = ctx;
	const rows = ctx.state.store.payoutRequests;
	if (ctx.path === '/v1/payout_requests') {
		if (method === 'GET') return paged(ctx, [...rows.values()]);
		if (method === 'POST') return create(ctx);
		return methodNotAllowed(method);
	}
	const m = param(ctx, /^\/v1\/payout_requests\/([^/]+)(?:\/(approve|mark_as_paid))?$/);
	if (!m) return undefined;
	const [id, action] = m;
	const row = rows.get(id);
	if (!row) return notFound;
	if (action === undefined) return method === 'GET' ? ok(row) : methodNotAllowed(method);
	if (method !== 'POST') return methodNotAllowed(method);
	if (row.status === 'paid') return invalid({ status: ['The payout request is already paid.'] });
	if (action === 'approve') {
		if (row.status !== 'pending')
			return invalid({ status: [`The payout request is already ${String(row.status)}.`] });
		return ok(Object.assign(row, { status: 'approved', approved_at: now() }));
	}
	return ok(Object.assign(row, { status: 'paid', paid_at: now() }));
};
