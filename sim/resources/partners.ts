import { randomToken } from '../random-token';
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

const KEY_FORMAT = /^[A-Za-z0-9_-]{1,64}$/;

function tags(value: unknown): Row[] {
	return Array.isArray(value) ? value.map((t) => ({ value: String(isRec(t) ? t.value : t) })) : [];
}

function referralLinks(key: string): Row[] {
	return [{ key, url: `https://example.com/?aff=${key}`, is_default: true }];
}

function create(ctx: Ctx) {
	const { body } = ctx;
	const store = ctx.state.store;
	const check = new Check(body).required('email').email('email');
	if (check.has('email') && [...store.partners.values()].some((p) => p.email === body.email))
		check.add('email', 'The email has already been taken.');
	if (check.has('password')) {
		const password = String(body.password);
		if (
			password.length < 8 ||
			!/[a-z]/.test(password) ||
			!/[A-Z]/.test(password) ||
			!/\d/.test(password)
		) {
			check.add(
				'password',
				'The password must be at least 8 characters and contain upper and lower case letters and a number.',
			);
		}
	}
	for (const field of ['id', 'key']) {
		if (!check.has(field)) continue;
		if (!KEY_FORMAT.test(String(body[field]))) check.add(field, `The ${field} format is invalid.`);
		else if (store.findPartner({ [field]: String(body[field]) }))
			check.add(field, `The ${field} has already been taken.`);
	}
	if (body.tags !== undefined && !Array.isArray(body.tags))
		check.add('tags', 'The tags must be an array.');
	let referrer: Row | undefined;
	if (body.referring_partner !== undefined) {
		referrer = isRec(body.referring_partner)
			? store.findPartner(body.referring_partner)
			: undefined;
		if (!referrer) check.add('referring_partner', 'The selected referring partner is invalid.');
	}
	if (check.failed) return invalid(check.errors);
	const id = check.has('id') ? String(body.id) : randomToken(10);
	const key = check.has('key') ? String(body.key) : randomToken(8).toLowerCase();
	const at = now();
	const partner: Row = {
		id,
		key,
		email: body.email,
		name: body.name ?? null,
		surname: body.surname ?? null,
		status: 'active',
		approved: true,
		tos: true,
		referral_link: referralLinks(key)[0].url,
		referral_links: referralLinks(key),
		referrals_count: 0,
		referring_partner: referrer ? partnerRef(referrer) : null,
		tags: tags(body.tags),
		custom_fields: {},
		created_at: at,
		updated_at: at,
	};
	store.partners.set(id, partner);
	ctx.emit('partner.created', partner);
	return ok(partner, 201);
}

function lookupQuery(ctx: Ctx): Row | undefined {
	for (const field of ['id', 'key', 'email']) {
		const value = ctx.query.get(field);
		if (value !== null && value !== '') return { [field]: value };
	}
	return undefined;
}

const missingLookup = () =>
	invalid({ id: ['The id field is required when none of key / email are present.'] });

/** PUT partners/{id} with {"update": {…}} (docs.partnero.com/api-reference/partners/update). */
function update(ctx: Ctx, partner: Row) {
	const given = updateObjectOf(ctx, ['email', 'name', 'surname', 'password', 'key', 'tags']);
	if (given.refused) return given.refused;
	const body = given.update;
	const check = new Check(body).email('email');
	if (
		check.has('email') &&
		[...ctx.state.store.partners.values()].some((p) => p !== partner && p.email === body.email)
	) {
		check.add('email', 'The email has already been taken.');
	}
	if (body.tags !== undefined && body.tags !== null && !Array.isArray(body.tags))
		check.add('tags', 'The tags must be an array.');
	if (check.failed) return invalid(check.errors);
	for (const field of ['email', 'name', 'surname', 'key'])
		if (field in body) partner[field] = body[field];
	if (Array.isArray(body.tags)) partner.tags = tags(body.tags);
	partner.updated_at = now();
	return ok(partner);
}

function reward(ctx: Ctx, partner: Row) {
	const check = new Check(ctx.body).required('amount').numeric('amount', 0);
	if (check.has('date') && !/^\d{4}-\d{2}-\d{2}$/.test(String(ctx.body.date)))
		check.add('date', 'The date does not match the format Y-m-d.');
	if (check.failed) return invalid(check.errors);
	const row: Row = {
		id: ctx.state.store.nextId(),
		partner: partnerRef(partner),
		amount: ctx.body.amount,
		date: ctx.body.date ?? now().slice(0, 10),
		note: ctx.body.note ?? null,
		status: 'approved',
		created_at: now(),
	};
	ctx.state.store.rewards.push(row);
	return ok(row, 201);
}

function signInUrl(ctx: Ctx) {
	const check = new Check(ctx.body);
	if (!check.has('key') && !check.has('email'))
		check.add('key', 'The key field is required when email is not present.');
	if (check.has('expires_in')) {
		const s = ctx.body.expires_in;
		if (typeof s !== 'number' || !Number.isInteger(s) || s < 30 || s > 900)
			check.add('expires_in', 'The expires in must be between 30 and 900.');
	}
	if (check.failed) return invalid(check.errors);
	const partner = ctx.state.store.findPartner(
		check.has('key') ? { key: ctx.body.key } : { email: ctx.body.email },
	);
	if (!partner) return notFound;
	const seconds = typeof ctx.body.expires_in === 'number' ? ctx.body.expires_in : 300;
	return ok({
		url: `${ctx.origin}/portal/sign-in/${randomToken(24)}`,
		expires_at: new Date(Date.now() + seconds * 1000).toISOString(),
	});
}

/** /partner, /partners, /partners:search, /partners:sign-in-url and /partners/{id}/… */
export const partnerRoutes: Route = (ctx) => {
	const store = ctx.state.store;
	const { method, path } = ctx;
	if (path === '/v1/partner') {
		if (method !== 'GET') return methodNotAllowed(method);
		const by = lookupQuery(ctx);
		if (!by) return missingLookup();
		const partner = store.findPartner(by);
		return partner ? ok(partner) : notFound;
	}
	if (path === '/v1/partners') {
		if (method === 'GET') return paged(ctx, [...store.partners.values()]);
		if (method === 'POST') return create(ctx);
		return methodNotAllowed(method);
	}
	if (path === '/v1/partners:search') {
		const by = lookupQuery(ctx);
		if (!by) return missingLookup();
		const [field, value] = Object.entries(by)[0];
		const needle = String(value).toLowerCase();
		return paged(
			ctx,
			[...store.partners.values()].filter((p) =>
				String(p[field] ?? '')
					.toLowerCase()
					.includes(needle),
			),
		);
	}
	if (path === '/v1/partners:sign-in-url')
		return method === 'POST' ? signInUrl(ctx) : methodNotAllowed(method);
	const m = param(ctx, /^\/v1\/partners\/([^/]+)(?:\/([a-z_-]+))?$/);
	if (!m) return undefined;
	const [id, action] = m;
	const partner = store.partners.get(id);
	if (!partner) return notFound;
	if (action === undefined) {
		if (method === 'GET') return ok(partner);
		if (method === 'PUT') return update(ctx, partner);
		if (method === 'DELETE') return (store.partners.delete(id), removed);
		return methodNotAllowed(method);
	}
	if (action === 'referral_links' && method === 'GET')
		return paged(ctx, partner.referral_links as Row[]);
	if (method !== 'POST') return methodNotAllowed(method);
	// partners/archive and partners/restore answer {"status": 1} alone.
	if (action === 'archive')
		return (Object.assign(partner, { status: 'archived', updated_at: now() }), removed);
	if (action === 'revoke-archive')
		return (Object.assign(partner, { status: 'active', updated_at: now() }), removed);
	if (action === 'reward') return reward(ctx, partner);
	return notFound;
};
