import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { packRepo, REPO_ROOT } from '../../test/e2e/lib/pack';
import { installCleanupHandlers } from '../../test/e2e/lib/proc';
import { inSection } from './context';
import { dedupeMemory, verifyCost } from './core';
import { n8nIngestion } from './n8n';
import { n8nQueueBench } from './n8n-queue';
import { nodeRedBench } from './node-red';
import { mergeResults } from './results';

/**
 * `npm run bench [-- core|node-red|n8n|n8n-queue ...] [--cpu-prof]`: every figure measured side by side in one run, written to
 * bench/RESULTS.md with the chart bench/ingestion.png. Not part of `npm test`: the numbers describe the
 * machine as much as the code, so they are read, not asserted. `--cpu-prof` writes the engines' CPU
 * profiles to bench/profiles/ (not committed), for finding where a missed goal's time goes.
 */

const SECTIONS = ['core', 'node-red', 'n8n', 'n8n-queue'] as const;
type Section = (typeof SECTIONS)[number];

async function main(): Promise<number> {
	const profile = process.argv.includes('--cpu-prof');
	const asked = process.argv.slice(2).filter((a) => a !== '--cpu-prof');
	const unknown = asked.filter((a) => !SECTIONS.includes(a as Section));
	if (unknown.length) {
		process.stderr.write(`Unknown section ${unknown.join(', ')}. Known: ${SECTIONS.join(', ')}\n`);
		return 2;
	}
	const wanted = (s: Section) => asked.length === 0 || asked.includes(s);
	const t0 = Date.now();
	const root = mkdtempSync(join(tmpdir(), 'partnerhooks-bench-'));
	installCleanupHandlers(() => {
		process.stderr.write(`logs kept in ${root}\n`);
	});
	const out = join(REPO_ROOT, 'bench');
	const profileDir = profile ? join(out, 'profiles') : undefined;
	mkdirSync(profileDir ?? out, { recursive: true });
	const lines: string[] = [];

	if (wanted('core')) {
		process.stderr.write('bench: core verify() and the dedupe store\n');
		lines.push(
			'## Verify cost: core `verify()` against a bare `createHmac` + `timingSafeEqual`',
			'',
			...verifyCost(),
			'',
		);
		lines.push(
			'## Dedupe store memory (default cap 100,000 keys per trigger)',
			'',
			...dedupeMemory(),
			'',
		);
	}
	const engines = wanted('node-red') || wanted('n8n') || wanted('n8n-queue');
	const packed = engines ? await packRepo(root) : undefined;
	if (packed && wanted('node-red')) {
		process.stderr.write('bench: Node-RED\n');
		const nr = await inSection(root, packed, 'node-red', (ctx) =>
			nodeRedBench(ctx, { profileDir }),
		);
		lines.push(...nr.lines, '');
		const figures = join(root, 'ingestion.json');
		writeFileSync(
			figures,
			JSON.stringify(
				nr.cases.map((c) => ({ label: `(${c.id}) ${c.label}`, rps: Math.round(c.result.rps) })),
			),
		);
		execFileSync(
			process.execPath,
			[join(REPO_ROOT, 'bench/runner/chart.mjs'), figures, join(out, 'ingestion.png')],
			{ stdio: 'inherit' },
		);
	}
	if (packed && wanted('n8n')) {
		process.stderr.write('bench: n8n\n');
		const n8n = await inSection(root, packed, 'n8n', (ctx) => n8nIngestion(ctx, { profileDir }));
		lines.push(...n8n.lines, '');
	}
	if (packed && wanted('n8n-queue')) {
		process.stderr.write('bench: n8n queue mode\n');
		const queue = await inSection(root, packed, 'n8n-queue', (ctx) => n8nQueueBench(ctx));
		lines.push(...queue.lines, '');
	}

	const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.versions.node} (this process; engines as stated per section), ${new Date().toISOString()}`;
	const seconds = Math.round((Date.now() - t0) / 1000);
	const made = asked.length
		? `\`npm run bench -- ${asked.join(' ')}\` in ${seconds} s (other sections as their last run left them)`
		: `\`npm run bench\` in ${seconds} s`;
	const doc = [
		'# Benchmarks',
		'',
		`Machine: ${machine}. Made by ${made}; not part of \`npm test\`.`,
		'',
		...lines,
	].join('\n');
	const file = join(out, 'RESULTS.md');
	writeFileSync(
		file,
		asked.length && existsSync(file) ? mergeResults(readFileSync(file, 'utf8'), doc) : doc,
	);
	process.stdout.write(`${doc}\n`);
	rmSync(root, { recursive: true, force: true });
	return 0;
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(e: Error) => {
		process.stderr.write(`bench: ${e.stack ?? e.message}\n`);
		process.exitCode = 1;
	},
);
