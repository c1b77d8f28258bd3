/**
 * One row per API operation: the input in the core's shape (Node-RED's msg maps onto it 1:1) and what the
 * simulator must show afterwards. Shared by the core and Node-RED suites so both cover every operation.
 */
import type { OperationInput } from '../../core/partnero/operations';
import type { Simulator } from '../../sim/server';
import { simApi, type Seeded } from './seed';

export interface OperationCase {
	resource: string;
	operation: string;
	input: (s: Seeded) => OperationInput;
	check: (result: any, s: Seeded, sim: Simulator) => void | Promise<void>;
}

const get = async (sim: Simulator, path: string) => simApi(sim, 'GET', path);

export const SUCCESS_CASES: OperationCase[] = [
	{
		resource: 'partner',
		operation: 'create',
		input: () => ({
			fields: { email: 'new@example.com', name: 'New', tags: 'vip, blog', password: 'Secret123' },
		}),
		check: async (r, _s, sim) => {
			expect(r).toMatchObject({
				email: 'new@example.com',
				name: 'New',
				tags: [{ value: 'vip' }, { value: 'blog' }],
			});
			expect((await get(sim, `/partner?email=new@example.com`)).body.data.id).toBe(r.id);
		},
	},
	{
		resource: 'partner',
		operation: 'create',
		input: () => ({ fields: { email: 'sub@example.com', referring_partner: 'zoe' } }),
		check: (r) =>
			expect(r.referring_partner).toEqual({ id: 'p-zoe', key: 'zoe', email: 'zoe@example.com' }),
	},
	{
		resource: 'partner',
		operation: 'get',
		input: () => ({ id: 'p-zoe' }),
		check: (r) => expect(r).toMatchObject({ id: 'p-zoe', key: 'zoe' }),
	},
	{
		resource: 'partner',
		operation: 'get',
		input: () => ({ fields: { email: 'zoe@example.com' } }),
		check: (r) => expect(r.id).toBe('p-zoe'),
	},
	{
		resource: 'partner',
		operation: 'get',
		input: () => ({ fields: { key: 'zoe' } }),
		check: (r) => expect(r.id).toBe('p-zoe'),
	},
	{
		resource: 'partner',
		operation: 'getAll',
		input: () => ({}),
		check: (r) => expect(r.map((p: any) => p.id)).toEqual(['p-zoe']),
	},
	{
		resource: 'partner',
		operation: 'search',
		input: () => ({ fields: { email: 'ZOE@' } }),
		check: (r) => expect(r.map((p: any) => p.id)).toEqual(['p-zoe']),
	},
	{
		resource: 'partner',
		operation: 'update',
		input: () => ({ id: 'p-zoe', fields: { surname: 'Schmidt', tags: ['a'] } }),
		check: async (r, _s, sim) => {
			expect(r).toMatchObject({ surname: 'Schmidt', tags: [{ value: 'a' }] });
			expect((await get(sim, '/partners/p-zoe')).body.data.surname).toBe('Schmidt');
		},
	},
	{
		resource: 'partner',
		operation: 'delete',
		input: () => ({ id: 'p-zoe' }),
		check: async (r, _s, sim) => {
			expect(r).toEqual({ id: 'p-zoe', deleted: true });
			expect((await get(sim, '/partners/p-zoe')).status).toBe(404);
		},
	},
	{
		resource: 'partner',
		operation: 'archive',
		input: () => ({ id: 'p-zoe' }),
		check: async (r, _s, sim) => {
			expect(r).toEqual({ id: 'p-zoe', archived: true });
			expect((await get(sim, '/partners/p-zoe')).body.data.status).toBe('archived');
		},
	},
	{
		resource: 'partner',
		operation: 'unarchive',
		input: () => ({ id: 'p-zoe' }),
		check: (r) => expect(r).toEqual({ id: 'p-zoe', archived: false }),
	},
	{
		resource: 'partner',
		operation: 'addReward',
		input: () => ({
			id: 'p-zoe',
			fields: { amount: 25, date: '2025-03-01', note: 'launch bonus' },
		}),
		check: (r) =>
			expect(r).toMatchObject({
				amount: 25,
				date: '2025-03-01',
				note: 'launch bonus',
				partner: { id: 'p-zoe' },
			}),
	},
	{
		resource: 'partner',
		operation: 'getReferralLinks',
		input: () => ({ id: 'p-zoe' }),
		check: (r) => expect(r).toEqual([expect.objectContaining({ key: 'zoe' })]),
	},
	{
		resource: 'partner',
		operation: 'getSignInUrl',
		input: () => ({ fields: { email: 'zoe@example.com', expires_in: 60 } }),
		check: (r) => expect(r.url).toMatch(/\/portal\/sign-in\//),
	},
	{
		resource: 'partner',
		operation: 'getSignInUrl',
		input: () => ({ id: 'zoe' }),
		check: (r) => expect(r.url).toMatch(/^http/),
	},

	{
		resource: 'customer',
		operation: 'create',
		input: () => ({ fields: { key: 'cust-2', email: 'eva@example.com', partner: 'zoe' } }),
		check: async (r, _s, sim) => {
			expect(r).toMatchObject({ key: 'cust-2', partner: { key: 'zoe' } });
			expect((await get(sim, '/customers/cust-2')).status).toBe(200);
		},
	},
	{
		resource: 'customer',
		operation: 'create',
		input: () => ({ fields: { key: 'cust-3', partner: { email: 'zoe@example.com' } } }),
		check: (r) => expect(r.partner.id).toBe('p-zoe'),
	},
	{
		resource: 'customer',
		operation: 'get',
		input: () => ({ id: 'cust-1' }),
		check: (r) => expect(r).toMatchObject({ key: 'cust-1', email: 'jan@example.com' }),
	},
	{
		resource: 'customer',
		operation: 'getAll',
		input: () => ({ fields: { partner_key: 'zoe' } }),
		check: (r) => expect(r.map((c: any) => c.key)).toEqual(['cust-1']),
	},
	{
		resource: 'customer',
		operation: 'getAll',
		input: () => ({ fields: { partner_email: 'other@example.com' } }),
		check: (r) => expect(r).toEqual([]),
	},
	{
		resource: 'customer',
		operation: 'search',
		input: () => ({ fields: { email: 'jan' } }),
		check: (r) => expect(r.map((c: any) => c.key)).toEqual(['cust-1']),
	},
	{
		resource: 'customer',
		operation: 'update',
		input: () => ({ id: 'cust-1', fields: { name: 'Janek' } }),
		check: (r) => expect(r.name).toBe('Janek'),
	},
	{
		resource: 'customer',
		operation: 'delete',
		input: () => ({ id: 'cust-1' }),
		check: async (r, _s, sim) => {
			expect(r).toEqual({ key: 'cust-1', deleted: true });
			expect((await get(sim, '/customers/cust-1')).status).toBe(404);
		},
	},
	{
		resource: 'customer',
		operation: 'archive',
		input: () => ({ id: 'cust-1' }),
		check: async (r, _s, sim) => {
			expect(r).toEqual({ key: 'cust-1', archived: true });
			expect((await get(sim, '/customers/cust-1')).body.data.status).toBe('archived');
		},
	},
	{
		resource: 'customer',
		operation: 'unarchive',
		input: () => ({ id: 'cust-1' }),
		check: (r) => expect(r).toEqual({ key: 'cust-1', archived: false }),
	},
	{
		resource: 'customer',
		operation: 'getTransactions',
		input: () => ({ id: 'cust-1' }),
		check: (r) => expect(r.map((t: any) => t.key)).toEqual(['txn-1']),
	},
	{
		resource: 'customer',
		operation: 'getBalance',
		input: () => ({ id: 'cust-1' }),
		check: (r) => expect(r).toMatchObject({ key: 'cust-1', balance: 0 }),
	},
	{
		resource: 'customer',
		operation: 'addCredit',
		input: () => ({ id: 'cust-1', fields: { amount: 10, is_currency: true, amount_units: 'usd' } }),
		check: async (r, _s, sim) => {
			expect(r.balance).toBe(10);
			expect((await get(sim, '/customers/cust-1/balance')).body.data.balance).toBe(10);
		},
	},

	{
		resource: 'transaction',
		operation: 'create',
		input: () => ({
			fields: {
				key: 'txn-2',
				customer: 'cust-1',
				amount: 50,
				action: 'sale',
				product_id: 'pro',
				created_at: '2025-01-02T03:04:05Z',
			},
		}),
		check: async (r, _s, sim) => {
			expect(r).toMatchObject({
				key: 'txn-2',
				amount: 50,
				reward: { amount: 10 },
				product_id: 'pro',
				partner: { key: 'zoe' },
			});
			expect(r.created_at).toMatch(/^2025-01-02T03:04:05/);
			expect((await get(sim, '/transactions/txn-2')).status).toBe(200);
		},
	},
	{
		resource: 'transaction',
		operation: 'create',
		input: () => ({
			fields: {
				key: 'txn-3',
				customer: { key: 'new-cust' },
				partner: 'zoe',
				reward: 7,
				options: { create_customer: true },
			},
		}),
		check: async (r, _s, sim) => {
			expect(r).toMatchObject({
				key: 'txn-3',
				reward: { amount: 7 },
				customer: { key: 'new-cust' },
			});
			expect((await get(sim, '/customers/new-cust')).body.data.partner.key).toBe('zoe');
		},
	},
	{
		resource: 'transaction',
		operation: 'create',
		input: () => ({
			skipExisting: true,
			fields: { key: 'txn-1', customer: 'cust-1', amount: 999 },
		}),
		check: async (r, _s, sim) => {
			expect(r).toMatchObject({ key: 'txn-1', amount: 100, skipped: true });
			expect((await get(sim, '/transactions')).body.data).toHaveLength(1);
		},
	},
	{
		resource: 'transaction',
		operation: 'create',
		input: () => ({ skipExisting: true, fields: { key: 'txn-9', customer: 'cust-1', amount: 9 } }),
		check: (r) => expect(r).toMatchObject({ key: 'txn-9', amount: 9, skipped: false }),
	},
	{
		resource: 'transaction',
		operation: 'get',
		input: () => ({ id: 'txn-1' }),
		check: (r) => expect(r).toMatchObject({ key: 'txn-1', amount: 100 }),
	},
	{
		resource: 'transaction',
		operation: 'getAll',
		input: () => ({ fields: { partner_key: 'zoe' } }),
		check: (r) => expect(r.map((t: any) => t.key)).toEqual(['txn-1']),
	},
	{
		resource: 'transaction',
		operation: 'delete',
		input: () => ({ id: 'txn-1' }),
		check: async (r, _s, sim) => {
			expect(r).toEqual({ key: 'txn-1', deleted: true });
			expect((await get(sim, '/transactions/txn-1')).status).toBe(404);
		},
	},
	{
		resource: 'transaction',
		operation: 'archive',
		input: () => ({ id: 'txn-1' }),
		check: async (r, _s, sim) => {
			expect(r).toEqual({ key: 'txn-1', archived: true });
			expect((await get(sim, '/transactions/txn-1')).body.data.archived).toBe(true);
		},
	},
	{
		resource: 'transaction',
		operation: 'unarchive',
		input: () => ({ id: 'txn-1' }),
		check: (r) => expect(r).toEqual({ key: 'txn-1', archived: false }),
	},

	{
		resource: 'lead',
		operation: 'create',
		input: () => ({ fields: { email: 'li@example.com', name: 'Li', partner: 'zoe' } }),
		check: (r) =>
			expect(r).toMatchObject({
				lead_info: { name: 'Li', email: 'li@example.com' },
				status: 'submitted',
				submitter: { id: 'p-zoe' },
			}),
	},
	{
		resource: 'lead',
		operation: 'get',
		input: (s) => ({ id: String(s.lead.id) }),
		check: (r, s) => expect(r.id).toBe(s.lead.id),
	},
	{
		resource: 'lead',
		operation: 'getAll',
		input: () => ({}),
		check: (r, s) => expect(r.map((l: any) => l.id)).toEqual([s.lead.id]),
	},
	{
		resource: 'lead',
		operation: 'convert',
		input: (s) => ({ id: String(s.lead.id), fields: { commission_transaction_amount: 30 } }),
		check: (r) =>
			expect(r).toMatchObject({ status: 'converted', commission_transaction_amount: 30 }),
	},
	{
		resource: 'lead',
		operation: 'reject',
		input: (s) => ({ id: String(s.lead.id) }),
		check: (r) => expect(r.status).toBe('rejected'),
	},
	{
		resource: 'lead',
		operation: 'delete',
		input: (s) => ({ id: String(s.lead.id) }),
		check: async (r, s, sim) => {
			expect(r).toEqual({ id: String(s.lead.id), deleted: true });
			expect((await get(sim, `/leads/${s.lead.id}`)).status).toBe(404);
		},
	},

	{
		resource: 'coupon',
		operation: 'create',
		input: () => ({
			fields: {
				name: 'Summer',
				coupon_discount_type: 'static',
				coupon_discount_amount: 5,
				coupon_duration_type: 'months',
				coupon_duration_value: 3,
				redemption_times_status: true,
				redemption_times_value: 100,
			},
		}),
		check: (r) =>
			expect(r).toMatchObject({
				name: 'Summer',
				coupon_discount_type: 'static',
				coupon_discount_amount: 5,
				coupon_duration_value: 3,
				redemption_times_value: 100,
			}),
	},
	{
		resource: 'coupon',
		operation: 'get',
		input: (s) => ({ id: s.coupon.uuid_code }),
		check: (r) => expect(r.name).toBe('Spring'),
	},
	{
		resource: 'coupon',
		operation: 'getAll',
		input: () => ({}),
		check: (r) => expect(r.map((c: any) => c.name)).toEqual(['Spring']),
	},
	{
		resource: 'coupon',
		operation: 'update',
		input: (s) => ({ id: s.coupon.uuid_code, fields: { name: 'Spring 2' } }),
		check: (r) => expect(r).toMatchObject({ uuid_code: 'SPRING', name: 'Spring 2' }),
	},
	{
		resource: 'coupon',
		operation: 'delete',
		input: (s) => ({ id: s.coupon.uuid_code }),
		check: async (r, s, sim) => {
			expect(r).toEqual({ uuid_code: 'SPRING', deleted: true });
			expect((await get(sim, `/coupons/${s.coupon.uuid_code}`)).status).toBe(404);
		},
	},
	{
		resource: 'promotionCode',
		operation: 'create',
		input: (s) => ({
			fields: { coupon_uuid: s.coupon.uuid_code, code: 'EVA5', first_time_order: true },
		}),
		check: (r) =>
			expect(r).toMatchObject({
				code: 'EVA5',
				first_time_order: true,
				coupon: { uuid_code: 'SPRING' },
			}),
	},
	{
		resource: 'promotionCode',
		operation: 'get',
		input: (s) => ({ id: s.code.code }),
		check: (r) => expect(r.code).toBe('ZOE10'),
	},
	{
		resource: 'promotionCode',
		operation: 'getAll',
		input: () => ({}),
		check: (r) => expect(r.map((c: any) => c.code)).toEqual(['ZOE10']),
	},
	{
		resource: 'promotionCode',
		operation: 'update',
		input: (s) => ({ id: s.code.code, fields: { metadata: { campaign: 'spring' } } }),
		check: (r) => expect(r).toMatchObject({ code: 'ZOE10', metadata: { campaign: 'spring' } }),
	},
	{
		resource: 'promotionCode',
		operation: 'delete',
		input: (s) => ({ id: s.code.code, fields: { coupon_uuid: s.coupon.uuid_code } }),
		check: async (r, s, sim) => {
			expect(r).toEqual({ code: 'ZOE10', deleted: true });
			expect((await get(sim, `/promotion-codes/${s.code.code}`)).status).toBe(404);
		},
	},

	{
		resource: 'payoutRequest',
		operation: 'getAll',
		input: () => ({}),
		check: (r, s) => expect(r.map((p: any) => p.id)).toEqual([s.payout.id]),
	},
	{
		resource: 'payoutRequest',
		operation: 'get',
		input: (s) => ({ id: String(s.payout.id) }),
		check: (r) => expect(r).toMatchObject({ amount: 20, status: 'pending' }),
	},
	{
		resource: 'payoutRequest',
		operation: 'approve',
		input: (s) => ({ id: String(s.payout.id) }),
		check: (r) => expect(r.status).toBe('approved'),
	},
	{
		resource: 'payoutRequest',
		operation: 'markAsPaid',
		input: (s) => ({ id: String(s.payout.id) }),
		check: (r) => expect(r.status).toBe('paid'),
	},

	{
		resource: 'program',
		operation: 'get',
		input: () => ({}),
		check: (r) =>
			expect(r).toMatchObject({
				program: { type: 'Affiliate' },
				stats: { partners_count: 1, transactions_count: 1, revenue: 100 },
			}),
	},

	{
		resource: 'webhook',
		operation: 'create',
		input: () => ({
			fields: { name: 'h', url: 'https://example.com/h', events: ['partner.created'] },
		}),
		check: (r) => expect(r).toMatchObject({ name: 'h', is_active: true }),
	},
];

/** Failures with the status Partnero answers and the text that must reach the user (field messages on 422). */
export interface ErrorCase {
	resource: string;
	operation: string;
	input: (s: Seeded) => OperationInput;
	status: number;
	message: RegExp;
}

// The fields let updates through the core's "nothing to update" check, so the call reaches Partnero.
const missing = (resource: string, operation: string): ErrorCase => ({
	resource,
	operation,
	input: () => ({ id: 'nope', fields: { name: 'x' } }),
	status: 404,
	message: /HTTP 404.*Not found/,
});

export const ERROR_CASES: ErrorCase[] = [
	{
		resource: 'partner',
		operation: 'create',
		input: () => ({ fields: { email: 'zoe@example.com', key: 'zoe' } }),
		status: 422,
		message: /email: The email has already been taken\.; key: The key has already been taken\./,
	},
	{
		resource: 'partner',
		operation: 'get',
		input: () => ({ fields: { key: 'nope' } }),
		status: 404,
		message: /HTTP 404/,
	},
	...['update', 'delete', 'archive', 'unarchive', 'getReferralLinks'].map((op) =>
		missing('partner', op),
	),
	{
		resource: 'partner',
		operation: 'update',
		input: () => ({ id: 'p-zoe', fields: { email: 'zoe@nowhere' } }),
		status: 422,
		message: /email: The email must be a valid email address\./,
	},
	{
		resource: 'partner',
		operation: 'addReward',
		input: () => ({ id: 'nope', fields: { amount: 5 } }),
		status: 404,
		message: /HTTP 404/,
	},
	{
		resource: 'partner',
		operation: 'getSignInUrl',
		input: () => ({ fields: { key: 'nope' } }),
		status: 404,
		message: /HTTP 404/,
	},
	{
		resource: 'customer',
		operation: 'create',
		input: () => ({ fields: { key: 'cust-1', partner: 'zoe' } }),
		status: 422,
		message: /key: The key has already been taken\./,
	},
	{
		resource: 'customer',
		operation: 'create',
		input: () => ({ fields: { key: 'cust-7', partner: 'nobody' } }),
		status: 400,
		message: /Invalid partner key/,
	},
	...['get', 'delete', 'archive', 'unarchive', 'getTransactions', 'getBalance'].map((op) =>
		missing('customer', op),
	),
	{
		resource: 'customer',
		operation: 'update',
		input: () => ({ id: 'cust-1', fields: { email: 'jan@nowhere' } }),
		status: 422,
		message: /email: The email must be a valid email address\./,
	},
	{
		resource: 'customer',
		operation: 'addCredit',
		input: () => ({ id: 'nope', fields: { amount: 1 } }),
		status: 404,
		message: /HTTP 404/,
	},
	{
		resource: 'transaction',
		operation: 'create',
		input: () => ({ fields: { key: 'txn-1', customer: 'cust-1', amount: 5 } }),
		status: 422,
		message: /key: The key has already been taken\./,
	},
	{
		resource: 'transaction',
		operation: 'create',
		input: () => ({ fields: { customer: 'ghost', amount: 5 } }),
		status: 422,
		message: /customer\.key: The selected customer is invalid\./,
	},
	...['get', 'delete', 'archive', 'unarchive'].map((op) => missing('transaction', op)),
	{
		resource: 'lead',
		operation: 'create',
		input: () => ({ fields: { name: 'X', email: 'x@example.com', partner: 'nobody' } }),
		status: 422,
		message: /partner: The selected partner is invalid\./,
	},
	...['get', 'delete', 'reject'].map((op) => missing('lead', op)),
	{
		resource: 'lead',
		operation: 'convert',
		input: () => ({ id: 'nope', fields: { commission_transaction_amount: 5 } }),
		status: 404,
		message: /HTTP 404.*Not found/,
	},
	{
		resource: 'promotionCode',
		operation: 'create',
		input: (s) => ({ fields: { coupon_uuid: s.coupon.uuid_code, code: 'ZOE10' } }),
		status: 422,
		message: /code: The code has already been taken\./,
	},
	{
		resource: 'promotionCode',
		operation: 'create',
		input: () => ({ fields: { coupon_uuid: 'NOPE', code: 'X' } }),
		status: 422,
		message: /coupon_uuid: The selected coupon uuid is invalid\./,
	},
	...['get', 'update', 'delete'].map((op) => missing('coupon', op)),
	missing('promotionCode', 'get'),
	{
		resource: 'promotionCode',
		operation: 'update',
		input: () => ({ id: 'nope', fields: { metadata: { a: 1 } } }),
		status: 404,
		message: /HTTP 404.*Not found/,
	},
	{
		resource: 'promotionCode',
		operation: 'delete',
		input: () => ({ id: 'nope', fields: { coupon_uuid: 'SPRING' } }),
		status: 404,
		message: /HTTP 404.*Not found/,
	},
	...['get', 'approve', 'markAsPaid'].map((op) => missing('payoutRequest', op)),
];

/** Input the core refuses before any call, with the text that must name the fix. */
export const REFUSED_CASES: Array<{
	resource: string;
	operation: string;
	input: OperationInput;
	message: RegExp;
}> = [
	{
		resource: 'partner',
		operation: 'create',
		input: { fields: { email: 'not-an-email' } },
		message: /partner email "not-an-email" is not an email address/,
	},
	{
		resource: 'partner',
		operation: 'get',
		input: { fields: { key: 'a', email: 'b@c.d' } },
		message: /only one of key, email/,
	},
	{
		resource: 'partner',
		operation: 'update',
		input: { id: 'p-zoe', fields: {} },
		message: /Nothing to update/,
	},
	{ resource: 'partner', operation: 'archive', input: {}, message: /partner id is required/ },
	{
		resource: 'partner',
		operation: 'addReward',
		input: { id: 'p-zoe', fields: { amount: 'lots' } },
		message: /reward amount must be a number/,
	},
	{
		resource: 'partner',
		operation: 'getSignInUrl',
		input: { fields: { key: 'zoe', expires_in: 5 } },
		message: /30 to 900 seconds/,
	},
	{
		resource: 'customer',
		operation: 'create',
		input: { fields: { email: 'x@example.com' } },
		message: /customer key is required/,
	},
	{
		resource: 'customer',
		operation: 'addCredit',
		input: { id: 'cust-1', fields: {} },
		message: /credit amount must be a number/,
	},
	{
		resource: 'transaction',
		operation: 'create',
		input: { fields: { customer: 'cust-1', amount: 5, reward: 1 } },
		message: /either the transaction amount or the reward/,
	},
	{
		resource: 'transaction',
		operation: 'create',
		input: { fields: { amount: 5 } },
		message: /customer's id or key or email/,
	},
	{
		resource: 'transaction',
		operation: 'create',
		input: { skipExisting: true, fields: { customer: 'cust-1', amount: 5 } },
		message: /transaction key \(needed to detect/,
	},
	{
		resource: 'transaction',
		operation: 'create',
		input: { fields: { customer: 'cust-1', amount: 5, created_at: 'yesterday' } },
		message: /"yesterday" is not a date/,
	},
	{
		resource: 'lead',
		operation: 'convert',
		input: { id: '1', fields: { commission_transaction_amount: 'x' } },
		message: /commission amount must be a number/,
	},
	{
		resource: 'coupon',
		operation: 'create',
		input: {
			fields: {
				name: 'x',
				coupon_discount_type: 'half',
				coupon_discount_amount: 1,
				coupon_duration_type: 'once',
			},
		},
		message: /discount type \(coupon_discount_type\) must be one of percent, static/,
	},
	{
		resource: 'promotionCode',
		operation: 'create',
		input: { fields: { code: 'X' } },
		message: /coupon's uuid_code \(coupon_uuid\) is required/,
	},
	{
		resource: 'partner',
		operation: 'fly',
		input: {},
		message: /Unknown operation "fly" for partner/,
	},
	{ resource: 'planet', operation: 'get', input: {}, message: /Unknown resource "planet"/ },
	{
		resource: 'customer',
		operation: 'getAll',
		input: { limit: 0 },
		message: /limit must be a whole number from 1/,
	},
];
