import http from 'node:http';
import type { ApiReply } from './api';

/** Shared by the simulators: reading request bodies, answering JSON and posting deliveries. */
const MAX_BODY = 1024 * 1024;

export function readBody(req: http.IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY) req.destroy(new Error('body too large'));
			else chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

export function send(res: http.ServerResponse, reply: ApiReply): void {
	const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
	res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
	res.end(text);
}

/** POSTs a delivery body with the given headers; resolves with the status or the network error, never throws. */
export function postJson(
	url: string,
	body: string,
	headers: Record<string, string>,
	timeoutMs: number,
): Promise<{ status?: number; error?: string }> {
	return new Promise((resolve) => {
		const req = http.request(
			url,
			{
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					'Content-Length': String(Buffer.byteLength(body)),
					...headers,
				},
				timeout: timeoutMs,
			},
			(res) => {
				res.resume();
				res.on('end', () => resolve({ status: res.statusCode }));
				res.on('error', (e) => resolve({ status: res.statusCode, error: e.message }));
			},
		);
		req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		req.on('error', (e) => resolve({ error: e.message }));
		req.end(body);
	});
}
