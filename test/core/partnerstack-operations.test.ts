import { ApiError, ValidationError } from '../../core/errors';
import { fetchTransport } from '../../core/http';
import { PartnerStackClient } from '../../core/partnerstack/client';
import { WebhookFieldMemory } from '../../core/partnerstack/field-memory';
import {
	PARTNERSTACK_OPERATIONS,
	runPartnerStackOperation,
} from '../../core/partnerstack/operations';
import { PARTNERSTACK_RESOURCES } from '../../core/partnerstack/resources';
import {
	startPartnerStackSimulator,
	type PartnerStackSimulator,
} from '../../sim/partnerstack/server';

let sim: PartnerStackSimulator;

beforeAll(async () => {
	sim = await startPartnerStackSimulator();
});
afterAll(() => sim.close());
beforeEach(() => {
	sim.reset();
	sim.setWebhookField('target');
});

const client = () =>
	new PartnerStackClient({
		baseUrl: sim.apiBaseUrl,
		publicKey: sim.publicKey,
		secretKey: sim.secretKey,
		transport: fetchTransport(),
		retry: { baseDelayMs: 1, maxDelayMs: 5 },
		fieldMemory: new WebhookFieldMemory(),
	});
const run = (resource: string, operation: string, input = {}) =>
	runPartnerStackOperation(client(), resource, operation, input);
const failure = (p: Promise<unknown>) =>
	p.then(
		() => undefined,
		(e: unknown) => e,
	);

test('the table offers exactly the operations the API has per resource, plus webhooks', () => {
	for (const [resource, spec] of Object.entries(PARTNERSTACK_RESOURCES)) {
		expect([
			resource,
			Object.keys(PARTNERSTACK_OPERATIONS[resource as keyof typeof PARTNERSTACK_RESOURCES]).sort(),
		]).toEqual([resource, [...spec.ops].sort()]);
	}
	expect(Object.keys(PARTNERSTACK_OPERATIONS.webhook).sort()).toEqual([
		'create',
		'delete',
		'get',
		'list',
	]);
});

test('unknown names, a bad limit, a missing key: ValidationError naming the field, before any call', async () => {
	const cases: Array<[string, string, Record<string, unknown>, string, RegExp]> = [
		['spaceship', 'list', {}, 'resource', /Unknown resource "spaceship"/],
		[
			'partnership',
			'delete',
			{ key: 'x' },
			'operation',
			/Unknown operation "delete" for partnership/,
		],
		['customer', 'list', { limit: 0 }, 'limit', /limit must be a whole number from 1/],
		[
			'customer',
			'list',
			{ pageSize: 251 },
			'pageSize',
			/page size must be a whole number from 1 to 250/,
		],
		['customer', 'get', {}, 'key', /customer key is required/],
		[
			'transaction',
			'create',
			{ fields: { customer_key: 'c', amount: 49.5, currency: 'USD' } },
			'amount',
			/in cents/,
		],
		[
			'webhook',
			'create',
			{ fields: { target: 'https://example.com/h', events: 'Not An Event' } },
			'events',
			/not a PartnerStack event name/,
		],
	];
	for (const [resource, operation, input, field, message] of cases) {
		const error = (await failure(run(resource, operation, input))) as ValidationError;
		expect([resource, operation, error]).toEqual([
			resource,
			operation,
			expect.any(ValidationError),
		]);
		expect(error.message).toMatch(message);
		if (field !== 'events') expect(error.field).toBe(field);
	}
	expect(sim.apiCalls()).toEqual([]);
});

test('lists: no limit walks every page; a limit asks for that page size and stops there', async () => {
	sim.seed('customers', 12);
	expect(await run('customer', 'list')).toHaveLength(12);
	const before = sim.apiCalls().length;
	expect(await run('customer', 'list', { limit: 5 })).toHaveLength(5);
	expect(sim.apiCalls().length - before).toBe(1);
});

test('webhooks: create takes events as a list or as comma-separated text; the URL secret never comes back', async () => {
	const a = (await run('webhook', 'create', {
		fields: {
			target: 'https://example.com/h?ph_secret=abcdefgh',
			events: ['partnership.created'],
			otherEvents: 'customer_created',
		},
	})) as { key: string; target: string; events: string[] };
	expect(a.events).toEqual(['partnership.created', 'customer_created']);
	expect(a.target).not.toContain('abcdefgh');
	const b = (await run('webhook', 'create', {
		fields: { target: 'https://example.com/i', events: 'deal.created, lead.created' },
	})) as { events: string[] };
	expect(b.events).toEqual(['deal.created', 'lead.created']);
	expect(JSON.stringify(await run('webhook', 'list'))).not.toContain('abcdefgh');
	expect(await run('webhook', 'delete', { key: a.key })).toEqual({ deleted: true, key: a.key });
});

test('a refused webhook create carries the events hint from the core, for every engine', async () => {
	const error = (await failure(
		client().createWebhook({ target: 'https://example.com/h', events: ['Bad Event'] }),
	)) as ApiError;
	expect(error).toBeInstanceOf(ApiError);
	expect(error.status).toBe(422);
	expect(error.description).toBe(
		'Check the event names: PartnerStack may not accept unconfirmed or misspelt events.',
	);
});
