/**
 * A simulated PartnerStack Vendor API (v2) and webhook sender, on 127.0.0.1:
 * - HTTP Basic auth with one public/secret key pair; anything else is 401 `{message, status}`;
 * - `{data, message, status}` answers, cursor paging (`limit` 1..250, `starting_after`, `ending_before`,
 *   `data.items`, `data.has_more`), epoch-millisecond times;
 * - `/webhooks` GET/POST and `/webhooks/{key}` GET/DELETE (no update, as far as anyone knows). Which create
 *   field it accepts is a switch (`target` or `target_url`); the other is answered 400 or 422 naming the
 *   expected field, so both unconfirmed variants of the real API are covered;
 * - partnerships, customers, transactions, deals, leads, actions, rewards and groups, in memory;
 * - deliveries: flat payloads (`event` inside) POSTed to every webhook subscribed to the event, optionally
 *   with an HMAC-SHA256 header (for accounts where PartnerStack support enabled signing). PartnerStack
 *   documents no retries, so each delivery is attempted once.
 */
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { partnerStackSample } from '../../core/partnerstack/samples';
import { postJson, readBody, send } from '../http';
import type { ApiReply } from '../api';
import { validFault, type FaultInput } from '../server';
import type { ApiCallRecord, Fault } from '../state';

export type WebhookField = 'target' | 'target_url';

export interface PartnerStackSimOptions {
	port?: number;
	publicKey?: string;
	secretKey?: string;
	/** The create-body field the fake API accepts. Default 'target'. */
	webhookField?: WebhookField;
	/** Status for a create body using the other field. Default 422. */
	wrongFieldStatus?: 400 | 422;
	/** Sign deliveries with HMAC-SHA256 (hex) of the raw body on this header. */
	hmac?: { header: string; secret: string };
	deliveryTimeoutMs?: number;
}

export interface PsDeliveryAttempt {
	webhookKey: string;
	event: string;
	url: string;
	status?: number;
	error?: string;
	body: string;
	headers: Record<string, string>;
	at: string;
}

export interface PsWebhook {
	key: string;
	events: string[];
	created_at: number;
	updated_at: number;
	/** Stored under the field name the API accepted. */
	[field: string]: unknown;
}

export interface PartnerStackSimulator {
	url: string;
	apiBaseUrl: string;
	publicKey: string;
	secretKey: string;
	/** `Basic …` for the simulator's keys. */
	authorization: string;
	webhooks(): Array<PsWebhook & { target: string }>;
	records(resource: string): Array<Record<string, unknown>>;
	attempts(): PsDeliveryAttempt[];
	apiCalls(): ApiCallRecord[];
	/** POSTs the event to every subscribed webhook; `data` overrides sample fields, `body` replaces the body. */
	fire(event: string, o?: { data?: Record<string, unknown>; body?: string }): Promise<PsDeliveryAttempt[]>;
	setWebhookField(field: WebhookField, wrongFieldStatus?: 400 | 422): void;
	setHmac(hmac: { header: string; secret: string } | undefined): void;
	/** Adds n generated records to a resource (for paging). */
	seed(resource: string, n: number): void;
	/** The next list answers repeat the same page with has_more: true (a broken cursor). */
	breakPaging(on: boolean): void;
	injectFaults(f: FaultInput): void;
	reset(): void;
	close(): Promise<void>;
}

const RESOURCES = ['partnerships', 'customers', 'transactions', 'deals', 'leads', 'actions', 'rewards', 'groups'] as const;
/** Which resources can be read, changed or deleted by key (as the client's table says). */
const BY_KEY: Record<string, string[]> = {
	partnerships: ['GET', 'PATCH'],
	customers: ['GET', 'PATCH', 'DELETE'],
	transactions: ['GET', 'DELETE'],
	deals: ['GET', 'PATCH', 'DELETE'],
	leads: ['GET', 'PATCH'],
	webhooks: ['GET', 'DELETE'],
};
const REQUIRED: Record<string, string[]> = {
	partnerships: ['email', 'group_key'],
	customers: ['email', 'partner_key'],
	transactions: ['customer_key', 'amount'],
	deals: ['partner_key', 'name'],
	leads: ['partner_key', 'email'],
	actions: ['customer_key', 'key'],
	rewards: ['partner_key', 'amount'],
};
const PREFIX: Record<string, string> = {
	partnerships: 'part', customers: 'cust', transactions: 'tran', deals: 'deal', leads: 'lead', actions: 'actn', rewards: 'rwrd', groups: 'grup', webhooks: 'whk',
};

const ok = (data: unknown, status = 200): ApiReply => ({ status, body: { data, message: 'OK', status } });
const fail = (status: number, message: string, errors?: Record<string, string[]>): ApiReply => ({
	status,
	body: errors ? { message, status, errors } : { message, status },
});

function newKey(resource: string): string {
	return `${PREFIX[resource] ?? 'obj'}_${randomBytes(9).toString('base64url')}`;
}

export async function startPartnerStackSimulator(o: PartnerStackSimOptions = {}): Promise<PartnerStackSimulator> {
	const publicKey = o.publicKey ?? 'pk_sim_public';
	const secretKey = o.secretKey ?? 'sk_sim_secret';
	const authorization = `Basic ${Buffer.from(`${publicKey}:${secretKey}`).toString('base64')}`;
	let webhookField: WebhookField = o.webhookField ?? 'target';
	let wrongFieldStatus: 400 | 422 = o.wrongFieldStatus ?? 422;
	let hmac = o.hmac;
	let brokenPaging = false;
	const store = new Map<string, Array<Record<string, unknown>>>();
	let attempts: PsDeliveryAttempt[] = [];
	let calls: ApiCallRecord[] = [];
	let faults: Fault[] = [];
	const inFlight = new Set<Promise<unknown>>();
	const table = (name: string) => {
		let t = store.get(name);
		if (!t) store.set(name, (t = []));
		return t;
	};
	const reset = () => {
		store.clear();
		attempts = [];
		calls = [];
		faults = [];
		brokenPaging = false;
		table('groups').push({ key: 'grup_default', name: 'Default', slug: 'default', created_at: Date.now(), updated_at: Date.now() });
	};
	reset();

	function list(name: string, url: URL): ApiReply {
		const limit = Number(url.searchParams.get('limit') ?? 10);
		if (!Number.isInteger(limit) || limit < 1 || limit > 250) return fail(400, 'limit must be an integer between 1 and 250');
		const all = table(name);
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
		if (brokenPaging) return ok({ items: all.slice(0, limit), has_more: true });
		const items = all.slice(from, Math.min(to, from + limit));
		return ok({ items, has_more: from + items.length < to });
	}

	function createWebhook(body: Record<string, unknown>): ApiReply {
		const other: WebhookField = webhookField === 'target' ? 'target_url' : 'target';
		if (body[webhookField] === undefined) {
			const message = body[other] !== undefined ? `Unknown field "${other}"; "${webhookField}" is required.` : `"${webhookField}" is required.`;
			return fail(wrongFieldStatus, message, wrongFieldStatus === 422 ? { [webhookField]: [`The ${webhookField} field is required.`] } : undefined);
		}
		const target = body[webhookField];
		if (typeof target !== 'string' || !/^https?:\/\//.test(target) || !URL.canParse(target)) {
			return fail(422, `${webhookField} must be a valid URL`, { [webhookField]: ['Invalid URL.'] });
		}
		const events = body.events;
		if (!Array.isArray(events) || events.length === 0 || events.some((e) => typeof e !== 'string' || !/^[a-z][a-z0-9]*([._][a-z0-9]+)+$/.test(e))) {
			return fail(422, 'events must be a non-empty list of event names', { events: ['Invalid events.'] });
		}
		const now = Date.now();
		const webhook: PsWebhook = { key: newKey('webhooks'), [webhookField]: target, events: [...new Set(events as string[])], created_at: now, updated_at: now };
		table('webhooks').push(webhook);
		return ok(webhook);
	}

	function createRecord(name: string, body: Record<string, unknown>): ApiReply {
		const missing = (REQUIRED[name] ?? []).filter((f) => body[f] === undefined || body[f] === '');
		if (missing.length) return fail(422, `${missing.join(', ')} required`, Object.fromEntries(missing.map((f) => [f, [`${f} is required.`]])));
		for (const f of ['amount', 'value']) {
			if (body[f] !== undefined && !Number.isInteger(body[f])) return fail(422, `${f} must be an integer number of cents`, { [f]: ['Must be an integer.'] });
		}
		const now = Date.now();
		// An action's `key` names the kind of action (e.g. "signup"); the logged action gets its own key.
		const record: Record<string, unknown> = { ...body, key: newKey(name), created_at: now, updated_at: now };
		if (name === 'actions') record.action_key = body.key;
		table(name).push(record);
		return ok(record);
	}

	function route(method: string, url: URL, body: Record<string, unknown>): ApiReply {
		const path = url.pathname.replace(/\/+$/, '');
		const m = /^\/api\/v2\/([a-z]+)(?:\/([^/]+))?$/.exec(path);
		if (!m) return fail(404, `No route ${path}`);
		const [, name, rawKey] = m;
		if (name !== 'webhooks' && !(RESOURCES as readonly string[]).includes(name)) return fail(404, `No resource ${name}`);
		if (rawKey === undefined) {
			if (method === 'GET') return list(name, url);
			if (method === 'POST' && name === 'webhooks') return createWebhook(body);
			if (method === 'POST' && name !== 'groups') return createRecord(name, body);
			return fail(405, `${method} is not allowed on /${name}`);
		}
		if (!(BY_KEY[name] ?? []).includes(method)) return fail(405, `${method} is not allowed on /${name}/{key}`);
		const key = decodeURIComponent(rawKey);
		const rows = table(name);
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

	async function api(req: http.IncomingMessage, res: http.ServerResponse, text: string): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const method = req.method ?? 'GET';
		const record = (status: number) => calls.push({ method, path: url.pathname, status, at: new Date().toISOString() });
		if (req.headers.authorization !== authorization) {
			record(401);
			return send(res, fail(401, 'Unauthorized: invalid public or secret key'));
		}
		const fault = faults[0];
		if (fault) {
			if (--fault.remaining <= 0) faults.shift();
			if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
			if (fault.status) {
				record(fault.status);
				const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
				return send(res, { ...fail(fault.status, fault.status === 429 ? 'Too many requests' : 'Internal error'), headers });
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
		const reply = route(method, url, body);
		record(reply.status);
		send(res, reply);
	}

	async function control(req: http.IncomingMessage, res: http.ServerResponse, text: string): Promise<void> {
		const path = (req.url ?? '').split('?')[0].replace(/\/+$/, '');
		const input = (text.trim() ? JSON.parse(text) : {}) as Record<string, unknown>;
		const reply = (body: unknown) => send(res, { status: 200, body });
		if (req.method === 'GET' && path === '/_sim/webhooks') return reply(sim.webhooks());
		if (req.method === 'GET' && path === '/_sim/attempts') return reply(sim.attempts());
		if (req.method === 'GET' && path === '/_sim/calls') return reply(sim.apiCalls());
		if (req.method === 'POST' && path === '/_sim/reset') return reply((sim.reset(), { reset: true }));
		if (req.method === 'POST' && path === '/_sim/faults') return reply((sim.injectFaults(input as unknown as FaultInput), { armed: true }));
		if (req.method === 'POST' && path === '/_sim/webhook-field') {
			sim.setWebhookField(input.field as WebhookField, input.status as 400 | 422 | undefined);
			return reply({ field: webhookField });
		}
		if (req.method === 'POST' && path === '/_sim/fire') {
			if (typeof input.event !== 'string') throw new Error('give an "event" to fire');
			return reply(await sim.fire(input.event, input as { data?: Record<string, unknown> }));
		}
		send(res, fail(404, `No control route ${req.method} ${path}`));
	}

	const server = http.createServer((req, res) => {
		readBody(req)
			.then((text) => ((req.url ?? '').startsWith('/_sim') ? control(req, res, text) : api(req, res, text)))
			.catch((error: Error) => {
				if (!res.headersSent) send(res, fail(400, error.message));
			});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
	});
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const sim: PartnerStackSimulator = {
		url: origin,
		apiBaseUrl: `${origin}/api/v2`,
		publicKey,
		secretKey,
		authorization,
		webhooks: () =>
			table('webhooks').map((w) => ({ ...(w as PsWebhook), target: String(w.target ?? w.target_url), events: [...(w.events as string[])] })),
		records: (resource) => table(resource).map((r) => ({ ...r })),
		attempts: () => attempts.map((a) => ({ ...a, headers: { ...a.headers } })),
		apiCalls: () => calls.map((c) => ({ ...c })),
		async fire(event, f = {}) {
			const targets = sim.webhooks().filter((w) => w.events.includes(event));
			const run = Promise.all(
				targets.map(async (w) => {
					const body = f.body ?? JSON.stringify(partnerStackSample(event, { timeMs: Date.now(), data: f.data }));
					const headers: Record<string, string> = { 'User-Agent': 'PartnerStack-Webhooks/sim' };
					if (hmac) headers[hmac.header] = createHmac('sha256', hmac.secret).update(body).digest('hex');
					const result = await postJson(w.target, body, headers, o.deliveryTimeoutMs ?? 5000);
					const attempt: PsDeliveryAttempt = { webhookKey: w.key, event, url: w.target, ...result, body, headers, at: new Date().toISOString() };
					attempts.push(attempt);
					return attempt;
				}),
			);
			inFlight.add(run);
			return run.finally(() => inFlight.delete(run));
		},
		setWebhookField(field, status) {
			if (field !== 'target' && field !== 'target_url') throw new Error('field must be target or target_url');
			webhookField = field;
			if (status !== undefined) wrongFieldStatus = status;
		},
		setHmac: (h) => {
			hmac = h;
		},
		seed(resource, n) {
			const now = Date.now();
			for (let i = 0; i < n; i++) {
				table(resource).push({ key: newKey(resource), email: `user${table(resource).length}@example.com`, created_at: now + i, updated_at: now + i });
			}
		},
		breakPaging: (on) => {
			brokenPaging = on;
		},
		injectFaults: (f) => faults.push(validFault(f)),
		reset,
		close: async () => {
			await Promise.allSettled([...inFlight]);
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
	return sim;
}
