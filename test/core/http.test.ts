import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../../core/errors';
import { fetchTransport, MAX_RESPONSE_BYTES } from '../../core/http';
import { PartneroClient } from '../../core/partnero/client';

/** A loopback server answering every request with `size` bytes of JSON, announced or chunked. */
let server: http.Server;
let base: string;
let size = 0;
let announce = true;
let written = 0;

beforeAll(async () => {
	server = http.createServer((req, res) => {
		const body = Buffer.alloc(size, 0x20);
		body[0] = 0x7b; // '{' … '}' around spaces: valid JSON when read whole
		body[size - 1] = 0x7d;
		res.writeHead(
			200,
			announce
				? { 'Content-Type': 'application/json', 'Content-Length': String(size) }
				: { 'Content-Type': 'application/json' },
		);
		// Written in pieces, so a reader that stops early leaves most of it unsent.
		const piece = 64 * 1024;
		let at = 0;
		const next = () => {
			while (at < size) {
				const chunk = body.subarray(at, at + piece);
				at += chunk.length;
				written += chunk.length;
				if (!res.write(chunk)) return void res.once('drain', next);
			}
			res.end();
		};
		res.on('error', () => undefined);
		next();
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	server.closeAllConnections();
	await new Promise((r) => server.close(r));
});
beforeEach(() => {
	written = 0;
});

test('an answer within the cap is read whole', async () => {
	size = 1024;
	announce = false;
	const res = await fetchTransport()({ method: 'GET', url: `${base}/ok`, headers: {} });
	expect(res).toMatchObject({ status: 200, body: {} });
});

test.each([
	['announced by Content-Length', true],
	['sent chunked, without a length', false],
])(
	'an answer over MAX_RESPONSE_BYTES (%s) fails with an ApiError naming the provider',
	async (_how, declared) => {
		size = MAX_RESPONSE_BYTES + 1;
		announce = declared;
		const client = new PartneroClient({
			baseUrl: `${base}/v1`,
			apiKey: 'k',
			transport: fetchTransport(),
			retry: { retries: 0 },
		});
		const error = await client.request('GET', 'partners').then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(ApiError);
		expect((error as ApiError).message).toBe(
			`Partnero GET /v1/partners answered with more than ${MAX_RESPONSE_BYTES} bytes; stopped reading it.`,
		);
		expect((error as ApiError).description).toMatch(
			/Check that the base URL points at the Partnero API/,
		);
	},
);

test('a smaller cap applies as given, and reading stops there', async () => {
	size = 32 * 1024 * 1024;
	announce = false;
	await expect(
		fetchTransport({ maxResponseBytes: 1024 * 1024 })({
			method: 'GET',
			url: `${base}/big`,
			headers: {},
		}),
	).rejects.toThrow(/answered with more than 1048576 bytes/);
	expect(written).toBeLessThan(size);
});
