/**
 * The trigger nodes' sample button: the editor posts to an admin route, the deployed node emits the catalogue's
 * sample through its own output settings, marked as a sample, and nothing reaches the vendor.
 * Permissions are checked by a needsPermission that behaves like Node-RED's with adminAuth: the caller's
 * permissions come from a test header, so a route registered without the check (or with another permission) fails.
 */
import { partneroSample } from '../../core/partnero/samples';
import { partnerStackSample } from '../../core/partnerstack/samples';
import partneroConfig from '../../node-red/partnero-config';
import partneroTrigger from '../../node-red/partnero-trigger';
import partnerStackConfig from '../../node-red/partnerstack-config';
import partnerStackTrigger from '../../node-red/partnerstack-trigger';
import {
	collect,
	helper,
	listening,
	partneroAccount,
	partnerStackAccount,
	partneroTrigger as trigger,
	partnerStackTrigger as psTrigger,
	sink,
	tab,
	until,
	useNodeRed,
} from './support/fixture';

const nr = useNodeRed({ partnero: true, partnerStack: true });

/** Node-RED's needsPermission as adminAuth makes it: 401 unless the caller holds the permission. */
function withPermissions(nodeModule: (red: any) => void) {
	return (red: any) => {
		red.auth.needsPermission = (permission: string) => (req: any, res: any, next: () => void) => {
			const held = String(req.headers['x-test-permissions'] ?? '').split(',');
			if (held.includes(permission)) next();
			else res.status(401).json({ message: 'Unauthorized' });
		};
		return nodeModule(red);
	};
}

const press = (type: string, id: string, event: unknown, permissions = `${type}.write`) =>
	helper
		.request()
		.post(`/${type}/${id}/sample`)
		.set('x-test-permissions', permissions)
		.send(event === undefined ? {} : { event });

async function loadPartnero(o: Record<string, unknown> = {}) {
	await nr.load(
		[partneroConfig, withPermissions(partneroTrigger)],
		[tab(), partneroAccount(nr.sim), trigger(o), sink()],
		nr.partneroCredentials(),
	);
	await until(() => nr.sim.webhooks().length === 1, 'registration');
	// Registration ends with a list call; a test counting calls starts after it.
	await listening();
}

describe('partnero-trigger sample button', () => {
	test('emits the catalogue sample as a delivery would, marked sample, without calling Partnero', async () => {
		await loadPartnero();
		const msgs = collect();
		const before = nr.sim.apiCalls().length;
		await press('partnero-trigger', 'trig', 'transaction.created').expect(200, {
			event: 'transaction.created',
		});
		await until(() => msgs.length === 1, 'the sample msg');
		const sample = partneroSample('transaction.created');
		expect(msgs[0]).toMatchObject({
			topic: 'transaction.created',
			payload: sample.data,
			partnero: {
				event: 'transaction.created',
				webhookKey: sample.webhook_key,
				createdAt: sample.created_at,
				url: sample.url,
				sample: true,
			},
		});
		expect(nr.sim.apiCalls().length).toBe(before);
	});

	test("follows the node's output setting: envelope", async () => {
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
		await press('partnero-trigger', 'trig', 'partner.created', 'partnerstack-trigger.write').expect(
			401,
		);
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
		await nr.load(
			[partnerStackConfig, withPermissions(partnerStackTrigger)],
			[tab(), partnerStackAccount(nr.ps), psTrigger({ ignoreDuplicates: true }), sink()],
			nr.partnerStackCredentials(),
		);
		await until(() => nr.ps.webhooks().length === 1, 'registration');
	}

	test('emits the flat sample with msg.partnerstack.sample = true; needs partnerstack-trigger.write', async () => {
		await load();
		const msgs = collect();
		await press(
			'partnerstack-trigger',
			'trig',
			'customer_created',
			'partnero-trigger.write',
		).expect(401);
		await press('partnerstack-trigger', 'trig', 'customer_created').expect(200, {
			event: 'customer_created',
		});
		await until(() => msgs.length === 1, 'the sample msg');
		const sample = partnerStackSample('customer_created');
		expect(msgs[0]).toMatchObject({
			topic: 'customer_created',
			payload: sample,
			partnerstack: {
				event: 'customer_created',
				key: sample.key,
				updatedAt: sample.updated_at,
				sample: true,
			},
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
