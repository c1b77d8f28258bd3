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
 *
 * As the Partnero simulator is split: the account in state.ts, the API in api.ts, deliveries in
 * delivery.ts; this file starts the server and holds the test controls.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, send } from '../http';
import { validFault, type FaultInput } from '../server';
import type { ApiCallRecord } from '../state';
import { fail, handlePartnerStackApi } from './api';
import { fireEvent } from './delivery';
import {
	newKey,
	PsState,
	type PsDeliveryAttempt,
	type PsWebhook,
	type WebhookField,
} from './state';

export type { PsDeliveryAttempt, PsWebhook, WebhookField } from './state';

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
	fire(
		event: string,
		o?: { data?: Record<string, unknown>; body?: string },
	): Promise<PsDeliveryAttempt[]>;
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

export async function startPartnerStackSimulator(
	o: PartnerStackSimOptions = {},
): Promise<PartnerStackSimulator> {
	const publicKey = o.publicKey ?? 'pk_sim_public';
	const secretKey = o.secretKey ?? 'sk_sim_secret';
	const authorization = `Basic ${Buffer.from(`${publicKey}:${secretKey}`).toString('base64')}`;
	const state = new PsState(o.webhookField ?? 'target', o.wrongFieldStatus ?? 422, o.hmac);
	const inFlight = new Set<Promise<unknown>>();

	async function control(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		text: string,
	): Promise<void> {
		const path = (req.url ?? '').split('?')[0].replace(/\/+$/, '');
		const input = (text.trim() ? JSON.parse(text) : {}) as Record<string, unknown>;
		const reply = (body: unknown) => send(res, { status: 200, body });
		if (req.method === 'GET' && path === '/_sim/webhooks') return reply(sim.webhooks());
		if (req.method === 'GET' && path === '/_sim/attempts') return reply(sim.attempts());
		if (req.method === 'GET' && path === '/_sim/calls') return reply(sim.apiCalls());
		if (req.method === 'POST' && path === '/_sim/reset')
			return reply((sim.reset(), { reset: true }));
		if (req.method === 'POST' && path === '/_sim/faults')
			return reply((sim.injectFaults(input as unknown as FaultInput), { armed: true }));
		if (req.method === 'POST' && path === '/_sim/webhook-field') {
			sim.setWebhookField(input.field as WebhookField, input.status as 400 | 422 | undefined);
			return reply({ field: state.webhookField });
		}
		if (req.method === 'POST' && path === '/_sim/fire') {
			if (typeof input.event !== 'string') throw new Error('give an "event" to fire');
			return reply(await sim.fire(input.event, input as { data?: Record<string, unknown> }));
		}
		send(res, fail(404, `No control route ${req.method} ${path}`));
	}

	const server = http.createServer((req, res) => {
		readBody(req)
			.then((text) =>
				(req.url ?? '').startsWith('/_sim')
					? control(req, res, text)
					: handlePartnerStackApi(state, authorization, req, res, text),
			)
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
		webhooks: () => state.webhooks(),
		records: (resource) => state.table(resource).map((r) => ({ ...r })),
		attempts: () => state.attempts.map((a) => ({ ...a, headers: { ...a.headers } })),
		apiCalls: () => state.calls.map((c) => ({ ...c })),
		fire(event, f = {}) {
			const run = fireEvent(state, event, f, o.deliveryTimeoutMs ?? 5000);
			inFlight.add(run);
			return run.finally(() => inFlight.delete(run));
		},
		setWebhookField(field, status) {
			if (field !== 'target' && field !== 'target_url')
				throw new Error('field must be target or target_url');
			state.webhookField = field;
			if (status !== undefined) state.wrongFieldStatus = status;
		},
		setHmac: (h) => {
			state.hmac = h;
		},
		seed(resource, n) {
			const now = Date.now();
			for (let i = 0; i < n; i++) {
				state.table(resource).push({
					key: newKey(resource),
					email: `user${state.table(resource).length}@example.com`,
					created_at: now + i,
					updated_at: now + i,
				});
			}
		},
		breakPaging: (on) => {
			state.brokenPaging = on;
		},
		injectFaults: (f) => state.faults.push(validFault(f)),
		reset: () => state.reset(),
		close: async () => {
			await Promise.allSettled([...inFlight]);
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
	return sim;
}
