import { phpJsonEncode } from '../../core/php-json';

// Expected strings are written by hand from PHP's json_encode rules (default flags), not produced by the code under test.
describe('phpJsonEncode', () => {
	it.each<[string, unknown, string]>([
		['slashes are escaped', { url: 'https://a.b/c' }, '{"url":"https:\\/\\/a.b\\/c"}'],
		['escaped slash in keys too', { 'a/b': 1 }, '{"a\\/b":1}'],
		['Latin-1 accent as lowercase \\u', 'café', '"caf\\u00e9"'],
		['name with umlauts', 'Zoë Müller', '"Zo\\u00eb M\\u00fcller"'],
		['BMP symbol', '€5', '"\\u20ac5"'],
		['emoji as a surrogate pair', '😀', '"\\ud83d\\ude00"'],
		['quote and backslash', 'a"b\\c', '"a\\"b\\\\c"'],
		['short control escapes', '\b\f\n\r\t', '"\\b\\f\\n\\r\\t"'],
		['other control chars as \\u00XX', '\u0000\u0001\u001f', '"\\u0000\\u0001\\u001f"'],
		['DEL stays literal', 'a\u007fb', '"a\u007fb"'],
		['line separator', '\u2028', '"\\u2028"'],
		['empty object', {}, '{}'],
		['empty array', [], '[]'],
		[
			'no whitespace, order kept',
			{ b: [1, { c: null }], a: true, d: false },
			'{"b":[1,{"c":null}],"a":true,"d":false}',
		],
		['undefined properties skipped', { a: 1, b: undefined, c: () => 1 }, '{"a":1}'],
		['undefined array items become null', [undefined, 2], '[null,2]'],
		[
			'toJSON is honoured',
			{ at: new Date(Date.UTC(2025, 0, 15, 10, 30)) },
			'{"at":"2025-01-15T10:30:00.000Z"}',
		],
		['top-level string', 'plain', '"plain"'],
		['top-level null', null, 'null'],
	])('%s', (_label, input, expected) => {
		expect(phpJsonEncode(input)).toBe(expected);
	});

	it.each<[number, string]>([
		[0, '0'],
		[-0, '0'],
		[42, '42'],
		[-7, '-7'],
		[1.5, '1.5'],
		[0.1, '0.1'],
		[99.99, '99.99'],
		[-19.99, '-19.99'],
		[0.0001, '0.0001'],
		[0.00001, '1.0e-5'],
		[1.5e-7, '1.5e-7'],
		[-2.5e-10, '-2.5e-10'],
		[1e25, '1.0e+25'],
		[1.25e30, '1.25e+30'],
		[9007199254740993, '9007199254740992'],
		[1e18, '1000000000000000000'],
	])('number %p prints as %s', (input, expected) => {
		expect(phpJsonEncode(input)).toBe(expected);
	});

	it.each([NaN, Infinity, -Infinity])('rejects %p with a clear error', (value) => {
		expect(() => phpJsonEncode({ amount: value })).toThrow(/finite number/);
	});

	it('rejects a lone surrogate, which PHP could not encode either', () => {
		expect(() => phpJsonEncode('a\ud83d')).toThrow(/lone UTF-16 surrogate/);
		expect(() => phpJsonEncode('\ude00b')).toThrow(/lone UTF-16 surrogate/);
	});

	it('rejects circular structures', () => {
		const loop: Record<string, unknown> = {};
		loop.self = loop;
		expect(() => phpJsonEncode(loop)).toThrow(/circular/);
	});

	it('allows the same object twice when it is not circular', () => {
		const shared = { x: 1 };
		expect(phpJsonEncode([shared, shared])).toBe('[{"x":1},{"x":1}]');
	});

	it('matches PHP depth limit: 512 levels encode, 513 do not', () => {
		const nest = (levels: number): unknown => {
			let value: unknown = 1;
			for (let i = 0; i < levels; i++) value = [value];
			return value;
		};
		expect(phpJsonEncode(nest(512))).toBe('['.repeat(512) + '1' + ']'.repeat(512));
		expect(() => phpJsonEncode(nest(513))).toThrow(/512/);
	});

	it('rejects a top-level undefined', () => {
		expect(() => phpJsonEncode(undefined)).toThrow(/cannot be encoded/);
	});

	it('round-trips through JSON.parse to the same value', () => {
		const value = {
			name: 'Zoë 😀',
			url: 'https://x.y/z?a=1&b=2',
			n: [1, 2.5, -3e-9],
			nested: { t: '\t"' },
		};
		expect(JSON.parse(phpJsonEncode(value))).toEqual(value);
	});
});
