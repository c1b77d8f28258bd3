import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';

/** An ephemeral port the OS considers free right now (engines need a number up front). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = createNetServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const addr = s.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			s.close(() => resolve(port));
		});
	});
}

export function delay(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

/** Polls until `probe` returns a value other than undefined/false. */
export async function waitUntil<T>(
	what: string,
	probe: () => Promise<T | undefined | false> | T | undefined | false,
	timeoutMs = 20_000,
	intervalMs = 150,
): Promise<T> {
	const started = Date.now();
	let lastError: unknown;
	for (;;) {
		try {
			const v = await probe();
			if (v !== undefined && v !== false) return v as T;
		} catch (e) {
			lastError = e;
		}
		if (Date.now() - started > timeoutMs) {
			const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
			throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}${why}`);
		}
		await delay(intervalMs);
	}
}

export interface HttpResult {
	status: number;
	headers: Headers;
	text: string;
	json<T = any>(): T;
}

export async function http(
	method: string,
	url: string,
	opts: { body?: unknown; raw?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpResult> {
	const headers: Record<string, string> = { ...opts.headers };
	let body: string | undefined;
	if (opts.raw !== undefined) body = opts.raw;
	else if (opts.body !== undefined) {
		body = JSON.stringify(opts.body);
		headers['content-type'] ??= 'application/json';
	}
	const res = await fetch(url, {
		method,
		headers,
		body,
		signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
	});
	const text = await res.text();
	return {
		status: res.status,
		headers: res.headers,
		text,
		json: () => JSON.parse(text),
	};
}

/** POSTs `body` until the route exists (anything but 404) and returns that first real answer. */
export function postOnceLive(
	what: string,
	url: string,
	body: unknown,
	timeoutMs = 20_000,
): Promise<HttpResult> {
	return waitUntil(
		what,
		async () => {
			const r = await http('POST', url, { body });
			return r.status === 404 ? undefined : r;
		},
		timeoutMs,
	);
}

/** Waits until a POST to `url` gets 404: the engine has taken the route down. */
export async function untilRouteGone(what: string, url: string): Promise<void> {
	await waitUntil(
		what,
		async () =>
			(await http('POST', url, { raw: '{}', headers: { 'content-type': 'application/json' } }))
				.status === 404,
	);
}

export interface SinkRequest {
	method: string;
	path: string;
	headers: IncomingMessage['headers'];
	body: string;
	json: any;
}

/** The place the engines' flows report to: records every request and answers 200. */
export interface Sink {
	url: string;
	requests: SinkRequest[];
	/** How long to hold the answer to a request, in ms (recorded at once): a slow step after the trigger. */
	holdAnswer?: (request: SinkRequest) => number;
	close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
	const requests: SinkRequest[] = [];
	const sink: Sink = {
		url: '',
		requests,
		close: () =>
			new Promise<void>((r) => {
				server.closeAllConnections();
				server.close(() => r());
			}),
	};
	const server: Server = createHttpServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			let json: unknown;
			try {
				json = body ? JSON.parse(body) : undefined;
			} catch {
				json = undefined;
			}
			const request: SinkRequest = {
				method: req.method ?? '',
				path: req.url ?? '',
				headers: req.headers,
				body,
				json,
			};
			requests.push(request);
			const answer = () =>
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
			const hold = sink.holdAnswer?.(request) ?? 0;
			if (hold > 0) setTimeout(answer, hold);
			else answer();
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const addr = server.address();
	const port = typeof addr === 'object' && addr ? addr.port : 0;
	sink.url = `http://127.0.0.1:${port}`;
	return sink;
}

/**
 * A partner and a customer of theirs, created straight through the (simulated) Partnero API, as they would
 * already exist in a real program before a sale is recorded.
 */
export async function seedCustomer(
	apiBaseUrl: string,
	apiKey: string,
	customerKey: string,
): Promise<void> {
	const call = async (path: string, body: unknown) => {
		const r = await http('POST', `${apiBaseUrl}${path}`, {
			body,
			headers: { Authorization: `Bearer ${apiKey}` },
		});
		if (r.status >= 300)
			throw new Error(`seeding ${path} answered ${r.status}: ${r.text.slice(0, 200)}`);
		return r.json<{ data: Record<string, unknown> }>().data;
	};
	const partner = await call('/partners', {
		email: `${customerKey}-partner@example.com`,
		name: 'Seeded partner',
	});
	await call('/customers', {
		key: customerKey,
		email: `${customerKey}@example.com`,
		partner: { key: partner.key ?? partner.id },
	});
}
