import { ApiError, ValidationError } from '../../core/errors';
import { fetchTransport } from '../../core/http';
import { partneroApi } from '../../core/partnero/api';
import { PartneroClient } from '../../core/partnero/client';
import { PARTNERO_OPERATIONS, runOperation } from '../../core/partnero/operations';
import { startSimulator, type Simulator } from '../../sim/server';
import { ERROR_CASES, REFUSED_CASES, SUCCESS_CASES } from '../support/operation-cases';
import { seedProgram, simApi, type Seeded } from '../support/seed';

let sim: Simulator;
let seeded: Seeded;
const api = () =>
	partneroApi(
		new PartneroClient({
			baseUrl: sim.apiBaseUrl,
			apiKey: sim.apiKey,
			transport: fetchTransport(),
			retry: { retries: 0 },
		}),
	);

beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(() => sim.close());
beforeEach(async () => {
	sim.reset();
	seeded = await seedProgram(sim);
});

test('every registered operation has a success case over HTTP', () => {
	const covered = new Set(SUCCESS_CASES.map((c) => `${c.resource}.${c.operation}`));
	const registered = Object.entries(PARTNERO_OPERATIONS).flatMap(([r, ops]) =>
		Object.keys(ops).map((o) => `${r}.${o}`),
	);
	// Webhook operations are covered by client.test.ts and the webhook node suites.
	expect(registered.filter((k) => !covered.has(k) && !k.startsWith('webhook.'))).toEqual([]);
});

test.each(SUCCESS_CASES.map((c) => [`${c.resource}.${c.operation}`, c] as const))(
	'%s',
	async (_name, c) => {
		const result = await runOperation(api(), c.resource, c.operation, c.input(seeded));
		await c.check(result, seeded, sim);
	},
);

test.each(ERROR_CASES.map((c) => [`${c.resource}.${c.operation} → ${c.status}`, c] as const))(
	'%s',
	async (_name, c) => {
		const error = (await runOperation(api(), c.resource, c.operation, c.input(seeded)).catch(
			(e: unknown) => e,
		)) as ApiError;
		expect(error).toBeInstanceOf(ApiError);
		expect(error.status).toBe(c.status);
		expect(error.message).toMatch(c.message);
		expect(error.message).not.toContain(sim.apiKey);
	},
);

test.each(
	REFUSED_CASES.map(
		(c) => [`${c.resource}.${c.operation} refused: ${c.message.source}`, c] as const,
	),
)('%s', async (_name, c) => {
	const before = sim.apiCalls().length;
	const refused = runOperation(api(), c.resource, c.operation, c.input);
	await expect(refused).rejects.toThrow(c.message);
	// Bad input is a ValidationError, so adapters can tell it from a refusal by Partnero and from a bug.
	await expect(refused).rejects.toBeInstanceOf(ValidationError);
	expect(sim.apiCalls().length).toBe(before);
});

test('lists follow links.next: Return All walks every page, a limit stops early', async () => {
	for (let i = 0; i < 30; i++)
		await simApi(sim, 'POST', '/partners', { email: `p${i}@example.com` });
	const before = sim.apiCalls().length;
	const all = await api().partners.list({ pageSize: 7 });
	expect(all).toHaveLength(31);
	expect(new Set(all.map((p) => p.id)).size).toBe(31);
	expect(sim.apiCalls().length - before).toBe(5);
	const some = await api().partners.list({ limit: 12, pageSize: 5 });
	expect(some.map((p) => p.id)).toEqual(all.slice(0, 12).map((p) => p.id));
	await expect(api().partners.list({ pageSize: 251 })).rejects.toThrow(/1 to 250/);
});

test('a transaction create is not retried after a 500 (it may have been booked)', async () => {
	const client = new PartneroClient({
		baseUrl: sim.apiBaseUrl,
		apiKey: sim.apiKey,
		transport: fetchTransport(),
		retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 },
	});
	const before = sim.apiCalls().length;
	sim.injectFaults({ count: 1, status: 500 });
	await expect(
		partneroApi(client).transactions.create({
			key: 'txn-x',
			customer: { key: 'cust-1' },
			amount: 5,
		}),
	).rejects.toMatchObject({ status: 500 });
	expect(sim.apiCalls().slice(before)).toEqual([
		expect.objectContaining({ method: 'POST', path: '/v1/transactions', status: 500 }),
	]);
});

test('a backdating timestamp is sent as unix seconds', async () => {
	const created = await api().transactions.create({
		key: 'old',
		customer: { key: 'cust-1' },
		amount: 1,
		created_at: 1700000000000,
	});
	expect(created.created_at).toMatch(/^2023-11-14T22:13:20/);
});

test('a next link that drops the filters gets them back, so a filtered list never mixes in other records', async () => {
	const seen: string[] = [];
	const transport = async (req: { url: string; query?: Record<string, unknown> }) => {
		const url = new URL(req.url);
		for (const [k, v] of Object.entries(req.query ?? {}))
			if (v !== undefined) url.searchParams.set(k, String(v));
		seen.push(url.toString());
		const page = Number(url.searchParams.get('page') ?? 1);
		// Laravel's default links carry only the page.
		return {
			status: 200,
			headers: {},
			body: {
				data: [{ key: `t${page}` }],
				links: {
					next: page < 3 ? `https://api.partnero.com/v1/transactions?page=${page + 1}` : null,
				},
				meta: {},
			},
		};
	};
	const client = new PartneroClient({
		baseUrl: 'https://api.partnero.com/v1',
		apiKey: 'k',
		transport,
	});
	const items = await partneroApi(client).transactions.list({
		filters: { partner_key: 'zoe' },
		pageSize: 1,
	});
	expect(items.map((t) => t.key)).toEqual(['t1', 't2', 't3']);
	for (const url of seen) expect(new URL(url).searchParams.get('partner_key')).toBe('zoe');
	expect(seen.map((u) => new URL(u).searchParams.get('limit'))).toEqual(['1', '1', '1']);
	expect(seen.map((u) => new URL(u).searchParams.get('page'))).toEqual(['1', '2', '3']);
});
