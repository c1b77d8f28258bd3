/**
 * The reachability guard at activation, in real n8n-core hook contexts for both triggers: a webhook URL a
 * vendor on the internet can never reach (WEBHOOK_URL left at localhost, a LAN address) fails activation
 * before anything is registered, naming WEBHOOK_URL and a tunnel; plain http:// at a real vendor is only
 * logged; the simulator on loopback keeps working without a word.
 *
 * The "real vendor" here is the vendor's public API base URL, and no request may leave this machine: the
 * API client's one request path is stubbed to fail loudly, so any call made before the guard shows up as
 * a different error.
 */
import { ApiClientBase } from '../../core/api-client';
import { PartnerStackApi } from '../../credentials/PartnerStackApi.credentials';
import { PartneroTrigger } from '../../nodes/Partnero/PartneroTrigger.node';
import { PartnerStackTrigger } from '../../nodes/PartnerStack/PartnerStackTrigger.node';
import { useSimulators } from '../support/simulators';
import { harness, shutdownCore, type CoreModule } from './support/harness';
import { expectNoCoreLog } from './support/log';

const sims = useSimulators({ partnero: true, partnerStack: true });
afterAll(() => shutdownCore('n8n-core-1'));

const PARTNERO_API = 'https://api.partnero.com/v1';
const PARTNERSTACK_API = 'https://api.partnerstack.com/api/v2';

const partnerStackIdentity = {
	name: 'PartnerStack Trigger',
	type: '@partnerhooks/n8n-nodes-partnerhooks.partnerStackTrigger',
	credentialName: 'partnerStackApi',
	credentialType: new PartnerStackApi(),
};

describe.each<CoreModule>(['n8n-core', 'n8n-core-1'])('reachability guard in %s', (core) => {
	let calls: string[];
	let stub: jest.SpyInstance | undefined;
	beforeEach(() => {
		calls = [];
	});
	afterEach(() => {
		// Only this stub: the harness spies on n8n's logger for the whole file.
		stub?.mockRestore();
		stub = undefined;
		expectNoCoreLog(core);
	});
	/** Every API call fails without leaving the machine; `calls` lists what was attempted. */
	const noNetwork = () =>
		(stub = jest.spyOn(ApiClientBase.prototype, 'request').mockImplementation(async function (
			this: ApiClientBase,
			method: string,
			path: string,
		) {
			calls.push(`${method} ${path}`);
			throw new Error(`a request to ${this.baseUrl} was attempted`);
		}));

	const partnero = (webhookBase: string, baseUrl: string) =>
		harness(
			core,
			new PartneroTrigger(),
			{ events: ['partner.created'], options: {} },
			{ apiKey: sims.sim.apiKey, baseUrl },
			webhookBase,
		);
	const partnerStack = (webhookBase: string, baseUrl: string) =>
		harness(
			core,
			new PartnerStackTrigger(),
			{ events: ['partnership.created'], otherEvents: '', options: {} },
			{
				publicKey: sims.ps.publicKey,
				secretKey: sims.ps.secretKey,
				baseUrl,
				hmacSecret: '',
			},
			webhookBase,
			partnerStackIdentity,
		);

	test.each([
		['Partnero', 'http://localhost:5678'],
		['Partnero', 'http://192.168.1.20:5678'],
		['PartnerStack', 'http://localhost:5678'],
		['PartnerStack', 'https://n8n.home.arpa'],
	])(
		'%s Trigger with webhook base %s at the real vendor: activation fails naming WEBHOOK_URL, nothing is sent',
		async (provider, webhookBase) => {
			noNetwork();
			const h =
				provider === 'Partnero'
					? partnero(webhookBase, PARTNERO_API)
					: partnerStack(webhookBase, PARTNERSTACK_API);
			const trigger = provider === 'Partnero' ? new PartneroTrigger() : new PartnerStackTrigger();
			const error = await trigger.webhookMethods.default.create.call(h.hook()).then(
				() => undefined,
				(e: Error & { description?: string }) => e,
			);
			expect(error).toBeDefined();
			expect(error?.message).toContain(`${provider} cannot reach this workflow's webhook URL`);
			expect(error?.message).toContain(new URL(webhookBase).hostname);
			expect(error?.description).toContain('WEBHOOK_URL');
			expect(error?.description).toMatch(/tunnel/);
			expect(calls).toEqual([]);
			expect(h.staticData()).toEqual({});
		},
	);

	test('a stored webhook is not re-pointed at an unreachable URL when WEBHOOK_URL changed', async () => {
		noNetwork();
		const h = partnero('http://localhost:5678', PARTNERO_API);
		h.workflow.staticData['node:Partnero Trigger'] = { webhookKey: 'whk_stored' };
		const error = await new PartneroTrigger().webhookMethods.default.checkExists
			.call(h.hook())
			.then(
				() => undefined,
				(e: Error & { description?: string }) => e,
			);
		expect(error?.message).toContain("Partnero cannot reach this workflow's webhook URL");
		expect(error?.description).toContain('WEBHOOK_URL');
		// Only the program type was read (to know the events); no webhook was looked at or changed.
		expect(calls.filter((c) => /webhook/i.test(c))).toEqual([]);
	});

	test('plain http:// at the real vendor is logged as a warning, and activation goes on', async () => {
		noNetwork();
		const h = partnero('http://hooks.example.com', PARTNERO_API);
		const error = await new PartneroTrigger().webhookMethods.default.create.call(h.hook()).then(
			() => undefined,
			(e: Error) => e,
		);
		// Past the guard: the registration itself was attempted (and failed on the stubbed network).
		expect(error?.message).toContain('Could not register the webhook with Partnero');
		expect(calls.length).toBeGreaterThan(0);
		const warned = h.logged().filter((l) => l.level === 'warn');
		expect(warned.map((l) => l.message)).toEqual([
			expect.stringMatching(/hooks\.example\.com uses plain http:\/\/.*use https:\/\//),
		]);
	});

	test('the simulator on loopback registers a loopback URL without a warning', async () => {
		const h = partnero('http://127.0.0.1:5678', sims.sim.apiBaseUrl);
		await new PartneroTrigger().webhookMethods.default.create.call(h.hook());
		expect(sims.sim.webhooks()).toHaveLength(1);
		const ps = partnerStack('http://localhost:5678', sims.ps.apiBaseUrl);
		await new PartnerStackTrigger().webhookMethods.default.create.call(ps.hook());
		expect(sims.ps.webhooks()).toHaveLength(1);
		expect(h.logged()).toEqual([]);
	});
});
