import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'crypto';

/**
 * A webhook signing secret as a trigger keeps it between runs (n8n's workflow static data). Static data is
 * part of every workflow export, so the secret is sealed with a key derived from the credential's API key:
 * an exported workflow alone no longer lets anyone forge deliveries.
 */
const PREFIX = 'sealed:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyFor(material: string): Buffer {
	return Buffer.from(hkdfSync('sha256', material, 'partnerhooks', 'webhook signing secret', 32));
}

export function sealSecret(secret: string, material: string): string {
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', keyFor(material), iv);
	const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
	return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The secret, or undefined when there is none or it cannot be opened with `material` (the API key changed). */
export function openSecret(stored: unknown, material: string): string | undefined {
	if (typeof stored !== 'string' || !stored.startsWith(PREFIX)) return undefined;
	const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
	if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
	try {
		const decipher = createDecipheriv('aes-256-gcm', keyFor(material), raw.subarray(0, IV_BYTES));
		decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
		return Buffer.concat([
			decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
			decipher.final(),
		]).toString('utf8');
	} catch {
		return undefined;
	}
}

/**
 * The secret from `stored`; when that cannot be opened with `material` (the credential's key was rotated),
 * the secret `recover` fetches from the provider with the current key, with `resealed` to store in its
 * place. A rotated key must never lock out genuine deliveries. `recover` failing rejects, for the adapter
 * to answer "try again later".
 */
export async function openOrRecover(
	stored: unknown,
	material: string,
	recover: () => Promise<string | undefined>,
): Promise<{ secret: string; resealed?: string }> {
	const secret = openSecret(stored, material);
	if (secret !== undefined) return { secret };
	const recovered = await recover();
	if (!recovered) throw new Error('the provider returned no secret for the stored webhook');
	return { secret: recovered, resealed: sealSecret(recovered, material) };
}
