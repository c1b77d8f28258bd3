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
	updateObjectOf,
	type Ctx,
	type Route,
} from './reply';
import { partnerRef, type Row } from './store';

/** A customer row in the shape of Partnero's create answer (and of the webhook samples). */
export function newCustomer(ctx: Ctx, fields: Row, partner: Row | undefined): Row {
	const at = now();
	const customer: Row = {
		key: fields.key,
		id: fields.id ?? fields.key,
		email: fields.email ?? null,
		name: fields.name ?? null,
		surname: fields.surname ?? null,
		status: 'active',
		partner: partner ? partnerRef(partner) : null,
		deleted: false,
		tags: Array.isArray(fields.tags) ? fields.tags.map((t) => ({ value: String(t) })) : [],
		balance: 0,
		created_at: at,
		updated_at: at,
		deleted_at: null,
	};
	ctx.state.store.customers.set(String(fields.key), customer);
	ctx.emit('customer.created', customer);
	return customer;
}

function create(ctx: Ctx) {
	const { body } = ctx;
	const store = ctx.state.store;
	const check = new Check(body).required('key').email('email');
	if (check.has('key') && store.customers.has(String(body.key)))
		check.add('key', 'The key has already been taken.');
	let partner: Row | undefined;
	if (ctx.state.programType === 'affiliate') {
		if (!isRec(body.partner)) check.add('partner', 'The partner field is required.');
		else {
			partner = store.findPartner(body.partner);
			// Partnero documents a plain 400 "Invalid partner key" here, not a field error.
			if (!partner && !check.failed)
				return { status: 400, body: { status: 0, message: 'Invalid partner key' } };
		}
	}
	if (check.failed) return invalid(check.errors);
	return ok(newCustomer(ctx, body, partner), 201);
}

function search(ctx: Ctx, rows: Row[]) {
	for (const field of ['id', 'key', 'email']) {
		const value = ctx.query.get(field);
		if (value)
			return paged(
				ctx,
				rows.filter((c) =>
					String(c[field] ?? '')
						.toLowerCase()
						.includes(value.toLowerCase()),
				),
			);
	}
	return invalid({ key: ['The key field is required when none of id / email are present.'] });
}

function list(ctx: Ctx, rows: Row[]) {
	const byKey = ctx.query.get('partner_key');
	const byEmail = ctx.query.get('partner_email');
	const filtered = rows.filter((c) => {
		const p = isRec(c.partner) ? c.partner : {};
		return (!byKey || p.key === byKey) && (!byEmail || p.email === byEmail);
	});
	return paged(ctx, filtered);
}

function credit(ctx: Ctx, customer: Row) {
	const check = new Check(ctx.body).required('amount').numeric('amount', 0);
	if ('is_currency' in ctx.body && typeof ctx.body.is_currency !== 'boolean')
		check.add('is_currency', 'The is currency field must be true or false.');
	if (check.failed) return invalid(check.errors);
	customer.balance = Number(customer.balance ?? 0) + Number(ctx.body.amount);
	const credited = {
		amount: ctx.body.amount,
		amount_units: ctx.body.amount_units ?? 'usd',
		is_currency: ctx.body.is_currency ?? true,
	};
	ctx.emit('customer.credited', { ...customer, credit: credited });
	return ok({
		key: customer.key,
		balance: customer.balance,
		amount_units: credited.amount_units,
		credit: credited,
	});
}

/** /customers, /customers:search and /customers/{key}/… */
export const customerRoutes: Route = (ctx) => {
	const store = ctx.state.store;
	const { method } = ctx;
	const rows = [...store.customers.values()];
	if (ctx.path === '/v1/customers') {
		if (method === 'GET') return list(ctx, rows);
		if (method === 'POST') return create(ctx);
		return methodNotAllowed(method);
	}
	if (ctx.path === '/v1/customers:search') return search(ctx, rows);
	const m = param(
		ctx,
		/^\/v1\/customers\/([^/]+)(?:\/(archive|revoke-archive|transactions|balance|balance\/credit))?$/,
	);
	if (!m) return undefined;
	const [key, action] = m;
	const customer = store.findCustomer(key);
	if (!customer) return notFound;
	if (action === undefined) {
		if (method === 'GET') return ok(customer);
		if (method === 'DELETE') return (store.customers.delete(String(customer.key)), removed);
		if (method !== 'PUT') return methodNotAllowed(method);
		// customers/update: the `update` object is required.
		const given = updateObjectOf(ctx, ['email', 'name', 'surname', 'key', 'tags']);
		if (given.refused) return given.refused;
		const body = given.update;
		const check = new Check(body).email('email');
		if (check.failed) return invalid(check.errors);
		for (const field of ['email', 'name', 'surname'])
			if (field in body) customer[field] = body[field];
		if (Array.isArray(body.tags)) customer.tags = body.tags.map((t) => ({ value: String(t) }));
		customer.updated_at = now();
		return ok(customer);
	}
	if (action === 'transactions') {
		return paged(
			ctx,
			[...store.transactions.values()].filter(
				(t) => isRec(t.customer) && t.customer.key === customer.key,
			),
		);
	}
	if (action === 'balance')
		return method === 'GET'
			? ok({ key: customer.key, balance: customer.balance, amount_units: 'usd' })
			: methodNotAllowed(method);
	if (method !== 'POST') return methodNotAllowed(method);
	if (action === 'balance/credit') return credit(ctx, customer);
	// Taken to answer as partners/archive does ({"status": 1}); the customer pages show no example.
	Object.assign(customer, {
		status: action === 'archive' ? 'archived' : 'active',
		updated_at: now(),
	});
	return removed;
};
