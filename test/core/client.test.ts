import { ApiError } from '../../core/errors';
import { fetchTransport, TransportError, type Transport } from '../../core/http';
import { PartneroClient } from '../../core/partnero/client';
import { startSimulator, type Simulator } from '../../sim/server';

const fast = { baseDelayMs: 5, maxDelayMs: 50 };
let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function client(
	over: Partial<ConstructorParameters<typeof PartneroClient>[0]> = {},
): PartneroClient {
	return new PartneroClient({
		baseUrl: sim.apiBaseUrl,
		apiKey: sim.apiKey,
		transport: fetchTransport(),
		retry: fast,
		...over,
	});
}

const input = (i: number) => ({
	name: `hook ${i}`,
	url: `https://example.com/hooks/${i}`,
	events: ['partner.created'],
});

describe('PartneroClient against the simulator over HTTP', () => {
	test('create, get, update, delete a webhook', async () => {
		const c = client();
		const created = await c.createWebhook(input(1));
		expect(created.key).toMatch(/^[A-Za-z0-9]{12}$/);
		expect(created.signature).toHaveLength(16);
		expect(created.is_active).toBe(true);
		expect(await c.getWebhook(created.key)).toEqual(created);
		const updated = await c.updateWebhook(created.key, {
			name: 'renamed',
			events: ['partner.created', 'customer.created'],
		});
		expect(updated.name).toBe('renamed');
		expect(updated.url).toBe(created.url);
		expect(updated.events).toEqual(['partner.created', 'customer.created']);
		await c.deleteWebhook(created.key);
		expect(sim.webhooks()).toHaveLength(0);
		await expect(c.getWebhook(created.key)).rejects.toMatchObject({ status: 404 });
	});

	test('listAllWebhooks follows links.next across pages', async () => {
		const c = client();
		for (let i = 0; i < 25; i++) await c.createWebhook(input(i));
		const first = await c.listWebhooks({ limit: 10 });
		expect(first.data).toHaveLength(10);
		expect(first.links.next).toContain('page=2');
		const before = sim.apiCalls().length;
		const all = await c.listAllWebhooks({ limit: 10 });
		expect(all.map((w) => w.name)).toEqual(Array.from({ length: 25 }, (_, i) => `hook ${i}`));
		expect(sim.apiCalls().length - before).toBe(3);
	});

	test('page size outside 10..100 is refused before sending', async () => {
		const c = client();
		await expect(c.listWebhooks({ limit: 5 })).rejects.toThrow(/10 to 100/);
		expect(sim.apiCalls()).toHaveLength(0);
	});

	test('a wrong key gives a 401 ApiError that explains and never shows the key', async () => {
		const secretKey = 'wrong-key-that-must-not-leak';
		const c = client({ apiKey: secretKey });
		const error = (await c.test().catch((e: unknown) => e)) as ApiError;
		expect(error).toBeInstanceOf(ApiError);
		expect(error.status).toBe(401);
		expect(error.message).toMatch(/rejected the API key|Unauthenticated/);
		expect(error.description).toMatch(/rejected the API key/);
		expect(JSON.stringify({ ...error, message: error.message })).not.toContain(secretKey);
	});

	test('422 carries the field map and a message naming the field', async () => {
		const c = client();
		sim.setProgramType('newsletter');
		const error = (await c.createWebhook(input(1)).catch((e: unknown) => e)) as ApiError;
		expect(error.status).toBe(422);
		expect(error.fieldErrors['events.0'][0]).toMatch(/partner\.created is not available/);
		expect(error.message).toContain('events.0');
		sim.setProgramType('affiliate');
	});

	test('client-side validation names what to fix', async () => {
		const c = client();
		await expect(
			c.createWebhook({ name: '', url: 'https://x.y', events: ['partner.created'] }),
		).rejects.toThrow(/name is required/);
		await expect(
			c.createWebhook({ name: 'n', url: 'ftp://x.y', events: ['partner.created'] }),
		).rejects.toThrow(/http\(s\)/);
		await expect(c.createWebhook({ name: 'n', url: 'https://x.y', events: [] })).rejects.toThrow(
			/at least one event/,
		);
		await expect(c.updateWebhook('abc', {})).rejects.toThrow(/Nothing to update/);
		expect(sim.apiCalls()).toHaveLength(0);
	});

	test('429 with Retry-After and 500 are retried, then succeed', async () => {
		const c = client();
		sim.injectFaults({ count: 1, status: 429, retryAfterSeconds: 0 });
		sim.injectFaults({ count: 1, status: 500 });
		await expect(c.test()).resolves.toEqual({ message: 'API key is valid.' });
		expect(sim.apiCalls().map((x) => x.status)).toEqual([429, 500, 200]);
	});

	test('retries are bounded: a persistent 500 fails after 1 + retries calls', async () => {
		const c = client({ retry: { ...fast, retries: 2 } });
		sim.injectFaults({ count: 10, status: 500 });
		await expect(c.listWebhooks()).rejects.toMatchObject({ status: 500, retryable: true });
		expect(sim.apiCalls()).toHaveLength(3);
	});

	test('a POST is not retried after a 500 (it may have been applied), but is after a 429', async () => {
		const c = client();
		sim.injectFaults({ count: 1, status: 500 });
		await expect(c.createWebhook(input(1))).rejects.toMatchObject({ status: 500 });
		expect(sim.apiCalls()).toHaveLength(1);
		sim.injectFaults({ count: 1, status: 429, retryAfterSeconds: 0 });
		await expect(c.createWebhook(input(2))).resolves.toMatchObject({ name: 'hook 2' });
	});

	test('a slow server gives a TransportError timeout', async () => {
		const c = client({
			transport: fetchTransport({ timeoutMs: 100 }),
			retry: { ...fast, retries: 0 },
		});
		sim.injectFaults({ count: 1, delayMs: 500 });
		const error = await c.test().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(TransportError);
		expect((error as TransportError).code).toBe('timeout');
	});

	test('a refused connection gives a TransportError naming the host', async () => {
		const c = new PartneroClient({
			baseUrl: 'http://127.0.0.1:1/v1',
			apiKey: 'k',
			transport: fetchTransport(),
			retry: { ...fast, retries: 0 },
		});
		await expect(c.test()).rejects.toThrow(/Could not reach 127\.0\.0\.1:1/);
	});

	test('a next link to another host is not followed, so the key stays home', async () => {
		const seen: string[] = [];
		const transport: Transport = async (req) => {
			seen.push(req.url);
			return {
				status: 200,
				headers: {},
				body: { data: [], links: { next: 'https://evil.example/v1/webhooks?page=2' }, meta: {} },
			};
		};
		const c = new PartneroClient({
			baseUrl: 'https://api.partnero.com/v1',
			apiKey: 'k',
			transport,
		});
		await expect(c.listAllWebhooks()).rejects.toThrow(/another host/);
		expect(seen).toEqual(['https://api.partnero.com/v1/webhooks']);
	});

	test('without apiKey no Authorization header is sent (the transport authenticates)', async () => {
		const c = client({ apiKey: undefined });
		await expect(c.test()).rejects.toMatchObject({ status: 401 });
		const authed: Transport = (req) =>
			fetchTransport()({
				...req,
				headers: { ...req.headers, Authorization: `Bearer ${sim.apiKey}` },
			});
		await expect(client({ apiKey: undefined, transport: authed }).test()).resolves.toBeDefined();
	});
});
