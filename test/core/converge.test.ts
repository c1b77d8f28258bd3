import { fetchTransport } from '../../core/http';
import { PartneroClient } from '../../core/partnero/client';
import { convergeAfterCreate, ensureRegistration } from '../../core/registration';
import { startSimulator, type Simulator } from '../../sim/server';

/** Replicas of one flow behind one URL, starting at the same moment. */

let sim: Simulator;
const desired = {
	url: 'http://127.0.0.1:9/replicas',
	events: ['partner.created'],
	name: 'Node-RED: replicas',
};
const replica = () =>
	new PartneroClient({
		baseUrl: sim.apiBaseUrl,
		apiKey: sim.apiKey,
		transport: fetchTransport(),
		retry: { baseDelayMs: 5, maxDelayMs: 20 },
	});

beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

test('two replicas that both created a webhook end with one, and both hold its key and secret', async () => {
	const [a, b] = [replica(), replica()];
	// Both list before either creates: each finds nothing and creates its own, the race replicas run into.
	const [ra, rb] = await Promise.all([
		ensureRegistration(a, {}, desired, { adopt: true }),
		ensureRegistration(b, {}, desired, { adopt: true }),
	]);
	expect([ra.action, rb.action]).toEqual(['created', 'created']);
	expect(sim.webhooks()).toHaveLength(2);

	const [ca, cb] = await Promise.all([
		convergeAfterCreate(a, ra, desired),
		convergeAfterCreate(b, rb, desired),
	]);
	expect(sim.webhooks()).toHaveLength(1);
	const [kept] = sim.webhooks();
	expect([ca.key, cb.key]).toEqual([kept.key, kept.key]);
	expect([ca.secret, cb.secret]).toEqual([kept.signature, kept.signature]);
	expect([ca.action, cb.action].sort()).toEqual(['adopted', 'created']);
});

test('alone on its URL, a created webhook is kept and costs one list', async () => {
	const c = replica();
	const r = await ensureRegistration(c, {}, desired);
	const before = sim.apiCalls().length;
	await expect(convergeAfterCreate(c, r, desired)).resolves.toEqual(r);
	expect(
		sim
			.apiCalls()
			.slice(before)
			.map((x) => x.method),
	).toEqual(['GET']);
	expect(sim.webhooks()).toHaveLength(1);
});
