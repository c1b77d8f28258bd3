import { createHmac } from 'crypto';
import { phpJsonEncode } from '../../core/php-json';
import { partneroSignature } from '../../core/partnero/provider';
import {
	headerValue,
	hmacSha256Scheme,
	sign,
	verify,
	type VerifyResult,
} from '../../core/signature';

const SECRET = 'whsec-test-Zq8v1nR4pK2mX7tB';

// Independent reference: what Partnero's docs say a sender computes.
function referenceHex(secret: string, body: Buffer | string): string {
	return createHmac('sha256', secret).update(body).digest('hex');
}

// Written by hand in PHP's escaping so the test does not depend on the encoder.
const PHP_BODY = Buffer.from(
	'{"event":"partner.created","url":"https:\\/\\/example.com\\/hook","data":{"name":"Zo\\u00eb M\\u00fcller","mood":"\\ud83d\\ude00"}}',
	'utf8',
);

function failure(result: VerifyResult) {
	if (result.ok) throw new Error('expected verification to fail');
	return result;
}

describe('sign', () => {
	it('matches an HMAC-SHA256 computed directly, as lowercase hex', () => {
		const value = sign(SECRET, PHP_BODY, partneroSignature);
		expect(value).toBe(referenceHex(SECRET, PHP_BODY));
		expect(value).toMatch(/^[0-9a-f]{64}$/);
	});

	it('treats a string body as UTF-8 bytes', () => {
		const text = '{"name":"Zoë"}';
		expect(sign(SECRET, text, partneroSignature)).toBe(
			referenceHex(SECRET, Buffer.from(text, 'utf8')),
		);
	});

	it('refuses an empty secret', () => {
		expect(() => sign('', PHP_BODY, partneroSignature)).toThrow(/secret is empty/);
	});
});

describe('verify (Partnero scheme)', () => {
	it('accepts a PHP-encoded body with escaped slashes, non-ASCII and emoji', () => {
		expect(verify(SECRET, PHP_BODY, referenceHex(SECRET, PHP_BODY), partneroSignature)).toEqual({
			ok: true,
		});
	});

	it('accepts a body produced by phpJsonEncode', () => {
		const raw = Buffer.from(phpJsonEncode({ url: 'https://a.b/c', who: 'Zoë' }));
		expect(verify(SECRET, raw, referenceHex(SECRET, raw), partneroSignature)).toEqual({ ok: true });
	});

	it('fails when any single byte of the body changes', () => {
		const good = referenceHex(SECRET, PHP_BODY);
		for (let i = 0; i < PHP_BODY.length; i++) {
			const tampered = Buffer.from(PHP_BODY);
			tampered[i] ^= 0x01;
			const result = verify(SECRET, tampered, good, partneroSignature);
			expect(result.ok).toBe(false);
			expect(failure(result).reason).toBe('mismatch');
		}
	});

	it('fails for a body re-serialised with JSON.stringify', () => {
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(PHP_BODY.toString('utf8'))), 'utf8');
		expect(reserialised.equals(PHP_BODY)).toBe(false);
		expect(
			failure(verify(SECRET, reserialised, referenceHex(SECRET, PHP_BODY), partneroSignature))
				.reason,
		).toBe('mismatch');
	});

	it('fails with another secret', () => {
		expect(
			failure(verify(SECRET + 'x', PHP_BODY, referenceHex(SECRET, PHP_BODY), partneroSignature))
				.reason,
		).toBe('mismatch');
	});

	it('accepts uppercase hex and surrounding whitespace', () => {
		const hex = referenceHex(SECRET, PHP_BODY);
		expect(verify(SECRET, PHP_BODY, hex.toUpperCase(), partneroSignature).ok).toBe(true);
		expect(verify(SECRET, PHP_BODY, `  ${hex}\t`, partneroSignature).ok).toBe(true);
	});

	it('accepts a single-element header array', () => {
		expect(verify(SECRET, PHP_BODY, [referenceHex(SECRET, PHP_BODY)], partneroSignature).ok).toBe(
			true,
		);
	});

	it.each<[string, string | string[] | undefined, string]>([
		['absent', undefined, 'missing'],
		['empty', '', 'missing'],
		['blank', '   ', 'missing'],
		['empty array', [], 'missing'],
		['non-hex', 'z'.repeat(64), 'malformed'],
		['non-hex last digit', 'a'.repeat(63) + 'g', 'malformed'],
		['non-hex inside', 'a'.repeat(40) + 'x' + 'a'.repeat(23), 'malformed'],
		['too short', 'a'.repeat(63), 'malformed'],
		['too long', 'a'.repeat(65), 'malformed'],
		['prefixed', 'sha256=' + 'a'.repeat(64), 'malformed'],
		['inner space', 'a'.repeat(32) + ' ' + 'a'.repeat(32), 'malformed'],
		['duplicated', ['a'.repeat(64), 'b'.repeat(64)], 'malformed'],
		['well-formed but wrong', 'a'.repeat(64), 'mismatch'],
	])('header %s gives %s', (_label, header, reason) => {
		expect(failure(verify(SECRET, PHP_BODY, header, partneroSignature)).reason).toBe(reason);
	});

	it('duplicated headers stay malformed even when one copy is correct', () => {
		const good = referenceHex(SECRET, PHP_BODY);
		expect(failure(verify(SECRET, PHP_BODY, [good, good], partneroSignature)).reason).toBe(
			'malformed',
		);
		expect(
			failure(
				verify(
					SECRET,
					PHP_BODY,
					headerValue({ signature: [good, good] }, 'Signature'),
					partneroSignature,
				),
			).reason,
		).toBe('malformed');
	});

	it.each([undefined, ''])('no secret (%p) gives no-secret', (secret) => {
		expect(
			failure(verify(secret, PHP_BODY, referenceHex(SECRET, PHP_BODY), partneroSignature)).reason,
		).toBe('no-secret');
	});

	it('messages never contain the secret or the expected digest', () => {
		const expectedHex = referenceHex(SECRET, PHP_BODY);
		const expectedB64 = Buffer.from(expectedHex, 'hex').toString('base64');
		const headers: Array<string | string[] | undefined> = [
			undefined,
			'nothex',
			'a'.repeat(64),
			[expectedHex, 'x'],
		];
		for (const header of headers) {
			const { message } = failure(verify(SECRET, PHP_BODY, header, partneroSignature));
			expect(message.length).toBeGreaterThan(10);
			expect(message).not.toContain(SECRET);
			expect(message.toLowerCase()).not.toContain(expectedHex);
			expect(message).not.toContain(expectedB64);
		}
	});
});

describe('headerValue', () => {
	it('finds a header whatever its case', () => {
		expect(headerValue({ signature: 'abc' }, 'Signature')).toBe('abc');
		expect(headerValue({ SIGNATURE: 'abc' }, 'signature')).toBe('abc');
		expect(headerValue({ other: 'x' }, 'Signature')).toBeUndefined();
		expect(headerValue({ signature: undefined }, 'Signature')).toBeUndefined();
	});

	it('joins repeated values like Node.js does', () => {
		expect(headerValue({ signature: ['a', 'b'] }, 'Signature')).toBe('a, b');
		expect(headerValue({ Signature: 'a', signature: 'b' }, 'signature')).toBe('a, b');
	});
});

describe('hmacSha256Scheme', () => {
	const body = Buffer.from('{"zen":"Keep it logically awesome."}');

	it('builds a GitHub-style prefixed hex scheme', () => {
		const github = hmacSha256Scheme({
			id: 'github',
			header: 'X-Hub-Signature-256',
			encoding: 'hex',
			prefix: 'sha256=',
		});
		const expected = 'sha256=' + referenceHex(SECRET, body);
		expect(sign(SECRET, body, github)).toBe(expected);
		expect(verify(SECRET, body, expected, github).ok).toBe(true);
		expect(verify(SECRET, body, expected.replace('sha256=', 'SHA256='), github).ok).toBe(true);
		expect(failure(verify(SECRET, body, referenceHex(SECRET, body), github)).reason).toBe(
			'malformed',
		);
		expect(failure(verify(SECRET, body, 'sha1=' + referenceHex(SECRET, body), github)).reason).toBe(
			'malformed',
		);
	});

	it('builds a base64 scheme', () => {
		const b64 = hmacSha256Scheme({ id: 'b64', header: 'X-Sig', encoding: 'base64' });
		const expected = createHmac('sha256', SECRET).update(body).digest('base64');
		expect(sign(SECRET, body, b64)).toBe(expected);
		expect(verify(SECRET, body, expected, b64).ok).toBe(true);
		expect(verify(SECRET, body, expected.replace(/=$/, ''), b64).ok).toBe(true);
		expect(failure(verify(SECRET, body, expected.slice(0, 40), b64)).reason).toBe('malformed');
		expect(failure(verify(SECRET + '1', body, expected, b64)).reason).toBe('mismatch');
	});

	it('the Partnero scheme has the documented header and id', () => {
		expect(partneroSignature.header).toBe('Signature');
		expect(partneroSignature.id).toBe('partnero-hmac-sha256-hex');
	});
});
