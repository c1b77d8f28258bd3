import { request, Agent } from 'node:http';

/**
 * Raw HTTP for hostile input: arbitrary bytes, any method, repeated headers. fetch normalises all three
 * away, so the suite speaks node:http directly. One keep-alive agent per run keeps 50 concurrent
 * connections from exhausting ephemeral ports over thousands of requests.
 */

export interface RawRequest {
	method: string;
	url: string;
	/** A value given as an array is sent as that many header lines. */
	headers: Record<string, string | string[]>;
	body?: Buffer;
}

export interface RawResponse {
	status: number;
	body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export function send(r: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const req = request(r.url, { method: r.method, agent, timeout: timeoutMs }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () =>
				resolve({
					status: res.statusCode ?? 0,
					body: Buffer.concat(chunks).toString('utf8').slice(0, 500),
				}),
			);
			res.on('error', reject);
		});
		for (const [name, value] of Object.entries(r.headers)) req.setHeader(name, value);
		if (r.body !== undefined) req.setHeader('content-length', r.body.length);
		req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		req.on('error', (error: NodeJS.ErrnoException) => {
			// A server that refuses an oversized body may answer and close before reading it all: that answer counts.
			if (error.code === 'EPIPE' || error.code === 'ECONNRESET')
				resolve({ status: -1, body: error.code });
			else reject(error);
		});
		req.end(r.body);
	});
}

/** Runs `jobs` with at most `concurrency` in flight, keeping results in order. */
export async function pool<T, R>(
	jobs: readonly T[],
	concurrency: number,
	run: (job: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results: R[] = new Array(jobs.length);
	let next = 0;
	async function worker(): Promise<void> {
		while (next < jobs.length) {
			const i = next++;
			results[i] = await run(jobs[i], i);
		}
	}
	await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
	return results;
}

export function closeAgent(): void {
	agent.destroy();
}
