import { DedupeStore } from '../../core/dedupe';

describe('DedupeStore', () => {
	test('snapshot and restore carry the newest claims, with their times, into a new store; JSON round trip', () => {
		let now = 1_000_000;
		const old = new DedupeStore({ ttlMs: 60_000, now: () => now });
		for (let i = 0; i < 50; i++) {
			old.claim(`k${i}`);
			now += 1000;
		}
		old.release('k49');
		const snap = JSON.parse(JSON.stringify(old.snapshot(40)));
		expect(snap.at).toHaveLength(40);
		expect(JSON.stringify(snap)).not.toContain('k1');

		const fresh = new DedupeStore({ ttlMs: 60_000, now: () => now });
		expect(fresh.restore(snap)).toBe(40);
		// k9..k48 came across (the newest 40 live ones); older ones and the released one did not.
		expect(fresh.claim('k48')).toBe(false);
		expect(fresh.claim('k9')).toBe(false);
		expect(fresh.claim('k8')).toBe(true);
		expect(fresh.claim('k49')).toBe(true);
		// Claim times are kept: k9 was claimed at 1,009,000 and expires 60 s later, not 60 s after the restore.
		now = 1_009_000 + 60_000;
		expect(fresh.has('k9')).toBe(false);
		expect(fresh.has('k48')).toBe(true);
		expect(fresh.restore({ v: 2 })).toBe(0);
		expect(fresh.restore(undefined)).toBe(0);
	});

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
		const inside = store as unknown as { qSeq: Float64Array; slots: number };
		expect(inside.qSeq.length).toBeLessThanOrEqual(4 * 1000);
		expect(inside.slots).toBeLessThanOrEqual(8 * 1000);
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

	/** The rules spelled out with a plain Map (insertion order = claim order), for a differential test. */
	class ReferenceStore {
		private readonly seen = new Map<string, number>();
		constructor(
			private readonly ttl: number,
			private readonly max: number,
			private readonly clock: () => number,
		) {}
		private evict(now: number) {
			for (const [k, t] of this.seen) {
				if (now - t < this.ttl) break;
				this.seen.delete(k);
			}
		}
		claim(k: string) {
			const now = this.clock();
			this.evict(now);
			const t = this.seen.get(k);
			if (t !== undefined && now - t < this.ttl) return false;
			this.seen.delete(k);
			this.seen.set(k, now);
			while (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value as string);
			return true;
		}
		release(k: string) {
			this.seen.delete(k);
		}
		has(k: string) {
			const t = this.seen.get(k);
			return t !== undefined && this.clock() - t < this.ttl;
		}
		get size() {
			return this.seen.size;
		}
	}

	it.each([
		{ maxEntries: 1, ttlMs: 50, keys: 4 },
		{ maxEntries: 7, ttlMs: 200, keys: 20 },
		{ maxEntries: 100, ttlMs: 1_000, keys: 300 },
		{ maxEntries: 1_000, ttlMs: 100_000, keys: 2_000 },
		// Expiry rather than the cap decides here.
		{ maxEntries: 500, ttlMs: 100, keys: 1_000 },
	])(
		'behaves like the plain-Map reference over 50,000 random operations (%o)',
		({ maxEntries, ttlMs, keys }) => {
			let seed = 0x9e3779b9 ^ maxEntries;
			const random = () => {
				seed = (seed + 0x6d2b79f5) | 0;
				let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
				t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
				return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
			};
			let now = 0;
			const clock = () => now;
			const store = new DedupeStore({ maxEntries, ttlMs, now: clock });
			const reference = new ReferenceStore(ttlMs, maxEntries, clock);
			for (let op = 0; op < 50_000; op++) {
				now += Math.floor(random() * 3);
				const k = `key-${Math.floor(random() * keys)}`;
				const dice = random();
				if (dice < 0.6) expect([op, store.claim(k)]).toEqual([op, reference.claim(k)]);
				else if (dice < 0.75) {
					store.release(k);
					reference.release(k);
				} else if (dice < 0.999) expect([op, store.has(k)]).toEqual([op, reference.has(k)]);
				else {
					store.clear();
					for (let i = 0; i < keys; i++) reference.release(`key-${i}`);
				}
				if (op % 97 === 0) expect([op, store.size]).toEqual([op, reference.size]);
			}
		},
	);
});
