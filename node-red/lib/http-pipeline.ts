import type { NodeAPI } from 'node-red';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * The per-route part of Node-RED's HTTP pipeline, as its own `http in` node applies it: httpNodeMiddleware
 * (a function or an array of them), then CORS, then the node's handler. httpNodeAuth needs nothing here: the
 * runtime mounts it on the whole httpNode app. `http in` also runs cookie-parser first and a metrics hook;
 * both need packages we cannot ship (zero runtime dependencies), so a middleware sees no `req.cookies`.
 */
type Settings = { httpNodeMiddleware?: unknown; httpNodeCors?: unknown };

type Origin = boolean | string | RegExp | Array<string | RegExp>;
interface CorsOptions {
	origin?: Origin;
	methods?: string | string[];
	allowedHeaders?: string | string[];
	headers?: string | string[];
	exposedHeaders?: string | string[];
	credentials?: boolean;
	maxAge?: number | string;
	optionsSuccessStatus?: number;
}

export function nodeMiddleware(RED: NodeAPI): RequestHandler[] {
	const setting = (RED.settings as Settings).httpNodeMiddleware;
	if (typeof setting === 'function') return [setting as RequestHandler];
	if (Array.isArray(setting))
		return setting.filter((m): m is RequestHandler => typeof m === 'function');
	return [];
}

const list = (value: string | string[] | undefined) =>
	Array.isArray(value) ? value.join(',') : value;

function vary(res: Response, field: string): void {
	const current = String(res.getHeader('Vary') ?? '');
	const fields = current.split(',').map((f) => f.trim().toLowerCase());
	if (fields.includes('*') || fields.includes(field.toLowerCase())) return;
	res.setHeader('Vary', current ? `${current}, ${field}` : field);
}

function allows(origin: string | undefined, allowed: Origin): boolean {
	if (Array.isArray(allowed)) return allowed.some((a) => allows(origin, a));
	if (typeof allowed === 'string') return origin === allowed;
	if (allowed instanceof RegExp) return origin !== undefined && allowed.test(origin);
	return allowed;
}

function setOrigin(options: CorsOptions, req: Request, res: Response): void {
	const { origin } = options;
	if (origin === '*') {
		res.setHeader('Access-Control-Allow-Origin', '*');
	} else if (typeof origin === 'string') {
		res.setHeader('Access-Control-Allow-Origin', origin);
		vary(res, 'Origin');
	} else {
		const from = req.headers.origin;
		if (from && allows(from, origin as Origin)) res.setHeader('Access-Control-Allow-Origin', from);
		vary(res, 'Origin');
	}
	if (options.credentials === true) res.setHeader('Access-Control-Allow-Credentials', 'true');
	const exposed = list(options.exposedHeaders);
	if (exposed) res.setHeader('Access-Control-Expose-Headers', exposed);
}

function preflight(options: CorsOptions, req: Request, res: Response): void {
	setOrigin(options, req, res);
	res.setHeader(
		'Access-Control-Allow-Methods',
		list(options.methods) ?? 'GET,HEAD,PUT,PATCH,POST,DELETE',
	);
	let headers = list(options.allowedHeaders ?? options.headers);
	if (headers === undefined) {
		headers = req.headers['access-control-request-headers'];
		vary(res, 'Access-Control-Request-Headers');
	}
	if (headers) res.setHeader('Access-Control-Allow-Headers', headers);
	if (options.maxAge !== undefined && options.maxAge !== '')
		res.setHeader('Access-Control-Max-Age', String(options.maxAge));
	res.statusCode = options.optionsSuccessStatus ?? 204;
	res.setHeader('Content-Length', '0');
	res.end();
}

/**
 * httpNodeCors as the `cors` package (which `http in` uses) answers for static options. Not that package:
 * a contrib node cannot resolve Node-RED's copy and we ship no dependencies. Origin forms handled: unset or
 * '*', a fixed string, true (reflect), false (no CORS), a RegExp, and an array of strings/RegExps. An origin
 * function or an options function is not evaluated: no CORS headers are sent then (a deny, never an allow).
 * Returns the route handler and the preflight handler, or undefined when httpNodeCors is not set.
 */
export function nodeCors(
	RED: NodeAPI,
): { route: RequestHandler; preflight: RequestHandler } | undefined {
	const setting = (RED.settings as Settings).httpNodeCors;
	if (!setting) return undefined;
	// As cors merges them: its defaults (origin '*'), then the settings; `true` means the defaults alone.
	const options: CorsOptions = {
		origin: '*',
		...(typeof setting === 'object' ? (setting as CorsOptions) : {}),
	};
	const active =
		typeof setting !== 'function' &&
		Boolean(options.origin) &&
		typeof options.origin !== 'function';
	return {
		route: (req: Request, res: Response, next: NextFunction) => {
			if (active) setOrigin(options, req, res);
			next();
		},
		preflight: (req: Request, res: Response, next: NextFunction) => {
			if (active) preflight(options, req, res);
			else next();
		},
	};
}

/**
 * What a middleware's next(err) ends in: an answer, never the trigger. Like `http in` it is a 500 unless the
 * error names a 4xx/5xx status; the message stays out of the answer.
 */
export function pipelineError(
	err: unknown,
	_req: Request,
	res: Response,
	next: NextFunction,
): void {
	if (res.headersSent) {
		next(err);
		return;
	}
	const e = err as { status?: unknown; statusCode?: unknown };
	const status = Number(e?.status ?? e?.statusCode);
	const code = Number.isInteger(status) && status >= 400 && status < 600 ? status : 500;
	res.status(code).json({ error: code < 500 ? 'request refused' : 'request failed' });
}
