/**
 * Issue 24 rows 11-14: PartnerStack's v2 reference against the client and the simulator.
 * - 11 Create Action: v2 body target_type / target_key / type / value >= 1 (reference/post_v2-actions-1);
 * - 12 transaction create: currency (3 letters) and exactly one customer reference (reference/post_v2-transactions);
 * - 13 partnership create: only the email (reference/post_partnerships-1);
 * - 14 event names: partnership_created and partnership.created are the same event (docs/partnerstack-webhooks).
 */
import { ValidationError } from '../../core/errors';
import { eventSelected } from '../../core/event-filter';
import { fetchTransport } from '../../core/http';
import { PartnerStackClient } from '../../core/partnerstack/client';
import { partnerStackProvider } from '../../core/partnerstack/delivery';
import { WebhookFieldMemory } from '../../core/partnerstack/field-memory';
import { runPartnerStackOperation } from '../../core/partnerstack/operations';
import { processDelivery } from '../../core/receiver';
import {
	startPartnerStackSimulator,
	type PartnerStackSimulator,
} from '../../sim/partnerstack/server';

let sim: PartnerStackSimulator;
beforeAll(async () => {
	sim = await startPartnerStackSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const client = () =>
	new PartnerStackClient({
		baseUrl: sim.apiBaseUrl,
		publicKey: sim.publicKey,
		secretKey: sim.secretKey,
		transport: fetchTransport(),
		retry: { retries: 0 },
		fieldMemory: new WebhookFieldMemory(),
	});
const create = (resource: string, fields: Record<string, unknown>) =>
	runPartnerStackOperation(client(), resource, 'create', { fields });
const refusal = (p: Promise<unknown>) =>
	p.then(
		() => undefined,
		(e: unknown) => e as ValidationError,
	);
/** The simulated API, called directly: what the real one would answer a body our client never sends. */
const api = async (path: string, body: unknown) => {
	const res = await fetch(`${sim.apiBaseUrl}${path}`, {
		method: 'POST',
		headers: { Authorization: sim.authorization, 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('row 11: Create Action is the v2 body', () => {
	test('target_type, target_key, type and value are sent and recorded', async () => {
		const out = await create('action', {
			target_type: 'partnership',
			target_key: 'johnsmith354',
			type: 'demo_booked',
			value: 2,
		});
		expect(out).toMatchObject({ target_type: 'partnership', target_key: 'johnsmith354', value: 2 });
		expect(sim.records('actions')).toHaveLength(1);
	});

	test('a v1 body, a bad target_type or a value below 1 is refused naming the field, before any call', async () => {
		const v1 = await refusal(
			create('action', { customer_key: 'acme-co', key: 'signup', value: 1 }),
		);
		expect(v1).toBeInstanceOf(ValidationError);
		expect(v1?.field).toBe('customer_key');
		expect(v1?.message).toMatch(/v1.*target_type.*target_key.*type.*value/s);
		const body = { target_type: 'customer', target_key: 'acme-co', type: 'signup', value: 1 };
		expect((await refusal(create('action', { ...body, target_type: 'team' })))?.field).toBe(
			'target_type',
		);
		expect((await refusal(create('action', { ...body, value: 0 })))?.field).toBe('value');
		expect((await refusal(create('action', { ...body, value: 1.5 })))?.field).toBe('value');
		expect(sim.apiCalls()).toEqual([]);
	});

	test('the simulator answers a v1 body 400 {message, status}, as the reference lists', async () => {
		const v1 = await api('/actions', { customer_key: 'acme-co', key: 'signup', value: 1 });
		expect(v1).toEqual({
			status: 400,
			body: { message: expect.stringMatching(/target_key/), status: 400 },
		});
		const extra = await api('/actions', {
			target_type: 'customer',
			target_key: 'acme-co',
			type: 'signup',
			value: 1,
			key: 'signup',
		});
		expect(extra.status).toBe(400);
		expect(
			(await api('/actions', { target_type: 'customer', target_key: 'c', type: 't', value: 0 }))
				.status,
		).toBe(400);
		expect(sim.records('actions')).toEqual([]);
	});
});

describe('row 12: a transaction names its currency and exactly one customer', () => {
	test.each([['customer_key'], ['customer_external_key'], ['customer_email']])(
		'%s alone is enough',
		async (ref) => {
			await expect(
				create('transaction', { [ref]: 'acme@example.com', amount: 4900, currency: 'USD' }),
			).resolves.toMatchObject({ [ref]: 'acme@example.com', currency: 'USD' });
		},
	);

	test('no currency, a currency that is not 3 letters, none or two customers: refused before any call', async () => {
		const cases: Array<[Record<string, unknown>, string]> = [
			[{ customer_key: 'c', amount: 4900 }, 'currency'],
			[{ customer_key: 'c', amount: 4900, currency: 'DOLLARS' }, 'currency'],
			[{ amount: 4900, currency: 'USD' }, 'customer_key'],
			[
				{ customer_key: 'c', customer_email: 'c@x.io', amount: 4900, currency: 'USD' },
				'customer_email',
			],
			[{ customer_key: 'c', amount: 4900, currency: 'USD', key: 'abc' }, 'key'],
		];
		for (const [fields, field] of cases) {
			const error = await refusal(create('transaction', fields));
			expect([fields, error?.field]).toEqual([fields, field]);
		}
		expect(sim.apiCalls()).toEqual([]);
	});

	test('the simulator refuses the same bodies with 400', async () => {
		const statuses = await Promise.all(
			[
				{ customer_key: 'c', amount: 4900 },
				{ customer_key: 'c', amount: 4900, currency: 'US' },
				{ amount: 4900, currency: 'USD' },
				{ customer_key: 'c', customer_external_key: 'e', amount: 4900, currency: 'USD' },
			].map(async (b) => (await api('/transactions', b)).status),
		);
		expect(statuses).toEqual([400, 400, 400, 400]);
		expect(sim.records('transactions')).toEqual([]);
	});
});

describe('row 13: a partnership needs only an email', () => {
	test('email alone creates it, in the client and the simulator', async () => {
		await expect(create('partnership', { email: 'jane@example.com' })).resolves.toMatchObject({
			email: 'jane@example.com',
		});
		expect((await api('/partnerships', { email: 'joe@example.com' })).status).toBe(200);
		const missing = await api('/partnerships', { group_key: 'grup_default' });
		expect(missing).toEqual({
			status: 400,
			body: { message: expect.stringMatching(/email/), status: 400 },
		});
		expect((await refusal(create('partnership', { first_name: 'x' })))?.field).toBe('email');
	});
});

describe('row 14: event names are compared in one form', () => {
	test('partnership_created in the body passes a partnership.created subscription, and back', () => {
		const form = partnerStackProvider.eventForm;
		expect(eventSelected(['partnership.created'], 'partnership_created', form)).toBe(true);
		expect(eventSelected(['customer_created'], 'customer.created', form)).toBe(true);
		expect(eventSelected(['partnership.tags_updated'], 'partnership_tags_updated', form)).toBe(
			true,
		);
		expect(eventSelected(['partnership.created'], 'partnership.updated', form)).toBe(false);
	});

	test('the receiver delivers the v2 guide sample to a partnership.created trigger', () => {
		// docs.partnerstack.com/docs/partnerstack-webhooks, "Partnership Events" sample, as published.
		const sample = {
			id: 123,
			partner_key: 'JohnSmith',
			first_name: 'John',
			last_name: 'Smith',
			email: 'john@example.com',
			group: { id: 22, name: 'Top Sellers', slug: 'topsellers' },
			event: 'partnership_created',
			archived: 'false',
		};
		const outcome = processDelivery(
			{
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				rawBody: Buffer.from(JSON.stringify(sample)),
			},
			{ provider: partnerStackProvider, verifySignature: false, events: ['partnership.created'] },
		);
		expect(outcome).toMatchObject({ status: 200, accept: true, event: 'partnership_created' });
	});
});
