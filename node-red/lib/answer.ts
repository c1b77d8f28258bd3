import type { Response } from 'express';

/**
 * Node's own writeHead/end rather than Express's res.json(): a delivery's answer is a few bytes of JSON, and
 * Express's ETag, charset and content-type bookkeeping cost more than the answer under load.
 */
export function answer(
	res: Response,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const text = JSON.stringify(body);
	res
		.writeHead(status, {
			...headers,
			'content-type': 'application/json; charset=utf-8',
			'content-length': Buffer.byteLength(text),
		})
		.end(text);
}
