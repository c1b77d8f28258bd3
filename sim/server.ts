import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PartneroProgramType } from '../core/partnero/events';
import type { PartneroWebhook } from '../core/partnero/types';
import { handleApi } from './api';
import { readBody, send } from './http';
import { Deliverer, PARTNERO_RETRY_SCHEDULE_MS, type FireOptions } from './delivery';
import {
	SimState,
	type ApiCallRecord,
	type DeliveryAttempt,
	type DroppedRetry,
	type Fault,
} from './state';

export type { ApiCallRecord, DeliveryAttempt } from './state';

export interface SimulatorOptions {
	port?: number;
	host?: '127.0.0.1';
	apiKey?: string;
	programType?: PartneroProgramType;
	/** 1 = real time; 0.001 runs the 1-minute retry after 60 ms. */
	timeScale?: number;
	/** Partnero wants an answer within 5 s. */
	deliveryTimeoutMs?: number;
	retrySchedule?: number[];
}

export interface FaultInput {
	count: number;
	status?: number;
	retryAfterSeconds?: number;
	delayMs?: number;
}

export interface Simulator {
	url: string;
	apiBaseUrl: string;
	apiKey: string;
	webhooks(): PartneroWebhook[];
	/** Copies of the program's partners, customers, transactions and the rest, by collection. */
	records(): Record<string, unknown[]>;
	attempts(): DeliveryAttempt[];
	/** Retries dropped because their webhook was deleted before they were due. */
	dropped(): DroppedRetry[];
	apiCalls(): ApiCallRecord[];
	fire(event: string, opts?: FireOptions): Promise<DeliveryAttempt[]>;
	settle(): Promise<void>;
	injectFaults(f: FaultInput): void;
	setProgramType(t: PartneroProgramType): void;
	/** Webhook events refused from now on as names Partnero does not know (reset() forgets them). */
	refuseEvents(events: string[]): void;
	/** Retries scheduled from now on wait `schedule × scale` (1/60: Partnero's 1 min becomes 1 s). */
	setTimeScale(scale: number): void;
	/** The API keys accepted from now on, as after a key rotation in Partnero (webhooks keep their secrets). */
	setApiKeys(keys: string[]): void;
	reset(): void;
	close(): Promise<void>;
}

export const DEFAULT_SIM_API_KEY = 'sim_test_key';
export function validFault(f: FaultInput): Fault {
	if (!Number.isInteger(f.count) || f.count < 1)
		throw new Error('fault count must be a whole number from 1');
	if (f.status !== undefined && (f.status < 100 || f.status > 599))
		throw new Error('fault status must be an HTTP status');
	return {
		remaining: f.count,
		status: f.status,
		retryAfterSeconds: f.retryAfterSeconds,
		delayMs: f.delayMs,
	};
}

export async function startSimulator(o: SimulatorOptions = {}): Promise<Simulator> {
	const apiKey = o.apiKey ?? DEFAULT_SIM_API_KEY;
	const state = new SimState(o.programType ?? 'affiliate');
	const deliveryOptions = {
		timeScale: o.timeScale ?? 1,
		timeoutMs: o.deliveryTimeoutMs ?? 5000,
		schedule: o.retrySchedule ?? PARTNERO_RETRY_SCHEDULE_MS,
	};
	const deliverer = new Deliverer(state, deliveryOptions);
	let origin = '';
	let apiKeys = new Set([apiKey]);

	async function api(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		text: string,
	): Promise<void> {
		const record = (status: number) =>
			state.calls.push({
				method: req.method ?? 'GET',
				path: (req.url ?? '').split('?')[0],
				status,
				at: new Date().toISOString(),
			});
		if (![...apiKeys].some((key) => req.headers.authorization === `Bearer ${key}`)) {
			record(401);
			return send(res, { status: 401, body: { message: 'Unauthenticated.' } });
		}
		const fault = state.takeFault();
		if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
		if (fault?.status) {
			record(fault.status);
			const headers: Record<string, string> =
				fault.retryAfterSeconds !== undefined
					? { 'Retry-After': String(fault.retryAfterSeconds) }
					: {};
			const message = fault.status === 429 ? 'Too Many Attempts.' : 'Server Error';
			return send(res, { status: fault.status, body: { message }, headers });
		}
		let body: unknown;
		if (text.trim() !== '') {
			try {
				body = JSON.parse(text);
			} catch {
				record(400);
				return send(res, { status: 400, body: { message: 'The request body is not valid JSON.' } });
			}
		}
		// A delivery that cannot even start (say an https:// URL, which the simulator cannot post to) is the
		// receiver's problem, never the API caller's: the API answer stays the same.
		const emit = (event: string, data: Record<string, unknown>) =>
			void deliverer.fire(event, { data }).catch(() => undefined);
		const reply = handleApi(state, req, origin, body, emit);
		record(reply.status);
		send(res, reply);
	}

	async function control(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		text: string,
	): Promise<void> {
		const path = (req.url ?? '').split('?')[0].replace(/\/+$/, '');
		const input = (text.trim() ? JSON.parse(text) : {}) as Record<string, unknown>;
		const ok = (body: unknown) => send(res, { status: 200, body });
		if (req.method === 'GET' && path === '/_sim/webhooks') return ok(sim.webhooks());
		if (req.method === 'GET' && path === '/_sim/records') return ok(sim.records());
		if (req.method === 'GET' && path === '/_sim/attempts') return ok(sim.attempts());
		if (req.method === 'GET' && path === '/_sim/calls') return ok(sim.apiCalls());
		if (req.method === 'GET' && path === '/_sim/dropped') return ok(sim.dropped());
		if (req.method === 'POST' && path === '/_sim/reset') return ok((sim.reset(), { reset: true }));
		if (req.method === 'POST' && path === '/_sim/faults')
			return ok((sim.injectFaults(input as unknown as FaultInput), { armed: true }));
		if (req.method === 'POST' && path === '/_sim/keys') {
			sim.setApiKeys(input.keys as string[]);
			return ok({ keys: (input.keys as string[]).length });
		}
		if (req.method === 'POST' && path === '/_sim/program') {
			sim.setProgramType(input.type as PartneroProgramType);
			return ok({ programType: state.programType });
		}
		if (req.method === 'POST' && path === '/_sim/fire') {
			if (typeof input.event !== 'string') throw new Error('give an "event" to fire');
			return ok(await sim.fire(input.event, input as FireOptions));
		}
		send(res, { status: 404, body: { message: `No control route ${req.method} ${path}` } });
	}

	const server = http.createServer((req, res) => {
		readBody(req)
			.then((text) =>
				(req.url ?? '').startsWith('/_sim') ? control(req, res, text) : api(req, res, text),
			)
			.catch((error: Error) => {
				if (!res.headersSent) send(res, { status: 400, body: { message: error.message } });
			});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	origin = `http://127.0.0.1:${port}`;

	const sim: Simulator = {
		url: origin,
		apiBaseUrl: `${origin}/v1`,
		apiKey,
		webhooks: () => [...state.webhooks.values()].map((w) => ({ ...w, events: [...w.events] })),
		records: () => JSON.parse(JSON.stringify(state.store.snapshot())) as Record<string, unknown[]>,
		attempts: () => state.attempts.map((a) => ({ ...a })),
		dropped: () => state.dropped.map((d) => ({ ...d })),
		apiCalls: () => state.calls.map((c) => ({ ...c })),
		fire: (event, opts) => deliverer.fire(event, opts),
		settle: () => deliverer.settle(),
		injectFaults: (f) => state.faults.push(validFault(f)),
		setProgramType: (t) => {
			if (!['affiliate', 'refer-a-friend', 'newsletter'].includes(t))
				throw new Error(`unknown program type ${t}`);
			state.programType = t;
		},
		refuseEvents: (events) => {
			for (const e of events) state.refusedEvents.add(e);
		},
		setTimeScale: (scale) => {
			if (!(scale > 0)) throw new Error('the time scale must be a positive number');
			deliveryOptions.timeScale = scale;
		},
		setApiKeys: (keys) => {
			if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string' || k === ''))
				throw new Error('give "keys", a list of API keys');
			apiKeys = new Set(keys);
		},
		reset: () => {
			state.reset();
			apiKeys = new Set([apiKey]);
		},
		close: async () => {
			deliverer.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await deliverer.settle();
		},
	};
	return sim;
}
