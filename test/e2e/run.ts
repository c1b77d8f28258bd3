import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeTarball, packRepo } from './lib/pack';
import { installCleanupHandlers } from './lib/proc';
import { newContext, ScenarioSkipped, type Scenario, type ScenarioContext } from './lib/scenario';
import { nodeRed4Scenario, nodeRed5Scenario } from './scenarios/node-red';
import { nodeRedReplicasScenario } from './scenarios/node-red-replicas';
import { n8nScenario } from './scenarios/n8n';
import { n8nQueueScenario } from './scenarios/n8n-queue';
import {
	partnerStackNodeRed4Scenario,
	partnerStackNodeRed5Scenario,
} from './scenarios/partnerstack-node-red';
import { partnerStackScenario } from './scenarios/partnerstack-n8n';
import { editorBrowserScenario } from './scenarios/editor-browser';
import { N8N_1_VERSION } from '../engines';

/**
 * `npm run test:e2e [-- <scenario id>...] [--keep] [--tarball=<file.tgz>]`: packs the built repo once, then runs each scenario in
 * its own temp folder, one at a time (they would compete for CPU and make the engines' startup flaky).
 */

interface Row {
	scenario: string;
	version: string;
	result: string;
	seconds: number;
	error?: string;
	skipped?: string;
	dir: string;
}

function fmtTable(rows: Row[]): string {
	const head = ['scenario', 'engine version', 'result', 'seconds'];
	const cells = rows.map((r) => [r.scenario, r.version, r.result, r.seconds.toFixed(1)]);
	const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
	const line = (c: string[]): string => c.map((v, i) => v.padEnd(widths[i])).join(' | ');
	return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}

type Prepared = { version: string; error?: undefined } | { version?: undefined; error: Error };

async function runScenario(
	s: Scenario,
	prepared: Promise<Prepared>,
	ctx: ScenarioContext,
	cleanups: Array<() => unknown>,
): Promise<{ version: string; error?: Error; skipped?: string }> {
	const p = await prepared;
	if (p.error)
		return { version: '?', error: new Error(`engine install failed: ${p.error.message}`) };
	try {
		await s.run(ctx);
		return { version: p.version };
	} catch (e) {
		if (e instanceof ScenarioSkipped) return { version: p.version, skipped: e.message };
		return { version: p.version, error: e as Error };
	} finally {
		for (const fn of cleanups.reverse()) {
			try {
				await fn();
			} catch (e) {
				process.stdout.write(`  cleanup failed: ${(e as Error).message}\n`);
			}
		}
	}
}

async function main(): Promise<number> {
	const args = process.argv.slice(2);
	const keep = args.includes('--keep');
	const only = args.filter((a) => !a.startsWith('--'));
	// A tarball built elsewhere (e.g. the one about to be published) instead of packing the work tree.
	const given = args.find((a) => a.startsWith('--tarball='))?.slice('--tarball='.length);
	const all: Scenario[] = [
		nodeRed4Scenario(),
		nodeRed5Scenario(),
		n8nScenario(),
		n8nScenario(N8N_1_VERSION),
		partnerStackNodeRed4Scenario(),
		partnerStackNodeRed5Scenario(),
		partnerStackScenario(),
		partnerStackScenario(N8N_1_VERSION),
		n8nQueueScenario(),
		nodeRedReplicasScenario(),
		editorBrowserScenario(),
	];
	const known = all;
	const unknown = only.filter((id) => !known.some((s) => s.id === id));
	if (unknown.length) {
		process.stderr.write(
			`Unknown scenario ${unknown.join(', ')}. Known: ${known.map((s) => s.id).join(', ')}\n`,
		);
		return 2;
	}
	const scenarios = only.length ? known.filter((s) => only.includes(s.id)) : all;

	const root = mkdtempSync(join(tmpdir(), 'partnerhooks-e2e-'));
	installCleanupHandlers(() => {
		process.stdout.write(`logs and user dirs kept in ${root}\n`);
	});
	const t0 = Date.now();
	process.stdout.write(`e2e: ${given ? 'using' : 'packing'} the package (work dir ${root})\n`);
	const packed = given ? describeTarball(given) : await packRepo(root);
	process.stdout.write(`e2e: ${packed.tarball}\n`);

	// Engines missing from the cache install in parallel (minutes each on a fresh machine) while earlier scenarios run.
	const prepared = new Map(
		scenarios.map((s) => [
			s.id,
			s.prepare().then(
				(version): Prepared => ({ version }),
				(error: Error): Prepared => ({ error }),
			),
		]),
	);
	const rows: Row[] = [];
	for (const s of scenarios) {
		const dir = join(root, s.id);
		mkdirSync(dir, { recursive: true });
		process.stdout.write(`\n▶ ${s.title}\n`);
		const ready = prepared.get(s.id)!;
		await ready;
		const started = Date.now();
		const { ctx, cleanups, logs } = newContext(packed, dir, s.id, (line) =>
			process.stdout.write(line),
		);
		const { version, error, skipped } = await runScenario(s, ready, ctx, cleanups);
		const seconds = (Date.now() - started) / 1000;
		rows.push({
			scenario: s.title,
			version,
			result: error ? 'FAIL' : skipped ? 'SKIPPED' : 'pass',
			seconds,
			error: error?.message,
			skipped,
			dir,
		});
		if (skipped) {
			process.stdout.write(`- ${s.title}: skipped, ${skipped}\n`);
		} else if (error) {
			process.stdout.write(`✗ ${s.title}: ${error.stack ?? error.message}\n  logs: ${dir}\n`);
			for (const l of logs) {
				const tail = l.read().trimEnd().split('\n').slice(-40).join('\n    ');
				process.stdout.write(`  --- last lines of ${l.name} ---\n    ${tail}\n`);
			}
		} else process.stdout.write(`✓ ${s.title} (${seconds.toFixed(1)} s)\n`);
	}

	const failed = rows.filter((r) => r.error);
	const skipped = rows.filter((r) => r.skipped);
	process.stdout.write(`\n${fmtTable(rows)}\n\n`);
	for (const r of failed) process.stdout.write(`${r.scenario}: ${r.error}\n`);
	for (const r of skipped) process.stdout.write(`${r.scenario}: skipped, ${r.skipped}\n`);
	// A check that did not run proves nothing: in CI every scenario is required, so a skip fails the run.
	const ci = Boolean(process.env.CI) && process.env.CI !== 'false';
	if (ci && skipped.length)
		process.stdout.write(`e2e: CI is set, and ${skipped.length} scenario(s) did not run\n`);
	// Logs of a failed run are what a person needs next, so they stay.
	if (failed.length || keep) process.stdout.write(`logs and user dirs kept in ${root}\n`);
	else rmSync(root, { recursive: true, force: true });
	process.stdout.write(`e2e wall time: ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
	// Alone on the last line, so a CI that reads closing lines can count it.
	process.stdout.write(
		`e2e: ${rows.length - failed.length - skipped.length} passed, ${failed.length} failed, ${skipped.length} skipped\n`,
	);
	return failed.length || (ci && skipped.length) ? 1 : 0;
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(e: Error) => {
		process.stderr.write(`e2e: harness error: ${e.stack ?? e.message}\n`);
		process.exitCode = 1;
	},
);
