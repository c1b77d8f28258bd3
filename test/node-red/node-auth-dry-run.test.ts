/**
 * How an httpNodeAuth setting is judged for a trigger path: the request it is asked about is a vendor's
 * (POST, no credentials, an internet address), and each way a middleware can answer is read correctly.
 */
import type { NextFunction, Request, Response } from 'express';
import { dryRunNodeAuth, nodeAuthVerdict } from '../../node-red/lib/field-guard';

const PATH = '/partnero/hook';

test('no httpNodeAuth: nothing to say', () => {
	expect(nodeAuthVerdict({}, PATH, '/')).toEqual({ kind: 'none' });
});

test('{user, pass} (or the old httpAuth name) refuses every delivery with 401', () => {
	expect(nodeAuthVerdict({ httpNodeAuth: { user: 'u', pass: 'h' } }, PATH, '/')).toEqual({
		kind: 'refuses',
		status: 401,
	});
	expect(nodeAuthVerdict({ httpAuth: { user: 'u', pass: 'h' } }, PATH, '/')).toEqual({
		kind: 'refuses',
		status: 401,
	});
});

test('a function that exempts the path by req.path lets it through', async () => {
	const auth = (req: Request, res: Response, next: NextFunction) =>
		req.path.startsWith('/partnero/') ? next() : res.status(401).end();
	expect(await nodeAuthVerdict({ httpNodeAuth: auth }, PATH, '/')).toEqual({ kind: 'exempt' });
	expect(await nodeAuthVerdict({ httpNodeAuth: auth }, '/other', '/')).toEqual({
		kind: 'refuses',
		status: 401,
	});
});

test('the request carries no credentials and comes from an internet address', async () => {
	const seen: Array<[unknown, unknown, unknown, unknown]> = [];
	const auth = (req: Request, _res: Response, next: NextFunction) => {
		seen.push([req.method, req.get('authorization'), req.ip, req.originalUrl]);
		next();
	};
	await dryRunNodeAuth([auth as never], PATH, '/api/');
	expect(seen).toEqual([['POST', undefined, '203.0.113.10', '/api/partnero/hook']]);
	const trustsLocal = (req: Request, res: Response, next: NextFunction) =>
		req.ip === '127.0.0.1' || req.ip === '::1' ? next() : res.sendStatus(403);
	expect(await dryRunNodeAuth([trustsLocal as never], PATH, '/')).toEqual({
		kind: 'refuses',
		status: 403,
	});
});

test.each<[string, (req: Request, res: Response, next: NextFunction) => unknown, object]>([
	[
		'answers with send()',
		(_q, res) => res.status(403).send('no'),
		{ kind: 'refuses', status: 403 },
	],
	['answers with json()', (_q, res) => res.status(401).json({}), { kind: 'refuses', status: 401 }],
	[
		'redirects to a login page',
		(_q, res) => res.redirect('/login'),
		{ kind: 'refuses', status: 302 },
	],
	[
		'writes the head itself',
		(_q, res) => res.writeHead(401).end(),
		{ kind: 'refuses', status: 401 },
	],
	[
		'calls next(err) with a status',
		(_q, _r, next) => next(Object.assign(new Error('x'), { status: 401 })),
		{ kind: 'refuses', status: 401 },
	],
	[
		'calls next(err) without one',
		(_q, _r, next) => next(new Error('x')),
		{ kind: 'refuses', status: 500 },
	],
	[
		'throws',
		() => {
			throw new Error('boom');
		},
		{ kind: 'refuses', status: 500 },
	],
	[
		'rejects (async)',
		async () => {
			throw new Error('boom');
		},
		{ kind: 'refuses', status: 500 },
	],
	[
		'lets it through later (async)',
		async (_q, _r, next) => {
			await Promise.resolve();
			next();
		},
		{ kind: 'exempt' },
	],
	['never answers', () => undefined, { kind: 'undecided' }],
])('a middleware that %s', async (_what, middleware, verdict) => {
	expect(await dryRunNodeAuth([middleware as never], PATH, '/')).toEqual(verdict);
});

test('an array runs in order: a later refusal counts', async () => {
	const pass = (_q: Request, _r: Response, next: NextFunction) => next();
	const shut = (_q: Request, res: Response) => res.sendStatus(401);
	expect(await nodeAuthVerdict({ httpNodeAuth: [pass, pass] }, PATH, '/')).toEqual({
		kind: 'exempt',
	});
	expect(await nodeAuthVerdict({ httpNodeAuth: [pass, shut] }, PATH, '/')).toEqual({
		kind: 'refuses',
		status: 401,
	});
});
