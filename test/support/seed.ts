import type { Simulator } from '../../sim/server';

/** Raw calls to the simulator's API, so fixtures do not depend on the code under test. */
export async function simApi(
	sim: Simulator,
	method: string,
	path: string,
	body?: unknown,
): Promise<{ status: number; body: any }> {
	const res = await fetch(`${sim.apiBaseUrl}${path}`, {
		method,
		headers: {
			Authorization: `Bearer ${sim.apiKey}`,
			'Content-Type': 'application/json',
			Accept: 'application/json',
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function created(sim: Simulator, path: string, body: unknown): Promise<any> {
	const res = await simApi(sim, 'POST', path, body);
	if (res.status !== 201)
		throw new Error(`seeding ${path} failed: ${res.status} ${JSON.stringify(res.body)}`);
	return res.body.data;
}

export interface Seeded {
	partner: any;
	customer: any;
	transaction: any;
	lead: any;
	coupon: any;
	code: any;
	payout: any;
}

/** One record of every kind: partner zoe (id p-zoe, key zoe), customer cust-1, transaction txn-1, … */
export async function seedProgram(sim: Simulator): Promise<Seeded> {
	const partner = await created(sim, '/partners', {
		id: 'p-zoe',
		key: 'zoe',
		email: 'zoe@example.com',
		name: 'Zoë',
		surname: 'Müller',
	});
	const customer = await created(sim, '/customers', {
		key: 'cust-1',
		email: 'jan@example.com',
		name: 'Jan',
		partner: { key: 'zoe' },
	});
	const transaction = await created(sim, '/transactions', {
		key: 'txn-1',
		amount: 100,
		amount_units: 'usd',
		customer: { key: 'cust-1' },
	});
	const lead = await created(sim, '/leads', {
		email: 'ana@example.com',
		name: 'Ana',
		partner: { key: 'zoe' },
	});
	const coupon = await created(sim, '/coupons', {
		name: 'Spring',
		uuid_code: 'SPRING',
		coupon_discount_type: 'percent',
		coupon_discount_amount: 10,
		coupon_duration_type: 'once',
	});
	const code = await created(sim, '/promotion-codes', { coupon_uuid: 'SPRING', code: 'ZOE10' });
	const payout = await created(sim, '/payout_requests', { partner: { key: 'zoe' }, amount: 20 });
	return { partner, customer, transaction, lead, coupon, code, payout };
}
