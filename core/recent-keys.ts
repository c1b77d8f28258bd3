import { createHash } from 'crypto';

/**
 * Recent delivery keys as one compact string, for state that an engine persists and shares between its
 * processes (n8n's workflow static data). Each entry is a fixed-width record: a 72-bit fingerprint of the
 * key (12 base64url characters) and the claim time in whole seconds (7 base36 characters), oldest first.
 * Fixed width keeps the value small (19 bytes a key) and lets it be read without parsing JSON.
 */

const FP_CHARS = 12;
const TIME_CHARS = 7;
const ENTRY = FP_CHARS + TIME_CHARS;

export interface RecentKeysOptions {
	/** How long a key counts as seen. Default 24 h, longer than Partnero's last retry (about 2.5 h in). */
	ttlMs?: number;
	/** Most keys kept; the oldest go first. Default 1,000 (19 kB). */
	maxEntries?: number;
	/** Current time in ms. */
	now: number;
}

export const RECENT_KEYS_DEFAULTS = { ttlMs: 24 * 60 * 60 * 1000, maxEntries: 1000 } as const;

function fingerprint(key: string): string {
	return createHash('sha256').update(key, 'utf8').digest('base64url').slice(0, FP_CHARS);
}

function seconds(ms: number): string {
	return Math.floor(ms / 1000).toString(36).padStart(TIME_CHARS, '0').slice(-TIME_CHARS);
}

/**
 * Claims `key` against the stored value. `fresh` is false when the key was claimed within the TTL; otherwise
 * `stored` is the value to persist, with the key added and expired or surplus entries dropped. A value that
 * is not a well-formed record string (absent, or written by something else) counts as empty.
 */
export function claimRecentKey(stored: unknown, key: string, o: RecentKeysOptions): { fresh: boolean; stored: string } {
	const ttlMs = o.ttlMs ?? RECENT_KEYS_DEFAULTS.ttlMs;
	const maxEntries = o.maxEntries ?? RECENT_KEYS_DEFAULTS.maxEntries;
	let value = typeof stored === 'string' && stored.length % ENTRY === 0 ? stored : '';
	const oldest = seconds(o.now - ttlMs);
	let start = 0;
	// Entries are in claim order, so the expired ones form a prefix (the times compare as fixed-width strings).
	while (start < value.length && value.slice(start + FP_CHARS, start + ENTRY) < oldest) start += ENTRY;
	value = value.slice(start);
	const fp = fingerprint(key);
	for (let i = 0; i < value.length; i += ENTRY) {
		if (value.startsWith(fp, i)) return { fresh: false, stored: value };
	}
	value += fp + seconds(o.now);
	const excess = value.length / ENTRY - maxEntries;
	if (excess > 0) value = value.slice(excess * ENTRY);
	return { fresh: true, stored: value };
}
