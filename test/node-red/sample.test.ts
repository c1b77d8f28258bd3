/**
 * The trigger nodes' sample button: the editor posts to an admin route, the deployed node emits the catalogue's
 * sample through its own output settings, marked as a sample, and nothing reaches the vendor.
 * Permissions are checked by a needsPermission that behaves like Node-RED's with adminAuth: the caller's
 * permissions come from a test header, so a route registered without the check (or with another permission) fails.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const helper = require('node-red-node-test-helper');
import { partneroSample } from '../../core/partnero/samples';
import { partnerStackSample } from '../../core/partnerstack/samples';
import partneroConfig from '../../node-red/partnero-config';
import partneroTrigger from '../../node-red/partnero-trigger';
import partnerStackConfig from '../../node-red/partnerstack-config';
import partnerStackTrigger from '../../node-red/partnerstack-trigger';
import { startSimulator, type Simulator } from '../../sim/server';
import { startPartnerStackSimulator, type PartnerStackSimulator } from '../../sim/partnerstack/server';
import { withLocale } from './locale';

helper.init(require.resolve('node-red'));

let sim: Simulator;
let psSim: PartnerStackSimulator;
const PUBLIC = 'http://127.0.0.1:1880';

beforeAll(async () => {
	sim = await startSimulator();
	psSim = await startPartnerStackSimulator();
});
afterAll(async () => {
	await sim.close();
	await psSim.close();
});
beforeEach(() => {
	sim.reset();
	psSim.reset();
});
afterEach(async () => {
	await helper.unload();
});

/** Node-RED's needsPermission as adminAuth makes it: 401 unless the caller holds the permission. */
function withPermissions(nodeModule: (red: any) => void) {
	return withLocale(nodeModule, (red) => {
		red.auth.needsPermission = (permission: string) => (req: any, res: any, next: () => void) => {
			const held = String(req.headers['x-test-permissions'] ?? '').split(',');
			if (held.includes(permission)) next();
			else res.status(401).json({ message: 'Unauthorized' });
		};
	});
}

const press = (type: string, id: string, event: unknown, permissions = `${type}.write`) =>
	helper.request().post(`/${type}/${id}/sample`).set('x-test-permissions', permissions).send(event === undefined ? {} : { event });

async function until(check: () => boolean, what: string, ms = 10000): Promise<void> {
	for (let i = 0; i < ms / 10 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
	if (!check()) throw new Error(`timed out waiting for ${what}`);
}

async function loadPartnero(trigger: Record<string, unknown> = {}) {
	await helper.load(
		[withLocale(partneroConfig), withPermissions(partneroTrigger)],
		[
			{ id: 'tab', type: 'tab' },
			{ id: 'acct', type: 'partnero-config', name: 'sim', baseUrl: sim.apiBaseUrl, publicUrl: PUBLIC },
			{ id: 'trig', z: 'tab', type: 'partnero-trigger', account: 'acct', events: ['partner.created'], path: 'partnero/hook', wires: [['out']], ...trigger },
			{ id: 'out', z: 'tab', type: 'helper' },
		],
		{ acct: { apiKey: sim.apiKey } },
	);
	await until(() => sim.webhooks().length === 1, 'registration');
}

function collect(): any[] {
	const msgs: any[] = [];
	helper.getNode('out').on('input', (m: any) => msgs.push(m));
	return msgs;
}

describe('partnero-trigger sample button', () => {
	test('emits the catalogue sample as a delivery would, marked sample, without calling Partnero', async () => {
		await loadPartnero();
		const msgs = collect();
		const before = sim.apiCalls().length;
		await press('partnero-trigger', 'trig', 'transaction.created').expect(200, { event: 'transaction.created' });
		await until(() => msgs.length === 1, 'the sample msg');
		const sample = partneroSample('transaction.created');
		expect(msgs[0]).toMatchObject({
			topic: 'transaction.created',
			payload: sample.data,
			partnero: { event: 'transaction.created', webhookKey: sample.webhook_key, createdAt: sample.created_at, url: sample.url, sample: true },
		});
		expect(sim.apiCalls().length).toBe(before);
	});

	test('follows the node\'s output setting: envelope', async () => {
		await loadPartnero({ output: 'envelope' });
		const msgs = collect();
		await press('partnero-trigger', 'trig', 'partner.created').expect(200);
		await until(() => msgs.length === 1, 'the sample msg');
		expect(msgs[0].payload).toEqual(partneroSample('partner.created'));
		expect(msgs[0].partnero.sample).toBe(true);
	});

	test('needs partnero-trigger.write: without it, or with read only, 401 and nothing emitted', async () => {
		await loadPartnero();
		const msgs = collect();
		await press('partnero-trigger', 'trig', 'partner.created', '').expect(401);
		await press('partnero-trigger', 'trig', 'partner.created', 'partnero-trigger.read').expect(401);
		await press('partnero-trigger', 'trig', 'partner.created', 'partnerstack-trigger.write').expect(401);
		expect(msgs).toEqual([]);
	});

	test('unknown event → 400 naming it; no event → 400; a node that is not deployed → 404', async () => {
		await loadPartnero();
		const msgs = collect();
		const unknown = await press('partnero-trigger', 'trig', 'partner.exploded').expect(400);
		expect(unknown.body.message).toMatch(/No Partnero sample for event "partner\.exploded"/);
		await press('partnero-trigger', 'trig', undefined).expect(400);
		await press('partnero-trigger', 'nope', 'partner.created').expect(404);
		// The id of another type's node is not a Partnero trigger.
		await press('partnero-trigger', 'out', 'partner.created').expect(404);
		expect(msgs).toEqual([]);
	});
});

describe('partnerstack-trigger sample button', () => {
	async function load() {
		await helper.load(
			[withLocale(partnerStackConfig), withPermissions(partnerStackTrigger)],
			[
				{ id: 'tab', type: 'tab' },
				{ id: 'acct', type: 'partnerstack-config', name: 'sim', baseUrl: psSim.apiBaseUrl, publicUrl: PUBLIC },
				{ id: 'trig', z: 'tab', type: 'partnerstack-trigger', account: 'acct', events: ['partnership.created'], otherEvents: '', path: 'ps/hook', ignoreDuplicates: true, wires: [['out']] },
				{ id: 'out', z: 'tab', type: 'helper' },
			],
			{ acct: { publicKey: psSim.publicKey, secretKey: psSim.secretKey } },
		);
		await until(() => psSim.webhooks().length === 1, 'registration');
	}

	test('emits the flat sample with msg.partnerstack.sample = true; needs partnerstack-trigger.write', async () => {
		await load();
		const msgs = collect();
		await press('partnerstack-trigger', 'trig', 'customer_created', 'partnero-trigger.write').expect(401);
		await press('partnerstack-trigger', 'trig', 'customer_created').expect(200, { event: 'customer_created' });
		await until(() => msgs.length === 1, 'the sample msg');
		const sample = partnerStackSample('customer_created');
		expect(msgs[0]).toMatchObject({
			topic: 'customer_created',
			payload: sample,
			partnerstack: { event: 'customer_created', key: sample.key, updatedAt: sample.updated_at, sample: true },
		});
	});

	test('a malformed event name → 400, nothing emitted', async () => {
		await load();
		const msgs = collect();
		const r = await press('partnerstack-trigger', 'trig', 'not an event').expect(400);
		expect(r.body.message).toMatch(/is not a PartnerStack event name/);
		expect(msgs).toEqual([]);
	});
});
