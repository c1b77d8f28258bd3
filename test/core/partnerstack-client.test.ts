import { ApiError } from '../../core/errors';
import { fetchTransport } from '../../core/http';
import { PartnerStackClient } from '../../core/partnerstack/client';
import { normaliseWebhook } from '../../core/partnerstack/types';
import { WebhookFieldMemory } from '../../core/partnerstack/field-memory';
import { endpointOf, urlSecretOf, withUrlSecret } from '../../core/partnerstack/delivery';
import { ensureRegistration, removeRegistration } from '../../core/registration';
import {
	startPartnerStackSimulator,
	type PartnerStackSimulator,
} from '../../sim/partnerstack/server';

let sim: PartnerStackSimulator;
let memory: WebhookFieldMemory;
const fast = { baseDelayMs: 1, maxDelayMs: 5 };

beforeAll(async () => {
	sim = await startPartnerStackSimulator();
});
afterAll(() => sim.close());
beforeEach(() => {
	sim.reset();
	sim.setWebhookField('target', 422);
	memory = new WebhookFieldMemory();
});

function client(o: { publicKey?: string; secretKey?: string } = {}) {
	return new PartnerStackClient({
		baseUrl: sim.apiBaseUrl,
		publicKey: o.publicKey ?? sim.publicKey,
		secretKey: o.secretKey ?? sim.secretKey,
		transport: fetchTransport(),
		retry: fast,
		fieldMemory: memory,
	});
}
const posts = () => sim.apiCalls().filter((c) => c.method === 'POST');

describe('auth and errors', () => {
	test('Basic auth with public:secret works; wrong keys give a 401 that names both fields and echoes neither', async () => {
		await expect(client().test()).resolves.toEqual({ message: 'The PartnerStack keys work.' });
		const error = (await client({ secretKey: 'sk_wrong_but_long' })
			.test()
			.catch((e: unknown) => e)) as ApiError;
		expect(error).toBeInstanceOf(ApiError);
		expect(error.status).toBe(401);
		expect(error.description).toMatch(/public key .*secret key/);
		expect(JSON.stringify({ ...error, m: error.message })).not.toMatch(
			/sk_wrong_but_long|pk_sim_public/,
		);
	});

	test('only one of the two keys is refused before any call', () => {
		expect(
			() =>
				new PartnerStackClient({
					baseUrl: sim.apiBaseUrl,
					publicKey: 'pk',
					transport: fetchTransport(),
				}),
		).toThrow(/both/);
		expect(
			() => new PartnerStackClient({ baseUrl: 'not a url', transport: fetchTransport() }),
		).toThrow(/not a URL/);
	});

	test('429 and 500 are retried on reads', async () => {
		sim.injectFaults({ count: 1, status: 429, retryAfterSeconds: 0 });
		sim.injectFaults({ count: 1, status: 500 });
		await expect(client().list('group')).resolves.toHaveLength(1);
		expect(sim.apiCalls().map((c) => c.status)).toEqual([429, 500, 200]);
	});
});

describe('cursor paging', () => {
	test('walks starting_after through every page in order, and stops at max', async () => {
		sim.seed('customers', 23);
		const all = await client().list('customer', { limit: 5 });
		expect(all.map((c) => c.key)).toEqual(sim.records('customers').map((c) => c.key));
		expect(sim.apiCalls()).toHaveLength(5);
		sim.reset();
		sim.seed('customers', 23);
		const some = await client().list('customer', { max: 7 });
		expect(some).toHaveLength(7);
		expect(sim.apiCalls()).toHaveLength(1);
	});

	test('a cursor that does not move is a clear error, not an endless loop', async () => {
		sim.seed('deals', 3);
		sim.breakPaging(true);
		await expect(client().list('deal', { limit: 2 })).rejects.toThrow(/cursor did not move/);
		expect(sim.apiCalls().length).toBeLessThanOrEqual(3);
	});

	test('page size outside 1..250 is refused before any call', async () => {
		await expect(client().listPage('customers', { limit: 251 })).rejects.toThrow(/1 to 250/);
		expect(sim.apiCalls()).toHaveLength(0);
	});
});

describe('webhook create body: target vs target_url', () => {
	const input = { target: 'https://example.com/hook', events: ['partnership.created'] };

	test('an API that takes "target" gets one POST', async () => {
		const c = client();
		const w = await c.createWebhook(input);
		expect(w).toMatchObject({ target: input.target, events: input.events });
		expect(posts()).toHaveLength(1);
		expect(c.webhookTargetField()).toBe('target');
	});

	test.each([422, 400] as const)(
		'an API that takes "target_url" (%i for target) gets one retry, then is remembered',
		async (status) => {
			sim.setWebhookField('target_url', status);
			const c = client();
			const w = await c.createWebhook(input);
			expect(w.target).toBe(input.target);
			expect(posts().map((p) => p.status)).toEqual([status, 200]);
			expect(c.webhookTargetField()).toBe('target_url');
			await client().createWebhook({ ...input, target: 'https://example.com/other' });
			expect(posts().map((p) => p.status)).toEqual([status, 200, 200]);
			// Another credential learns on its own.
			const other = new PartnerStackClient({
				baseUrl: sim.apiBaseUrl,
				credentialId: 'someone-else',
				transport: fetchTransport(),
				fieldMemory: memory,
			});
			expect(other.webhookTargetField()).toBeUndefined();
		},
	);

	test('a remembered field that stops working switches back once', async () => {
		sim.setWebhookField('target_url');
		await client().createWebhook(input);
		sim.setWebhookField('target');
		await client().createWebhook(input);
		expect(posts().map((p) => p.status)).toEqual([422, 200, 422, 200]);
		expect(client().webhookTargetField()).toBe('target');
	});

	test('a refusal about something else is not retried', async () => {
		const error = (await client()
			.createWebhook({ ...input, events: ['Not An Event'] })
			.catch((e: unknown) => e)) as ApiError;
		expect(error.status).toBe(422);
		expect(error.message).toContain('events');
		expect(posts()).toHaveLength(1);
	});

	test('normaliseWebhook reads target, target_url or url', () => {
		expect(normaliseWebhook({ key: 'k', target_url: 'https://a.b', events: ['x.y'] })).toEqual({
			key: 'k',
			target: 'https://a.b',
			events: ['x.y'],
		});
		expect(normaliseWebhook({ key: 'k', url: 'https://a.b' }).target).toBe('https://a.b');
	});
});

describe('registration on PartnerStack (no update endpoint)', () => {
	const url = withUrlSecret('http://127.0.0.1:9/hook', 'secret-one-abcdefghijklmnop');
	const desired = { url, events: ['partnership.created', 'customer.created'], name: 'n8n: test' };

	test('create, keep, replace on drift, adopt after lost state, remove: never more than one', async () => {
		const c = client();
		const made = await ensureRegistration(c, {}, desired);
		expect(made).toMatchObject({ action: 'created', secret: 'secret-one-abcdefghijklmnop' });
		expect(await ensureRegistration(c, { key: made.key }, desired)).toEqual({
			...made,
			action: 'kept',
		});

		const changed = await ensureRegistration(
			c,
			{ key: made.key },
			{ ...desired, events: ['deal.created'] },
		);
		expect(changed.action).toBe('replaced');
		expect(sim.webhooks()).toEqual([
			expect.objectContaining({ key: changed.key, events: ['deal.created'] }),
		]);

		// State lost, a freshly minted secret: the webhook on the same endpoint is adopted with the URL secret it
		// already carries (deliveries and retries on their way still carry it), and its drifted events are
		// repaired by a replacement that keeps that secret. Never duplicated.
		const fresh = {
			...desired,
			url: withUrlSecret('http://127.0.0.1:9/hook', 'secret-two-abcdefghijklmnop'),
		};
		const adopted = await ensureRegistration(c, {}, fresh, { adopt: true });
		expect(adopted).toMatchObject({ action: 'adopted', secret: 'secret-one-abcdefghijklmnop' });
		expect(sim.webhooks()).toEqual([expect.objectContaining({ events: desired.events })]);
		expect(urlSecretOf(sim.webhooks()[0].target)).toBe('secret-one-abcdefghijklmnop');
		expect(await ensureRegistration(c, {}, fresh, { adopt: true })).toEqual({
			...adopted,
			action: 'adopted',
		});

		expect(await removeRegistration(c, adopted.key)).toBe('deleted');
		expect(await removeRegistration(c, adopted.key)).toBe('already-gone');
		expect(sim.webhooks()).toHaveLength(0);
	});

	test('endpointOf ignores only the secret', () => {
		expect(endpointOf(withUrlSecret('https://h/x?a=1', 's'))).toBe('https://h/x?a=1');
		expect(urlSecretOf('https://h/x')).toBeUndefined();
	});
});

describe('resources', () => {
	test('create, get, update (PATCH), delete; unsupported operations and missing fields are refused locally', async () => {
		const c = client();
		const customer = await c.create('customer', { email: 'a@b.c', partner_key: 'p1', name: 'A' });
		expect(await c.get('customer', customer.key!)).toMatchObject({ email: 'a@b.c' });
		expect(await c.update('customer', customer.key!, { name: 'B' })).toMatchObject({ name: 'B' });
		expect(sim.apiCalls().map((x) => x.method)).toEqual(['POST', 'GET', 'PATCH']);
		await c.remove('customer', customer.key!);
		await expect(c.get('customer', customer.key!)).rejects.toMatchObject({ status: 404 });

		const before = sim.apiCalls().length;
		await expect(
			c.create('transaction', { customer_key: 'x', amount: 49.9, currency: 'USD' }),
		).rejects.toThrow(/cents/);
		await expect(c.create('deal', { name: 'x' })).rejects.toThrow(/partner_key/);
		await expect(c.update('lead', 'k', {})).rejects.toThrow(/Nothing to update/);
		await expect(c.remove('partnership', 'k')).rejects.toThrow(/no "delete" for partnerships/);
		expect(sim.apiCalls()).toHaveLength(before);
	});

	test('Create Action records a v2 action for a customer', async () => {
		const action = await client().createAction({
			target_type: 'customer',
			target_key: 'acme-co',
			type: 'signup',
			value: 1,
		});
		expect(action).toMatchObject({ target_key: 'acme-co', type: 'signup', value: 1 });
		expect(sim.records('actions')).toHaveLength(1);
	});
});
