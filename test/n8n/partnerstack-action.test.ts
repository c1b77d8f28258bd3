import { PartnerStackApi } from '../../credentials/PartnerStackApi.credentials';
import { PartnerStack } from '../../nodes/PartnerStack/PartnerStack.node';
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

		test('Create Action (Zapier parity): one item per input, paired, Basic auth on the wire', async () => {
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
					i.json.customer_key,
					i.json.action_key,
					i.json.value,
					i.pairedItem,
				]),
			).toEqual([
				['acme-co', 'signup', 3, { item: 0 }],
				['globex', 'signup', 3, { item: 1 }],
			]);
			expect(sims.ps.apiCalls().map((c) => c.status)).toEqual([200, 200]);
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

		test('transactions take whole cents; a fractional amount is refused before any call', async () => {
			const ok = await run({
				resource: 'transaction',
				operation: 'create',
				customer_key: 'acme-co',
				amount: 4900,
				additionalFields: { currency: 'USD' },
			});
			expect(ok.items[0].json).toMatchObject({ amount: 4900, currency: 'USD' });
			const bad = await run({
				resource: 'transaction',
				operation: 'create',
				customer_key: 'acme-co',
				amount: 49.5,
			});
			expect(bad.status).toBe('error');
			expect(bad.error?.message).toMatch(/cents/);
			expect(sims.ps.apiCalls()).toHaveLength(1);
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
