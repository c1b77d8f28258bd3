import { execFileSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { partneroSample } from '../../core/partnero/samples';
import { phpJsonEncode } from '../../core/php-json';
import { sign, verify } from '../../core/signature';
import { REPO_ROOT } from '../e2e/lib/pack';

/**
 * `npm run bench`: figures measured side by side in one run, written to bench/RESULTS.md. So far the core
 * parts of the benchmark issue: verify cost against a bare HMAC, and the dedupe store's memory. Engine
 * ingestion (Node-RED, n8n) and the chart are still to come.
 */

const SECRET = 'bench-signing-secret';

function body(bytes: number): Buffer {
	const sample = partneroSample('partner.created', { data: { name: 'Zoë Müller', notes: '' } });
	const pad = Math.max(0, bytes - Buffer.byteLength(phpJsonEncode(sample)));
	return Buffer.from(phpJsonEncode({ ...sample, data: { ...sample.data, notes: 'é/'.repeat(Math.ceil(pad / 8)) } }));
}

/** The least a receiver can do: HMAC the bytes, compare in constant time. */
function bare(raw: Buffer, header: string): boolean {
	const expected = createHmac('sha256', SECRET).update(raw).digest();
	const got = Buffer.from(header, 'hex');
	return got.length === expected.length && timingSafeEqual(got, expected);
}

function opsPerSecond(fn: () => boolean, ms: number): number {
	let n = 0;
	const end = performance.now() + ms;
	while (performance.now() < end) {
		for (let i = 0; i < 100; i++) if (!fn()) throw new Error('verification failed in the benchmark');
		n += 100;
	}
	return n / (ms / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function verifyCost(): string[] {
	const rows = ['| body | core verify() ops/s | bare HMAC ops/s | ratio (goal ≥ 0.95) |', '|---|---|---|---|'];
	for (const kb of [1, 10, 100]) {
		const raw = body(kb * 1024);
		const header = sign(SECRET, raw);
		const ours: number[] = [];
		const base: number[] = [];
		// Alternating rounds, so drift on a shared machine hits both sides alike.
		for (let round = 0; round < 7; round++) {
			ours.push(opsPerSecond(() => verify(SECRET, raw, header).ok, 300));
			base.push(opsPerSecond(() => bare(raw, header), 300));
		}
		const [o, b] = [median(ours), median(base)];
		rows.push(`| ${(raw.length / 1024).toFixed(0)} KB | ${o.toFixed(0)} | ${b.toFixed(0)} | ${(o / b).toFixed(3)} |`);
	}
	return rows;
}

/** Each size in a fresh process, so one measurement's garbage is not the next one's memory. */
function dedupeMemory(): string[] {
	const rows = ['| keys claimed | entries kept | heap used | RSS | goal |', '|---|---|---|---|---|'];
	const script = `
		const { DedupeStore } = require(${JSON.stringify(join(REPO_ROOT, 'build/core/dedupe.js'))});
		global.gc(); const before = process.memoryUsage();
		const store = new DedupeStore();
		for (let i = 0; i < Number(process.argv[1]); i++) store.claim('["wh_1","partner.created","p' + i + '","2025-01-15T10:30:00Z"]');
		global.gc(); const after = process.memoryUsage();
		console.log(JSON.stringify({ size: store.size, heap: after.heapUsed - before.heapUsed, rss: after.rss - before.rss }));`;
	for (const keys of [100_000, 1_000_000]) {
		const out = execFileSync(process.execPath, ['--expose-gc', '-e', script, String(keys)], { encoding: 'utf8' });
		const m = JSON.parse(out) as { size: number; heap: number; rss: number };
		const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
		rows.push(`| ${keys.toLocaleString('en')} | ${m.size.toLocaleString('en')} | ${mb(m.heap)} | ${mb(m.rss)} | ≤ 32 MB, cap 100,000 |`);
	}
	return rows;
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.versions.node}, ${new Date().toISOString()}`;
const lines = [
	'# Benchmarks',
	'',
	`Machine: ${machine}. Made by \`npm run bench\`; not part of \`npm test\`.`,
	'',
	'## Verify cost: core `verify()` against a bare `createHmac` + `timingSafeEqual`',
	'',
	...verifyCost(),
	'',
	'## Dedupe store memory (default cap 100,000 keys per trigger)',
	'',
	...dedupeMemory(),
	'',
	'Not measured yet: ingestion in Node-RED and n8n against a bare server and the do-it-yourself flow, the chart,',
	'RSS over 100,000 deliveries, lifecycle API calls.',
	'',
];
mkdirSync(join(REPO_ROOT, 'bench'), { recursive: true });
writeFileSync(join(REPO_ROOT, 'bench', 'RESULTS.md'), lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\n`);
