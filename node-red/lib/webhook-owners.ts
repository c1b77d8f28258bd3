/**
 * Which live trigger node holds the webhook registered for a URL, shared by every trigger node in this
 * Node-RED process. A deploy closes the old node and starts its successor for the same URL; Node-RED may
 * start the successor before the old close has finished (its close timeout is 15 s). Explicit ownership
 * lets a close tell "my webhook" from "the webhook my successor adopted", and lets the successor start
 * with the key and secret its predecessor held, so deliveries verify from its first moment.
 */

export interface HeldWebhook {
	key: string;
	/** The secret deliveries are checked with (Partnero's signing secret, PartnerStack's URL secret). */
	secret: string;
}

export interface Holder {
	/** Re-checks the webhook at the provider and registers it anew if it is gone. */
	recheck(reason: string): void;
}

interface Entry {
	held?: HeldWebhook;
	holder?: Holder;
	/** A close of a node for this URL still under way; a successor waits for it before registering. */
	closing?: Promise<void>;
	/** A webhook whose DELETE was given up: the provider may still apply it, so whoever adopts it re-checks. */
	doubtful?: string;
}

const entries = new Map<string, Entry>();

function entry(url: string): Entry {
	let e = entries.get(url);
	if (!e) {
		e = {};
		entries.set(url, e);
	}
	return e;
}

/** The key and secret last registered for `url` in this process, if any. */
export function heldWebhook(url: string): HeldWebhook | undefined {
	return entries.get(url)?.held;
}

/** `holder` now holds `held` for `url`. */
export function hold(url: string, holder: Holder, held: HeldWebhook): void {
	const e = entry(url);
	e.holder = holder;
	e.held = held;
}

/** Keeps `held` for a successor of `url`, unless a live node holds a webhook for it. */
export function remember(url: string, held: HeldWebhook): void {
	const e = entry(url);
	if (!e.holder) e.held = held;
}

/** The key the live node for `url` holds, if there is one. */
export function liveKey(url: string): string | undefined {
	const e = entries.get(url);
	return e?.holder ? e.held?.key : undefined;
}

/** `holder` stops being the live node for `url`; what it held stays known for a successor. */
export function letGo(url: string, holder: Holder): void {
	const e = entries.get(url);
	if (e?.holder === holder) e.holder = undefined;
}

/** The live node holding `key` for `url`, other than `except`. */
export function liveHolderOf(url: string, key: string, except?: Holder): Holder | undefined {
	const e = entries.get(url);
	return e?.holder && e.holder !== except && e.held?.key === key ? e.holder : undefined;
}

/** Forgets the webhook of `url` once it has been deleted, unless a live node holds a different one. */
export function forget(url: string, key: string): void {
	const e = entries.get(url);
	if (e?.held?.key === key && !e.holder) entries.delete(url);
}

/** A DELETE of `key` was given up; the provider may apply it later. */
export function doubt(url: string, key: string): void {
	entry(url).doubtful = key;
}

/** Whether `key` for `url` may yet be deleted by a DELETE that was given up. */
export function doubtful(url: string, key: string): boolean {
	return entries.get(url)?.doubtful === key;
}

/** Marks a close for `url` as under way until `done` settles. */
export function closing(url: string, done: Promise<void>): void {
	const e = entry(url);
	const mine = done.finally(() => {
		if (e.closing === mine) e.closing = undefined;
	});
	e.closing = mine;
}

/** Resolves once no close for `url` is under way. */
export function closed(url: string): Promise<void> {
	return entries.get(url)?.closing ?? Promise.resolve();
}

/** Forgets every URL, as a new Node-RED process would start (the tests' way to simulate a restart). */
export function forgetAll(): void {
	entries.clear();
}
