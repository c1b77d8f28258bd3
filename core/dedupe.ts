import { createHash } from 'crypto';

export interface DedupeOptions {
	/** How long a delivery key is remembered. Default 24 h, longer than Partnero's retry horizon. */
	ttlMs?: number;
	/** Upper bound on remembered keys; the oldest are forgotten first. Default 100,000. */
	maxEntries?: number;
	/** Clock, injectable for tests. Default Date.now. */
	now?: () => number;
}

const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;
const DEFAULT_MAX_ENTRIES = 100_000;
/** 16 base64 characters = 96 bits: collisions stay negligible far beyond maxEntries. */
const FINGERPRINT_CHARS = 16;

/**
 * Keys are derived from sender-controlled fields and can be arbitrarily long, so the store keeps a
 * fixed-size fingerprint of each key instead of the key itself. Memory is then bounded by
 * maxEntries × (fingerprint + timestamp), whatever the senders put in their payloads.
 */
function fingerprint(key: string): string {
	return createHash('sha256').update(key, 'utf8').digest('base64').slice(0, FINGERPRINT_CHARS);
}

/**
 * In-memory "seen recently" set with FIFO expiry.
 *
 * Age order lives in a queue of its own rather than in the Map's insertion order: V8 leaves deleted Map
 * slots in place until the table is rebuilt, so repeatedly removing "the first entry" of a Map walks over
 * all earlier deletions and each claim degrades to O(maxEntries). With the queue every operation is
 * amortised O(1).
 *
 * The queue is two parallel arrays (fingerprints, claim times) and the Map holds each fingerprint's
 * position in them as a small integer. No object and no boxed timestamp per entry: at the default cap
 * that halves the store's heap. A queue slot is live only while the Map still points at that very
 * position, so release() is a plain Map delete and stale slots are skipped (or compacted away) later.
 */
export class DedupeStore {
	private readonly ttlMs: number;
	private readonly maxEntries: number;
	private readonly now: () => number;
	/** fingerprint → its position in the queue, counted from the first claim ever (see `offset`). */
	private readonly seen = new Map<string, number>();
	private ids: Array<string | undefined> = [];
	/** Claim times, kept as a plain number array so V8 stores them unboxed. */
	private times: number[] = [];
	/** Position of ids[0]: grows as compaction drops the front, so positions in the Map stay valid. */
	private offset = 0;
	private head = 0;

	constructor(opts: DedupeOptions = {}) {
		const ttlMs = opts.ttlMs ?? DEFAULT_TTL_MS;
		const maxEntries = opts.maxEntries ?? DEFAULT_MAX_ENTRIES;
		if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
			throw new Error(`Dedupe TTL must be a positive number of milliseconds, got ${String(ttlMs)}`);
		}
		if (!Number.isInteger(maxEntries) || maxEntries < 1) {
			throw new Error(`Dedupe maxEntries must be a whole number of at least 1, got ${String(maxEntries)}`);
		}
		this.ttlMs = ttlMs;
		this.maxEntries = maxEntries;
		this.now = opts.now ?? Date.now;
	}

	/** true if the key was not seen within the TTL (and remembers it); false for a duplicate. */
	claim(key: string): boolean {
		const now = this.now();
		this.evictExpired(now);
		const id = fingerprint(key);
		const existing = this.seen.get(id);
		if (existing !== undefined && !this.isExpired(existing, now)) return false;
		this.seen.set(id, this.offset + this.ids.length);
		this.ids.push(id);
		this.times.push(now);
		while (this.seen.size > this.maxEntries) {
			const oldest = this.shift();
			if (oldest !== undefined) this.seen.delete(oldest);
		}
		this.compact();
		return true;
	}

	/** Forget a key, so that the sender's retry of a delivery we failed to hand on is accepted. */
	release(key: string): void {
		this.seen.delete(fingerprint(key));
	}

	has(key: string): boolean {
		const position = this.seen.get(fingerprint(key));
		return position !== undefined && !this.isExpired(position, this.now());
	}

	get size(): number {
		return this.seen.size;
	}

	clear(): void {
		this.seen.clear();
		this.ids = [];
		this.times = [];
		this.offset = 0;
		this.head = 0;
	}

	private isExpired(position: number, now: number): boolean {
		return now - this.times[position - this.offset] >= this.ttlMs;
	}

	/** The fingerprint at queue index i, if the Map still points at that slot. */
	private liveAt(i: number): string | undefined {
		const id = this.ids[i];
		return id !== undefined && this.seen.get(id) === this.offset + i ? id : undefined;
	}

	/** The oldest live fingerprint, removed from the queue (not from the Map); undefined when none is left. */
	private shift(): string | undefined {
		while (this.head < this.ids.length) {
			const id = this.liveAt(this.head);
			this.ids[this.head++] = undefined;
			if (id !== undefined) return id;
		}
		return undefined;
	}

	private evictExpired(now: number): void {
		while (this.head < this.ids.length) {
			const id = this.liveAt(this.head);
			if (id !== undefined && !this.isExpired(this.offset + this.head, now)) return;
			this.ids[this.head++] = undefined;
			if (id !== undefined) this.seen.delete(id);
		}
	}

	/** Drops consumed slots and released entries once they outweigh the live ones, keeping memory bounded. */
	private compact(): void {
		const pending = this.ids.length - this.head;
		if (this.head > 1024 && this.head >= pending) {
			this.ids = this.ids.slice(this.head);
			this.times = this.times.slice(this.head);
			this.offset += this.head;
			this.head = 0;
		} else if (pending > 2 * this.seen.size + 1024) {
			const ids: string[] = [];
			const times: number[] = [];
			const offset = this.offset + this.ids.length;
			for (let i = this.head; i < this.ids.length; i++) {
				const id = this.liveAt(i);
				if (id === undefined) continue;
				this.seen.set(id, offset + ids.length);
				ids.push(id);
				times.push(this.times[i]);
			}
			this.ids = ids;
			this.times = times;
			this.offset = offset;
			this.head = 0;
		}
	}
}
