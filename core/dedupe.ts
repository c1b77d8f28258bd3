import { createHash } from 'crypto';

export interface DedupeOptions {
	/** How long a delivery key is remembered. Default 24 h, longer than Partnero's retry horizon. */
	ttlMs?: number;
	/** Upper bound on remembered keys; the oldest are forgotten first. Default 100,000. */
	maxEntries?: number;
	/** Clock, injectable for tests. Default Date.now. */
	now?: () => number;
}

/** Recent claims as plain JSON-able data: fingerprints only (never keys), oldest first. */
export interface DedupeSnapshot {
	v: 1;
	/** WORDS 32-bit words per claim, little-endian, base64. */
	fp: string;
	/** Claim times (ms since the epoch), one per claim. */
	at: number[];
}

/** 24 h: longer than Partnero's retry horizon; the receiver's default freshness window is the same span. */
export const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;
const DEFAULT_MAX_ENTRIES = 100_000;
/** 3 × 32 bits of SHA-256 = 96 bits: collisions stay negligible far beyond maxEntries. */
const WORDS = 3;
const FIRST_TABLE_SLOTS = 64;
const FIRST_QUEUE_SLOTS = 32;
const EMPTY = 0;

/**
 * Keys are derived from sender-controlled fields and can be arbitrarily long, so the store keeps a
 * fixed-size fingerprint of each key instead of the key itself.
 */
function fingerprint(key: string, into: Uint32Array): void {
	const digest = createHash('sha256').update(key, 'utf8').digest();
	for (let w = 0; w < WORDS; w++) into[w] = digest.readUInt32LE(4 * w);
}

/**
 * In-memory "seen recently" set with FIFO expiry.
 *
 * Everything lives in typed arrays: an open-addressing hash table of fingerprints (with each claim's
 * sequence number and time) and a ring buffer of claims in age order. No JS object or string is kept per
 * key, so the store costs about 100 bytes per key, grows by doubling up to what maxEntries needs, and puts
 * no pressure on V8's young generation however many keys pass through it.
 *
 * A queue entry is live only while the table still holds its fingerprint under the same sequence
 * number, so release() is a plain table delete and stale queue entries are skipped (or compacted away)
 * later. Age order is the queue's, not the table's, so evicting the oldest stays amortised O(1).
 */
export class DedupeStore {
	private readonly ttlMs: number;
	private readonly maxEntries: number;
	private readonly now: () => number;
	private readonly key = new Uint32Array(WORDS);
	private nextSeq = 1;

	/** Table: fingerprint words, and per slot EMPTY or the sequence number of its claim. */
	private slots = FIRST_TABLE_SLOTS;
	private fp = new Uint32Array(FIRST_TABLE_SLOTS * WORDS);
	private seq = new Float64Array(FIRST_TABLE_SLOTS);
	private at = new Float64Array(FIRST_TABLE_SLOTS);
	private live = 0;

	/** Ring buffer of claims, oldest at qHead. */
	private qFp = new Uint32Array(FIRST_QUEUE_SLOTS * WORDS);
	private qSeq = new Float64Array(FIRST_QUEUE_SLOTS);
	private qHead = 0;
	private qLen = 0;

	constructor(opts: DedupeOptions = {}) {
		const ttlMs = opts.ttlMs ?? DEFAULT_TTL_MS;
		const maxEntries = opts.maxEntries ?? DEFAULT_MAX_ENTRIES;
		if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
			throw new Error(`Dedupe TTL must be a positive number of milliseconds, got ${String(ttlMs)}`);
		}
		if (!Number.isInteger(maxEntries) || maxEntries < 1) {
			throw new Error(
				`Dedupe maxEntries must be a whole number of at least 1, got ${String(maxEntries)}`,
			);
		}
		this.ttlMs = ttlMs;
		this.maxEntries = maxEntries;
		this.now = opts.now ?? Date.now;
	}

	/** true if the key was not seen within the TTL (and remembers it); false for a duplicate. */
	claim(key: string): boolean {
		const now = this.now();
		this.evictExpired(now);
		fingerprint(key, this.key);
		const found = this.find(this.key, 0);
		if (found >= 0) {
			if (!this.isExpired(found, now)) return false;
			this.remove(found);
		}
		const seq = this.nextSeq++;
		this.insert(this.key, 0, seq, now);
		this.enqueue(this.key, seq);
		while (this.live > this.maxEntries) this.evictOldest();
		return true;
	}

	/** Forget a key, so that the sender's retry of a delivery we failed to hand on is accepted. */
	release(key: string): void {
		fingerprint(key, this.key);
		const found = this.find(this.key, 0);
		if (found >= 0) this.remove(found);
	}

	has(key: string): boolean {
		fingerprint(key, this.key);
		const found = this.find(this.key, 0);
		return found >= 0 && !this.isExpired(found, this.now());
	}

	get size(): number {
		return this.live;
	}

	/**
	 * The newest `limit` live claims, for an engine to keep where its state outlives the process. Retries a
	 * sender makes after a restart are of deliveries from the last hours, so a bounded tail is enough.
	 */
	snapshot(limit: number): DedupeSnapshot {
		this.evictExpired(this.now());
		const slots: number[] = [];
		for (let q = this.qLen - 1; q >= 0 && slots.length < limit; q--) {
			const slot = this.liveSlot(q);
			if (slot >= 0) slots.push(slot);
		}
		slots.reverse();
		const words = new Uint32Array(slots.length * WORDS);
		slots.forEach((slot, n) =>
			words.set(this.fp.subarray(slot * WORDS, slot * WORDS + WORDS), n * WORDS),
		);
		const bytes = new Uint8Array(words.length * 4);
		const view = new DataView(bytes.buffer);
		words.forEach((word, i) => view.setUint32(4 * i, word, true));
		return {
			v: 1,
			fp: Buffer.from(bytes).toString('base64'),
			at: slots.map((slot) => this.at[slot]),
		};
	}

	/** Claims what a snapshot holds (unexpired, not yet claimed here), keeping their original times. */
	restore(snapshot: unknown): number {
		const snap = snapshot as Partial<DedupeSnapshot> | undefined;
		if (!snap || snap.v !== 1 || typeof snap.fp !== 'string' || !Array.isArray(snap.at)) return 0;
		const bytes = Buffer.from(snap.fp, 'base64');
		const count = Math.min(snap.at.length, Math.floor(bytes.length / (4 * WORDS)));
		const now = this.now();
		let restored = 0;
		for (let n = 0; n < count; n++) {
			const at = Number(snap.at[n]);
			if (!Number.isFinite(at) || now - at >= this.ttlMs || at > now) continue;
			for (let w = 0; w < WORDS; w++) this.key[w] = bytes.readUInt32LE(4 * (n * WORDS + w));
			if (this.find(this.key, 0) >= 0) continue;
			const seq = this.nextSeq++;
			this.insert(this.key, 0, seq, at);
			this.enqueue(this.key, seq);
			while (this.live > this.maxEntries) this.evictOldest();
			restored++;
		}
		return restored;
	}

	clear(): void {
		this.slots = FIRST_TABLE_SLOTS;
		this.fp = new Uint32Array(FIRST_TABLE_SLOTS * WORDS);
		this.seq = new Float64Array(FIRST_TABLE_SLOTS);
		this.at = new Float64Array(FIRST_TABLE_SLOTS);
		this.live = 0;
		this.qFp = new Uint32Array(FIRST_QUEUE_SLOTS * WORDS);
		this.qSeq = new Float64Array(FIRST_QUEUE_SLOTS);
		this.qHead = 0;
		this.qLen = 0;
	}

	private isExpired(slot: number, now: number): boolean {
		return now - this.at[slot] >= this.ttlMs;
	}

	/** The table slot holding the fingerprint words[from..from+3), or -1. */
	private find(words: Uint32Array, from: number): number {
		const mask = this.slots - 1;
		for (let i = words[from] & mask; ; i = (i + 1) & mask) {
			if (this.seq[i] === EMPTY) return -1;
			if (
				this.fp[i * WORDS] === words[from] &&
				this.fp[i * WORDS + 1] === words[from + 1] &&
				this.fp[i * WORDS + 2] === words[from + 2]
			) {
				return i;
			}
		}
	}

	/** Adds a fingerprint known to be absent, in the first free slot of its probe run. */
	private insert(words: Uint32Array, from: number, seq: number, at: number): void {
		// At most half full, so every probe run ends soon.
		if (2 * (this.live + 1) > this.slots) this.grow();
		const mask = this.slots - 1;
		let i = words[from] & mask;
		while (this.seq[i] !== EMPTY) i = (i + 1) & mask;
		this.put(i, words, from, seq, at);
		this.live++;
	}

	private put(i: number, words: Uint32Array, from: number, seq: number, at: number): void {
		for (let w = 0; w < WORDS; w++) this.fp[i * WORDS + w] = words[from + w];
		this.seq[i] = seq;
		this.at[i] = at;
	}

	/**
	 * Empties a slot and shifts later members of its probe run back into the gap, so that no deleted
	 * markers build up: the table only ever grows with the live keys, and the steady state at the cap
	 * allocates nothing.
	 */
	private remove(slot: number): void {
		const mask = this.slots - 1;
		let gap = slot;
		this.seq[gap] = EMPTY;
		for (let j = (gap + 1) & mask; this.seq[j] !== EMPTY; j = (j + 1) & mask) {
			const home = this.fp[j * WORDS] & mask;
			// The entry at j stays if its home lies cyclically after the gap, up to j itself.
			const reachable = gap <= j ? gap < home && home <= j : gap < home || home <= j;
			if (reachable) continue;
			this.put(gap, this.fp, j * WORDS, this.seq[j], this.at[j]);
			this.seq[j] = EMPTY;
			gap = j;
		}
		this.live--;
	}

	/** Doubles the table and places every key anew. */
	private grow(): void {
		const { fp, seq, at, slots } = this;
		this.slots = 2 * slots;
		this.fp = new Uint32Array(this.slots * WORDS);
		this.seq = new Float64Array(this.slots);
		this.at = new Float64Array(this.slots);
		this.live = 0;
		for (let i = 0; i < slots; i++) if (seq[i] !== EMPTY) this.insert(fp, i * WORDS, seq[i], at[i]);
	}

	/** The table slot of queue entry q (counted from the head) while that claim is still live, else -1. */
	private liveSlot(q: number): number {
		const ring = (this.qHead + q) % this.qSeq.length;
		const slot = this.find(this.qFp, ring * WORDS);
		return slot >= 0 && this.seq[slot] === this.qSeq[ring] ? slot : -1;
	}

	private dequeue(): void {
		this.qHead = (this.qHead + 1) % this.qSeq.length;
		this.qLen--;
	}

	private evictOldest(): void {
		while (this.qLen > 0) {
			const slot = this.liveSlot(0);
			this.dequeue();
			if (slot >= 0) {
				this.remove(slot);
				return;
			}
		}
	}

	private evictExpired(now: number): void {
		while (this.qLen > 0) {
			const slot = this.liveSlot(0);
			if (slot >= 0 && !this.isExpired(slot, now)) return;
			this.dequeue();
			if (slot >= 0) this.remove(slot);
		}
	}

	private enqueue(words: Uint32Array, seq: number): void {
		if (this.qLen === this.qSeq.length) this.regrowQueue();
		const ring = (this.qHead + this.qLen) % this.qSeq.length;
		for (let w = 0; w < WORDS; w++) this.qFp[ring * WORDS + w] = words[w];
		this.qSeq[ring] = seq;
		this.qLen++;
	}

	/** A full queue drops its stale entries (released or replaced claims), and doubles if that frees too little. */
	private regrowQueue(): void {
		const keep: number[] = [];
		for (let q = 0; q < this.qLen; q++)
			if (this.liveSlot(q) >= 0) keep.push((this.qHead + q) % this.qSeq.length);
		const size = 2 * keep.length >= this.qSeq.length ? 2 * this.qSeq.length : this.qSeq.length;
		const qFp = new Uint32Array(size * WORDS);
		const qSeq = new Float64Array(size);
		keep.forEach((ring, n) => {
			qFp.set(this.qFp.subarray(ring * WORDS, ring * WORDS + WORDS), n * WORDS);
			qSeq[n] = this.qSeq[ring];
		});
		this.qFp = qFp;
		this.qSeq = qSeq;
		this.qHead = 0;
		this.qLen = keep.length;
	}
}
