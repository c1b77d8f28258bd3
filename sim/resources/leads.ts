import {
	Check,
	invalid,
	isRec,
	methodNotAllowed,
	notFound,
	ok,
	paged,
	param,
	removed,
	type Ctx,
	type Route,
} from './reply';
import type { Row } from './store';

/** docs.partnero.com/api-reference/leads/create: name, email and partner are required. */
function create(ctx: Ctx) {
	const check = new Check(ctx.body).required('name').required('email').email('email');
	const partner = isRec(ctx.body.partner)
		? ctx.state.store.findPartner(ctx.body.partner)
		: undefined;
	if (!isRec(ctx.body.partner)) check.add('partner', 'The partner field is required.');
	else if (!partner) check.add('partner', 'The selected partner is invalid.');
	if (check.failed || !partner) return invalid(check.errors);
	const id = ctx.state.store.nextId();
	const answers = isRec(ctx.body.cfields) ? Object.entries(ctx.body.cfields) : [];
	// The lead object of leads/create and leads/get: the person in lead_info, the partner in submitter.
	const lead: Row = {
		id,
		status: 'submitted',
		created_at: new Date().toISOString().slice(0, 10),
		lead_info: { name: ctx.body.name, email: ctx.body.email },
		converted_to: null,
		submitter: {
			id: partner.id,
			name: [partner.name, partner.surname].filter(Boolean).join(' '),
			email: partner.email,
		},
		submission_form: [
			{ question: 'Name', answer: ctx.body.name },
			{ question: 'Email address', answer: ctx.body.email },
			...answers.map(([question, answer]) => ({ question, answer })),
		],
		can_be_converted: true,
		can_be_rejected: true,
	};
	ctx.state.store.leads.set(String(id), lead);
	// Partnero's catalogue has no lead.created; a partner's new lead is announced as lead.submitted.
	ctx.emit('lead.submitted', lead);
	return ok(lead, 201);
}

/** GET leads/convert?id=…&commission_transaction_amount=… and GET leads/reject?id=… (leads/convert). */
function decide(ctx: Ctx, status: 'converted' | 'rejected') {
	const query = Object.fromEntries(ctx.query.entries());
	const check = new Check(query).required('id');
	if (status === 'converted') {
		check.required('commission_transaction_amount');
		const amount = query.commission_transaction_amount;
		if (check.has('commission_transaction_amount') && !(Number(amount) >= 0))
			check.add(
				'commission_transaction_amount',
				'The commission transaction amount must be a number.',
			);
	}
	if (check.failed) return invalid(check.errors);
	const lead = ctx.state.store.leads.get(String(query.id));
	if (!lead) return notFound;
	if (lead.status !== 'submitted')
		return invalid({ id: [`The lead is already ${String(lead.status)}.`] });
	lead.status = status;
	lead.can_be_converted = false;
	lead.can_be_rejected = false;
	if (status === 'converted') {
		const info = lead.lead_info as Row;
		lead.converted_to = { key: `lead-${String(lead.id)}`, name: info.name, email: info.email };
		lead.commission_transaction_amount = Number(query.commission_transaction_amount);
	}
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
		if (method !== 'GET') return methodNotAllowed(method);
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
