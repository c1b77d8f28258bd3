import { claimRecentKey } from '../../core/recent-keys';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

describe('claimRecentKey (delivery keys kept in shared engine state)', () => {
	test('a key is fresh once, then a duplicate while it is within the TTL', () => {
		const a = claimRecentKey(undefined, 'k1', { now: T0 });
		expect(a.fresh).toBe(true);
		expect(claimRecentKey(a.stored, 'k1', { now: T0 + 60_000 }).fresh).toBe(false);
		const b = claimRecentKey(a.stored, 'k2', { now: T0 + 1000 });
		expect(b.fresh).toBe(true);
		expect(claimRecentKey(b.stored, 'k1', { now: T0 + 2000 }).fresh).toBe(false);
		expect(claimRecentKey(b.stored, 'k2', { now: T0 + 2000 }).fresh).toBe(false);
	});

	test('19 bytes a key, whatever the key length', () => {
		let stored = '';
		for (let i = 0; i < 10; i++) stored = claimRecentKey(stored, `${'x'.repeat(i * 500)}-${i}`, { now: T0 }).stored;
		expect(stored).toHaveLength(190);
	});

	test('expired keys are dropped and count as new', () => {
		const ttlMs = 60_000;
		const a = claimRecentKey('', 'old', { now: T0, ttlMs });
		const b = claimRecentKey(a.stored, 'new', { now: T0 + 30_000, ttlMs });
		const c = claimRecentKey(b.stored, 'old', { now: T0 + 61_000, ttlMs });
		expect(c.fresh).toBe(true);
		// 'old' was dropped at expiry and claimed anew; 'new' is still there.
		expect(c.stored).toHaveLength(38);
		expect(claimRecentKey(c.stored, 'new', { now: T0 + 62_000, ttlMs }).fresh).toBe(false);
	});

	test('past maxEntries the oldest keys go first', () => {
		let stored = '';
		for (let i = 0; i < 5; i++) stored = claimRecentKey(stored, `k${i}`, { now: T0 + i, maxEntries: 3 }).stored;
		expect(stored).toHaveLength(3 * 19);
		expect(claimRecentKey(stored, 'k4', { now: T0, maxEntries: 3 }).fresh).toBe(false);
		expect(claimRecentKey(stored, 'k2', { now: T0, maxEntries: 3 }).fresh).toBe(false);
		expect(claimRecentKey(stored, 'k1', { now: T0, maxEntries: 3 }).fresh).toBe(true);
	});

	test('a value that is not a record string counts as empty', () => {
		for (const junk of [42, { a: 1 }, 'not-a-multiple-of-19', null]) {
			const r = claimRecentKey(junk, 'k', { now: T0 });
			expect(r.fresh).toBe(true);
			expect(r.stored).toHaveLength(19);
		}
	});
});
