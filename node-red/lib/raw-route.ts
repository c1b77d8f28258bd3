import type { NodeAPI } from 'node-red';
import type { Express, NextFunction, Request, Response } from 'express';

/**
 * POST routes on RED.httpNode that keep the raw body bytes. In a real runtime the editor app sits in front
 * of httpNode on the same root and JSON-parses every request first, which loses the bytes the signature
 * covers; so the capture runs as the very first middleware of the outermost app, for our paths only.
 */
export type RawRequest = Request & { rawBody?: Buffer; rawBodyTooLarge?: boolean };

interface Layer {
	handle?: unknown;
	route?: { path: string; stack: Array<{ handle: unknown }> };
}

const MARK = Symbol.for('partnerhooks.node-red.raw-capture');
const rawPaths = new Map<string, number>();
export const MAX_RAW_BODY = 1024 * 1024;

function stackOf(app: Express): Layer[] {
	const a = app as unknown as { _router?: { stack: Layer[] }; router?: { stack: Layer[] } };
	return (a._router ?? a.router)?.stack ?? [];
}

function outermost(app: Express): Express {
	let current = app as Express & { parent?: Express };
	while (current.parent) current = current.parent as Express & { parent?: Express };
	return current;
}

const normalise = (path: string) => path.replace(/\/{2,}/g, '/').replace(/\/$/, '') || '/';

function capture(req: Request, res: Response, next: NextFunction): void {
	const parsed = (req as unknown as { _parsedUrl?: { pathname?: string } })._parsedUrl;
	const pathname = parsed?.pathname ?? req.url.split('?')[0];
	if (req.method !== 'POST' || !rawPaths.has(normalise(pathname))) {
		next();
		return;
	}
	const limit = rawPaths.get(normalise(pathname)) ?? MAX_RAW_BODY;
	const chunks: Buffer[] = [];
	let size = 0;
	let tooLarge = false;
	req.on('data', (chunk: Buffer) => {
		size += chunk.length;
		if (size > limit) tooLarge = true;
		else chunks.push(chunk);
	});
	req.on('end', () => {
		const r = req as RawRequest & { _body?: boolean };
		if (!tooLarge) r.rawBody = Buffer.concat(chunks);
		r.rawBodyTooLarge = tooLarge;
		// body-parser skips requests marked as already parsed, so the editor's JSON parser leaves them alone.
		r._body = true;
		r.body = r.rawBody ?? {};
		next();
	});
	req.on('error', (error) => next(error));
}

function ensureCapture(RED: NodeAPI): void {
	const root = outermost(RED.httpNode) as Express & { [MARK]?: boolean };
	if (root[MARK]) return;
	root[MARK] = true;
	root.use(capture);
	const stack = stackOf(root);
	const at = stack.findIndex((layer) => layer.handle === capture);
	if (at > 0) stack.unshift(...stack.splice(at, 1));
}

/** Adds a raw-body POST route; the returned function removes exactly this route again. */
export function addRawPostRoute(
	RED: NodeAPI,
	path: string,
	handler: (req: RawRequest, res: Response) => void,
	maxBytes = MAX_RAW_BODY,
): () => void {
	ensureCapture(RED);
	const full = normalise(RED.httpNode.path() + path);
	rawPaths.set(full, maxBytes);
	RED.httpNode.post(path, handler);
	return () => {
		rawPaths.delete(full);
		const stack = stackOf(RED.httpNode);
		// Backwards, and by handler identity: another node's route on the same path stays.
		for (let i = stack.length - 1; i >= 0; i--) {
			const route = stack[i].route;
			if (route && route.stack.some((s) => s.handle === handler)) stack.splice(i, 1);
		}
	};
}
