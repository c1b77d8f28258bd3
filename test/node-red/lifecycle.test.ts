/**
 * The webhook's lifecycle across Node-RED's own operations, in the runtime the test helper starts: what a
 * restart, a full deploy, a modified-node deploy, disabling and deleting do at the (simulated) provider.
 * A "process restart" stops the flows and forgets what this process knew (forgetAll), as a new process
 * would; the provider's state is all that survives it.
 */
import supertest from 'supertest';
import { phpJsonEncode } from '../../core/php-json';
import { partneroSample } from '../../core/partnero/samples';
import { urlSecretOf } from '../../core/partnerstack/delivery';
import { partnerStackSample } from '../../core/partnerstack/samples';
import { partneroSignature } from '../../core/partnero/provider';
import { sign } from '../../core/signature';
import configNode from '../../node-red/partnero-config';
import triggerNode from '../../node-red/partnero-trigger';
import psConfigNode from '../../node-red/partnerstack-config';
import psTriggerNode from '../../node-red/partnerstack-trigger';
import { forgetAll } from '../../node-red/lib/webhook-owners';
import {
	collect,
	helper,
	listening as listeningWithin,
	PUBLIC,
	partneroAccount,
	partnerStackAccount,
	partneroTrigger,
	sink,
	statusOf,
	tab,
	until as untilWithin,
	useNodeRed,
} from './support/fixture';

const nr = useNodeRed({ partnero: true, partnerStack: true });

const creds = () => ({ ...nr.partneroCredentials(), ...nr.partnerStackCredentials() });

function flow(trigger: Record<string, unknown> = {}, tabProps: Record<string, unknown> = {}) {
	return [tab(tabProps), partneroAccount(nr.sim), partneroTrigger(trigger), sink()];
}

function psFlow(trigger: Record<string, unknown> = {}) {
	return [
		tab(),
		partnerStackAccount(nr.ps),
		{
			id: 'pstrig',
			z: 'tab',
			type: 'partnerstack-trigger',
			account: 'psacct',
			events: ['partnership.created'],
			otherEvents: '',
			path: 'ps/hook',
			wires: [['out']],
			...trigger,
		},
		sink(),
	];
}

async function load(f: unknown[]) {
	await nr.load([configNode, triggerNode, psConfigNode, psTriggerNode], f, creds());
}

/** Registration across restarts can take longer than a single load. */
const until = (check: () => boolean, what: string, ms = 15000) => untilWithin(check, what, ms);
const listening = (id = 'trig') => listeningWithin(id, 15000);

const warnings = (): string[] =>
	helper
		.log()
		.args.map((a: any[]) => a[0])
		.filter((m: any) => m.level === helper.log().WARN)
		.map((m: any) => String(m.msg));

/** A delivery signed with the webhook's secret as it is now: what Partnero would retry later. */
function signedNow(event = 'partner.created', id = 'p-1') {
	const [hook] = nr.sim.webhooks();
	const raw = phpJsonEncode(
		partneroSample(event, {
			url: hook.url,
			webhookKey: hook.key,
			createdAt: new Date().toISOString(),
			data: { id },
		}),
	);
	return { raw, signature: sign(hook.signature, raw, partneroSignature) };
}

const post = (d: { raw: string; signature: string }) =>
	supertest(nr.RED.httpNode)
		.post('/partnero/hook')
		.set('Content-Type', 'application/json')
		.set('Signature', d.signature)
		.send(d.raw);

const calls = (from: number) =>
	nr.sim
		.apiCalls()
		.slice(from)
		.map((c) => `${c.method} ${c.path}`);

describe('Partnero: kept across restart and redeploy', () => {
	test('a full deploy, a restart and a process restart keep the webhook with its key and secret; no DELETE', async () => {
		await load(flow());
		await listening();
		const [first] = nr.sim.webhooks();
		const before = signedNow('partner.created', 'retried');

		await helper.setFlows(flow(), 'full', creds());
		await listening();
		await helper.unload();
		await load(flow());
		await listening();
		expect(nr.sim.webhooks()).toEqual([first]);

		// A new process knows nothing: the start adopts the webhook from Partnero's list.
		await helper.unload();
		forgetAll();
		const mark = nr.sim.apiCalls().length;
		await load(flow());
		await listening();
		expect(nr.sim.webhooks()).toEqual([first]);
		expect(calls(mark)).toEqual(['GET /v1/webhooks']);
		expect(nr.sim.apiCalls().filter((c) => c.method === 'DELETE')).toEqual([]);

		// A retry signed before all this verifies, and is emitted once.
		const msgs = collect();
		await post(before).expect(200, { ok: true });
		await until(() => msgs.length === 1, 'the retried delivery');
		expect(msgs[0].partnero.webhookKey).toBe(first.key);
	});

	test('a start adopts the webhook and repairs only what differs, in place, within two calls', async () => {
		await load(flow());
		await listening();
		const [first] = nr.sim.webhooks();
		await helper.unload();
		forgetAll();
		const mark = nr.sim.apiCalls().length;
		await load(flow({ events: ['partner.created', 'customer.created'], name: 'renamed' }));
		await listening();
		expect(calls(mark)).toEqual(['GET /v1/webhooks', `PUT /v1/webhooks/${first.key}`]);
		expect(nr.sim.webhooks()).toEqual([
			{ ...first, name: 'Node-RED: renamed', events: ['partner.created', 'customer.created'] },
		]);
	});

	test('a delivery right after the create verifies while the list that lets replicas converge is slow', async () => {
		// The list, the create and the list after it each wait 3 s, as a slow Partnero would.
		nr.sim.injectFaults({ count: 3, delayMs: 3000 });
		await load(flow());
		await until(() => nr.sim.webhooks().length === 1, 'the webhook to be created');
		// The create's answer reaches the node at once; its next list is then under way for 3 s.
		await new Promise((r) => setTimeout(r, 500));
		const msgs = collect();
		await post(signedNow()).expect(200, { ok: true });
		await until(() => msgs.length === 1, 'the delivery right after the create');
		await listening();
	}, 20_000);

	test('deliveries during the start verify with the held secret while the check is slow', async () => {
		await load(flow());
		await listening();
		// The next API call (the new node's check) waits, as a slow Partnero would.
		nr.sim.injectFaults({ count: 1, delayMs: 1500 });
		await helper.setFlows(flow(), 'full', creds());
		expect(statusOf('trig')).toMatchObject({ fill: 'yellow' });
		const msgs = collect();
		await post(signedNow()).expect(200, { ok: true });
		await until(() => msgs.length === 1, 'the delivery during registration');
		await listening();
	});

	test('a 429 with Retry-After longer than the close timeout at deploy: one webhook, deliveries flow, status turns green', async () => {
		await load(flow());
		await listening();
		const [first] = nr.sim.webhooks();
		nr.sim.injectFaults({ count: 1, status: 429, retryAfterSeconds: 20 });
		await helper.setFlows(flow(), 'full', creds());
		// Still asking Partnero, and honest about it; deliveries verify meanwhile with the held secret.
		expect(statusOf('trig')).toMatchObject({ fill: 'yellow' });
		const msgs = collect();
		await post(signedNow('partner.created', 'during-429')).expect(200, { ok: true });
		await until(() => msgs.length === 1, 'the delivery during the 429');
		// A delivery counted while the check waits out the Retry-After does not turn the status green.
		await new Promise((r) => setTimeout(r, 1000));
		expect(statusOf('trig')).toMatchObject({ fill: 'yellow' });
		await until(
			() => statusOf('trig')?.fill === 'green',
			'listening after the Retry-After',
			25_000,
		);
		// First deploy: list, create, and the list that checks no replica created one at the same time.
		expect(nr.sim.apiCalls().map((c) => `${c.method} ${c.status}`)).toEqual([
			'GET 200',
			'POST 200',
			'GET 200',
			'GET 429',
			'GET 200',
		]);
		expect(nr.sim.webhooks()).toEqual([first]);
		expect(nr.sim.apiCalls().filter((c) => c.method === 'DELETE' || c.method === 'POST')).toEqual([
			expect.objectContaining({ method: 'POST' }),
		]);
	}, 30_000);

	test('a start that finds the webhook gone registers a new one and says so', async () => {
		await load(flow());
		await listening();
		const [first] = nr.sim.webhooks();
		await fetch(`${nr.sim.apiBaseUrl}/webhooks/${first.key}`, {
			method: 'DELETE',
			headers: { Authorization: `Bearer ${nr.sim.apiKey}` },
		});
		await helper.setFlows(flow(), 'full', creds());
		await until(() => nr.sim.webhooks().length === 1, 'the new webhook');
		await listening();
		expect(nr.sim.webhooks()[0].key).not.toBe(first.key);
		expect(warnings().join('\n')).toMatch(new RegExp(`webhook ${first.key} was gone`));
		const msgs = collect();
		await post(signedNow()).expect(200);
		await until(() => msgs.length === 1, 'a delivery to the new webhook');
	});
});

describe('duplicates across a deploy, and the delivery key', () => {
	test('each msg carries the delivery key; a delivery emitted before a full deploy is a duplicate after it', async () => {
		await load(flow());
		await listening();
		const delivery = signedNow('partner.created', 'dup-1');
		let msgs = collect();
		await post(delivery).expect(200, { ok: true });
		await until(() => msgs.length === 1, 'the first delivery');
		const key = msgs[0].partnero.deliveryKey;
		expect(key).toMatch(/^[0-9a-f]{64}$/);

		await helper.setFlows(flow(), 'full', creds());
		await listening();
		msgs = collect();
		await post(delivery).expect(200, { ok: true, duplicate: true });
		const other = signedNow('partner.created', 'dup-2');
		await post(other).expect(200, { ok: true });
		await until(() => msgs.length === 1, 'the other delivery');
		expect(msgs[0].partnero.deliveryKey).not.toBe(key);
		expect(msgs[0].partnero.deliveryKey).toBe(
			JSON.parse(JSON.stringify(msgs[0].partnero.deliveryKey)),
		);
	});
});

describe('Partnero: deleted when removed or disabled', () => {
	test.each([
		['deleting the node', () => flow().filter((n) => n.id !== 'trig')],
		['disabling the node', () => flow({ d: true })],
		['disabling the flow', () => flow({}, { disabled: true })],
	])('%s deletes the webhook', async (_what, next) => {
		await load(flow());
		await listening();
		const [hook] = nr.sim.webhooks();
		await helper.setFlows(next(), 'full', creds());
		await until(() => nr.sim.webhooks().length === 0, 'the delete');
		expect(
			nr.sim
				.apiCalls()
				.filter((c) => c.method === 'DELETE')
				.map((c) => c.path),
		).toEqual([`/v1/webhooks/${hook.key}`]);
	});

	test('a removed node whose DELETE stalls gives it up within the close budget, and says so', async () => {
		await load(flow());
		await listening();
		nr.sim.injectFaults({ count: 1, delayMs: 20_000 });
		// The close (and so the deploy) finishes while the DELETE is still stalled at Partnero.
		let deployed = false;
		const deploy = helper
			.setFlows(
				flow().filter((n) => n.id !== 'trig'),
				'full',
				creds(),
			)
			.then(() => (deployed = true));
		await until(() => deployed, 'the deploy to finish', 19_000);
		expect(nr.sim.webhooks()).toHaveLength(1);
		expect(warnings().join('\n')).toMatch(/Gave up deleting the Partnero webhook/);
		await deploy;
	}, 30_000);

	test("a node removed while another takes over its path: the delete never hits the live node's webhook", async () => {
		await load(flow());
		await listening();
		// The same URL moves to a new node in one deploy; the old node's close deletes, the new one registers after it.
		const next = [...flow().filter((n) => n.id !== 'trig'), { ...flow()[2], id: 'trig2' }];
		await helper.setFlows(next, 'full', creds());
		await listening('trig2');
		expect(nr.sim.webhooks()).toHaveLength(1);
		const msgs = collect();
		await post(signedNow()).expect(200, { ok: true });
		await until(() => msgs.length === 1, 'a delivery to the new node');
	});
});

describe('a changed URL: the successor deletes the webhook its predecessor left', () => {
	const MOVED_PUBLIC = 'http://127.0.0.1:1881/moved';
	const deletes = () => nr.sim.apiCalls().filter((c) => c.method === 'DELETE');
	/** Exactly one webhook, at `url`, and the old one deleted (not merely left out of a list). */
	async function oneWebhookAt(url: string, old: { key: string }) {
		await until(
			() => nr.sim.webhooks().length === 1 && nr.sim.webhooks()[0].url === url,
			`exactly one webhook, at ${url}`,
		);
		expect(deletes().map((c) => c.path)).toEqual([`/v1/webhooks/${old.key}`]);
	}

	test.each(['nodes', 'full'])(
		'a changed path (%s deploy): one webhook at the new URL, and deliveries there verify',
		async (type) => {
			await load(flow());
			await listening();
			const [old] = nr.sim.webhooks();
			expect(old.url).toBe(`${PUBLIC}/partnero/hook`);
			await helper.setFlows(flow({ path: 'partnero/moved' }), type, creds());
			await oneWebhookAt(`${PUBLIC}/partnero/moved`, old);
			await listening();
			const [hook] = nr.sim.webhooks();
			const raw = phpJsonEncode(
				partneroSample('partner.created', {
					url: hook.url,
					webhookKey: hook.key,
					createdAt: new Date().toISOString(),
					data: { id: 'moved-1' },
				}),
			);
			const msgs = collect();
			await supertest(nr.RED.httpNode)
				.post('/partnero/moved')
				.set('Content-Type', 'application/json')
				.set('Signature', sign(hook.signature, raw, partneroSignature))
				.send(raw)
				.expect(200, { ok: true });
			await until(() => msgs.length === 1, 'a delivery at the new path');
		},
	);

	test.each(['nodes', 'full'])(
		'a changed Public URL on the account (%s deploy): one webhook at the new URL',
		async (type) => {
			await load(flow());
			await listening();
			const [old] = nr.sim.webhooks();
			const moved = flow().map((n) => (n.id === 'acct' ? { ...n, publicUrl: MOVED_PUBLIC } : n));
			await helper.setFlows(moved, type, creds());
			await oneWebhookAt(`${MOVED_PUBLIC}/partnero/hook`, old);
			await listening();
		},
	);

	test.each(['nodes', 'full'])(
		'the same URL redeployed (%s deploy, events changed): the one webhook keeps its key; no DELETE',
		async (type) => {
			await load(flow());
			await listening();
			const [first] = nr.sim.webhooks();
			const before = signedNow('partner.created', 'kept-1');
			await helper.setFlows(
				flow({ events: ['partner.created', 'customer.created'] }),
				type,
				creds(),
			);
			await until(() => nr.sim.webhooks()[0]?.events.length === 2, 'the events repaired in place');
			await listening();
			expect(nr.sim.webhooks()).toEqual([
				{ ...first, events: ['partner.created', 'customer.created'] },
			]);
			expect(deletes()).toEqual([]);
			const msgs = collect();
			await post(before).expect(200, { ok: true });
			await until(() => msgs.length === 1, 'a delivery signed before the redeploy');
		},
	);

	test('two triggers swapping paths keep both webhooks, each now fed to the other node', async () => {
		const two = (a: string, b: string) => [
			...flow({ path: a }),
			{ ...flow()[2], id: 'trig2', path: b },
		];
		await load(two('partnero/a', 'partnero/b'));
		await listening();
		await listening('trig2');
		const keys = nr.sim.webhooks().map((w) => w.key);
		await helper.setFlows(two('partnero/b', 'partnero/a'), 'nodes', creds());
		await listening();
		await listening('trig2');
		// Long enough for a wrong delete to have landed.
		await new Promise((r) => setTimeout(r, 1000));
		expect(nr.sim.webhooks().map((w) => w.key)).toEqual(keys);
		expect(deletes()).toEqual([]);
	});

	test('a node removed before its move registered deletes the webhook its predecessor left', async () => {
		await load(flow());
		await listening();
		// Every try of the registration at the new URL fails, so the old webhook is still owed when the node goes.
		nr.sim.injectFaults({ count: 4, status: 500 });
		await helper.setFlows(flow({ path: 'partnero/moved' }), 'nodes', creds());
		await until(() => statusOf('trig')?.fill === 'red', 'the failed registration');
		expect(nr.sim.webhooks()).toHaveLength(1);
		await helper.setFlows(
			flow().filter((n) => n.id !== 'trig'),
			'nodes',
			creds(),
		);
		await until(() => nr.sim.webhooks().length === 0, 'no webhook left');
	});
});

describe('PartnerStack: a changed path', () => {
	test('one webhook at the new URL after a modified-nodes deploy', async () => {
		await load(psFlow());
		await listening('pstrig');
		const [old] = nr.ps.webhooks();
		await helper.setFlows(psFlow({ path: 'ps/moved' }), 'nodes', creds());
		await until(
			() =>
				nr.ps.webhooks().length === 1 &&
				nr.ps.webhooks()[0].target.startsWith(`${PUBLIC}/ps/moved?`),
			'exactly one webhook, at the new path',
		);
		expect(nr.ps.webhooks()[0].key).not.toBe(old.key);
		await listening('pstrig');
	});
});

describe('PartnerStack: the URL secret survives', () => {
	const psPost = (secret: string, body: unknown) =>
		supertest(nr.RED.httpNode)
			.post(`/ps/hook?ph_secret=${encodeURIComponent(secret)}`)
			.set('Content-Type', 'application/json')
			.send(JSON.stringify(body));

	test('a redeploy and a process restart keep the webhook and its URL secret; changed events replace it with the same secret', async () => {
		await load(psFlow());
		await listening('pstrig');
		const [first] = nr.ps.webhooks();
		const secret = urlSecretOf(first.target) as string;

		await helper.setFlows(psFlow(), 'full', creds());
		await listening('pstrig');
		await helper.unload();
		forgetAll();
		await load(psFlow());
		await listening('pstrig');
		expect(nr.ps.webhooks()).toEqual([first]);
		const msgs = collect();
		await psPost(secret, partnerStackSample('partnership.created', { timeMs: Date.now() })).expect(
			200,
			{ ok: true },
		);
		await until(() => msgs.length === 1, 'a delivery with the old URL secret');

		await helper.unload();
		forgetAll();
		await load(psFlow({ events: ['partnership.created', 'customer.created'] }));
		await listening('pstrig');
		expect(nr.ps.webhooks()).toHaveLength(1);
		expect(nr.ps.webhooks()[0].key).not.toBe(first.key);
		expect(urlSecretOf(nr.ps.webhooks()[0].target)).toBe(secret);
	});

	test('deleting the node deletes the webhook', async () => {
		await load(psFlow());
		await listening('pstrig');
		await helper.setFlows(
			psFlow().filter((n) => n.id !== 'pstrig'),
			'full',
			creds(),
		);
		await until(() => nr.ps.webhooks().length === 0, 'the delete');
	});
});
