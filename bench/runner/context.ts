import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Packed } from '../../test/e2e/lib/pack';
import { newContext, type ScenarioContext } from '../../test/e2e/lib/scenario';

/**
 * Runs one benchmark section with the e2e suite's scenario context, so the same engine launchers serve
 * both; whatever the section started is stopped afterwards, pass or fail.
 */
export async function inSection<T>(
	root: string,
	packed: Packed,
	id: string,
	fn: (ctx: ScenarioContext) => Promise<T>,
): Promise<T> {
	const dir = join(root, id);
	mkdirSync(dir, { recursive: true });
	const { ctx, cleanups, logs } = newContext(packed, dir, id, (line) => process.stderr.write(line));

	try {
		return await fn(ctx);
	} catch (e) {
		for (const l of logs)
			process.stderr.write(
				`  --- last lines of ${l.name} ---\n    ${l.read().trimEnd().split('\n').slice(-30).join('\n    ')}\n`,
			);
		throw e;
	} finally {
		for (const f of cleanups.reverse())
			await Promise.resolve(f()).catch((e: Error) =>
				process.stderr.write(`  cleanup failed: ${e.message}\n`),
			);
	}
}

export const median = (xs: number[]): number =>
	[...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const fmt = (n: number, digits = 0): string =>
	n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export const met = (ok: boolean): string => (ok ? '(met)' : '(missed)');

/** An API call as the simulator recorded it, with the webhook key elided so calls of different cycles compare. */
export const callLabel = (c: { method: string; path: string }): string =>
	`${c.method} ${c.path.replace(/\/v1\/webhooks\/[^/]+$/, '/v1/webhooks/:key')}`;

/** The machine's load average over 1, 5 and 15 minutes: how quiet the shared machine was around a measurement. */
export const loadAverage = (): string =>
	loadavg()
		.map((x) => x.toFixed(2))
		.join(' / ');
