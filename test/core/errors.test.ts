import {
	apiErrorFromResponse,
	knownSecretCount,
	registerSecret,
	scrubSecrets,
} from '../../core/errors';

const URL_SECRET = 'q7Xk2mZb9vT4rW1pL8sN3cYd5fH6jG0a';

/** Everything an ApiError carries that a user or a log could see. */
function visible(echo: string): string {
	const e = apiErrorFromResponse(
		'PartnerStack',
		{ method: 'POST', path: '/webhooks' },
		{ status: 422, headers: {}, body: { message: echo, errors: { target: [echo] } } },
	);
	return JSON.stringify({ ...e, message: e.message, description: e.description });
}

describe('URL secrets in echoed text', () => {
	test.each([
		['as sent', `https://h/x?ph_secret=${URL_SECRET}&a=1`],
		[
			'percent-encoded in a redirect',
			`next=https%3A%2F%2Fh%2Fx%3Fph_secret%3D${URL_SECRET}%26a%3D1`,
		],
		['with its underscore encoded', `https://h/x?ph%5Fsecret=${URL_SECRET}`],
		['twice encoded', `u=https%253A%252F%252Fh%252Fx%253Fph_secret%253D${URL_SECRET}%2526a`],
		['as an HTML entity', `<a href="https://h/x?ph_secret&#61;${URL_SECRET}&amp;a=1">`],
		['with an upper-case name', `https://h/x?PH_SECRET=${URL_SECRET}`],
		['JSON-escaped', `{"url":"https://h/x?ph_secret\\u003d${URL_SECRET}"}`],
	])('%s: masked', (_spelling, echo) => {
		const out = visible(`target ${echo} is invalid`);
		expect(out).not.toContain(URL_SECRET);
		expect(out).toContain('***');
	});

	test('what follows the secret survives', () => {
		expect(scrubSecrets(`x?ph_secret=${URL_SECRET}&a=1 and more`)).toBe(
			'x?ph_secret=***&a=1 and more',
		);
		expect(scrubSecrets(`x%3Fph_secret%3D${URL_SECRET}%26a%3D1`)).toBe(
			'x%3Fph_secret%3D***%26a%3D1',
		);
	});
});

describe('secret values the process knows', () => {
	test('a registered secret is masked in any error, even one whose client was not given it', () => {
		const signing = 'whsec-signing-secret-0f9e8d7c6b5a';
		registerSecret(signing);
		for (const echo of [
			`the secret ${signing} does not match`,
			`s=${encodeURIComponent(signing)}`,
			JSON.stringify({ secret: signing }),
		])
			expect(visible(echo)).not.toContain(signing);
	});

	test('a value with characters that need escaping is masked in its escaped spellings too', () => {
		const key = 'key/with+odd "chars"=';
		registerSecret(key);
		expect(scrubSecrets(`k=${encodeURIComponent(key)}`)).toBe('k=***');
		expect(scrubSecrets(JSON.stringify({ k: key }))).toBe('{"k":"***"}');
	});

	test('the registry is bounded, keeps the newest, and ignores values too short to be secrets', () => {
		registerSecret('short');
		expect(scrubSecrets('a short word')).toBe('a short word');
		for (let i = 0; i < 5000; i++) registerSecret(`bulk-secret-value-${i}`);
		registerSecret('x'.repeat(100_000));
		expect(knownSecretCount()).toBeLessThanOrEqual(256);
		expect(scrubSecrets('bulk-secret-value-4999')).toBe('***');
		expect(scrubSecrets('bulk-secret-value-0')).toBe('bulk-secret-value-0');
	});
});
