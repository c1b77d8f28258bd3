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
	removed,
	type Ctx,
	type Route,
} from './reply';
import { partnerRef, type Row } from './store';

function create(ctx: Ctx) {
	const check = new Check(ctx.body).required('email').email('email');
	const partner = isRec(ctx.body.partner)
		? ctx.state.store.findPartner(ctx.body.partner)
		: undefined;
	if (!isRec(ctx.body.partner)) check.add('partner', 'The partner field is required.');
	else if (!partner) check.add('partner', 'The selected partner is invalid.');
	if (check.failed || !partner) return invalid(check.errors);
	const id = ctx.state.store.nextId();
	const lead: Row = {
		id,
		name: ctx.body.name ?? null,
		email: ctx.body.email,
		status: 'pending',
		partner: partnerRef(partner),
		created_at: now(),
	};
	ctx.state.store.leads.set(String(id), lead);
	// Partnero's catalogue has no lead.created; a partner's new lead is announced as lead.submitted.
	ctx.emit('lead.submitted', lead);
	return ok(lead, 201);
}

/** convert and reject name the lead in the body, as Partnero's own n8n node sends them. */
function decide(ctx: Ctx, status: 'converted' | 'rejected') {
	const check = new Check(ctx.body).required('id');
	if (status === 'converted') check.numeric('commission_transaction_amount', 0);
	if (check.failed) return invalid(check.errors);
	const lead = ctx.state.store.leads.get(String(ctx.body.id));
	if (!lead) return notFound;
	if (lead.status !== 'pending')
		return invalid({ id: [`The lead is already ${String(lead.status)}.`] });
	lead.status = status;
	if (status === 'converted')
		lead.commission_transaction_amount = ctx.body.commission_transaction_amount ?? 0;
	ctx.emit(`lead.${status}`, lead);
	return ok(lead);
}

/** /leads, /leads/convert, /leads/reject and /leads/{id} */
export const leadRoutes: Route = (ctx) => {
	const { method } = ctx;
	const leads = ctx.state.store.leads;
	if (ctx.path === '/v1/leads') {
		if (method === 'GET') return paged(ctx, [...leads.values()]);
		if (method === 'POST') return create(ctx);
		return methodNotAllowed(method);
	}
	if (ctx.path === '/v1/leads/convert' || ctx.path === '/v1/leads/reject') {
		if (method !== 'POST') return methodNotAllowed(method);
		return decide(ctx, ctx.path.endsWith('convert') ? 'converted' : 'rejected');
	}
	const m = param(ctx, /^\/v1\/leads\/([^/]+)$/);
	if (!m) return undefined;
	const lead = leads.get(m[0]);
	if (!lead) return notFound;
	if (method === 'GET') return ok(lead);
	if (method === 'DELETE') return (leads.delete(m[0]), removed);
	return methodNotAllowed(method);
};
