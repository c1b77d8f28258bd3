import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Partnero } from '../../nodes/Partnero/Partnero.node';
import { partneroActions } from '../../nodes/Partnero/actions';
import { useSimulators } from '../support/simulators';
import { seedProgram, simApi, type Seeded } from '../support/seed';
import { loadOptions, runNode, type NodeRun } from './support/execute';
import { shutdownCore, type CoreModule } from './support/harness';

const sims = useSimulators({ partnero: true });
let s: Seeded;
afterAll(() => shutdownCore('n8n-core-1'));
beforeEach(async () => {
	s = await seedProgram(sims.sim);
});

interface Case {
	op: string;
	/** The node version of a workflow saved before version 2; the default version otherwise. */
	version?: number;
	params: (s: Seeded) => Record<string, unknown>;
	check: (json: any[], s: Seeded) => void | Promise<void>;
}

const one = (expected: Record<string, unknown>) => (json: any[]) => {
	expect(json).toHaveLength(1);
	expect(json[0]).toMatchObject(expected);
};
const gone = (path: string) => async () =>
	expect((await simApi(sims.sim, 'GET', path)).status).toBe(404);

/** Node parameters per resource.operation and what the items and the simulator must show. */
const CASES: Record<string, Case[]> = {
	partner: [
		{
			op: 'create',
			params: () => ({
				email: 'new@example.com',
				additionalFields: { name: 'New', key: 'newbie', tags: 'a, b', referringPartnerKey: 'zoe' },
			}),
			check: one({
				email: 'new@example.com',
				key: 'newbie',
				referring_partner: { id: 'p-zoe' },
				tags: [{ value: 'a' }, { value: 'b' }],
			}),
		},
		{
			op: 'get',
			params: () => ({ lookupBy: 'email', lookupValue: 'zoe@example.com' }),
			check: one({ id: 'p-zoe' }),
		},
		{
			op: 'getAll',
			params: () => ({ returnAll: true }),
			check: (j) => expect(j.map((p) => p.id)).toEqual(['p-zoe']),
		},
		{
			op: 'search',
			params: () => ({ lookupBy: 'key', lookupValue: 'zo', returnAll: true }),
			check: (j) => expect(j.map((p) => p.id)).toEqual(['p-zoe']),
		},
		{
			op: 'update',
			params: () => ({ partnerId: 'p-zoe', updateFields: { surname: 'Schmidt' } }),
			check: one({ surname: 'Schmidt' }),
		},
		{
			op: 'delete',
			params: () => ({ partnerId: 'p-zoe' }),
			check: async (j) => (
				expect(j).toEqual([{ id: 'p-zoe', deleted: true }]),
				await gone('/partners/p-zoe')()
			),
		},
		{
			op: 'archive',
			params: () => ({ partnerId: 'p-zoe' }),
			check: (j) => expect(j).toEqual([{ id: 'p-zoe', archived: true }]),
		},
		{
			op: 'unarchive',
			params: () => ({ partnerId: 'p-zoe' }),
			check: (j) => expect(j).toEqual([{ id: 'p-zoe', archived: false }]),
		},
		{
			op: 'addReward',
			params: () => ({
				partnerId: 'p-zoe',
				amount: 12.5,
				rewardFields: { date: '2025-04-01T00:00:00', note: 'thanks' },
			}),
			check: one({ amount: 12.5, date: '2025-04-01', note: 'thanks' }),
		},
		{
			op: 'getReferralLinks',
			params: () => ({ partnerId: 'p-zoe', returnAll: true }),
			check: one({ key: 'zoe' }),
		},
		{
			op: 'getSignInUrl',
			params: () => ({ signInBy: 'key', signInValue: 'zoe', signInOptions: { expiresIn: 60 } }),
			check: (j) => expect(j[0].url).toMatch(/\/portal\/sign-in\//),
		},
	],
	customer: [
		{
			op: 'create',
			params: () => ({
				key: 'cust-2',
				partnerBy: 'key',
				partnerKey: 'zoe',
				additionalFields: { email: 'eva@example.com', referralUrl: 'https://example.com/?aff=zoe' },
			}),
			check: one({ key: 'cust-2', email: 'eva@example.com', partner: { key: 'zoe' } }),
		},
		{
			op: 'create',
			params: () => ({ key: 'cust-3', partnerBy: 'email', partnerValue: 'zoe@example.com' }),
			check: one({ key: 'cust-3', partner: { id: 'p-zoe' } }),
		},
		{ op: 'get', params: () => ({ customerKey: 'cust-1' }), check: one({ key: 'cust-1' }) },
		{
			op: 'getAll',
			params: () => ({ returnAll: false, limit: 5, filters: { partnerKey: 'zoe' } }),
			check: (j) => expect(j.map((c) => c.key)).toEqual(['cust-1']),
		},
		{
			op: 'search',
			params: () => ({ lookupBy: 'email', lookupValue: 'jan@', returnAll: true }),
			check: (j) => expect(j.map((c) => c.key)).toEqual(['cust-1']),
		},
		{
			op: 'update',
			params: () => ({ customerKey: 'cust-1', updateFields: { name: 'Janek' } }),
			check: one({ name: 'Janek' }),
		},
		{
			op: 'delete',
			params: () => ({ customerKey: 'cust-1' }),
			check: async (j) => (
				expect(j).toEqual([{ key: 'cust-1', deleted: true }]),
				await gone('/customers/cust-1')()
			),
		},
		{
			op: 'archive',
			params: () => ({ customerKey: 'cust-1' }),
			check: (j) => expect(j).toEqual([{ key: 'cust-1', archived: true }]),
		},
		{
			op: 'unarchive',
			params: () => ({ customerKey: 'cust-1' }),
			check: (j) => expect(j).toEqual([{ key: 'cust-1', archived: false }]),
		},
		{
			op: 'getTransactions',
			params: () => ({ customerKey: 'cust-1', returnAll: true }),
			check: one({ key: 'txn-1' }),
		},
		{ op: 'getBalance', params: () => ({ customerKey: 'cust-1' }), check: one({ balance: 0 }) },
		{
			op: 'addCredit',
			params: () => ({
				customerKey: 'cust-1',
				amount: 5,
				creditFields: { amountUnits: 'eur', isCurrency: true },
			}),
			check: one({ balance: 5, amount_units: 'eur' }),
		},
	],
	transaction: [
		{
			op: 'create',
			params: () => ({
				customerKey: 'cust-1',
				key: 'inv-7',
				valueType: 'amount',
				amount: 80,
				additionalFields: { action: 'sale', productId: 'pro', createdAt: '2025-02-03T04:05:06Z' },
			}),
			check: one({
				key: 'inv-7',
				amount: 80,
				reward: { amount: 16 },
				product_id: 'pro',
				created_at: expect.stringMatching(/^2025-02-03T04:05:06/),
			}),
		},
		{
			op: 'create',
			params: () => ({
				customerKey: 'fresh',
				key: 'inv-8',
				valueType: 'reward',
				amount: 9,
				additionalFields: { createCustomer: true, partnerKey: 'zoe' },
			}),
			check: one({ key: 'inv-8', reward: { amount: 9 }, partner: { key: 'zoe' } }),
		},
		{
			op: 'create',
			params: () => ({
				customerKey: 'cust-1',
				key: 'txn-1',
				amount: 80,
				options: { skipExisting: true },
			}),
			check: one({ key: 'txn-1', amount: 100, skipped: true }),
		},
		{
			op: 'get',
			params: () => ({ transactionKey: 'txn-1' }),
			check: one({ key: 'txn-1', amount: 100 }),
		},
		{
			op: 'getAll',
			params: () => ({ returnAll: true, filters: { customerKey: 'cust-1' } }),
			check: one({ key: 'txn-1' }),
		},
		{
			op: 'delete',
			params: () => ({ transactionKey: 'txn-1' }),
			check: async (j) => (
				expect(j).toEqual([{ key: 'txn-1', deleted: true }]),
				await gone('/transactions/txn-1')()
			),
		},
		{ op: 'archive', params: () => ({ transactionKey: 'txn-1' }), check: one({ archived: true }) },
		{
			op: 'unarchive',
			params: () => ({ transactionKey: 'txn-1' }),
			check: one({ archived: false }),
		},
	],
	lead: [
		{
			op: 'create',
			params: () => ({ partnerKey: 'zoe', email: 'li@example.com', name: 'Li' }),
			check: one({ lead_info: { email: 'li@example.com', name: 'Li' }, status: 'submitted' }),
		},
		{
			op: 'create',
			// A version 1 workflow: the name was among the Additional Fields.
			version: 1,
			params: () => ({
				partnerKey: 'zoe',
				email: 'old@example.com',
				additionalFields: { name: 'Old' },
			}),
			check: one({ lead_info: { email: 'old@example.com', name: 'Old' } }),
		},
		{
			op: 'get',
			params: (x) => ({ leadId: String(x.lead.id) }),
			check: one({ lead_info: { email: 'ana@example.com' } }),
		},
		{
			op: 'getAll',
			params: () => ({ returnAll: true }),
			check: one({ lead_info: { email: 'ana@example.com' } }),
		},
		{
			op: 'convert',
			params: (x) => ({ leadId: String(x.lead.id), commissionAmount: 40 }),
			check: one({ status: 'converted', commission_transaction_amount: 40 }),
		},
		{
			op: 'reject',
			params: (x) => ({ leadId: String(x.lead.id) }),
			check: one({ status: 'rejected' }),
		},
		{
			op: 'delete',
			params: (x) => ({ leadId: String(x.lead.id) }),
			check: (j, x) => expect(j).toEqual([{ id: String(x.lead.id), deleted: true }]),
		},
	],
	coupon: [
		{
			op: 'create',
			params: () => ({
				name: 'Summer',
				discountType: 'static',
				discountAmount: 5,
				durationType: 'months',
				additionalFields: { durationValue: 3, uuidCode: 'SUMMER', redemptionLimit: 50 },
			}),
			check: one({
				name: 'Summer',
				uuid_code: 'SUMMER',
				coupon_discount_type: 'static',
				coupon_duration_type: 'months',
				coupon_duration_value: 3,
				redemption_times_status: true,
				redemption_times_value: 50,
			}),
		},
		{
			op: 'create',
			// A version 1 workflow: Fixed Amount and Forever, the duration among the Additional Fields.
			version: 1,
			params: () => ({
				name: 'Old',
				discountType: 'fixed',
				discountAmount: 5,
				additionalFields: { durationType: 'forever' },
			}),
			check: one({ coupon_discount_type: 'static', coupon_duration_type: 'lifetime' }),
		},
		{
			op: 'get',
			params: (x) => ({ couponId: x.coupon.uuid_code }),
			check: one({ name: 'Spring' }),
		},
		{ op: 'getAll', params: () => ({ returnAll: true }), check: one({ name: 'Spring' }) },
		{
			op: 'update',
			params: (x) => ({
				couponId: x.coupon.uuid_code,
				updateFields: { name: 'Spring 2', metadata: '{"campaign": "spring"}' },
			}),
			check: one({ name: 'Spring 2', metadata: { campaign: 'spring' } }),
		},
		{
			op: 'delete',
			params: (x) => ({ couponId: x.coupon.uuid_code }),
			check: async (_j, x) => gone(`/coupons/${x.coupon.uuid_code}`)(),
		},
	],
	promotionCode: [
		{
			op: 'create',
			params: (x) => ({
				couponId: x.coupon.uuid_code,
				code: 'EVA5',
				additionalFields: {
					firstTimeOrder: true,
					restrictions: '{"limit_to_specific_customer": false}',
				},
			}),
			check: one({ code: 'EVA5', first_time_order: true, coupon: { uuid_code: 'SPRING' } }),
		},
		{
			op: 'get',
			params: (x) => ({ promotionCodeId: x.code.code }),
			check: one({ code: 'ZOE10' }),
		},
		{ op: 'getAll', params: () => ({ returnAll: true }), check: one({ code: 'ZOE10' }) },
		{
			op: 'update',
			params: (x) => ({
				promotionCodeId: x.code.code,
				updateFields: { metadata: '{"campaign": "spring"}' },
			}),
			check: one({ code: 'ZOE10', metadata: { campaign: 'spring' } }),
		},
		{
			op: 'delete',
			params: (x) => ({ promotionCodeId: x.code.code, couponId: x.coupon.uuid_code }),
			check: async (_j, x) => gone(`/promotion-codes/${x.code.code}`)(),
		},
	],
	payoutRequest: [
		{ op: 'getAll', params: () => ({ returnAll: true }), check: one({ amount: 20 }) },
		{
			op: 'get',
			params: (x) => ({ payoutRequestId: String(x.payout.id) }),
			check: one({ status: 'pending' }),
		},
		{
			op: 'approve',
			params: (x) => ({ payoutRequestId: String(x.payout.id) }),
			check: one({ status: 'approved' }),
		},
		{
			op: 'markAsPaid',
			params: (x) => ({ payoutRequestId: String(x.payout.id) }),
			check: one({ status: 'paid' }),
		},
	],
	program: [
		{
			op: 'get',
			params: () => ({}),
			check: one({ program: { type: 'Affiliate' }, stats: { partners_count: 1 } }),
		},
	],
};

/** One failing call per operation that addresses a record or validates on Partnero's side. */
const FAILURES: Array<[string, string, (s: Seeded) => Record<string, unknown>, RegExp]> = [
	[
		'partner',
		'create',
		() => ({ email: 'zoe@example.com' }),
		/HTTP 422.*email: The email has already been taken\./,
	],
	['partner', 'get', () => ({ lookupBy: 'key', lookupValue: 'nope' }), /HTTP 404/],
	[
		'partner',
		'update',
		() => ({ partnerId: 'p-zoe', updateFields: { email: 'zoe@nowhere' } }),
		/HTTP 422.*email: The email must be a valid email address\./,
	],
	...['delete', 'archive', 'unarchive', 'getReferralLinks'].map(
		(op) =>
			['partner', op, () => ({ partnerId: 'nope', returnAll: true }), /HTTP 404.*Not found/] as [
				string,
				string,
				() => Record<string, unknown>,
				RegExp,
			],
	),
	['partner', 'addReward', () => ({ partnerId: 'nope', amount: 1 }), /HTTP 404/],
	[
		'partner',
		'getSignInUrl',
		() => ({ signInBy: 'email', signInValue: 'nobody@example.com' }),
		/HTTP 404/,
	],
	[
		'customer',
		'create',
		() => ({ key: 'cust-1', partnerBy: 'key', partnerKey: 'zoe' }),
		/HTTP 422.*key: The key has already been taken\./,
	],
	[
		'customer',
		'update',
		() => ({ customerKey: 'cust-1', updateFields: { email: 'x@nowhere' } }),
		/HTTP 422.*email:/,
	],
	...['get', 'delete', 'archive', 'unarchive', 'getTransactions', 'getBalance'].map(
		(op) =>
			['customer', op, () => ({ customerKey: 'nope', returnAll: true }), /HTTP 404/] as [
				string,
				string,
				() => Record<string, unknown>,
				RegExp,
			],
	),
	['customer', 'addCredit', () => ({ customerKey: 'nope', amount: 1 }), /HTTP 404/],
	[
		'transaction',
		'create',
		() => ({ customerKey: 'ghost', key: 'x', amount: 5 }),
		/HTTP 422.*customer\.key: The selected customer is invalid\./,
	],
	...['get', 'delete', 'archive', 'unarchive'].map(
		(op) =>
			['transaction', op, () => ({ transactionKey: 'nope' }), /HTTP 404/] as [
				string,
				string,
				() => Record<string, unknown>,
				RegExp,
			],
	),
	[
		'lead',
		'create',
		() => ({ partnerKey: 'nobody', email: 'x@example.com', name: 'X' }),
		/HTTP 422.*partner: The selected partner is invalid\./,
	],
	...['get', 'delete', 'convert', 'reject'].map(
		(op) =>
			['lead', op, () => ({ leadId: '999', commissionAmount: 5 }), /HTTP 404/] as [
				string,
				string,
				() => Record<string, unknown>,
				RegExp,
			],
	),
	[
		'coupon',
		'create',
		() => ({
			name: 'x',
			discountType: 'percent',
			discountAmount: 5,
			durationType: 'days',
			additionalFields: { durationValue: 0 },
		}),
		/number of days \(coupon_duration_value\) must be at least 1/,
	],
	...['get', 'update', 'delete'].map(
		(op) =>
			['coupon', op, () => ({ couponId: '999', updateFields: { name: 'x' } }), /HTTP 404/] as [
				string,
				string,
				() => Record<string, unknown>,
				RegExp,
			],
	),
	[
		'promotionCode',
		'create',
		(x) => ({ couponId: x.coupon.uuid_code, code: 'ZOE10' }),
		/HTTP 422.*code: The code has already been taken\./,
	],
	...['get', 'update', 'delete'].map(
		(op) =>
			[
				'promotionCode',
				op,
				() => ({
					promotionCodeId: '999',
					couponId: 'SPRING',
					updateFields: { metadata: '{"a": 1}' },
				}),
				/HTTP 404/,
			] as [string, string, () => Record<string, unknown>, RegExp],
	),
	...['get', 'approve', 'markAsPaid'].map(
		(op) =>
			['payoutRequest', op, () => ({ payoutRequestId: '999' }), /HTTP 404/] as [
				string,
				string,
				() => Record<string, unknown>,
				RegExp,
			],
	),
];

test('the tables cover every operation the node offers', () => {
	for (const [resource, actions] of Object.entries(partneroActions)) {
		if (resource === 'webhook') continue;
		expect([resource, Object.keys(actions).sort()]).toEqual([
			resource,
			[...new Set(CASES[resource].map((c) => c.op))].sort(),
		]);
	}
});

test('every operation in the description has an action, and the other way round', () => {
	const props = new Partnero().description.properties;
	for (const prop of props.filter((p) => p.name === 'operation')) {
		const resource = (prop.displayOptions?.show?.resource as string[])[0];
		const values = (prop.options as Array<{ value: string; action?: string }>)
			.map((o) => o.value)
			.sort();
		expect([resource, values]).toEqual([resource, Object.keys(partneroActions[resource]).sort()]);
		expect(
			(prop.options as Array<{ action?: string }>).every((o) => typeof o.action === 'string'),
		).toBe(true);
	}
});

describe.each<CoreModule>(['n8n-core', 'n8n-core-1'])(
	'Partnero node resources run by %s',
	(core) => {
		const node = new Partnero();
		const run = (
			parameters: Record<string, unknown>,
			opts?: Parameters<typeof runNode>[4],
		): Promise<NodeRun> =>
			runNode(
				core,
				node,
				parameters,
				{ apiKey: sims.sim.apiKey, baseUrl: sims.sim.apiBaseUrl },
				opts,
			);

		const rows = Object.entries(CASES).flatMap(([resource, cases]) =>
			cases.map((c, n) => [`${resource}.${c.op} #${n}`, resource, c] as const),
		);
		test.each(rows)('%s', async (_name, resource, c) => {
			const result = await run(
				{ resource, operation: c.op, ...c.params(s) },
				{ typeVersion: c.version },
			);
			expect(result.error?.message).toBeUndefined();
			expect(result.status).toBe('success');
			await c.check(
				result.items.map((i) => i.json),
				s,
			);
		});

		test.each(FAILURES.map(([r, op, p, m]) => [`${r}.${op} fails`, r, op, p, m] as const))(
			'%s',
			async (_name, resource, operation, params, message) => {
				const result = await run({ resource, operation, ...params(s) });
				expect(result.status).toBe('error');
				expect(result.error?.message).toMatch(message);
				expect(JSON.stringify(result)).not.toContain(sims.sim.apiKey);
			},
		);

		test('a version 1 coupon update that changes the discount is refused, naming what Partnero takes', async () => {
			const result = await run(
				{
					resource: 'coupon',
					operation: 'update',
					couponId: s.coupon.uuid_code,
					updateFields: { discountAmount: 15 },
				},
				{ typeVersion: 1 },
			);
			expect(result.status).toBe('error');
			expect(result.error?.message).toMatch(
				/coupon update takes no discountAmount; its fields are name, metadata, redeem, transaction_key/,
			);
			expect(
				(await simApi(sims.sim, 'GET', '/coupons/SPRING')).body.data.coupon_discount_amount,
			).toBe(10);
		});

		test('getPartners lists name (email) → referral key, for attribution', async () => {
			await simApi(sims.sim, 'POST', '/partners', { email: 'al@example.com', key: 'al' });
			const options = await loadOptions(
				core,
				node,
				'getPartners',
				{ resource: 'customer', operation: 'create' },
				{ apiKey: sims.sim.apiKey, baseUrl: sims.sim.apiBaseUrl },
			);
			expect(options).toEqual([
				{ name: 'al@example.com', value: 'al' },
				{ name: 'Zoë Müller (zoe@example.com)', value: 'zoe' },
			]);
		});

		test('getCoupons lists name (discount) → uuid_code, for promotion codes', async () => {
			const options = await loadOptions(
				core,
				node,
				'getCoupons',
				{},
				{ apiKey: sims.sim.apiKey, baseUrl: sims.sim.apiBaseUrl },
			);
			expect(options).toEqual([{ name: 'Spring (10 percent)', value: 'SPRING' }]);
		});

		test('getPartners with a wrong key fails with advice and without the key', async () => {
			const error = await loadOptions(
				core,
				node,
				'getPartners',
				{},
				{ apiKey: 'bad-key-77aa', baseUrl: sims.sim.apiBaseUrl },
			).catch((e: Error) => e);
			expect((error as Error).message).toMatch(/HTTP 401/);
			expect(JSON.stringify({ m: (error as Error).message })).not.toContain('bad-key-77aa');
		});

		test('Get Many with a Limit stops paging early; Return All follows links.next', async () => {
			for (let n = 0; n < 300; n++)
				await simApi(sims.sim, 'POST', '/partners', { email: `p${n}@example.com` });
			const before = sims.sim.apiCalls().length;
			const limited = await run({
				resource: 'partner',
				operation: 'getAll',
				returnAll: false,
				limit: 3,
			});
			expect(limited.items).toHaveLength(3);
			expect(
				sims.sim
					.apiCalls()
					.slice(before)
					.map((c) => c.path),
			).toEqual(['/v1/partners']);
			const all = await run({ resource: 'partner', operation: 'getAll', returnAll: true });
			expect(all.items).toHaveLength(301);
			expect(sims.sim.apiCalls().slice(before + 1)).toHaveLength(2);
		});

		test('creating a transaction makes Partnero fire transaction.created to a subscribed webhook', async () => {
			const bodies: any[] = [];
			const server = http.createServer((req, res) => {
				const chunks: Buffer[] = [];
				req.on('data', (c: Buffer) => chunks.push(c));
				req.on(
					'end',
					() => (bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8'))), res.end('ok')),
				);
			});
			await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
			const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
			await run({
				resource: 'webhook',
				operation: 'create',
				name: 'sales',
				url,
				events: ['transaction.created'],
			});
			const created = await run({
				resource: 'transaction',
				operation: 'create',
				customerKey: 'cust-1',
				key: 'inv-42',
				amount: 250,
			});
			expect(created.status).toBe('success');
			await sims.sim.settle();
			await new Promise<void>((r) => server.close(() => r()));
			expect(bodies).toEqual([
				expect.objectContaining({
					event: 'transaction.created',
					data: expect.objectContaining({
						key: 'inv-42',
						amount: 250,
						reward: { amount: 50, currency: 'USD' },
					}),
				}),
			]);
		});

		test('Continue On Fail: a failing transaction item becomes an error item, the next one is created', async () => {
			const result = await run(
				{
					resource: 'transaction',
					operation: 'create',
					customerKey: '={{ $json.customer }}',
					key: '={{ $json.key }}',
					amount: 10,
				},
				{
					continueOnFail: true,
					input: [
						{ customer: 'ghost', key: 'a' },
						{ customer: 'cust-1', key: 'b' },
					],
				},
			);
			expect(result.status).toBe('success');
			expect(result.items[0]).toEqual({
				json: expect.objectContaining({
					error: expect.stringMatching(/customer\.key: The selected customer is invalid/),
				}),
				pairedItem: { item: 0 },
			});
			expect(result.items[1]).toEqual({
				json: expect.objectContaining({ key: 'b' }),
				pairedItem: { item: 1 },
			});
		});

		test('without a resource parameter the node runs Partner, its default (no shim for unreleased versions)', async () => {
			await simApi(sims.sim, 'POST', '/webhooks', {
				name: 'old',
				url: 'https://example.com/old',
				events: ['partner.created'],
			});
			const result = await run({ operation: 'getAll', returnAll: true });
			expect(result.status).toBe('success');
			expect(result.items.map((i) => i.json.name)).not.toContain('old');
			expect(result.items.length).toBeGreaterThan(0);
		});

		test('refer-a-friend: a customer without a partner, credit and balance', async () => {
			sims.sim.setProgramType('refer-a-friend');
			try {
				const created = await run({
					resource: 'customer',
					operation: 'create',
					key: 'friend-1',
					partnerBy: 'none',
					additionalFields: { email: 'f@example.com' },
				});
				expect(created.items[0].json).toMatchObject({ key: 'friend-1', partner: null });
				await run({
					resource: 'customer',
					operation: 'addCredit',
					customerKey: 'friend-1',
					amount: 15,
				});
				const balance = await run({
					resource: 'customer',
					operation: 'getBalance',
					customerKey: 'friend-1',
				});
				expect(balance.items[0].json).toMatchObject({ key: 'friend-1', balance: 15 });
			} finally {
				sims.sim.setProgramType('affiliate');
			}
		});

		test('the transaction Create shows the double-pay notice', () => {
			const notice = node.description.properties.find(
				(p) => p.type === 'notice' && p.displayOptions?.show?.resource?.includes('transaction'),
			);
			expect(notice?.displayName).toMatch(/not idempotent.*Stripe, Paddle.*twice/);
			expect(notice?.displayOptions?.show?.operation).toEqual(['create']);
		});
	},
);
