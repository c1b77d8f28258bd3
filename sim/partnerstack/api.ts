/** The simulated Vendor API (v2): Basic auth, faults, `{data, message, status}` answers, cursor paging. */
import type http from 'node:http';
import type { ApiReply } from '../api';
import { send } from '../http';
import { createRefusal } from './rules';
import {
	BY_KEY,
	newKey,
	REQUIRED,
	RESOURCES,
	type PsState,
	type PsWebhook,
	type WebhookField,
} from './state';

export const ok = (data: unknown, status = 200): ApiReply => ({
	status,
	body: { data, message: 'OK', status },
});
export const fail = (
	status: number,
	message: string,
	errors?: Record<string, string[]>,
): ApiReply => ({
	status,
	body: errors ? { message, status, errors } : { message, status },
});

function list(state: PsState, name: string, url: URL): ApiReply {
	const limit = Number(url.searchParams.get('limit') ?? 10);
	if (!Number.isInteger(limit) || limit < 1 || limit > 250)
		return fail(400, 'limit must be an integer between 1 and 250');
	const all = state.table(name);
	const after = url.searchParams.get('starting_after');
	const before = url.searchParams.get('ending_before');
	let from = 0;
	let to = all.length;
	if (after) {
		const i = all.findIndex((r) => r.key === after);
		if (i === -1) return fail(400, `starting_after: no ${name} with key ${after}`);
		from = i + 1;
	}
	if (before) {
		const i = all.findIndex((r) => r.key === before);
		if (i === -1) return fail(400, `ending_before: no ${name} with key ${before}`);
		to = i;
		from = Math.max(from, to - limit);
	}
	if (state.brokenPaging) return ok({ items: all.slice(0, limit), has_more: true });
	const items = all.slice(from, Math.min(to, from + limit));
	return ok({ items, has_more: from + items.length < to });
}

function createWebhook(state: PsState, body: Record<string, unknown>): ApiReply {
	const { webhookField, wrongFieldStatus } = state;
	const other: WebhookField = webhookField === 'target' ? 'target_url' : 'target';
	if (body[webhookField] === undefined) {
		const message =
			body[other] !== undefined
				? `Unknown field "${other}"; "${webhookField}" is required.`
				: `"${webhookField}" is required.`;
		return fail(
			wrongFieldStatus,
			message,
			wrongFieldStatus === 422
				? { [webhookField]: [`The ${webhookField} field is required.`] }
				: undefined,
		);
	}
	const target = body[webhookField];
	if (typeof target !== 'string' || !/^https?:\/\//.test(target) || !URL.canParse(target)) {
		return fail(422, `${webhookField} must be a valid URL`, { [webhookField]: ['Invalid URL.'] });
	}
	const events = body.events;
	if (
		!Array.isArray(events) ||
		events.length === 0 ||
		events.some((e) => typeof e !== 'string' || !/^[a-z][a-z0-9]*([._][a-z0-9]+)+$/.test(e))
	) {
		return fail(422, 'events must be a non-empty list of event names', {
			events: ['Invalid events.'],
		});
	}
	const now = Date.now();
	const webhook: PsWebhook = {
		key: newKey('webhooks'),
		[webhookField]: target,
		events: [...new Set(events as string[])],
		created_at: now,
		updated_at: now,
	};
	state.table('webhooks').push(webhook);
	return ok(webhook);
}

function createRecord(state: PsState, name: string, body: Record<string, unknown>): ApiReply {
	// The reference lists 400 {message, status} for a bad body; no field map is documented.
	const missing = (REQUIRED[name] ?? []).filter((f) => body[f] === undefined || body[f] === '');
	if (missing.length) return fail(400, `Missing required field(s): ${missing.join(', ')}`);
	const refusal = createRefusal(name, body);
	if (refusal) return fail(400, refusal);
	if (body.amount !== undefined && !Number.isInteger(body.amount))
		return fail(400, 'amount: must be an integer number of cents');
	const now = Date.now();
	const record: Record<string, unknown> = {
		...body,
		key: newKey(name),
		created_at: now,
		updated_at: now,
	};
	state.table(name).push(record);
	return ok(record);
}

function route(state: PsState, method: string, url: URL, body: Record<string, unknown>): ApiReply {
	const path = url.pathname.replace(/\/+$/, '');
	const m = /^\/api\/v2\/([a-z]+)(?:\/([^/]+))?$/.exec(path);
	if (!m) return fail(404, `No route ${path}`);
	const [, name, rawKey] = m;
	if (name !== 'webhooks' && !(RESOURCES as readonly string[]).includes(name))
		return fail(404, `No resource ${name}`);
	if (rawKey === undefined) {
		if (method === 'GET') return list(state, name, url);
		if (method === 'POST' && name === 'webhooks') return createWebhook(state, body);
		if (method === 'POST' && name !== 'groups') return createRecord(state, name, body);
		return fail(405, `${method} is not allowed on /${name}`);
	}
	if (!(BY_KEY[name] ?? []).includes(method))
		return fail(405, `${method} is not allowed on /${name}/{key}`);
	const key = decodeURIComponent(rawKey);
	const rows = state.table(name);
	const at = rows.findIndex((r) => r.key === key);
	if (at === -1) return fail(404, `${name.replace(/s$/, '')} ${key} not found`);
	if (method === 'GET') return ok(rows[at]);
	if (method === 'DELETE') {
		// Deleting a deal archives it; other resources go away.
		if (name === 'deals') rows[at] = { ...rows[at], archived: true, updated_at: Date.now() };
		else rows.splice(at, 1);
		return ok({});
	}
	if (Object.keys(body).length === 0) return fail(400, 'Nothing to update');
	rows[at] = { ...rows[at], ...body, key, updated_at: Date.now() };
	return ok(rows[at]);
}

/** One API request: authorization, then any injected fault, then the route. Every call is recorded. */
export async function handlePartnerStackApi(
	state: PsState,
	authorization: string,
	req: http.IncomingMessage,
	res: http.ServerResponse,
	text: string,
): Promise<void> {
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	const method = req.method ?? 'GET';
	const record = (status: number) =>
		state.calls.push({ method, path: url.pathname, status, at: new Date().toISOString() });
	if (req.headers.authorization !== authorization) {
		record(401);
		return send(res, fail(401, 'Unauthorized: invalid public or secret key'));
	}
	const fault = state.faults[0];
	if (fault) {
		if (--fault.remaining <= 0) state.faults.shift();
		if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
		if (fault.status) {
			record(fault.status);
			const headers: Record<string, string> =
				fault.retryAfterSeconds !== undefined
					? { 'Retry-After': String(fault.retryAfterSeconds) }
					: {};
			return send(res, {
				...fail(fault.status, fault.status === 429 ? 'Too many requests' : 'Internal error'),
				headers,
			});
		}
	}
	let body: Record<string, unknown> = {};
	if (text.trim()) {
		try {
			body = JSON.parse(text) as Record<string, unknown>;
		} catch {
			record(400);
			return send(res, fail(400, 'Invalid JSON'));
		}
	}
	const reply = route(state, method, url, body);
	record(reply.status);
	send(res, reply);
}
