import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type Simulator } from '../../sim/server';
import { seedProgram, simApi } from '../support/seed';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

/** A loopback receiver that records every delivery body. */
async function receiver(): Promise<{ url: string; bodies: any[]; close: () => Promise<void> }> {
	const bodies: any[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
			res.end('ok');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hook`,
		bodies,
		close: () => new Promise<void>((r) => server.close(() => r())),
	};
}

test('every program route needs the Bearer key', async () => {
	for (const path of [
		'/partners',
		'/partner?id=x',
		'/customers',
		'/transactions',
		'/leads',
		'/coupons',
		'/promotion-codes',
		'/payout_requests',
		'/program',
	]) {
		const res = await fetch(`${sim.apiBaseUrl}${path}`, {
			headers: { Authorization: 'Bearer wrong' },
		});
		expect([path, res.status]).toEqual([path, 401]);
	}
});

test('creates fire partner.created, customer.created, transaction.created and lead.submitted with the created record', async () => {
	const hook = await receiver();
	const events = [
		'partner.created',
		'customer.created',
		'transaction.created',
		'lead.submitted',
		'transaction.deleted',
	];
	expect(
		(await simApi(sim, 'POST', '/webhooks', { name: 'all', url: hook.url, events })).status,
	).toBe(200);
	await seedProgram(sim);
	await simApi(sim, 'DELETE', '/transactions/txn-1');
	await sim.settle();
	expect(hook.bodies.map((b) => b.event)).toEqual(events);
	const transaction = hook.bodies.find((b) => b.event === 'transaction.created');
	expect(transaction.data).toMatchObject({
		key: 'txn-1',
		amount: 100,
		customer: { key: 'cust-1' },
		partner: { key: 'zoe' },
		reward: { amount: 20 },
	});
	expect(hook.bodies[0].data).toMatchObject({ id: 'p-zoe', email: 'zoe@example.com', name: 'Zoë' });
	await hook.close();
});

test('an unreachable webhook URL does not change the API answer', async () => {
	await simApi(sim, 'POST', '/webhooks', {
		name: 'tls',
		url: 'https://example.invalid/h',
		events: ['partner.created'],
	});
	expect((await simApi(sim, 'POST', '/partners', { email: 'a@example.com' })).status).toBe(201);
});

test("422 bodies are Laravel's: status 0, the first message, the field map", async () => {
	const res = await simApi(sim, 'POST', '/partners', { email: 'nope', password: 'short' });
	expect(res.status).toBe(422);
	expect(res.body).toEqual({
		status: 0,
		message: 'The email must be a valid email address.',
		errors: {
			email: ['The email must be a valid email address.'],
			password: [
				'The password must be at least 8 characters and contain upper and lower case letters and a number.',
			],
		},
	});
	expect((await simApi(sim, 'POST', '/transactions', {})).body.errors).toEqual({
		amount: ['The amount field is required when reward is not present.'],
		customer: ['The customer field is required.'],
	});
	expect(
		(
			await simApi(sim, 'POST', '/transactions', {
				amount: 1,
				customer: { key: 'x' },
				created_at: 'yesterday',
			})
		).body.errors.created_at,
	).toEqual(['The created at must be a valid unix timestamp.']);
	expect(
		(
			await simApi(sim, 'POST', '/coupons', {
				name: 'c',
				coupon_discount_type: 'half',
				coupon_discount_amount: 1,
				coupon_duration_type: 'once',
			})
		).body.errors,
	).toEqual({ coupon_discount_type: ['The selected coupon discount type is invalid.'] });
	expect((await simApi(sim, 'GET', '/partner')).status).toBe(422);
});

test('404 is {message: "Not found"} on every resource', async () => {
	for (const path of [
		'/partners/x',
		'/partner?key=x',
		'/customers/x',
		'/transactions/x',
		'/leads/9',
		'/coupons/NOPE',
		'/promotion-codes/NOPE',
		'/payout_requests/9',
	]) {
		const res = await simApi(sim, 'GET', path);
		expect([path, res.status, res.body]).toEqual([path, 404, { message: 'Not found' }]);
	}
	expect(
		(await simApi(sim, 'GET', '/leads/convert?id=9&commission_transaction_amount=1')).status,
	).toBe(404);
});

test('paging: limit 1..250 (default 15), links.next until the end, no totals', async () => {
	for (let i = 0; i < 20; i++)
		await simApi(sim, 'POST', '/partners', { email: `p${i}@example.com` });
	const first = await simApi(sim, 'GET', '/partners');
	expect(first.body.data).toHaveLength(15);
	expect(first.body.meta).toMatchObject({ current_page: 1, per_page: 15, from: 1, to: 15 });
	expect(first.body.meta.total).toBeUndefined();
	const second = await fetch(first.body.links.next, {
		headers: { Authorization: `Bearer ${sim.apiKey}` },
	}).then((r) => r.json());
	expect(second.data).toHaveLength(5);
	expect(second.links.next).toBeNull();
	expect((await simApi(sim, 'GET', '/partners?limit=251')).body.errors.limit).toEqual([
		'The limit must be between 1 and 250.',
	]);
	expect((await simApi(sim, 'GET', '/partners?limit=0')).status).toBe(422);
	const filtered = await simApi(sim, 'GET', '/partners:search?email=p1&limit=2');
	expect(filtered.body.data.map((p: any) => p.email)).toEqual([
		'p1@example.com',
		'p10@example.com',
	]);
	expect(filtered.body.links.next).toContain('email=p1');
});

test('state changes: lead convert once, payout approve then paid, transaction create_customer, reset clears everything', async () => {
	const s = await seedProgram(sim);
	expect(
		(await simApi(sim, 'GET', `/leads/convert?id=${s.lead.id}&commission_transaction_amount=5`))
			.body.data.status,
	).toBe('converted');
	expect((await simApi(sim, 'GET', `/leads/reject?id=${s.lead.id}`)).body.errors.id).toEqual([
		'The lead is already converted.',
	]);
	expect(
		(await simApi(sim, 'POST', `/payout_requests/${s.payout.id}/approve`)).body.data.status,
	).toBe('approved');
	expect((await simApi(sim, 'POST', `/payout_requests/${s.payout.id}/approve`)).status).toBe(422);
	expect(
		(await simApi(sim, 'POST', `/payout_requests/${s.payout.id}/mark_as_paid`)).body.data.status,
	).toBe('paid');
	expect(
		(await simApi(sim, 'POST', `/payout_requests/${s.payout.id}/mark_as_paid`)).body.errors.status,
	).toEqual(['The payout request is already paid.']);
	const noPartner = await simApi(sim, 'POST', '/transactions', {
		amount: 1,
		customer: { key: 'c9' },
		options: { create_customer: true },
		partner: { key: 'ghost' },
	});
	expect(noPartner.body.errors).toEqual({
		'partner.key': ['The selected partner key is invalid.'],
	});
	expect(sim.records().partners).toHaveLength(1);
	sim.reset();
	expect(Object.values(sim.records()).every((rows) => rows.length === 0)).toBe(true);
	const program = await simApi(sim, 'GET', '/program');
	expect(program.body.data.stats).toMatchObject({
		partners_count: 0,
		customers_count: 0,
		transactions_count: 0,
		leads_count: 0,
	});
	for (const path of ['/coupons', '/promotion-codes', '/payout_requests', '/leads'])
		expect((await simApi(sim, 'GET', path)).body.data).toEqual([]);
	// Ids restart, so a fresh seed looks the same after a reset.
	expect((await seedProgram(sim)).lead.id).toBe(s.lead.id);
});
