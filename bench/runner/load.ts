import autocannon from 'autocannon';
import type { Delivery } from './bodies';
import { median } from './context';

/** One load shape for every engine, so their figures compare: body size, connections, run length, rounds. */
export const SHAPE = {
	bodyBytes: 1024,
	connections: 50,
	warmSeconds: 2,
	runSeconds: 10,
	rounds: 3,
} as const;

export interface LoadResult {
	/** Answers with a 2xx status per second of the run. */
	rps: number;
	/** Latency to the answer, in ms. */
	p50: number;
	p99: number;
	ok: number;
	/** Answers outside 2xx, connection errors and timeouts: each one is a defect in a benchmark run. */
	failed: number;
	seconds: number;
}

export interface LoadOptions {
	url: string;
	connections: number;
	/** Run length in seconds, unless `amount` is given. */
	seconds?: number;
	/** Exact number of requests, for runs that count deliveries rather than time. */
	amount?: number;
	next: () => Delivery;
}

/** One autocannon run against 127.0.0.1, bounded in time or count, each request a new signed delivery. */
export async function load(o: LoadOptions): Promise<LoadResult> {
	if (!o.url.startsWith('http://127.0.0.1:'))
		throw new Error(`The load generator only targets 127.0.0.1, not ${o.url}`);
	const result = await autocannon({
		url: o.url,
		connections: o.connections,
		duration: o.seconds ?? 10,
		amount: o.amount,
		timeout: 30,
		requests: [
			{
				method: 'POST',
				setupRequest: (req) => {
					const d = o.next();
					return { ...req, body: d.body, headers: { ...req.headers, ...d.headers } };
				},
			},
		],
	});
	const ok = result['2xx'];
	return {
		rps: ok / result.duration,
		p50: result.latency.p50,
		p99: result.latency.p99,
		ok,
		failed: result.non2xx + result.errors + result.timeouts,
		seconds: result.duration,
	};
}

/** The round with the median rate, with `failed` counting every round: one failure anywhere is worth seeing. */
export function medianRound(rounds: LoadResult[]): LoadResult {
	const mid = rounds.find((r) => r.rps === median(rounds.map((x) => x.rps)))!;
	return { ...mid, failed: rounds.reduce((sum, r) => sum + r.failed, 0) };
}

/** A warm-up run that must succeed: a case refusing its deliveries measures nothing, so stop rather than chart error answers. */
export async function warmUp(label: string, o: LoadOptions): Promise<void> {
	const r = await load(o);
	if (r.failed > 0)
		throw new Error(
			`${label}: ${r.failed} of ${r.ok + r.failed} warm-up deliveries were not answered with a 2xx`,
		);
}

/** Each side once per round, the order rotating each round so drift on a shared machine hits every side alike. */
export async function inRotation<S extends { id: string }>(
	sides: readonly S[],
	rounds: number,
	run: (side: S, round: number) => Promise<LoadResult>,
): Promise<Map<S['id'], LoadResult[]>> {
	const runs = new Map<S['id'], LoadResult[]>(sides.map((s) => [s.id, []]));
	for (let round = 0; round < rounds; round++) {
		for (let k = 0; k < sides.length; k++) {
			const side = sides[(k + round) % sides.length];
			runs.get(side.id)!.push(await run(side, round));
		}
	}
	return runs;
}
