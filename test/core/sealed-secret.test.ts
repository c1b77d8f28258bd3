import { openOrRecover, openSecret, sealSecret } from '../../core/sealed-secret';

test('a sealed secret opens with the same API key and shows nothing of the secret', () => {
	const sealed = sealSecret('whsec-0123456789abcdef', 'api-key-1');
	expect(sealed).toMatch(/^sealed:v1:[A-Za-z0-9_-]+$/);
	expect(sealed).not.toContain('whsec');
	expect(openSecret(sealed, 'api-key-1')).toBe('whsec-0123456789abcdef');
	// A fresh IV each time: two seals of one secret differ, so equal secrets are not recognisable.
	expect(sealSecret('whsec-0123456789abcdef', 'api-key-1')).not.toBe(sealed);
});

test('another API key, a tampered or truncated value opens to nothing instead of a wrong secret', () => {
	const sealed = sealSecret('whsec-0123456789abcdef', 'api-key-1');
	expect(openSecret(sealed, 'api-key-2')).toBeUndefined();
	const raw = Buffer.from(sealed.slice('sealed:v1:'.length), 'base64url');
	raw[raw.length - 1] ^= 1;
	expect(openSecret(`sealed:v1:${raw.toString('base64url')}`, 'api-key-1')).toBeUndefined();
	expect(openSecret('sealed:v1:AAAA', 'api-key-1')).toBeUndefined();
});

test('a secret stored in the clear is refused: an exported workflow with one cannot be used to forge', () => {
	// Attack: hand-edit static data to a known plaintext secret, then sign forged deliveries with it.
	expect(openSecret('plainSecret16chr', 'api-key-1')).toBeUndefined();
	expect(openSecret(undefined, 'api-key-1')).toBeUndefined();
	expect(openSecret('', 'api-key-1')).toBeUndefined();
	expect(openSecret(42, 'api-key-1')).toBeUndefined();
});

test('openOrRecover fetches the secret with the new key after a rotation and reseals it for that key', async () => {
	const sealed = sealSecret('whsec-0123456789abcdef', 'old-key');
	expect(
		await openOrRecover(sealed, 'old-key', () => Promise.reject(new Error('not called'))),
	).toEqual({ secret: 'whsec-0123456789abcdef' });
	const recovered = await openOrRecover(sealed, 'new-key', async () => 'whsec-0123456789abcdef');
	expect(recovered.secret).toBe('whsec-0123456789abcdef');
	expect(openSecret(recovered.resealed, 'new-key')).toBe('whsec-0123456789abcdef');
	await expect(openOrRecover(sealed, 'new-key', async () => undefined)).rejects.toThrow(
		/no secret/,
	);
});
