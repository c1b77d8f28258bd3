/**
 * The simulator against Partnero's reference: it accepts each page's own request example (the fixtures
 * of the contract tests), answers with every field the page's answer shows, and refuses the shapes the
 * reference does not take with the 422 (Laravel's {status, message, errors}) the real API gives.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startSimulator, type Simulator } from '../../sim/server';
import { simApi } from '../support/seed';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(() => sim.close());

interface Fixture {
	source: string;
	method: string;
	path: string;
	query?: Record<string, unknown>;
	request: Record<string, unknown> | null;
	response: { data?: unknown; status?: number };
}

const DIR = path.join(__dirname, '../fixtures/partnero');
// Leads get numeric ids the simulator assigns itself, so the pages' lead 44 cannot be addressed.
const fixtures = readdirSync(DIR)
	.filter((f) => f.endsWith('.json') && !/^leads-(get|convert)/.test(f))
	.map((f) => [f, JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as Fixture] as const);

/** The records the pages' examples refer to: partner_123 (ref_123), customer_123, transaction_123, coupon_123, PROMO123. */
async function seedExamples(file: string): Promise<void> {
	sim.reset();
	const post = async (p: string, body: unknown) => {
		const res = await simApi(sim, 'POST', p, body);
		if (res.status !== 201) throw new Error(`seeding ${p}: ${JSON.stringify(res.body)}`);
	};
	await post('/partners', {
		id: 'partner_123',
		key: 'ref_123',
		email: 'john.doe@partnero.com',
		name: 'John',
		surname: 'Doe',
	});
	await post('/customers', { key: 'customer_123', partner: { key: 'ref_123' } });
	await post('/transactions', {
		key: 'transaction_123',
		amount: 10,
		customer: { key: 'customer_123' },
	});
	if (file === 'coupons-create.json') return;
	await post('/coupons', {
		name: 'PARTNERO25',
		uuid_code: 'coupon_123',
		coupon_discount_type: 'percent',
		coupon_discount_amount: 25,
		coupon_duration_type: 'months',
		coupon_duration_value: 11,
	});
	await post('/promotion-codes', { coupon_uuid: 'coupon_123', code: 'PROMO123' });
}

test.each(fixtures)(
	'%s: the page example is accepted and answered in its shape',
	async (file, f) => {
		await seedExamples(file);
		const query = f.query ? `?${new URLSearchParams(f.query as Record<string, string>)}` : '';
		const res = await simApi(sim, f.method, `/${f.path}${query}`, f.request ?? undefined);
		expect([res.status, res.body]).toEqual([expect.any(Number), expect.anything()]);
		expect(res.status).toBeLessThan(300);
		if (f.response.data === undefined) {
			expect(res.body).toEqual(f.response);
			return;
		}
		const documented = f.response.data as Record<string, unknown>;
		const answered = res.body.data as Record<string, unknown>;
		expect(Object.keys(answered)).toEqual(expect.arrayContaining(Object.keys(documented)));
	},
);

describe('what the reference does not take is refused with 422', () => {
	beforeEach(() => seedExamples('refusals'));

	test('a flat partner update (row 2)', async () => {
		const res = await simApi(sim, 'PUT', '/partners/partner_123', { name: 'James' });
		expect(res.status).toBe(422);
		expect(res.body).toEqual({
			status: 0,
			message: 'The update field is required.',
			errors: { update: ['The update field is required.'] },
		});
	});

	test('a flat customer update (row 3)', async () => {
		const res = await simApi(sim, 'PUT', '/customers/customer_123', { name: 'Amanda' });
		expect(res.status).toBe(422);
		expect(res.body.errors).toEqual({ update: ['The update field is required.'] });
	});

	test('a coupon with the old field names (row 4)', async () => {
		const res = await simApi(sim, 'POST', '/coupons', {
			name: 'Summer',
			discount_type: 'percent',
			discount_amount: 10,
		});
		expect(res.status).toBe(422);
		expect(res.body.errors).toMatchObject({
			discount_type: ['The discount_type field is prohibited.'],
			coupon_discount_type: ['The coupon discount type field is required.'],
			coupon_duration_type: ['The coupon duration type field is required.'],
		});
	});

	test('a coupon update that changes the discount, or names the coupon in the path (row 5)', async () => {
		const res = await simApi(sim, 'PUT', '/coupons', {
			uuid_code: 'coupon_123',
			coupon_discount_amount: 15,
		});
		expect(res.status).toBe(422);
		expect(res.body.errors).toEqual({
			coupon_discount_amount: ['The coupon_discount_amount field is prohibited.'],
		});
		expect((await simApi(sim, 'PUT', '/coupons/coupon_123', { name: 'x' })).status).toBe(405);
	});

	test('a promotion code with coupon_id and a restrictions object (row 6)', async () => {
		const res = await simApi(sim, 'POST', '/promotion-codes', {
			coupon_id: 1,
			code: 'X1',
			restrictions: { first_time_order: true },
		});
		expect(res.status).toBe(422);
		expect(res.body.errors).toEqual({
			coupon_id: ['The coupon_id field is prohibited.'],
			restrictions: ['The restrictions field is prohibited.'],
			coupon_uuid: ['The coupon uuid field is required.'],
		});
	});

	test('a promotion code deleted without its coupon (row 7)', async () => {
		const res = await simApi(sim, 'DELETE', '/promotion-codes', { code: 'PROMO123' });
		expect(res.status).toBe(422);
		expect(res.body.errors).toEqual({
			'coupon.uuid_code': ['The coupon.uuid code field is required.'],
		});
	});

	test('lead convert as a POST, or without the amount (row 8)', async () => {
		await simApi(sim, 'POST', '/leads', {
			name: 'Alice',
			email: 'alice@example.com',
			partner: { key: 'ref_123' },
		});
		expect((await simApi(sim, 'POST', '/leads/convert', { id: 1 })).status).toBe(405);
		const res = await simApi(sim, 'GET', '/leads/convert?id=1');
		expect(res.status).toBe(422);
		expect(res.body.errors).toEqual({
			commission_transaction_amount: ['The commission transaction amount field is required.'],
		});
	});

	test('a lead without a name (row 9)', async () => {
		const res = await simApi(sim, 'POST', '/leads', {
			email: 'alice@example.com',
			partner: { key: 'ref_123' },
		});
		expect(res.status).toBe(422);
		expect(res.body.errors).toEqual({ name: ['The name field is required.'] });
	});
});
