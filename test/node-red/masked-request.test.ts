/**
 * The URL secret masked in a request's own fields (the real request reaches the flow through msg.res._res.req).
 * The runtime check, with a Debug node printing the whole message, is in flow-answer.test.ts.
 */
import type { Request } from 'express';
import { maskRequestParam, maskUrlParam } from '../../node-red/lib/masked-request';

test.each([
	['/ps/hook?ph_secret=abc', '/ps/hook?ph_secret=***'],
	['/ps/hook?a=1&ph_secret=abc&b=%20x+y', '/ps/hook?a=1&ph_secret=***&b=%20x+y'],
	['/ps/hook?ph%5Fsecret=abc', '/ps/hook?ph%5Fsecret=***'],
	['/ps/hook?ph_secret[]=abc&ph_secret=def', '/ps/hook?ph_secret[]=***&ph_secret=***'],
	['/ps/hook?ph_secret=abc#ph_secret=frag', '/ps/hook?ph_secret=***#ph_secret=frag'],
	['/ps/hook?other_ph_secret=abc', '/ps/hook?other_ph_secret=abc'],
	['/ps/hook', '/ps/hook'],
])('%s → %s', (url, masked) => {
	expect(maskUrlParam(url, 'ph_secret')).toBe(masked);
});

test('url, originalUrl, query and the cached parses of the request itself are masked', () => {
	const parsed = (raw: string) => ({
		pathname: '/ps/hook',
		search: raw.slice(raw.indexOf('?')),
		query: raw.slice(raw.indexOf('?') + 1),
		path: raw,
		href: raw,
		_raw: raw,
	});
	const url = '/ps/hook?ph_secret=abc&keep=1';
	const req = {
		url,
		originalUrl: `/api${url}`,
		query: { ph_secret: 'abc', keep: '1' },
		_parsedUrl: parsed(url),
		_parsedOriginalUrl: parsed(`/api${url}`),
	} as unknown as Request;
	maskRequestParam(req, 'ph_secret');
	expect(JSON.stringify(req)).not.toContain('abc');
	expect(req.url).toBe('/ps/hook?ph_secret=***&keep=1');
	expect(req.query).toEqual({ ph_secret: '***', keep: '1' });
	expect((req as unknown as { _parsedUrl: { _raw: string } })._parsedUrl._raw).toBe(req.url);
});
