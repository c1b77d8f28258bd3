import { execFileSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { partneroSignature } from '../../core/partnero/provider';
import { sign, verify } from '../../core/signature';
import { REPO_ROOT } from '../../test/e2e/lib/pack';
import { partneroBody } from './bodies';
import { median } from './context';

const SECRET = 'bench-signing-secret';

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
		for (let i = 0; i < 100; i++)
			if (!fn()) throw new Error('verification failed in the benchmark');
		n += 100;
	}
	return n / (ms / 1000);
}

export function verifyCost(): string[] {
	const rows = [
		'| body | core verify() ops/s | bare HMAC ops/s | ratio (goal ≥ 0.95) |',
		'|---|---|---|---|',
	];
	for (const kb of [1, 10, 100]) {
		const raw = partneroBody(kb * 1024);
		const header = sign(SECRET, raw, partneroSignature);
		const ours: number[] = [];
		const base: number[] = [];
		// Alternating rounds, so drift on a shared machine hits both sides alike.
		for (let round = 0; round < 7; round++) {
			ours.push(opsPerSecond(() => verify(SECRET, raw, header, partneroSignature).ok, 300));
			base.push(opsPerSecond(() => bare(raw, header), 300));
		}
		const [o, b] = [median(ours), median(base)];
		rows.push(
			`| ${(raw.length / 1024).toFixed(0)} KB | ${o.toFixed(0)} | ${b.toFixed(0)} | ${(o / b).toFixed(3)} |`,
		);
	}
	return rows;
}

interface MemoryReading {
	size: number;
	heap: number;
	rss: number;
}

/**
 * One store in a fresh process, so one measurement's garbage is not the next one's memory. `cap` 1 is the
 * baseline: the same keys built, fingerprinted and churned through V8, but none of them kept.
 */
function storeMemory(keys: number, cap?: number): MemoryReading {
	const script = `
		const { DedupeStore } = require(${JSON.stringify(join(REPO_ROOT, 'build/core/dedupe.js'))});
		global.gc(); const before = process.memoryUsage();
		const store = new DedupeStore(${cap ? `{ maxEntries: ${cap} }` : ''});
		for (let i = 0; i < Number(process.argv[1]); i++) store.claim('["wh_1","partner.created","p' + i + '","2025-01-15T10:30:00Z"]');
		global.gc(); const after = process.memoryUsage();
		const js = (m) => m.heapUsed + m.arrayBuffers;
		console.log(JSON.stringify({ size: store.size, heap: js(after) - js(before), rss: after.rss - before.rss }));`;
	return JSON.parse(
		execFileSync(process.execPath, ['--expose-gc', '-e', script, String(keys)], {
			encoding: 'utf8',
		}),
	) as MemoryReading;
}

export function dedupeMemory(): string[] {
	const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
	const rows = [
		'| keys claimed | entries kept | JS heap + typed arrays | resident (RSS) | resident beyond the keep-nothing baseline | goal |',
		'|---|---|---|---|---|---|',
	];
	for (const keys of [100_000, 1_000_000]) {
		const m = storeMemory(keys);
		const base = storeMemory(keys, 1);
		const kept = m.rss - base.rss;
		const verdict = kept <= 32 * 1024 * 1024 && m.size <= 100_000 ? '(met)' : '(missed)';
		rows.push(
			`| ${keys.toLocaleString('en')} | ${m.size.toLocaleString('en')} | ${mb(m.heap)} | ${mb(m.rss)} | ${mb(kept)} | ≤ 32 MB, cap 100,000 ${verdict} |`,
		);
	}
	rows.push(
		'',
		'Resident memory counts pages V8 and the allocator keep after churning the keys, whether the store holds them or not; the baseline',
		'(a store capped at 1 entry, fed the same keys in its own process) shows that part, and the column beyond it is what keeping the keys costs.',
	);
	return rows;
}
