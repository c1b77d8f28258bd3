/**
 * Issue 24, rows 1-10: one regression test per place where the client differed from Partnero's reference
 * (docs.partnero.com/api-reference/…). Each records what the client sends and answers with the page's
 * example, so it checks the client itself, not the simulator's idea of Partnero; row 10 checks the
 * simulator's lead object, which the action nodes hand to the flow.
 */
import { ValidationError } from '../../core/errors';
import { fetchTransport, type HttpRequest, type Transport } from '../../core/http';
import { partneroApi } from '../../core/partnero/api';
import { PartneroClient } from '../../core/partnero/client';
import { partneroSubscription } from '../../core/partnero/events';
import { runOperation, type OperationInput } from '../../core/partnero/operations';
import { checkRegistration, ensureRegistration } from '../../core/registration';
import { startSimulator } from '../../sim/server';

function recording(answer: unknown = { data: {}, status: 1 }) {
	const sent: HttpRequest[] = [];
	const transport: Transport = async (req) => {
		sent.push(req);
		return { status: 200, headers: { 'content-type': 'application/json' }, body: answer };
	};
	const client = new PartneroClient({
		baseUrl: 'https://api.partnero.com/v1',
		apiKey: 'k',
		transport,
	});
	const run = (resource: string, operation: string, input: OperationInput) =>
		runOperation(partneroApi(client), resource, operation, input);
	const only = () => {
		expect(sent).toHaveLength(1);
		const [req] = sent;
		return {
			method: req.method,
			path: req.url.replace('https://api.partnero.com/v1/', ''),
			query: req.query,
			body: req.body,
		};
	};
	return { run, sent, only };
}

test('row 1: archive and restore answer {"status":1} without data, and succeed', async () => {
	for (const [resource, id, field] of [
		['partner', 'partner_123', 'id'],
		['customer', 'customer_123', 'key'],
		['transaction', 'transaction_123', 'key'],
	]) {
		const r = recording({ status: 1 });
		expect(await r.run(resource, 'archive', { id })).toEqual({ [field]: id, archived: true });
		expect(await r.run(resource, 'unarchive', { id })).toEqual({ [field]: id, archived: false });
		expect(r.sent.map((s) => `${s.method} ${s.url.split('/v1/')[1]}`)).toEqual([
			`POST ${resource}s/${id}/archive`,
			`POST ${resource}s/${id}/revoke-archive`,
		]);
	}
});

test('row 2: a partner update sends its changes inside "update"', async () => {
	const r = recording();
	await r.run('partner', 'update', {
		id: 'partner_123',
		fields: { name: 'James', tags: 'premium' },
	});
	expect(r.only()).toMatchObject({
		method: 'PUT',
		path: 'partners/partner_123',
		body: { update: { name: 'James', tags: ['premium'] } },
	});
});

test('row 3: a customer update sends its changes inside the required "update"', async () => {
	const r = recording();
	await r.run('customer', 'update', {
		id: 'customer_123',
		fields: { update: { surname: 'Green', tags: ['vip'] } },
	});
	expect(r.only()).toMatchObject({
		method: 'PUT',
		path: 'customers/customer_123',
		body: { update: { surname: 'Green', tags: ['vip'] } },
	});
});

test('row 4: a coupon is created with the coupon_* fields; old names are mapped', async () => {
	const r = recording();
	await r.run('coupon', 'create', {
		fields: {
			name: 'Spring',
			discount_type: 'fixed',
			discount_amount: 5,
			duration_type: 'forever',
			redemption_limit: 10,
		},
	});
	expect(r.only().body).toEqual({
		name: 'Spring',
		coupon_discount_type: 'static',
		coupon_discount_amount: 5,
		coupon_duration_type: 'lifetime',
		redemption_times_status: true,
		redemption_times_value: 10,
	});
	await expect(
		r.run('coupon', 'create', {
			fields: {
				coupon_discount_type: 'percent',
				coupon_discount_amount: 5,
				coupon_duration_type: 'months',
			},
		}),
	).rejects.toThrow(/number of months \(coupon_duration_value\) must be a number/);
	await expect(
		r.run('coupon', 'create', {
			fields: {
				coupon_discount_type: 'percent',
				coupon_discount_amount: 5,
				coupon_duration_type: 'once',
				colour: 'red',
			},
		}),
	).rejects.toThrow(/coupon takes no colour/);
});

test('row 5: a coupon update is PUT /coupons with uuid_code in the body, name and metadata only', async () => {
	const r = recording();
	await r.run('coupon', 'update', { id: 'coupon_123', fields: { name: 'Spring 2' } });
	expect(r.only()).toMatchObject({
		method: 'PUT',
		path: 'coupons',
		body: { uuid_code: 'coupon_123', name: 'Spring 2' },
	});
	await expect(
		r.run('coupon', 'update', { id: 'coupon_123', fields: { coupon_discount_amount: 15 } }),
	).rejects.toBeInstanceOf(ValidationError);
	expect(r.sent).toHaveLength(1);
});

test('row 6: a promotion code takes coupon_uuid, an optional code and top-level restrictions', async () => {
	const r = recording();
	await r.run('promotionCode', 'create', {
		fields: {
			coupon_uuid: 'coupon_123',
			first_time_order: true,
			minimum_order_status: true,
			minimum_order_value: 22,
		},
	});
	expect(r.only()).toMatchObject({
		method: 'POST',
		path: 'promotion-codes',
		body: {
			coupon_uuid: 'coupon_123',
			first_time_order: true,
			minimum_order_status: true,
			minimum_order_value: 22,
		},
	});
	await expect(
		r.run('promotionCode', 'create', { fields: { coupon_id: 4, code: 'X' } }),
	).rejects.toThrow(/coupon_id was renamed: Partnero takes coupon_uuid/);
});

test('row 7: a promotion code is updated and deleted by code in the body, the delete naming its coupon', async () => {
	const r = recording();
	await r.run('promotionCode', 'update', { id: 'PROMO123', fields: { metadata: { a: 1 } } });
	await r.run('promotionCode', 'delete', { id: 'PROMO123', fields: { coupon_uuid: 'coupon_123' } });
	expect(r.sent.map((s) => [s.method, s.url.split('/v1/')[1], s.body])).toEqual([
		['PUT', 'promotion-codes', { code: 'PROMO123', metadata: { a: 1 } }],
		['DELETE', 'promotion-codes', { code: 'PROMO123', coupon: { uuid_code: 'coupon_123' } }],
	]);
});

test('row 8: a lead is converted with GET and a query, and the amount is required', async () => {
	const r = recording();
	await r.run('lead', 'convert', { id: '44', fields: { commission_transaction_amount: 500 } });
	expect(r.only()).toEqual({
		method: 'GET',
		path: 'leads/convert',
		query: { id: '44', commission_transaction_amount: 500 },
		body: undefined,
	});
	await expect(r.run('lead', 'convert', { id: '44' })).rejects.toThrow(
		/commission amount \(commission_transaction_amount\) is required/,
	);
	await r.run('lead', 'reject', { id: '44' });
	expect(r.sent[1]).toMatchObject({ method: 'GET', query: { id: '44' }, body: undefined });
});

test('row 9: a lead without a name is refused before any call', async () => {
	const r = recording();
	await expect(
		r.run('lead', 'create', { fields: { email: 'alice@example.com', partner: 'ref_123' } }),
	).rejects.toThrow(/lead name is required/);
	expect(r.sent).toHaveLength(0);
});

test('row 10: the lead the nodes hand on has the reference shape (lead_info, submitter, submitted)', async () => {
	const sim = await startSimulator();
	try {
		const client = new PartneroClient({
			baseUrl: sim.apiBaseUrl,
			apiKey: sim.apiKey,
			transport: fetchTransport(),
		});
		const api = partneroApi(client);
		await api.partners.create({
			email: 'john.doe@partnero.com',
			id: 'partner_123',
			key: 'ref_123',
			name: 'John',
			surname: 'Doe',
		});
		const lead = await api.leads.create({
			name: 'Alice Brown',
			email: 'alice.brown@partnero.com',
			partner: { key: 'ref_123' },
		});
		const expected = {
			status: 'submitted',
			lead_info: { name: 'Alice Brown', email: 'alice.brown@partnero.com' },
			converted_to: null,
			submitter: { id: 'partner_123', name: 'John Doe', email: 'john.doe@partnero.com' },
			can_be_converted: true,
			can_be_rejected: true,
		};
		expect(lead).toMatchObject(expected);
		expect(await api.leads.get(lead.id)).toMatchObject(expected);
		const converted = await api.leads.convert(lead.id, 500);
		expect(converted).toMatchObject({
			status: 'converted',
			converted_to: { email: 'alice.brown@partnero.com' },
		});
	} finally {
		await sim.close();
	}
});

describe('"all events" that Partnero partly refuses', () => {
	const unconfirmed = ['transaction.updated', 'reward.created', 'reward.approved', 'reward.paid'];

	async function setup() {
		const sim = await startSimulator();
		sim.refuseEvents(unconfirmed);
		const warnings: string[] = [];
		const client = new PartneroClient({
			baseUrl: sim.apiBaseUrl,
			apiKey: sim.apiKey,
			transport: fetchTransport(),
			warn: (m) => warnings.push(m),
		});
		return { sim, client, warnings };
	}

	test('registers the accepted events and warns about the rest, instead of failing', async () => {
		const { sim, client, warnings } = await setup();
		try {
			const all = await partneroSubscription([], () => client.getProgramType());
			const desired = { url: 'https://example.com/hook', events: all, name: 'n8n: all' };
			const held = await ensureRegistration(client, {}, desired);
			expect(held.action).toBe('created');
			const [webhook] = sim.webhooks();
			expect(webhook.events).toEqual(all.filter((e) => !unconfirmed.includes(e)));
			expect(warnings).toEqual([
				`Partnero refused ${unconfirmed.join(', ')} for this program; the webhook receives the other ${all.length - 4} events.`,
			]);
			// A later check (a restart, another client) finds it in line: no update, no second refusal.
			const fresh = new PartneroClient({
				baseUrl: sim.apiBaseUrl,
				apiKey: sim.apiKey,
				transport: fetchTransport(),
			});
			const calls = sim.apiCalls().length;
			expect((await checkRegistration(fresh, { key: held.key }, desired)).state).toBe('ok');
			expect(sim.apiCalls().length - calls).toBe(1);
		} finally {
			await sim.close();
		}
	});

	test('a chosen list with a refused event still fails as a whole, naming it', async () => {
		const { sim, client, warnings } = await setup();
		try {
			const desired = {
				url: 'https://example.com/hook',
				events: ['partner.created', 'reward.paid'],
				name: 'n8n: two',
			};
			await expect(ensureRegistration(client, {}, desired)).rejects.toMatchObject({
				status: 422,
				message: expect.stringMatching(/events\.1: The selected events\.1 is invalid\./),
			});
			expect(sim.webhooks()).toHaveLength(0);
			expect(warnings).toEqual([]);
		} finally {
			await sim.close();
		}
	});
});

test('row 3: the customer can be named by key beside "update", as the page allows', async () => {
	const r = recording();
	await r.run('customer', 'update', {
		fields: { key: 'customer_123', update: { name: 'Amanda' } },
	});
	expect(r.only()).toMatchObject({
		method: 'PUT',
		path: 'customers/customer_123',
		body: { update: { name: 'Amanda' } },
	});
});
