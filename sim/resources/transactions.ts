import { randomToken } from '../random-token';
import { newCustomer } from './customers';
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
import type { Row } from './store';

/** The simulated program pays 20 % of the amount when no reward is given. */
const COMMISSION_RATE = 0.2;

function validate(ctx: Ctx): Check {
	const { body } = ctx;
	const check = new Check(body);
	if (!check.has('amount') && !check.has('reward'))
		check.add('amount', 'The amount field is required when reward is not present.');
	check.numeric('amount').numeric('reward', 0);
	if (check.has('key') && ctx.state.store.transactions.has(String(body.key)))
		check.add('key', 'The key has already been taken.');
	if (
		check.has('created_at') &&
		(typeof body.created_at !== 'number' ||
			!Number.isInteger(body.created_at) ||
			body.created_at < 0)
	) {
		check.add('created_at', 'The created at must be a valid unix timestamp.');
	}
	if (!isRec(body.customer)) check.add('customer', 'The customer field is required.');
	return check;
}

function create(ctx: Ctx) {
	const { body } = ctx;
	const store = ctx.state.store;
	const check = validate(ctx);
	const ref = isRec(body.customer) ? body.customer : {};
	const lookup = ref.key ?? ref.id ?? ref.email;
	let customer = lookup === undefined ? undefined : store.findCustomer(lookup);
	const createCustomer = isRec(body.options) && body.options.create_customer === true;
	const partner = isRec(body.partner) ? store.findPartner({ key: body.partner.key }) : undefined;
	if (!check.failed && !customer) {
		if (!createCustomer || ref.key === undefined)
			check.add('customer.key', 'The selected customer is invalid.');
		else if (!partner) check.add('partner.key', 'The selected partner key is invalid.');
	}
	if (check.failed) return invalid(check.errors);
	customer ??= newCustomer(ctx, { key: ref.key, email: ref.email }, partner);
	const amount = typeof body.amount === 'number' ? body.amount : 0;
	const commission =
		typeof body.reward === 'number'
			? body.reward
			: Math.round(amount * COMMISSION_RATE * 100) / 100;
	const units = String(body.amount_units ?? 'usd');
	const key = body.key === undefined ? `txn_${randomToken(10)}` : String(body.key);
	const createdAt =
		typeof body.created_at === 'number'
			? new Date(body.created_at * 1000).toISOString().replace('.000Z', '.000000Z')
			: now();
	const customerRef = { id: customer.id, key: customer.key, email: customer.email };
	const transaction: Row = {
		key,
		action: body.action ?? 'sale',
		amount,
		currency: units.toUpperCase(),
		amount_units: units,
		is_currency: true,
		product_id: body.product_id ?? null,
		product_type: body.product_type ?? null,
		customer: customerRef,
		partner: customer.partner,
		credit: null,
		reward: { amount: commission, currency: units.toUpperCase() },
		rewards: [
			{
				key: `rwd_${randomToken(8)}`,
				action: body.action ?? 'sale',
				status: 'pending',
				amount: commission,
				amount_units: units,
				is_currency: true,
				created_at: createdAt,
			},
		],
		archived: false,
		created_at: createdAt,
		deleted_at: null,
	};
	store.transactions.set(key, transaction);
	ctx.emit('transaction.created', transaction);
	return ok(transaction, 201);
}

function list(ctx: Ctx) {
	const want = (name: string) => ctx.query.get(name);
	const rows = [...ctx.state.store.transactions.values()].filter((t) => {
		const p = isRec(t.partner) ? t.partner : {};
		const c = isRec(t.customer) ? t.customer : {};
		return (
			(!want('key') || t.key === want('key')) &&
			(!want('partner_key') || p.key === want('partner_key')) &&
			(!want('partner_email') || p.email === want('partner_email')) &&
			(!want('customer_key') || c.key === want('customer_key'))
		);
	});
	return paged(ctx, rows);
}

/** /transactions and /transactions/{key}/… */
export const transactionRoutes: Route = (ctx) => {
	const store = ctx.state.store;
	const { method } = ctx;
	if (ctx.path === '/v1/transactions') {
		if (method === 'GET') return list(ctx);
		if (method === 'POST') return create(ctx);
		return methodNotAllowed(method);
	}
	const m = param(ctx, /^\/v1\/transactions\/([^/]+)(?:\/(archive|revoke-archive))?$/);
	if (!m) return undefined;
	const [key, action] = m;
	const transaction = store.transactions.get(key);
	if (!transaction) return notFound;
	if (action === undefined) {
		if (method === 'GET') return ok(transaction);
		if (method === 'DELETE') {
			// A deleted transaction takes its commission with it, as a refund does.
			store.transactions.delete(key);
			ctx.emit('transaction.deleted', { ...transaction, deleted_at: now() });
			return removed;
		}
		return methodNotAllowed(method);
	}
	if (method !== 'POST') return methodNotAllowed(method);
	// transactions/archive and …/restore answer {"status": 1} alone, without the record.
	Object.assign(transaction, { archived: action === 'archive' });
	return removed;
};
