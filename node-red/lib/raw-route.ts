import type { NodeAPI } from 'node-red';
import type { Express, NextFunction, Request, Response } from 'express';
import { sleep } from '../../core/retry';
import { literalPathProblem } from '../../core/route-path';
import { nodeCors, nodeMiddleware, pipelineError } from './http-pipeline';

/**
 * POST routes on RED.httpNode that keep the raw body bytes. In a real runtime the editor app sits in front
 * of httpNode on the same root and JSON-parses every request first, which loses the bytes the signature
 * covers; so a claim runs as the very first middleware of the outermost app, for our paths only, and marks
 * the request as parsed. Until the request has passed httpNodeAuth (which the runtime mounts in front of
 * httpNode), httpNodeMiddleware and CORS, it may hold at most EARLY_BODY_BYTES; the body is read on from the
 * route itself: a request those refuse is answered at once, and an oversized or endless one gets its 413/408
 * only once it passed them.
 *
 * Paths are matched as Express matches routes (case-insensitive, one trailing slash allowed), so every
 * request that reaches our handler was claimed. Because the claim runs before the editor's own routes, a
 * path that would shadow one of them (POST /flows is how the editor deploys) is refused.
 */
export type RawRequest = Request & { rawBody?: Buffer; rawBodyTooLarge?: boolean };

interface Layer {
	handle?: unknown;
	match?: (path: string) => boolean;
	route?: { path: string; stack: Array<{ handle: unknown }> };
}

const MARK = Symbol('partnerhooks raw-body claim');
/** Captured routes by matching key, with their body cap and the node that owns them. */
const rawPaths = new Map<string, { limit: number; owner: string }>();
export const MAX_RAW_BODY = 1024 * 1024;
/** A body still arriving after this long is cut off (a sender that never finishes would hold memory and a socket). */
export const RAW_BODY_LIMITS = { timeoutMs: 30_000 };

/**
 * First path segments of the editor's own routes (Node-RED 4 and 5) under httpAdminRoot. Routes that nodes
 * add to httpAdmin (e.g. `inject/:id`, our own `partnero/events`) are found in its router as well.
 */
const ADMIN_SEGMENTS = new Set([
	'auth',
	'flows',
	'flow',
	'nodes',
	'settings',
	'plugins',
	'library',
	'credentials',
	'locales',
	'icons',
	'resources',
	'context',
	'diagnostics',
	'comms',
	'theme',
	'red',
	'vendor',
	'types',
	'projects',
	'debug',
	'inject',
	'favicon.ico',
]);

/** Why a path was refused: it shadows one of the editor's routes, or another trigger already serves it. */
export class RouteRefused extends Error {
	constructor(
		message: string,
		readonly kind: 'editor route' | 'used by another trigger' | 'not a literal path',
	) {
		super(message);
	}
}

function stackOf(app: Express): Layer[] {
	// Double cast: the router is `_router` in Express 4 (Node-RED 4), typed any, and `router` in Express 5
	// (Node-RED 5), which the types show as always there though Express 4's getter throws (so `_router` is
	// read first). This states the one thing read from either: the layer stack the claim reorders.
	const a = app as unknown as { _router?: { stack: Layer[] }; router?: { stack: Layer[] } };
	return (a._router ?? a.router)?.stack ?? [];
}

function outermost(app: Express): Express {
	let current = app as Express & { parent?: Express };
	while (current.parent) current = current.parent as Express & { parent?: Express };
	return current;
}

const normalise = (path: string) => path.replace(/\/{2,}/g, '/').replace(/\/$/, '') || '/';
/** The key two paths share when Express would route them alike. */
const routeKey = (path: string) => normalise(path).toLowerCase();

function rootOf(setting: unknown): string | undefined {
	if (setting === false) return undefined;
	return normalise('/' + (typeof setting === 'string' ? setting : '/'));
}

function answerEarly(res: Response, status: 408 | 413, message: string): void {
	if (res.headersSent) return;
	const text = JSON.stringify({ error: message });
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
		connection: 'close',
	});
	res.end(text);
}

/**
 * What a claimed request may hold before it has passed httpNodeAuth, httpNodeMiddleware and CORS: a delivery's
 * whole body as a rule (deliveries are a few KB), so the common case reads it as it arrives, but never more.
 */
export const EARLY_BODY_BYTES = 64 * 1024;

interface Held {
	chunks: Buffer[];
	size: number;
	ended: boolean;
	/** The route took the request over (or it was answered): stop collecting here. */
	release(): void;
}
const held = new WeakMap<Request, Held>();

/**
 * Keeps the editor's body parsers (body-parser skips a request marked `_body`) off our routes' bodies, and
 * starts collecting the body, up to EARLY_BODY_BYTES; past that the request is paused until the route reads on.
 * A request answered before its route (401 from httpNodeAuth) drops what was held, and one whose body had not
 * ended is closed, as a 413 or 408 is.
 */
function claim(req: Request, res: Response, next: NextFunction): void {
	if (req.method === 'POST') {
		// Double cast: `_parsedUrl` is parseurl's private cache, absent from Express's types; the router fills it
		// before any middleware runs, so this is the pathname the route will match.
		const parsed = (req as unknown as { _parsedUrl?: { pathname?: string } })._parsedUrl;
		const pathname = parsed?.pathname ?? req.url.split('?')[0];
		if (rawPaths.has(routeKey(pathname))) {
			(req as RawRequest & { _body?: boolean })._body = true;
			const h: Held = {
				chunks: [],
				size: 0,
				ended: false,
				release: () => {
					req.removeListener('data', onData);
					req.removeListener('end', onEnd);
					res.removeListener('finish', onFinish);
				},
			};
			const onData = (chunk: Buffer) => {
				h.chunks.push(chunk);
				h.size += chunk.length;
				if (h.size >= EARLY_BODY_BYTES) {
					req.removeListener('data', onData);
					req.pause();
				}
			};
			const onEnd = () => {
				h.ended = true;
			};
			const onFinish = () => {
				h.release();
				h.chunks.length = 0;
				if (!h.ended) req.destroy();
			};
			req.on('data', onData);
			req.on('end', onEnd);
			res.once('finish', onFinish);
			held.set(req, h);
		}
	}
	next();
}

/** The route step that reads the body, up to `limit` bytes and RAW_BODY_LIMITS.timeoutMs. */
function readBody(limit: number) {
	return (req: Request, res: Response, next: NextFunction): void => {
		const early = held.get(req);
		early?.release();
		// Refused before reading a byte more: the answer goes out at once and the connection closes after it.
		if (Number(req.headers['content-length']) > limit) {
			answerEarly(res, 413, 'body too large');
			res.once('finish', () => req.destroy());
			return;
		}
		const chunks: Buffer[] = early?.chunks ?? [];
		let size = early?.size ?? 0;
		const done = new AbortController();
		const finish = () => {
			done.abort();
			const r = req as RawRequest;
			r.rawBody = Buffer.concat(chunks);
			r.rawBodyTooLarge = false;
			r.body = r.rawBody;
			next();
		};
		const stop = (status: 408 | 413, message: string) => {
			done.abort();
			req.removeListener('data', onData);
			chunks.length = 0;
			answerEarly(res, status, message);
			// Whatever the sender still has in flight is not read.
			res.once('finish', () => req.destroy());
		};
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) stop(413, 'body too large');
			else chunks.push(chunk);
		};
		if (size > limit) {
			stop(413, 'body too large');
			return;
		}
		if (early?.ended) {
			finish();
			return;
		}
		req.on('data', onData);
		req.on('end', () => {
			if (!done.signal.aborted) finish();
		});
		req.on('error', (error) => {
			if (done.signal.aborted) return;
			done.abort();
			next(error);
		});
		if (req.isPaused()) req.resume();
		void sleep(RAW_BODY_LIMITS.timeoutMs, done.signal).then(() => {
			if (!done.signal.aborted) stop(408, 'body not received in time');
		});
	};
}

function ensureClaim(RED: NodeAPI): void {
	const root = outermost(RED.httpNode) as Express & { [MARK]?: boolean };
	if (root[MARK]) return;
	root[MARK] = true;
	root.use(claim);
	const stack = stackOf(root);
	const at = stack.findIndex((layer) => layer.handle === claim);
	if (at > 0) stack.unshift(...stack.splice(at, 1));
}

/** Whether one of httpAdmin's own routes answers `path` (relative to httpAdminRoot, leading '/'). */
function adminRouteAt(RED: NodeAPI, path: string): boolean {
	return stackOf(RED.httpAdmin).some((layer) => {
		if (!layer.route) return false;
		if (typeof layer.match === 'function') return layer.match(path);
		return routeKey(layer.route.path) === routeKey(path);
	});
}

/**
 * Why a trigger at `path` (under httpNodeRoot) cannot be served, or undefined. `taken` are the matching
 * keys of other triggers' paths.
 */
export function routeProblem(
	RED: NodeAPI,
	path: string,
	taken: (key: string) => boolean,
): RouteRefused | undefined {
	// Before anything else: a pattern would also match other paths than the one checked below.
	const literal = literalPathProblem(path);
	if (literal) return new RouteRefused(literal, 'not a literal path');
	const settings = RED.settings as { httpNodeRoot?: unknown; httpAdminRoot?: unknown };
	const nodeRoot = rootOf(settings.httpNodeRoot) ?? '/';
	const full = normalise(nodeRoot + '/' + path);
	const key = routeKey(full);
	if (taken(key))
		return new RouteRefused(
			`the path ${full} is already used by another trigger`,
			'used by another trigger',
		);
	const adminRoot = rootOf(settings.httpAdminRoot);
	if (adminRoot === undefined) return undefined;
	const adminKey = routeKey(adminRoot);
	const under = adminKey === '/' || key === adminKey || key.startsWith(adminKey + '/');
	if (!under) return undefined;
	const rel = adminKey === '/' ? key : key.slice(adminKey.length) || '/';
	const first = rel.split('/')[1] ?? '';
	if (
		rel === '/' ||
		ADMIN_SEGMENTS.has(first) ||
		adminRouteAt(RED, full.slice(adminKey === '/' ? 0 : adminRoot.length) || '/')
	) {
		return new RouteRefused(
			`the path ${full} would shadow the Node-RED editor's own route there; choose another path`,
			'editor route',
		);
	}
	return undefined;
}

/**
 * Adds a raw-body POST route owned by `owner` (the node id); the returned function removes exactly this
 * route again. Throws, with the reason, for a path another trigger or the editor already uses.
 */
export function addRawPostRoute(
	RED: NodeAPI,
	path: string,
	handler: (req: RawRequest, res: Response) => void,
	maxBytes = MAX_RAW_BODY,
	owner = '',
): () => void {
	const problem = routeProblem(RED, path, (key) => {
		const held = rawPaths.get(key);
		return held !== undefined && held.owner !== owner;
	});
	if (problem) throw problem;
	ensureClaim(RED);
	const key = routeKey(RED.httpNode.path() + path);
	rawPaths.set(key, { limit: maxBytes, owner });
	// In `http in`'s order, body last, so the user's middleware (auth, headers) and CORS apply as to any HTTP
	// node; a middleware that answers or calls next(err) ends the request before its body is read.
	const cors = nodeCors(RED);
	const steps = [...nodeMiddleware(RED), ...(cors ? [cors.route] : []), readBody(maxBytes)];
	RED.httpNode.post(path, ...steps, handler, pipelineError);
	// Preflight on this path only (`http in` answers OPTIONS on "*"); removed with the route.
	if (cors) RED.httpNode.options(path, cors.preflight);
	const ours = (handle: unknown) =>
		handle === handler || (cors !== undefined && handle === cors.preflight);
	return () => {
		if (rawPaths.get(key)?.owner === owner) rawPaths.delete(key);
		const stack = stackOf(RED.httpNode);
		// Backwards, and by handler identity: another node's route on the same path stays.
		for (let i = stack.length - 1; i >= 0; i--) {
			const route = stack[i].route;
			if (route && route.stack.some((s) => ours(s.handle))) stack.splice(i, 1);
		}
	};
}

/**
 * The editor's check of a trigger path before deploy: GET <route>?path=…&others=a,b answers
 * {problem?: string}. `others` are the other triggers' paths in the editor's workspace.
 */
export function addPathCheckRoute(RED: NodeAPI, route: string, type: string): void {
	RED.httpAdmin.get(route, RED.auth.needsPermission(`${type}.read`), (req, res) => {
		const query = req.query as Record<string, unknown>;
		const path = '/' + String(query.path ?? '').replace(/^\/+/, '');
		const root = rootOf((RED.settings as { httpNodeRoot?: unknown }).httpNodeRoot) ?? '/';
		const others = new Set(
			(Array.isArray(query.others) ? query.others : [query.others ?? ''])
				.flatMap((o) => String(o).split(','))
				.filter(Boolean)
				.map((o) => routeKey(root + '/' + o)),
		);
		res.json({ problem: routeProblem(RED, path, (key) => others.has(key))?.message });
	});
}
