import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

/**
 * Ingestion case (a): the least any receiver can do on this machine, run as its own process like the
 * engines are. Reads the body, checks the HMAC in constant time, answers 200. Prints its port.
 */

const secret = process.env.BENCH_SECRET;
if (!secret) throw new Error('BENCH_SECRET is not set');

const server = createServer((req, res) => {
	const chunks: Buffer[] = [];
	req.on('data', (c: Buffer) => chunks.push(c));
	req.on('end', () => {
		const expected = createHmac('sha256', secret).update(Buffer.concat(chunks)).digest();
		const got = Buffer.from(String(req.headers.signature ?? ''), 'hex');
		const ok = got.length === expected.length && timingSafeEqual(got, expected);
		res
			.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
			.end(ok ? '{"ok":true}' : '{"error":"bad signature"}');
	});
});
server.listen(0, '127.0.0.1', () => {
	const addr = server.address();
	process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});
