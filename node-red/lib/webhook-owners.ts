/**
 * Which live trigger node holds the webhook registered for a URL, shared by every trigger node in this
 * Node-RED process. A deploy closes the old node and starts its successor for the same URL; Node-RED may
 * start the successor before the old close has finished (its close timeout is 15 s). Explicit ownership
 * lets a close tell "my webhook" from "the webhook my successor adopted", and lets the successor start
 * with the key and secret its predecessor held, so deliveries verify from its first moment.
 *
 * It also knows which URL each trigger node served: a node whose path or public URL changed starts with a
 * new URL, and its predecessor's webhook, kept on close as for any redeploy, would otherwise stay at the
 * provider and be sent every event (to a route that is gone). The successor deletes it (leftBehind).
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
	/** Live nodes serving this URL from their start, before they hold a webhook for it. */
	serving?: Set<Holder>;
}

const entries = new Map<string, Entry>();

/** Per trigger node (provider and node id): the URL it serves, and URLs its predecessors left whose webhooks are owed a delete. */
const nodes = new Map<string, { url?: string; left: Set<string> }>();

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
	e?.serving?.delete(holder);
}

/**
 * Node `node` starts, serving `url` (none without a public URL) as `holder`. Called synchronously in the
 * node's constructor, so every node of a deploy is known before any of them deletes a URL it left.
 */
export function serve(node: string, url: string | undefined, holder: Holder): void {
	let n = nodes.get(node);
	if (!n) {
		n = { left: new Set() };
		nodes.set(node, n);
	}
	if (n.url !== undefined && n.url !== url) n.left.add(n.url);
	if (url === undefined) {
		n.url = undefined;
		return;
	}
	n.left.delete(url);
	n.url = url;
	const e = entry(url);
	(e.serving ??= new Set()).add(holder);
}

/** URLs that `node`'s predecessors served and it no longer does: their webhooks are still to be deleted. */
export function leftBehind(node: string): string[] {
	return [...(nodes.get(node)?.left ?? [])];
}

/** Whether some node left `url` and still owes its webhook a delete. */
export function owed(url: string): boolean {
	return [...nodes.values()].some((n) => n.left.has(url));
}

/** The webhook `node` left at `url` was deleted, found gone, or taken over by the node now serving `url`. */
export function settledLeft(node: string, url: string): void {
	nodes.get(node)?.left.delete(url);
}

/** Whether a live node other than `except` serves `url` (it keeps that URL's webhook). */
export function servedByOther(url: string, except?: Holder): boolean {
	const e = entries.get(url);
	return (
		[...(e?.serving ?? [])].some((h) => h !== except) || Boolean(e?.holder && e.holder !== except)
	);
}

/** `node` was removed: nothing of it is carried to a successor. */
export function nodeRemoved(node: string): void {
	nodes.delete(node);
}

/** The live node holding `key` for `url`, other than `except`. */
export function liveHolderOf(url: string, key: string, except?: Holder): Holder | undefined {
	const e = entries.get(url);
	return e?.holder && e.holder !== except && e.held?.key === key ? e.holder : undefined;
}

/** Forgets the webhook of `url` once it has been deleted, unless a live node holds a different one. */
export function forget(url: string, key: string): void {
	const e = entries.get(url);
	if (e?.held?.key !== key || e.holder) return;
	// A node that started for the URL and has not registered yet stays known as serving it.
	if (e.serving?.size) e.held = e.doubtful = undefined;
	else entries.delete(url);
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
	nodes.clear();
}
