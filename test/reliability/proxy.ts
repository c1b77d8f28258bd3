import { createHash } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';

/**
 * A fault-injecting HTTP proxy, as a load balancer or a flaky network would sit between two parties.
 * - `failFirst`: answers 500 to the first attempt of every distinct body and forwards the rest: a receiver
 *   that fails once and then recovers, which is what Partnero's retry schedule exists for.
 * - `refuse`: closes the listening socket, so callers get ECONNREFUSED until `accept` opens it again on the
 *   same port.
 * - `forwardHangUps`: a caller that hangs up before the answer (a sender's timeout) closes the upstream request
 *   too, as nginx does by default; otherwise the target never learns that its caller left.
 * Answers that name the target's origin (paging links) are rewritten to the proxy's, as a real gateway does.
 */
export interface FaultyProxy {
	url: string;
	setTarget(origin: string): void;
	failFirst(on: boolean): void;
	forwardHangUps(on: boolean): void;
	/** Attempts refused on purpose by failFirst. */
	refused(): number;
	refuse(): Promise<void>;
	accept(): Promise<void>;
	close(): Promise<void>;
}

export async function startProxy(): Promise<FaultyProxy> {
	let target = '';
	let failing = false;
	let hangUps = false;
	let refused = 0;
	let origin = '';
	const seen = new Set<string>();
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			const digest = createHash('sha256').update(body).digest('hex');
			if (failing && !seen.has(digest)) {
				seen.add(digest);
				refused++;
				res
					.writeHead(500, { 'content-type': 'application/json' })
					.end('{"error":"injected failure"}');
				return;
			}
			const headers = { ...req.headers, host: new URL(target).host };
			const out = request(`${target}${req.url ?? '/'}`, { method: req.method, headers }, (up) => {
				const parts: Buffer[] = [];
				up.on('data', (c: Buffer) => parts.push(c));
				up.on('end', () => {
					const text = Buffer.concat(parts).toString('utf8').split(target).join(origin);
					// The rewrite changes the length, and the body goes out in one piece.
					const headers = { ...up.headers, 'content-length': String(Buffer.byteLength(text)) };
					delete headers['transfer-encoding'];
					res.writeHead(up.statusCode ?? 502, headers).end(text);
				});
			});
			out.on('error', () => {
				if (!res.headersSent) res.writeHead(502).end();
			});
			if (hangUps)
				res.on('close', () => {
					if (!res.writableFinished) out.destroy();
				});
			out.end(body);
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const addr = server.address();
	const port = typeof addr === 'object' && addr ? addr.port : 0;
	origin = `http://127.0.0.1:${port}`;
	const stopListening = () =>
		new Promise<void>((r) => {
			server.closeAllConnections();
			server.close(() => r());
		});
	return {
		url: origin,
		setTarget: (o) => (target = o),
		failFirst: (on) => (failing = on),
		forwardHangUps: (on) => (hangUps = on),
		refused: () => refused,
		refuse: stopListening,
		accept: () =>
			new Promise<void>((r, j) => server.once('error', j).listen(port, '127.0.0.1', () => r())),
		close: async () => {
			if (server.listening) await stopListening();
		},
	};
}
