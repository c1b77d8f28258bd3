import { DedupeStore } from '../../core/dedupe';

describe('DedupeStore', () => {
	it('refuses a duplicate within the TTL and accepts new keys', () => {
		const store = new DedupeStore();
		expect(store.claim('a')).toBe(true);
		expect(store.claim('a')).toBe(false);
		expect(store.claim('b')).toBe(true);
		expect(store.has('a')).toBe(true);
		expect(store.has('c')).toBe(false);
		expect(store.size).toBe(2);
	});

	it('forgets keys after the TTL (injected clock)', () => {
		let now = 1_000_000;
		const store = new DedupeStore({ ttlMs: 60_000, now: () => now });
		expect(store.claim('k')).toBe(true);
		now += 59_999;
		expect(store.claim('k')).toBe(false);
		expect(store.has('k')).toBe(true);
		now += 1;
		expect(store.has('k')).toBe(false);
		expect(store.claim('k')).toBe(true);
	});

	it('evicts expired entries from the front on claim', () => {
		let now = 0;
		const store = new DedupeStore({ ttlMs: 1000, now: () => now });
		for (let i = 0; i < 50; i++) store.claim(`old-${i}`);
		now = 500;
		for (let i = 0; i < 10; i++) store.claim(`new-${i}`);
		expect(store.size).toBe(60);
		now = 1200;
		store.claim('trigger');
		expect(store.size).toBe(11);
		expect(store.has('old-0')).toBe(false);
		expect(store.has('new-9')).toBe(true);
	});

	it('lets a released key pass again', () => {
		const store = new DedupeStore();
		store.claim('x');
		store.release('x');
		expect(store.has('x')).toBe(false);
		expect(store.claim('x')).toBe(true);
		expect(store.claim('x')).toBe(false);
	});

	it('evicts the oldest live key when full, skipping released ones', () => {
		const store = new DedupeStore({ maxEntries: 3 });
		['a', 'b', 'c'].forEach((k) => store.claim(k));
		store.release('b');
		expect(store.claim('d')).toBe(true);
		expect(store.size).toBe(3);
		expect(['a', 'c', 'd'].every((k) => store.has(k))).toBe(true);
		expect(store.claim('e')).toBe(true);
		expect(store.has('a')).toBe(false);
		expect(['c', 'd', 'e'].every((k) => store.has(k))).toBe(true);
		expect(store.claim('b')).toBe(true);
		expect(store.has('c')).toBe(false);
	});

	it('a key re-claimed after release is aged from its new claim', () => {
		let now = 0;
		const store = new DedupeStore({ ttlMs: 1000, now: () => now });
		store.claim('k');
		store.release('k');
		now = 900;
		store.claim('k');
		now = 1100;
		store.claim('other');
		expect(store.has('k')).toBe(true);
		expect(store.claim('k')).toBe(false);
	});

	it('keeps its bookkeeping bounded under endless claim/release cycles', () => {
		const store = new DedupeStore({ maxEntries: 1000 });
		// Ends on a kept key: a claim that is later released may push out one kept key while the store is full.
		for (let i = 0; i <= 200_000; i++) {
			store.claim(`cycle-${i}`);
			if (i % 10 !== 0) store.release(`cycle-${i}`);
		}
		expect(store.size).toBe(1000);
		const queue = store as unknown as { ids: unknown[]; times: unknown[] };
		expect(queue.ids.length).toBeLessThanOrEqual(4 * 1000 + 2048);
		expect(queue.times.length).toBe(queue.ids.length);
		expect(store.has('cycle-200000')).toBe(true);
		expect(store.has('cycle-199991')).toBe(false);
	});

	it('clear() empties the store', () => {
		const store = new DedupeStore();
		store.claim('x');
		store.clear();
		expect(store.size).toBe(0);
		expect(store.claim('x')).toBe(true);
	});

	it('stays bounded: 1,000,000 claims with maxEntries 10,000 keep size <= 10,000', () => {
		const store = new DedupeStore({ maxEntries: 10_000 });
		let maxSeen = 0;
		let refused = 0;
		for (let i = 0; i < 1_000_000; i++) {
			if (!store.claim(`delivery-${i}`)) refused++;
			if (store.size > maxSeen) maxSeen = store.size;
		}
		expect(refused).toBe(0);
		expect(maxSeen).toBe(10_000);
		// The newest keys are remembered, the oldest were evicted first.
		expect(store.has('delivery-999999')).toBe(true);
		expect(store.has('delivery-990000')).toBe(true);
		expect(store.has('delivery-989999')).toBe(false);
		expect(store.claim('delivery-0')).toBe(true);
	});

	it('tells huge keys apart and keeps them as short fingerprints', () => {
		const store = new DedupeStore({ maxEntries: 3 });
		const huge = 'x'.repeat(5_000_000);
		expect(store.claim(huge)).toBe(true);
		expect(store.claim(huge + 'y')).toBe(true);
		expect(store.claim(huge)).toBe(false);
		expect(store.size).toBe(2);
	});

	it.each([
		[{ ttlMs: 0 }, /TTL/],
		[{ ttlMs: -1 }, /TTL/],
		[{ ttlMs: Number.NaN }, /TTL/],
		[{ maxEntries: 0 }, /maxEntries/],
		[{ maxEntries: 1.5 }, /maxEntries/],
	])('rejects bad options %p', (opts, message) => {
		expect(() => new DedupeStore(opts)).toThrow(message);
	});
});
