import { Partnero } from '../../nodes/Partnero/Partnero.node';
import { useSimulators } from '../support/simulators';
import { runNode, type NodeRun } from './support/execute';
import { shutdownCore, type CoreModule } from './support/harness';

const sims = useSimulators({ partnero: true });
afterAll(() => shutdownCore('n8n-core-1'));

/** Seeds webhooks straight through the simulator's API, independent of the node under test. */
async function seed(count: number): Promise<string[]> {
	const keys: string[] = [];
	for (let n = 0; n < count; n++) {
		const res = await fetch(`${sims.sim.apiBaseUrl}/webhooks`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${sims.sim.apiKey}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({
				name: `hook ${n}`,
				url: `https://example.com/h/${n}`,
				events: ['partner.created'],
			}),
		});
		keys.push(((await res.json()) as { data: { key: string } }).data.key);
	}
	return keys;
}

const listCalls = () =>
	sims.sim.apiCalls().filter((c) => c.method === 'GET' && c.path === '/v1/webhooks');

describe.each<CoreModule>(['n8n-core', 'n8n-core-1'])('Partnero action node run by %s', (core) => {
	const node = new Partnero();
	const run = (
		parameters: Record<string, unknown>,
		opts?: Parameters<typeof runNode>[4],
		apiKey = sims.sim.apiKey,
	): Promise<NodeRun> =>
		runNode(
			core,
			node,
			{ resource: 'webhook', ...parameters },
			{ apiKey, baseUrl: sims.sim.apiBaseUrl },
			opts,
		);

	test('create, get, update and delete a webhook; output never carries the signing secret', async () => {
		const created = await run({
			operation: 'create',
			name: 'CRM sync',
			url: 'https://example.com/partnero',
			events: ['partner.created', 'transaction.created'],
			additionalFields: { key: 'crm-sync', isActive: false },
		});
		expect(created.status).toBe('success');
		expect(sims.sim.webhooks()).toEqual([
			expect.objectContaining({
				key: 'crm-sync',
				name: 'CRM sync',
				url: 'https://example.com/partnero',
				events: ['partner.created', 'transaction.created'],
				is_active: false,
			}),
		]);
		const secret = sims.sim.webhooks()[0].signature;
		expect(created.items).toEqual([
			{
				json: expect.objectContaining({ key: 'crm-sync', is_active: false }),
				pairedItem: { item: 0 },
			},
		]);
		expect(JSON.stringify(created.items)).not.toContain(secret);

		const got = await run({ operation: 'get', key: 'crm-sync' });
		expect(got.items).toHaveLength(1);
		expect(got.items[0].json).toMatchObject({ key: 'crm-sync', name: 'CRM sync' });
		expect(got.items[0].json.signature).toBeUndefined();

		const updated = await run({
			operation: 'update',
			key: 'crm-sync',
			updateFields: { name: 'CRM sync v2', events: ['customer.created'], isActive: true },
		});
		expect(updated.status).toBe('success');
		expect(sims.sim.webhooks()[0]).toMatchObject({
			name: 'CRM sync v2',
			events: ['customer.created'],
			is_active: true,
			url: 'https://example.com/partnero',
		});
		expect(updated.items[0].json).toMatchObject({ name: 'CRM sync v2' });

		const deleted = await run({ operation: 'delete', key: 'crm-sync' });
		expect(deleted.items).toEqual([
			{ json: { key: 'crm-sync', deleted: true }, pairedItem: { item: 0 } },
		]);
		expect(sims.sim.webhooks()).toHaveLength(0);
	});

	test('Get Many with Return All follows every page; Limit stops early', async () => {
		const keys = await seed(25);

		const all = await run({ operation: 'getAll', returnAll: true, options: { pageSize: 10 } });
		expect(all.status).toBe('success');
		expect(all.items.map((i) => i.json.key)).toEqual(keys);
		expect(
			all.items.every((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0),
		).toBe(true);
		expect(listCalls()).toHaveLength(3);

		sims.sim.reset();
		const again = await seed(25);
		const limited = await run({
			operation: 'getAll',
			returnAll: false,
			limit: 12,
			options: { pageSize: 10 },
		});
		expect(limited.items.map((i) => i.json.key)).toEqual(again.slice(0, 12));
		expect(listCalls()).toHaveLength(2);

		const defaults = await run({ operation: 'getAll', returnAll: true });
		expect(defaults.items).toHaveLength(25);
	});

	test('a wrong API key fails with advice and without the key', async () => {
		const failed = await run({ operation: 'getAll', returnAll: true }, undefined, 'wrong-key-5e1f');
		expect(failed.status).toBe('error');
		expect(failed.error?.message).toMatch(/HTTP 401.*rejected the API key/);
		expect(failed.error?.httpCode).toBe('401');
		expect(JSON.stringify(failed)).not.toContain('wrong-key-5e1f');
	});

	test("an unknown webhook key fails with 404; refused values show Partnero's field messages", async () => {
		const missing = await run({ operation: 'get', key: 'no-such-hook' });
		expect(missing.status).toBe('error');
		expect(missing.error?.message).toMatch(/HTTP 404.*Not found/);

		const refused = await run({
			operation: 'create',
			name: 'Newsletter hook',
			url: 'https://example.com/n',
			events: ['subscriber.created'],
			additionalFields: { key: 'bad key!' },
		});
		expect(refused.status).toBe('error');
		expect(refused.error?.message).toContain('HTTP 422');
		expect(refused.error?.message).toContain(
			'events.0: The event subscriber.created is not available in this program',
		);
		expect(refused.error?.message).toContain('key: The key format is invalid.');
		expect(sims.sim.webhooks()).toHaveLength(0);
	});

	test('bad input is refused before any call, with a message that names the fix', async () => {
		const nothing = await run({ operation: 'update', key: 'crm-sync', updateFields: {} });
		expect(nothing.error?.message).toMatch(/Nothing to update/);
		const badUrl = await run({
			operation: 'create',
			name: 'x',
			url: 'not a url',
			events: ['partner.created'],
		});
		expect(badUrl.error?.message).toMatch(/not a valid URL/);
		expect(sims.sim.apiCalls()).toHaveLength(0);
	});

	test('Continue On Fail turns a failing item into an error item and keeps going', async () => {
		const [key] = await seed(1);
		const result = await run(
			{ operation: 'get', key: '={{ $json.key }}' },
			{ continueOnFail: true, input: [{ key: 'no-such-hook' }, { key }] },
		);
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(2);
		expect(result.items[0]).toEqual({
			json: expect.objectContaining({ error: expect.stringMatching(/HTTP 404/) }),
			pairedItem: { item: 0 },
		});
		expect(result.items[1]).toEqual({
			json: expect.objectContaining({ key }),
			pairedItem: { item: 1 },
		});
	});
});
