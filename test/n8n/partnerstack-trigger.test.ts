import { createHmac } from 'node:crypto';
import { partnerStackSample } from '../../core/partnerstack/samples';
import { urlSecretOf } from '../../core/partnerstack/delivery';
import { openSecret } from '../../core/sealed-secret';
import { PartnerStackApi } from '../../credentials/PartnerStackApi.credentials';
import { PartnerStackTrigger } from '../../nodes/PartnerStack/PartnerStackTrigger.node';
import { useSimulators } from '../support/simulators';
import { FakeResponse, harness, request, shutdownCore, type CoreModule } from './support/harness';
import { expectDeliveryLog, expectNoCoreLog } from './support/log';

const sims = useSimulators({ partnerStack: true });
afterAll(() => shutdownCore('n8n-core-1'));
beforeEach(() => sims.ps.setWebhookField('target'));

const HOOK_URL = 'http://127.0.0.1:5678/webhook/c0ffee00-0000-4000-8000-000000000001/webhook';
const identity = {
	name: 'PartnerStack Trigger',
	type: '@partnerhooks/n8n-nodes-partnerhooks.partnerStackTrigger',
	credentialName: 'partnerStackApi',
	credentialType: new PartnerStackApi(),
};

describe.each<CoreModule>(['n8n-core', 'n8n-core-1'])(
	'PartnerStack Trigger in real %s contexts',
	(core) => {
		afterEach(() => expectNoCoreLog(core));
		const trigger = new PartnerStackTrigger();
		const methods = trigger.webhookMethods.default;
		const setup = (
			parameters: Record<string, unknown> = {
				events: ['partnership.created', 'customer_created'],
				otherEvents: '',
				options: {},
			},
			credential: Record<string, unknown> = {},
		) =>
			harness(
				core,
				trigger,
				parameters,
				{
					publicKey: sims.ps.publicKey,
					secretKey: sims.ps.secretKey,
					baseUrl: sims.ps.apiBaseUrl,
					hmacSecret: '',
					...credential,
				},
				undefined,
				identity,
			);

		async function activate(h: ReturnType<typeof setup>) {
			const ctx = h.hook();
			if (!(await methods.checkExists.call(ctx))) await methods.create.call(ctx);
		}

		async function deliver(
			h: ReturnType<typeof setup>,
			raw: string,
			token: string | undefined,
			headers: Record<string, string> = {},
		) {
			const res = new FakeResponse();
			const req = request(raw, headers);
			if (token !== undefined) req.query = { ph_secret: token };
			const result = await trigger.webhook.call(h.webhook(req, res));
			// n8n logs each refusal as a warning: asserted here rather than printed.
			expectDeliveryLog(h.logged(), 'PartnerStack Trigger', res.statusCode);
			return { result, res };
		}

		const secretOfHook = () => urlSecretOf(sims.ps.webhooks()[0].target) as string;

		test('a delivery before activation has stored the URL secret gets 503 with Retry-After', async () => {
			const h = setup();
			const sample = partnerStackSample('partnership.created', { timeMs: Date.now() });
			const early = await deliver(h, JSON.stringify(sample), 'guessed');
			expect(early.result).toEqual({ noWebhookResponse: true });
			expect([early.res.statusCode, early.res.headers['retry-after']]).toEqual([503, '30']);
			await activate(h);
			expect(
				(await deliver(h, JSON.stringify(sample), secretOfHook())).result.workflowData![0],
			).toHaveLength(1);
		});

		test('activation registers a secret URL with Basic auth; deliveries become the flat payload; deactivation deletes', async () => {
			const h = setup();
			await activate(h);
			const [hook] = sims.ps.webhooks();
			expect(hook.target.startsWith(`${HOOK_URL}?ph_secret=`)).toBe(true);
			expect(hook.events).toEqual(['partnership.created', 'customer_created']);
			expect(Buffer.from(secretOfHook(), 'base64url').length * 8).toBeGreaterThanOrEqual(128);
			// Attack: the URL secret alone forges deliveries, and static data travels with every export: it is sealed.
			expect(h.staticData()).toEqual({
				webhookKey: hook.key,
				webhookSecret: expect.stringMatching(/^sealed:v1:/),
			});
			expect(JSON.stringify(h.staticData())).not.toContain(secretOfHook());
			expect(openSecret(h.staticData().webhookSecret, sims.ps.secretKey)).toBe(secretOfHook());

			const sample = partnerStackSample('partnership.created', { timeMs: Date.now() });
			const { result } = await deliver(h, JSON.stringify(sample), secretOfHook());
			expect(result.workflowData![0]).toHaveLength(1);
			expect(result.workflowData![0][0].json).toEqual({
				...sample,
				deliveryKey: expect.stringMatching(/^[0-9a-f]{64}$/),
			});

			const again = h.hook();
			expect(await methods.checkExists.call(again)).toBe(true);
			expect(sims.ps.apiCalls().filter((c) => c.method === 'POST')).toHaveLength(1);
			await methods.delete.call(again);
			expect(sims.ps.webhooks()).toHaveLength(0);
			expect(h.staticData()).toEqual({});
		});

		test('an account that wants target_url still registers (one retry), and the next activation goes straight', async () => {
			sims.ps.setWebhookField('target_url', 400);
			const h = setup();
			await activate(h);
			expect(sims.ps.webhooks()).toHaveLength(1);
			const other = setup({ events: ['deal.created'], otherEvents: '', options: {} });
			await methods.create.call(other.hook());
			expect(
				sims.ps
					.apiCalls()
					.filter((c) => c.method === 'POST')
					.map((c) => c.status),
			).toEqual([400, 200, 200]);
		});

		test('changed events replace the webhook (PartnerStack cannot update); lost static data leaves one webhook', async () => {
			const h = setup();
			await activate(h);
			const first = sims.ps.webhooks()[0].key;
			h.node.parameters.events = ['deal.created'];
			await activate(h);
			expect(sims.ps.webhooks()).toEqual([expect.objectContaining({ events: ['deal.created'] })]);
			expect(sims.ps.webhooks()[0].key).not.toBe(first);
			await activate(setup({ events: ['deal.created'], otherEvents: '', options: {} }));
			expect(sims.ps.webhooks()).toHaveLength(1);
		});

		test('wrong or missing URL secret: 401 and nothing starts; malformed 400; unselected and duplicate 200 with nothing started', async () => {
			const h = setup();
			await activate(h);
			const raw = JSON.stringify(partnerStackSample('customer_created', { timeMs: Date.now() }));
			for (const token of [undefined, 'guess', secretOfHook().slice(0, -1)]) {
				const { result, res } = await deliver(h, raw, token);
				expect(result).toEqual({ noWebhookResponse: true });
				expect(res.statusCode).toBe(401);
				expect(res.sent).toEqual({ error: 'unauthorized' });
			}
			const bad = await deliver(h, '{"event":', secretOfHook());
			expect(bad.res.statusCode).toBe(400);
			expect(bad.result).toEqual({ noWebhookResponse: true });
			const skipped = await deliver(
				h,
				JSON.stringify(partnerStackSample('deal.created', { timeMs: Date.now() })),
				secretOfHook(),
			);
			expect(skipped.res.sent).toEqual({ ok: true, ignored: true });
			expect((await deliver(h, raw, secretOfHook())).result.workflowData![0]).toHaveLength(1);
			const dup = await deliver(h, raw, secretOfHook());
			expect(dup.res.sent).toEqual({ ok: true, duplicate: true });
			expect(dup.result).toEqual({ noWebhookResponse: true });
		});

		test('optional HMAC: required header on top of the URL secret; activation refuses it without a signing secret', async () => {
			const params = {
				events: ['partnership.created'],
				otherEvents: '',
				options: { verifyHmac: true, hmacHeader: 'X-PS-Signature' },
			};
			await expect(activate(setup(params))).rejects.toThrow(/no webhook signing secret/i);
			expect(sims.ps.webhooks()).toHaveLength(0);
			const h = setup(params, { hmacSecret: 'hs-123' });
			await activate(h);
			// Unique per engine: the dedupe store outlives one test, as it does in n8n.
			const raw = JSON.stringify(
				partnerStackSample('partnership.created', {
					timeMs: Date.now(),
					data: { key: `part_${core}` },
				}),
			);
			const sig = createHmac('sha256', 'hs-123').update(raw).digest('hex');
			expect((await deliver(h, raw, secretOfHook())).res.statusCode).toBe(401);
			expect(
				(await deliver(h, raw, secretOfHook(), { 'X-PS-Signature': sig })).result.workflowData![0],
			).toHaveLength(1);
		});

		test('bad input fails activation with what to change, before any webhook exists', async () => {
			await expect(activate(setup({ events: [], otherEvents: '', options: {} }))).rejects.toThrow(
				/at least one PartnerStack event/,
			);
			await expect(
				activate(setup({ events: [], otherEvents: 'Not an event', options: {} })),
			).rejects.toThrow(/not a PartnerStack event name/);
			await expect(activate(setup(undefined, { secretKey: 'wrong-secret-key' }))).rejects.toThrow(
				/rejected the keys/,
			);
			expect(sims.ps.webhooks()).toHaveLength(0);
		});

		test('test mode registers the test URL and cleans up', async () => {
			const h = setup();
			const ctx = h.hook('manual');
			expect(await methods.checkExists.call(ctx)).toBe(false);
			await methods.create.call(ctx);
			expect(sims.ps.webhooks()[0].target).toContain('/webhook-test/');
			await methods.delete.call(ctx);
			expect(sims.ps.webhooks()).toHaveLength(0);
		});
	},
);

test('the credential authenticates with Basic auth (public key : secret key) and tests GET /webhooks', () => {
	const credential = new PartnerStackApi();
	expect(credential.authenticate).toEqual({
		type: 'generic',
		properties: {
			auth: { username: '={{$credentials.publicKey}}', password: '={{$credentials.secretKey}}' },
		},
	});
	expect(credential.test.request).toMatchObject({ url: '/webhooks', method: 'GET' });
	expect(credential.properties.find((p) => p.name === 'secretKey')?.typeOptions).toEqual({
		password: true,
	});
	expect(credential.properties.find((p) => p.name === 'hmacSecret')?.typeOptions).toEqual({
		password: true,
	});
});
