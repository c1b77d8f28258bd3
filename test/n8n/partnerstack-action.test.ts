import { PartnerStackApi } from '../../credentials/PartnerStackApi.credentials';
import { PartnerStack } from '../../nodes/PartnerStack/PartnerStack.node';
import { PARTNERSTACK_REFERENCE, referenceViolations } from '../fixtures/partnerstack-reference';
import { useSimulators } from '../support/simulators';
import { runNode, type NodeRun } from './support/execute';
import { shutdownCore, type CoreModule } from './support/harness';

const sims = useSimulators({ partnerStack: true });
afterAll(() => shutdownCore('n8n-core-1'));
beforeEach(() => sims.ps.setWebhookField('target'));

const identity = {
	name: 'PartnerStack',
	type: '@partnerhooks/n8n-nodes-partnerhooks.partnerStack',
	credentialName: 'partnerStackApi',
	credentialType: new PartnerStackApi(),
};

describe.each<CoreModule>(['n8n-core', 'n8n-core-1'])(
	'PartnerStack action node run by %s',
	(core) => {
		const node = new PartnerStack();
		const run = (
			parameters: Record<string, unknown>,
			opts: Parameters<typeof runNode>[4] = {},
			secretKey = sims.ps.secretKey,
		): Promise<NodeRun> =>
			runNode(
				core,
				node,
				parameters,
				{ publicKey: sims.ps.publicKey, secretKey, baseUrl: sims.ps.apiBaseUrl, hmacSecret: '' },
				{ ...opts, identity },
			);

		test('Create Action: a workflow saved with the earlier parameters sends the v2 body, paired', async () => {
			// customer_key / key / Additional Fields → value are the parameter names before the v2 body.
			const result = await run(
				{
					resource: 'action',
					operation: 'create',
					customer_key: '={{$json.customer}}',
					key: 'signup',
					additionalFields: { value: 3 },
				},
				{ input: [{ customer: 'acme-co' }, { customer: 'globex' }] },
			);
			expect(result.status).toBe('success');
			expect(
				result.items.map((i) => [
					i.json.target_type,
					i.json.target_key,
					i.json.type,
					i.json.value,
					i.pairedItem,
				]),
			).toEqual([
				['customer', 'acme-co', 'signup', 3, { item: 0 }],
				['customer', 'globex', 'signup', 3, { item: 1 }],
			]);
			expect(sims.ps.apiCalls().map((c) => c.status)).toEqual([200, 200]);
			// What reached the API is exactly the documented body (reference/post_v2-actions-1).
			const action = PARTNERSTACK_REFERENCE.find((o) => o.resource === 'action')!;
			for (const record of sims.ps.records('actions')) {
				const sent = Object.fromEntries(
					Object.entries(record).filter(([f]) => !['key', 'created_at', 'updated_at'].includes(f)),
				);
				expect(referenceViolations(action, sent)).toEqual([]);
			}
		});

		test('Create Action for a partnership: value 1 when not set, the external key passed on', async () => {
			const result = await run({
				resource: 'action',
				operation: 'create',
				target_type: 'partnership',
				customer_key: 'johnsmith354',
				key: 'demo_booked',
				additionalFields: { external_key: 'demo-0001' },
			});
			expect(result.items[0].json).toMatchObject({
				target_type: 'partnership',
				target_key: 'johnsmith354',
				type: 'demo_booked',
				value: 1,
				external_key: 'demo-0001',
			});
		});

		test('customers: create with JSON extras, get, update, delete; Get Many walks the cursor', async () => {
			const created = await run({
				resource: 'customer',
				operation: 'create',
				email: 'billing@acme.example',
				partner_key: 'johnsmith354',
				additionalFields: { name: 'Acme', json: '{"meta": {"plan": "pro"}}' },
			});
			const key = created.items[0].json.key as string;
			expect(created.items[0].json).toMatchObject({ name: 'Acme', meta: { plan: 'pro' } });
			expect((await run({ resource: 'customer', operation: 'get', key })).items[0].json.email).toBe(
				'billing@acme.example',
			);
			expect(
				(
					await run({
						resource: 'customer',
						operation: 'update',
						key,
						updateFields: { name: 'Acme Inc' },
					})
				).items[0].json.name,
			).toBe('Acme Inc');
			expect((await run({ resource: 'customer', operation: 'delete', key })).items[0].json).toEqual(
				{ key, deleted: true },
			);

			sims.ps.seed('customers', 12);
			sims.ps.reset();
			sims.ps.seed('customers', 12);
			const all = await run({
				resource: 'customer',
				operation: 'list',
				returnAll: true,
				listOptions: { pageSize: 5 },
			});
			expect(all.items).toHaveLength(12);
			expect(sims.ps.apiCalls()).toHaveLength(3);
			const some = await run({
				resource: 'customer',
				operation: 'list',
				returnAll: false,
				limit: 4,
			});
			expect(some.items).toHaveLength(4);
		});

		test('transactions: currency and one customer reference; whole cents; bad input refused before any call', async () => {
			const ok = await run({
				resource: 'transaction',
				operation: 'create',
				customer_key: 'acme-co',
				amount: 4900,
				currency: 'USD',
			});
			expect(ok.items[0].json).toMatchObject({
				customer_key: 'acme-co',
				amount: 4900,
				currency: 'USD',
			});
			const byEmail = await run({
				resource: 'transaction',
				operation: 'create',
				customerBy: 'customer_email',
				customer_key: 'billing@acme.example',
				amount: 4900,
				currency: 'EUR',
			});
			const sent = byEmail.items[0].json;
			expect([sent.customer_email, sent.customer_key, sent.currency]).toEqual([
				'billing@acme.example',
				undefined,
				'EUR',
			]);
			const fractional = await run({
				resource: 'transaction',
				operation: 'create',
				customer_key: 'acme-co',
				amount: 49.5,
				currency: 'USD',
			});
			expect(fractional.error?.message).toMatch(/cents/);
			// n8n itself refuses a missing required Currency before the node runs (n8n 1 names it, n8n 2 does not).
			await expect(
				run({
					resource: 'transaction',
					operation: 'create',
					customer_key: 'acme-co',
					amount: 4900,
				}),
			).rejects.toThrow(/Currency|has issues/);
			expect(sims.ps.apiCalls()).toHaveLength(2);
		});

		test('partnership: the email alone creates one; a saved Group Key is still sent', async () => {
			const alone = await run({
				resource: 'partnership',
				operation: 'create',
				email: 'jane@example.com',
			});
			expect(alone.status).toBe('success');
			expect(alone.items[0].json.group_key).toBeUndefined();
			const grouped = await run({
				resource: 'partnership',
				operation: 'create',
				email: 'joe@example.com',
				group_key: 'grup_default',
			});
			expect(grouped.items[0].json).toMatchObject({ group_key: 'grup_default' });
		});

		test('webhooks: create (target_url account), list and get never show a trigger URL secret, delete', async () => {
			sims.ps.setWebhookField('target_url');
			const created = await run({
				resource: 'webhook',
				operation: 'create',
				target: 'https://example.com/hook?ph_secret=abcdefghijklmnopqrstuvwxyz',
				events: ['deal.created'],
				otherEvents: 'reward.created',
			});
			expect(created.status).toBe('success');
			expect(sims.ps.webhooks()[0].events).toEqual(['deal.created', 'reward.created']);
			const listed = await run({ resource: 'webhook', operation: 'list', returnAll: true });
			const got = await run({
				resource: 'webhook',
				operation: 'get',
				key: sims.ps.webhooks()[0].key,
			});
			for (const r of [created, listed, got]) {
				expect(JSON.stringify(r.items)).not.toContain('abcdefghijklmnopqrstuvwxyz');
				expect(r.items[0].json.target).toBe('https://example.com/hook?ph_secret=***');
			}
			await run({ resource: 'webhook', operation: 'delete', key: sims.ps.webhooks()[0].key });
			expect(sims.ps.webhooks()).toHaveLength(0);
		});

		test('errors carry PartnerStack status and advice, never the keys; Continue On Fail keeps going', async () => {
			const refused = await run({ resource: 'deal', operation: 'get', key: 'deal_nope' });
			expect(refused.error).toMatchObject({ httpCode: '404' });
			const wrong = await run(
				{ resource: 'group', operation: 'list', returnAll: true },
				{},
				'sk_wrong_value',
			);
			expect(wrong.error?.message).toMatch(/401/);
			expect(JSON.stringify(wrong.error)).not.toMatch(/sk_wrong_value|sk_sim_secret/);
			const cont = await run(
				{ resource: 'lead', operation: 'create', partner_key: 'p', email: '={{ "" }}' },
				{ continueOnFail: true },
			);
			expect(cont.status).toBe('success');
			expect(cont.items[0].json.error).toMatch(/email/);
		});
	},
);
