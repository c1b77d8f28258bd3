import type { Request } from 'express';

/**
 * A secret carried in the request URL (PartnerStack's URL secret) masked in the request itself, once it has been
 * read. In place, not in a copy: the flow reaches the real request through msg.res._res.req and the prototype of
 * any view, a Debug node prints the whole message, and an access log in httpNodeMiddleware reads originalUrl
 * when the answer goes out. Every other query parameter stays byte for byte as sent.
 */

const MASK = '***';

/** A query parameter's name as a query parser reads it; `name[...]` counts as `name` (qs makes it an array). */
function nameOf(pair: string): string {
	const raw = pair.split('=', 1)[0].replace(/\+/g, ' ');
	let name = raw;
	try {
		name = decodeURIComponent(raw);
	} catch {
		// Malformed escapes: a parser keeps them as they are, and so does this.
	}
	const bracket = name.indexOf('[');
	return bracket > 0 ? name.slice(0, bracket) : name;
}

/** A query string (without '?') with the value of every `param` pair replaced by ***. */
function maskQuery(query: string, param: string): string {
	if (!query.includes('=')) return query;
	return query
		.split('&')
		.map((pair) =>
			pair.includes('=') && nameOf(pair) === param
				? `${pair.slice(0, pair.indexOf('='))}=${MASK}`
				: pair,
		)
		.join('&');
}

/** A URL or path with `param` masked in its query; what follows a '#' is left alone. */
export function maskUrlParam(url: string, param: string): string {
	const q = url.indexOf('?');
	if (q === -1) return url;
	const hash = url.indexOf('#', q);
	const end = hash === -1 ? url.length : hash;
	return url.slice(0, q + 1) + maskQuery(url.slice(q + 1, end), param) + url.slice(end);
}

/** The string parts of a cached parse (parseurl's `_parsedUrl`, `_parsedOriginalUrl`). */
function maskParsed(parsed: unknown, param: string): void {
	if (!parsed || typeof parsed !== 'object') return;
	const p = parsed as Record<string, unknown>;
	for (const field of ['search', 'path', 'href', '_raw']) {
		if (typeof p[field] === 'string') p[field] = maskUrlParam(p[field], param);
	}
	if (typeof p.query === 'string') p.query = maskQuery(p.query, param);
	else if (p.query && typeof p.query === 'object' && param in p.query)
		(p.query as Record<string, unknown>)[param] = MASK;
}

/**
 * Masks `param` in req.url, req.originalUrl, req.query and the parses Express cached of both URLs. The cache
 * stays consistent with the masked URL (its `_raw` is masked too), so a later look-up does not parse anew.
 */
export function maskRequestParam(req: Request, param: string): void {
	const r = req as Request & Record<string, unknown>;
	r.url = maskUrlParam(r.url, param);
	if (typeof r.originalUrl === 'string') r.originalUrl = maskUrlParam(r.originalUrl, param);
	maskParsed(r._parsedUrl, param);
	maskParsed(r._parsedOriginalUrl, param);
	const query = r.query as Record<string, unknown> | undefined;
	if (query && typeof query === 'object' && param in query) {
		// An own value: Express 5 defines req.query as a getter that parses the URL on each read.
		Object.defineProperty(r, 'query', {
			value: { ...query, [param]: MASK },
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
}
