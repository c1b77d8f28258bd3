/**
 * n8n's start runs each trigger's checkExists and answers a throwing one with delete(). With the vendor's API
 * passing through an outage, that delete would remove the webhook a restart must keep, and the vendor's
 * retries with it. These run the real n8n-core contexts against the simulators with the API failing.
 */
import { PartnerStackApi } from '../../credentials/PartnerStackApi.credentials';
import { PartneroTrigger } from '../../nodes/Partnero/PartneroTrigger.node';
import { PartnerStackTrigger } from '../../nodes/PartnerStack/PartnerStackTrigger.node';
import { useSimulators } from '../support/simulators';
import { harness, shutdownCore, type CoreModule } from './support/harness';
import { expectNoCoreLog, takeCoreLog } from './support/log';

const sims = useSimulators({ partnero: true, partnerStack: true });
afterAll(() => shutdownCore('n8n-core-1'));

describe.each<CoreModule>(['n8n-core', 'n8n-core-1'])(
	'checkExists with the API down, %s',
	(core) => {
		afterEach(() => expectNoCoreLog(core));

		function partnero() {
			const trigger = new PartneroTrigger();
			const h = harness(
				core,
				trigger,
				{ events: ['partner.created'], options: {} },
				{ apiKey: sims.sim.apiKey, baseUrl: sims.sim.apiBaseUrl },
			);
			return { h, methods: trigger.webhookMethods.default };
		}

		test.each([503, 429])(
			'Partnero answering %i: the stored webhook is kept, not reported gone or failed',
			async (status) => {
				const { h, methods } = partnero();
				expect(await methods.checkExists.call(h.hook())).toBe(false);
				await methods.create.call(h.hook());
				const [hook] = sims.sim.webhooks();
				const stored = h.staticData();

				// More failures than the client's own retries, so the check itself fails.
				sims.sim.injectFaults({ count: 20, status, retryAfterSeconds: 0 });
				expect(await methods.checkExists.call(h.hook())).toBe(true);
				expect(h.staticData()).toEqual(stored);
				expect(sims.sim.webhooks()).toEqual([expect.objectContaining({ key: hook.key })]);
				expect(takeCoreLog(core)).toEqual([
					expect.objectContaining({
						level: 'warn',
						message: expect.stringContaining('kept as stored'),
					}),
				]);
				sims.sim.reset();
			},
		);

		test('a refusal (a wrong key) still fails the check', async () => {
			const { h, methods } = partnero();
			await methods.create.call(h.hook());
			sims.sim.setApiKeys(['another_key']);
			await expect(methods.checkExists.call(h.hook())).rejects.toThrow();
			expect(takeCoreLog(core).map((e) => e.level)).toEqual(['warn']);
		});

		test('PartnerStack answering 503: the stored webhook is kept', async () => {
			const trigger = new PartnerStackTrigger();
			const methods = trigger.webhookMethods.default;
			const h = harness(
				core,
				trigger,
				{ events: ['partnership.created'], otherEvents: '', options: {} },
				{
					publicKey: sims.ps.publicKey,
					secretKey: sims.ps.secretKey,
					baseUrl: sims.ps.apiBaseUrl,
					hmacSecret: '',
				},
				undefined,
				{
					name: 'PartnerStack Trigger',
					type: '@partnerhooks/n8n-nodes-partnerhooks.partnerStackTrigger',
					credentialName: 'partnerStackApi',
					credentialType: new PartnerStackApi(),
				},
			);
			await methods.create.call(h.hook());
			const stored = h.staticData();
			sims.ps.injectFaults({ count: 20, status: 503, retryAfterSeconds: 0 });
			expect(await methods.checkExists.call(h.hook())).toBe(true);
			expect(h.staticData()).toEqual(stored);
			expect(sims.ps.webhooks()).toHaveLength(1);
			expect(takeCoreLog(core)).toEqual([
				expect.objectContaining({
					level: 'warn',
					message: expect.stringContaining('kept as stored'),
				}),
			]);
		});
	},
);
