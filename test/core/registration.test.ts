import { fetchTransport } from '../../core/http';
import { PartneroClient } from '../../core/partnero/client';
import {
	ensureRegistration,
	removeRegistration,
	sameEvents,
	webhookName,
} from '../../core/registration';
import { startSimulator, type Simulator } from '../../sim/server';

let sim: Simulator;
let client: PartneroClient;
const desired = {
	url: 'http://127.0.0.1:9/hook',
	events: ['partner.created', 'customer.created'],
	name: 'n8n: test',
};

beforeAll(async () => {
	sim = await startSimulator();
	client = new PartneroClient({
		baseUrl: sim.apiBaseUrl,
		apiKey: sim.apiKey,
		transport: fetchTransport(),
		retry: { baseDelayMs: 5, maxDelayMs: 20 },
	});
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const calls = () =>
	sim
		.apiCalls()
		.map((c) => `${c.method} ${c.path.replace(/\/v1\/webhooks\/[^/]+$/, '/v1/webhooks/:key')}`);

test('fresh registration costs one POST and returns key and secret', async () => {
	const r = await ensureRegistration(client, {}, desired);
	expect(r.action).toBe('created');
	expect(sim.webhooks()).toEqual([
		expect.objectContaining({ key: r.key, signature: r.secret, url: desired.url }),
	]);
	expect(calls()).toEqual(['POST /v1/webhooks']);
});

test('re-activation with a matching stored key costs one GET and keeps it', async () => {
	const first = await ensureRegistration(client, {}, desired);
	sim.reset();
	const created = await ensureRegistration(client, {}, desired);
	const again = await ensureRegistration(
		client,
		{ key: created.key },
		{ ...desired, events: [...desired.events].reverse() },
	);
	expect(again).toEqual({ ...created, action: 'kept' });
	expect(calls()).toEqual(['POST /v1/webhooks', 'GET /v1/webhooks/:key']);
	expect(first.key).not.toBe(created.key);
});

test('drift in URL, events or active flag is repaired in place, never duplicated', async () => {
	const r = await ensureRegistration(client, {}, desired);
	await client.updateWebhook(r.key, { events: ['partner.deleted'], is_active: false });
	const fixed = await ensureRegistration(client, { key: r.key }, desired);
	expect(fixed.action).toBe('updated');
	expect(sim.webhooks()).toHaveLength(1);
	expect(sim.webhooks()[0]).toMatchObject({ url: desired.url, is_active: true });
	expect(sameEvents(sim.webhooks()[0].events, desired.events)).toBe(true);
});

test('a webhook deleted remotely is created anew', async () => {
	const r = await ensureRegistration(client, {}, desired);
	await client.deleteWebhook(r.key);
	const again = await ensureRegistration(client, { key: r.key }, desired);
	expect(again.action).toBe('created');
	expect(again.key).not.toBe(r.key);
	expect(sim.webhooks()).toHaveLength(1);
});

test('adopt reuses a webhook on the same URL and deletes extra copies', async () => {
	await client.createWebhook({ ...desired, events: ['partner.created'] });
	await client.createWebhook(desired);
	await client.createWebhook({ ...desired, url: 'https://other.example/x' });
	const r = await ensureRegistration(client, {}, desired, { adopt: true });
	expect(r.action).toBe('adopted');
	const mine = sim.webhooks().filter((w) => w.url === desired.url);
	expect(mine).toHaveLength(1);
	expect(sameEvents(mine[0].events, desired.events)).toBe(true);
	expect(sim.webhooks()).toHaveLength(2);
});

test('removal: deleted, already gone, nothing stored', async () => {
	const r = await ensureRegistration(client, {}, desired);
	await expect(removeRegistration(client, r.key)).resolves.toBe('deleted');
	await expect(removeRegistration(client, r.key)).resolves.toBe('already-gone');
	await expect(removeRegistration(client, undefined)).resolves.toBe('nothing-stored');
	expect(sim.webhooks()).toHaveLength(0);
});

test('a refused registration surfaces the 422 message', async () => {
	sim.setProgramType('refer-a-friend');
	await expect(
		ensureRegistration(client, {}, { ...desired, events: ['partner.created'] }),
	).rejects.toThrow(/partner\.created is not available/);
	sim.setProgramType('affiliate');
	expect(sim.webhooks()).toHaveLength(0);
});

test('sameEvents is set equality and webhookName stays within the length it is given', () => {
	expect(sameEvents(['a', 'b'], ['b', 'a'])).toBe(true);
	expect(sameEvents(['a'], ['a', 'b'])).toBe(false);
	expect(webhookName('n8n', 'x'.repeat(300), 100)).toHaveLength(100);
	expect(webhookName('n8n', 'x'.repeat(300))).toHaveLength(305);
	expect(webhookName('n8n', '  My   flow ')).toBe('n8n: My flow');
});

test("a long name is shortened to Partnero's limit, and the shortened name is not seen as drift", async () => {
	const long = { ...desired, name: webhookName('n8n', 'y'.repeat(300)) };
	const r = await ensureRegistration(client, {}, long);
	expect(sim.webhooks()[0].name).toHaveLength(100);
	expect(sim.webhooks()[0].name.endsWith('…')).toBe(true);
	await expect(ensureRegistration(client, { key: r.key }, long)).resolves.toMatchObject({
		action: 'kept',
	});
});
