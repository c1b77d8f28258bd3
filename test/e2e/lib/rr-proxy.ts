import { createServer, request as httpRequest, type Server } from 'node:http';

/**
 * The load balancer in front of several engine processes: each request goes to the next backend in turn,
 * as a plain round-robin balancer would send it. Every forwarded request is recorded with the backend
 * that served it, so a test can show that all backends took part.
 */

export interface ProxyRecord {
	backend: number;
	method: string;
	path: string;
	status: number;
}

export interface RoundRobinProxy {
	url: string;
	records: ProxyRecord[];
	/** Backends taken out of the rotation (e.g. a stopped replica), as a health-checking balancer would. */
	setDown(backend: number, down: boolean): void;
	close(): Promise<void>;
}

export async function startRoundRobinProxy(backends: string[]): Promise<RoundRobinProxy> {
	const records: ProxyRecord[] = [];
	const down = new Set<number>();
	let next = 0;
	const pick = (): number => {
		for (let i = 0; i < backends.length; i++) {
			const b = (next + i) % backends.length;
			if (!down.has(b)) {
				next = b + 1;
				return b;
			}
		}
		return -1;
	};
	const server: Server = createServer((req, res) => {
		const backend = pick();
		if (backend < 0) {
			res.writeHead(502).end('no backend');
			return;
		}
		const target = new URL(req.url ?? '/', backends[backend]);
		const headers = {
			...req.headers,
			host: target.host,
			'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1',
		};
		const out = httpRequest(target, { method: req.method, headers }, (upstream) => {
			records.push({
				backend,
				method: req.method ?? '',
				path: req.url ?? '',
				status: upstream.statusCode ?? 0,
			});
			res.writeHead(upstream.statusCode ?? 502, upstream.headers);
			upstream.pipe(res);
		});
		out.on('error', (e) => {
			records.push({ backend, method: req.method ?? '', path: req.url ?? '', status: 502 });
			if (!res.headersSent) res.writeHead(502);
			res.end(`proxy: ${e.message}`);
		});
		req.pipe(out);
	});
	server.keepAliveTimeout = 5000;
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const addr = server.address();
	const port = typeof addr === 'object' && addr ? addr.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		records,
		setDown: (b, d) => (d ? down.add(b) : down.delete(b)),
		close: () =>
			new Promise<void>((r) => {
				server.closeAllConnections();
				server.close(() => r());
			}),
	};
}
