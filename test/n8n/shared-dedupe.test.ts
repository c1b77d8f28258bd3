import { phpJsonEncode } from '../../core/php-json';
import { partneroSample } from '../../core/partnero/samples';
import { sign } from '../../core/signature';
import type { PartneroTrigger as PartneroTriggerType } from '../../nodes/Partnero/PartneroTrigger.node';
import { RECENT_DELIVERIES_FIELD } from '../../nodes/shared/dedupe';
import { startSimulator, type Simulator } from '../../sim/server';
import { FakeResponse, harness, request, type CoreModule } from './support/harness';

/**
 * n8n queue mode runs the trigger's webhook() in several processes, each with its own memory, all reading
 * the workflow's static data from the database. A "process" here is a fresh copy of the node's modules
 * (so a fresh in-memory dedupe store) with the static data another process left, as n8n would load it.
 */

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function freshProcess(): PartneroTriggerType {
	let Trigger: typeof PartneroTriggerType | undefined;
	jest.isolateModules(() => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		Trigger = (require('../../nodes/Partnero/PartneroTrigger.node') as { PartneroTrigger: typeof PartneroTriggerType }).PartneroTrigger;
	});
	return new Trigger!();
}

describe.each<CoreModule>(['n8n-core', 'n8n-core-1'])('Partnero Trigger duplicates across processes (%s)', (core) => {
	const parameters = { events: ['partner.created'], options: {} };
	const credential = () => ({ apiKey: sim.apiKey, baseUrl: sim.apiBaseUrl });
	const nodeKey = 'node:Partnero Trigger';

	/** A process that loads the workflow with the static data as stored (a copy, as a database read gives). */
	function processWith(stored: Record<string, unknown>) {
		const trigger = freshProcess();
		const h = harness(core, trigger, parameters, credential());
		h.workflow.staticData[nodeKey] = structuredClone(stored);
		return { trigger, h };
	}

	async function deliver(p: ReturnType<typeof processWith>, raw: string, signature: string) {
		const res = new FakeResponse();
		const result = await p.trigger.webhook.call(p.h.webhook(request(raw, { Signature: signature }), res));
		return { accepted: result.workflowData !== undefined, res };
	}

	function signed(id: string) {
		const [hook] = sim.webhooks();
		const raw = phpJsonEncode(partneroSample('partner.created', { url: hook.url, webhookKey: hook.key, createdAt: new Date().toISOString(), data: { id, key: id } }));
		return { raw, signature: sign(hook.signature, raw) };
	}

	test('a retry that reaches another process (or a restarted one) is a duplicate', async () => {
		const main = processWith({});
		const hook = main.h.hook();
		if (!(await main.trigger.webhookMethods.default.checkExists.call(hook))) await main.trigger.webhookMethods.default.create.call(hook);
		const activated = main.h.staticData();

		const a = processWith(activated);
		const first = signed('p-1');
		expect((await deliver(a, first.raw, first.signature)).accepted).toBe(true);
		const saved = a.h.staticData();
		expect(typeof saved[RECENT_DELIVERIES_FIELD]).toBe('string');
		// n8n saves static data only when the node changed it.
		expect(a.h.workflow.staticData.__dataChanged).toBe(true);

		const b = processWith(saved);
		const retry = await deliver(b, first.raw, first.signature);
		expect(retry.accepted).toBe(false);
		expect(retry.res.statusCode).toBe(200);
		expect(retry.res.sent).toEqual({ ok: true, duplicate: true });

		const other = signed('p-2');
		expect((await deliver(b, other.raw, other.signature)).accepted).toBe(true);
	});

	test('with duplicates allowed, nothing is recorded and a retry runs again', async () => {
		const main = processWith({});
		const hook = main.h.hook();
		if (!(await main.trigger.webhookMethods.default.checkExists.call(hook))) await main.trigger.webhookMethods.default.create.call(hook);
		const trigger = freshProcess();
		const h = harness(core, trigger, { ...parameters, options: { ignoreDuplicates: false } }, credential());
		h.workflow.staticData[nodeKey] = structuredClone(main.h.staticData());
		const { raw, signature } = signed('p-3');
		for (let i = 0; i < 2; i++) {
			const res = new FakeResponse();
			expect((await trigger.webhook.call(h.webhook(request(raw, { Signature: signature }), res))).workflowData).toBeDefined();
		}
		expect(h.staticData()[RECENT_DELIVERIES_FIELD]).toBeUndefined();
	});
});
