import fc from 'fast-check';
import { phpJsonEncode } from '../../core/php-json';
import { partneroProvider } from '../../core/partnero/provider';
import { processDelivery } from '../../core/receiver';
import { partneroSignature } from '../../core/partnero/provider';
import { sign, verify } from '../../core/signature';

/**
 * Properties over generated inputs: the encoder, the signer and the verifier must agree with each other
 * and with JSON itself for every value, not only for the hand-picked examples of the other suites.
 */

// JSON-safe values: -0 and non-finite numbers are excluded because JSON itself has no text for them.
const jsonValue = fc.jsonValue().filter((v) => !Object.is(v, -0));
const secret = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');

test('PHP-encoded text parses back to the same value', () => {
	fc.assert(
		fc.property(jsonValue, (value) => {
			expect(JSON.parse(phpJsonEncode(value))).toEqual(JSON.parse(JSON.stringify(value)));
		}),
		{ numRuns: 500 },
	);
});

test('PHP-encoded text is printable ASCII (DEL stays literal, as in PHP) with every slash escaped, like json_encode with default flags', () => {
	fc.assert(
		fc.property(fc.string({ unit: 'binary' }), (text) => {
			const encoded = phpJsonEncode({ text });
			expect(/^[\x20-\x7f]*$/.test(encoded)).toBe(true);
			expect(/(^|[^\\])\//.test(encoded)).toBe(false);
		}),
		{ numRuns: 500 },
	);
});

test('a signature over the raw bytes verifies, with lowercase or uppercase hex', () => {
	fc.assert(
		fc.property(secret, jsonValue, (key, value) => {
			const body = Buffer.from(phpJsonEncode(value));
			const signature = sign(key, body, partneroSignature);
			expect(signature).toMatch(/^[0-9a-f]{64}$/);
			expect(verify(key, body, signature, partneroSignature)).toEqual({ ok: true });
			expect(verify(key, body, signature.toUpperCase(), partneroSignature)).toEqual({ ok: true });
		}),
		{ numRuns: 300 },
	);
});

test('flipping any single bit of the body or the signature always fails verification', () => {
	fc.assert(
		fc.property(
			secret,
			fc.uint8Array({ minLength: 1, maxLength: 2048 }),
			fc.nat(),
			fc.nat(),
			(key, bytes, bodyBit, sigBit) => {
				const body = Buffer.from(bytes);
				const signature = sign(key, body, partneroSignature);

				const flippedBody = Buffer.from(body);
				const at = bodyBit % (body.length * 8);
				flippedBody[at >> 3] ^= 1 << (at & 7);
				expect(verify(key, flippedBody, signature, partneroSignature)).toMatchObject({
					ok: false,
					reason: 'mismatch',
				});

				const digest = Buffer.from(signature, 'hex');
				const bit = sigBit % (digest.length * 8);
				digest[bit >> 3] ^= 1 << (bit & 7);
				expect(verify(key, body, digest.toString('hex'), partneroSignature)).toMatchObject({
					ok: false,
					reason: 'mismatch',
				});
			},
		),
		{ numRuns: 500 },
	);
});

test('a signature made with another secret never verifies', () => {
	fc.assert(
		fc.property(secret, secret, fc.uint8Array({ maxLength: 512 }), (a, b, bytes) => {
			fc.pre(a !== b);
			const body = Buffer.from(bytes);
			expect(verify(a, body, sign(b, body, partneroSignature), partneroSignature)).toMatchObject({
				ok: false,
				reason: 'mismatch',
			});
		}),
		{ numRuns: 300 },
	);
});

test('a body re-serialised by JSON.stringify fails whenever its bytes differ from what was signed', () => {
	const text = fc.string({ unit: 'grapheme', minLength: 1 });
	fc.assert(
		fc.property(secret, text, (key, name) => {
			const original = phpJsonEncode({
				event: 'partner.created',
				data: { id: 'p1', name, url: 'https://x.y/z' },
			});
			const reserialised = JSON.stringify(JSON.parse(original));
			fc.pre(reserialised !== original);
			const signature = sign(key, original, partneroSignature);
			const outcome = processDelivery(
				{ method: 'POST', headers: { signature }, rawBody: Buffer.from(reserialised) },
				{ provider: partneroProvider, secret: key, verifySignature: true, events: [] },
			);
			expect(outcome).toMatchObject({ status: 401, accept: false });
		}),
		{ numRuns: 300 },
	);
});

test('the receiver accepts exactly the signed bytes and refuses any truncation of the header', () => {
	fc.assert(
		fc.property(secret, fc.integer({ min: 0, max: 63 }), (key, keep) => {
			const body = Buffer.from(
				phpJsonEncode({
					event: 'customer.created',
					created_at: new Date().toISOString(),
					data: { key: 'c1' },
				}),
			);
			const signature = sign(key, body, partneroSignature);
			const opts = { provider: partneroProvider, secret: key, verifySignature: true, events: [] };
			expect(
				processDelivery({ method: 'POST', headers: { signature }, rawBody: body }, opts),
			).toMatchObject({ status: 200, accept: true });
			const truncated = processDelivery(
				{ method: 'POST', headers: { signature: signature.slice(0, keep) }, rawBody: body },
				opts,
			);
			expect(truncated).toMatchObject({ status: 401, accept: false });
		}),
		{ numRuns: 200 },
	);
});
