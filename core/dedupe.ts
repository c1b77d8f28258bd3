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

interface Entry {
	id: string;
	claimedAt: number;
}

/**
 * In-memory "seen recently" set with FIFO expiry.
 *
 * Age order lives in a separate array queue rather than in the Map's insertion order: V8 leaves deleted
 * Map slots in place until the table is rebuilt, so repeatedly removing "the first entry" of a Map walks
 * over all earlier deletions and each claim degrades to O(maxEntries). With the queue every operation is
 * amortised O(1). A queue entry is live only while the Map still points at that very object, so
 * release() is a plain Map delete and stale queue entries are skipped (or compacted away) later.
 */
export class DedupeStore {
	private readonly ttlMs: number;
	private readonly maxEntries: number;
	private readonly now: () => number;
	private readonly seen = new Map<string, Entry>();
	private queue: Array<Entry | undefined> = [];
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
		if (existing && !this.isExpired(existing, now)) return false;
		const entry: Entry = { id, claimedAt: now };
		this.seen.set(id, entry);
		this.queue.push(entry);
		while (this.seen.size > this.maxEntries) {
			const oldest = this.shift();
			if (oldest) this.seen.delete(oldest.id);
		}
		this.compact();
		return true;
	}

	/** Forget a key, so that the sender's retry of a delivery we failed to hand on is accepted. */
	release(key: string): void {
		this.seen.delete(fingerprint(key));
	}

	has(key: string): boolean {
		const entry = this.seen.get(fingerprint(key));
		return entry !== undefined && !this.isExpired(entry, this.now());
	}

	get size(): number {
		return this.seen.size;
	}

	clear(): void {
		this.seen.clear();
		this.queue = [];
		this.head = 0;
	}

	private isExpired(entry: Entry, now: number): boolean {
		return now - entry.claimedAt >= this.ttlMs;
	}

	private isLive(entry: Entry): boolean {
		return this.seen.get(entry.id) === entry;
	}

	/** The oldest live entry, removed from the queue (not from the Map); undefined when none is left. */
	private shift(): Entry | undefined {
		while (this.head < this.queue.length) {
			const entry = this.queue[this.head];
			this.queue[this.head++] = undefined;
			if (entry && this.isLive(entry)) return entry;
		}
		return undefined;
	}

	private evictExpired(now: number): void {
		while (this.head < this.queue.length) {
			const entry = this.queue[this.head];
			if (entry && this.isLive(entry) && !this.isExpired(entry, now)) return;
			this.queue[this.head++] = undefined;
			if (entry && this.isLive(entry)) this.seen.delete(entry.id);
		}
	}

	/** Drops consumed slots and released entries once they outweigh the live ones, keeping memory bounded. */
	private compact(): void {
		const pending = this.queue.length - this.head;
		if (this.head > 1024 && this.head >= pending) {
			this.queue = this.queue.slice(this.head);
			this.head = 0;
		} else if (pending > 2 * this.seen.size + 1024) {
			this.queue = this.queue.slice(this.head).filter((entry) => entry !== undefined && this.isLive(entry));
			this.head = 0;
		}
	}
}
