import { PARTNERO_EVENT_NAMES } from '../../core/partnero/events';
import { partneroSample } from '../../core/partnero/samples';
import { phpJsonEncode } from '../../core/php-json';

describe('partneroSample', () => {
	it.each([...PARTNERO_EVENT_NAMES])(
		'%s has a sample envelope whose data has an id or key',
		(event) => {
			const sample = partneroSample(event);
			expect(sample.event).toBe(event);
			expect(typeof sample.url).toBe('string');
			expect(typeof sample.webhook_key).toBe('string');
			expect(Number.isNaN(Date.parse(sample.created_at.replace(/\.(\d{3})\d*Z$/, '.$1Z')))).toBe(
				false,
			);
			const data = sample.data as Record<string, unknown>;
			expect(data.id ?? data.key).toBeDefined();
		},
	);

	it('is deterministic and hands out independent copies', () => {
		const first = partneroSample('transaction.created');
		const second = partneroSample('transaction.created');
		expect(second).toEqual(first);
		(first.data as Record<string, any>).customer.email = 'changed@example.com';
		expect(partneroSample('transaction.created')).toEqual(second);
	});

	it('applies overrides', () => {
		const sample = partneroSample('partner.created', {
			url: 'https://hooks.example.org/p',
			webhookKey: 'wh_other',
			createdAt: '2026-03-01T00:00:00.000000Z',
			data: { id: 'partner_999', extra: 1 },
		});
		expect(sample.url).toBe('https://hooks.example.org/p');
		expect(sample.webhook_key).toBe('wh_other');
		expect(sample.created_at).toBe('2026-03-01T00:00:00.000000Z');
		expect(sample.data).toMatchObject({ id: 'partner_999', extra: 1, email: expect.any(String) });
	});

	it('exercises PHP escaping: slashes and non-ASCII appear in the samples', () => {
		const encoded = PARTNERO_EVENT_NAMES.map((e) => phpJsonEncode(partneroSample(e)));
		expect(encoded.every((text) => text.includes('https:\\/\\/'))).toBe(true);
		expect(encoded.some((text) => /\\u00[0-9a-f]{2}/.test(text))).toBe(true);
	});

	it('throws a clear error for an unknown event', () => {
		expect(() => partneroSample('partner.exploded')).toThrow(
			/No Partnero sample for event "partner.exploded".*partner.created/,
		);
		expect(() => partneroSample('toString')).toThrow(/No Partnero sample/);
	});
});
