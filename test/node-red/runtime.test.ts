/**
 * A real Node-RED runtime with default roots (editor, admin and HTTP nodes all on "/"), so the editor's
 * JSON body parser sits in front of our route exactly as in a user's install. Only this proves that the
 * raw body survives; the test helper has no such parser. Needs `npm run build` (npm test runs it first).
 */
import { phpJsonEncode } from '../../core/php-json';
import { partneroSample } from '../../core/partnero/samples';
import { partneroSignature } from '../../core/partnero/provider';
import { sign } from '../../core/signature';
import { until, useSimulators } from '../support/simulators';
import { debugNode, startRuntime, type Runtime } from './support/runtime';

// Not reset between tests: each test removes what it deployed, and the next one checks nothing was left.
const sims = useSimulators({ partnero: true, partnerStack: true, reset: false });
let rt: Runtime;
let base: string;

beforeAll(async () => {
	rt = await startRuntime({ name: 'runtime' });
	base = rt.base;
}, 60000);

afterAll(() => rt.stop());

const deploy = (flow: unknown[]) => rt.deploy(flow);
const debug = debugNode;
const received = (node: string) => rt.received(node);

test('the package loads from its package.json: seven node types, editor files and catalogue endpoints', async () => {
	const res = await fetch(`${base}/nodes`, { headers: { Accept: 'application/json' } });
	const sets = (await res.json()) as Array<{ types: string[]; err?: string; module: string }>;
	const ours = sets.filter((s) => s.module === '@partnerhooks/n8n-nodes-partnerhooks');
	expect(ours.flatMap((s) => s.types).sort()).toEqual([
		'partnero-api',
		'partnero-config',
		'partnero-trigger',
		'partnerstack-api',
		'partnerstack-config',
		'partnerstack-trigger',
	]);
	expect(ours.filter((s) => s.err)).toEqual([]);
	const editor = await (await fetch(`${base}/nodes`, { headers: { Accept: 'text/html' } })).text();
	for (const type of [
		'partnero-api',
		'partnerstack-config',
		'partnerstack-trigger',
		'partnerstack-api',
	]) {
		expect(editor).toContain(`data-help-name="${type}"`);
		expect(editor).toContain(`data-template-name="${type}"`);
	}
	const psEvents = (await (await fetch(`${base}/partnerstack/events`)).json()) as Array<{
		name: string;
	}>;
	expect(psEvents.map((e) => e.name)).toContain('partnership.created');
	const events = (await (await fetch(`${base}/partnero/events`)).json()) as Array<{ name: string }>;
	expect(events.map((e) => e.name)).toContain('partner.created');
});

test('deployed through the Admin API, a JSON delivery keeps its raw bytes and verifies', async () => {
	await deploy([
		{ id: 'tab', type: 'tab', label: 'Partnero' },
		{
			id: 'acct',
			type: 'partnero-config',
			baseUrl: sims.sim.apiBaseUrl,
			publicUrl: base,
			credentials: { apiKey: sims.sim.apiKey },
		},
		{
			id: 'trig',
			z: 'tab',
			type: 'partnero-trigger',
			account: 'acct',
			events: [],
			path: 'partnero/e2e',
			wires: [['out']],
		},
		debug('out'),
		{ id: 'st', z: 'tab', type: 'status', scope: ['trig'], wires: [['status-out']] },
		debug('status-out'),
	]);
	await until(() => sims.sim.webhooks().length === 1, 'registration');
	expect(sims.sim.webhooks()[0].url).toBe(`${base}/partnero/e2e`);

	const attempts = await sims.sim.fire('partner.created', {
		data: { name: 'Zoë 😀', website: 'https://zoe.example/a/b' },
	});
	expect(attempts.map((a) => a.status)).toEqual([200]);
	await until(() => received('out').length === 1, 'the sink');
	expect(received('out')[0].payload).toMatchObject({
		name: 'Zoë 😀',
		website: 'https://zoe.example/a/b',
	});
	// The status text comes from the locale catalogue through the runtime's own i18n.
	await until(
		() => received('status-out').some((m) => m.status?.text === 'listening · 1 event'),
		'the translated status',
	);

	const [hook] = sims.sim.webhooks();
	const raw = phpJsonEncode(
		partneroSample('customer.created', {
			url: hook.url,
			webhookKey: hook.key,
			createdAt: new Date().toISOString(),
		}),
	);
	const bad = await fetch(hook.url, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			Signature: sign('wrong', raw, partneroSignature),
		},
		body: raw,
	});
	expect(bad.status).toBe(401);
	const good = await fetch(hook.url, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			Signature: sign(hook.signature, raw, partneroSignature),
		},
		body: raw,
	});
	expect(good.status).toBe(200);
	await until(() => received('out').length === 2, 'the second delivery');
	await new Promise((r) => setTimeout(r, 100));
	expect(received('out')).toHaveLength(2);
	expect(received('out')[1].topic).toBe('customer.created');

	await deploy([{ id: 'tab', type: 'tab', label: 'Partnero' }]);
	await until(() => sims.sim.webhooks().length === 0, 'the webhook to be deleted');
	expect((await fetch(hook.url, { method: 'POST', body: raw })).status).toBe(404);
});

test('a trigger at path "flows" is refused, so the editor can still deploy (it posts the flows to /flows)', async () => {
	const flow = (path: string) => [
		{ id: 'tab', type: 'tab', label: 'Partnero' },
		{
			id: 'acct',
			type: 'partnero-config',
			baseUrl: sims.sim.apiBaseUrl,
			publicUrl: base,
			credentials: { apiKey: sims.sim.apiKey },
		},
		{
			id: 'shadow',
			z: 'tab',
			type: 'partnero-trigger',
			account: 'acct',
			events: [],
			path,
			wires: [[]],
		},
	];
	await deploy(flow('flows'));
	await new Promise((r) => setTimeout(r, 300));
	expect(sims.sim.webhooks()).toHaveLength(0);
	// Before, the capture swallowed this POST's JSON and the runtime failed with "config.forEach is not a function".
	await deploy(flow('partnero/not-flows'));
	await deploy([{ id: 'tab', type: 'tab', label: 'Partnero' }]);
	await until(() => sims.sim.webhooks().length === 0, 'no webhook left');
});

test('partnero-api in the real runtime: an inject creates a partner in the simulator; the status is translated', async () => {
	await deploy([
		{ id: 'tab', type: 'tab', label: 'Partnero' },
		{
			id: 'acct',
			type: 'partnero-config',
			baseUrl: sims.sim.apiBaseUrl,
			publicUrl: base,
			credentials: { apiKey: sims.sim.apiKey },
		},
		{
			id: 'go',
			z: 'tab',
			type: 'inject',
			props: [
				{ p: 'resource', v: 'partner', vt: 'str' },
				{ p: 'operation', v: 'create', vt: 'str' },
				{ p: 'payload', v: '{"email":"rt@example.com","key":"rt"}', vt: 'json' },
			],
			wires: [['api']],
		},
		{
			id: 'api',
			z: 'tab',
			type: 'partnero-api',
			account: 'acct',
			resource: 'msg',
			operation: 'msg',
			recordId: '',
			skipExisting: false,
			wires: [['api-out']],
		},
		debug('api-out'),
		{ id: 'api-st', z: 'tab', type: 'status', scope: ['api'], wires: [['api-status']] },
		debug('api-status'),
	]);
	// The deploy answers before the new flow has started; the inject endpoint 404s until it has.
	await until(
		async () => (await fetch(`${base}/inject/go`, { method: 'POST' })).status === 200,
		'the inject node',
	);
	await until(() => received('api-out').length === 1, 'the partner');
	expect(received('api-out')[0].payload).toMatchObject({ email: 'rt@example.com', key: 'rt' });
	await until(
		() => received('api-status').some((m) => m.status?.text === 'partner create ok'),
		'the translated status',
	);
	expect(JSON.stringify(received('api-out'))).not.toContain(sims.sim.apiKey);
	await deploy([{ id: 'tab', type: 'tab', label: 'Partnero' }]);
});

test('PartnerStack: deployed through the Admin API, a flat delivery from the simulator reaches the flow only with the URL secret', async () => {
	rt.sunk.length = 0;
	await deploy([
		{ id: 'tab', type: 'tab', label: 'PartnerStack' },
		{
			id: 'psacct',
			type: 'partnerstack-config',
			baseUrl: sims.ps.apiBaseUrl,
			publicUrl: base,
			credentials: { publicKey: sims.ps.publicKey, secretKey: sims.ps.secretKey },
		},
		{
			id: 'pstrig',
			z: 'tab',
			type: 'partnerstack-trigger',
			account: 'psacct',
			events: ['customer.created'],
			otherEvents: '',
			path: 'ps/e2e',
			wires: [['psout']],
		},
		debug('psout'),
	]);
	await until(() => sims.ps.webhooks().length === 1, 'registration');
	const target = sims.ps.webhooks()[0].target;
	expect(target.startsWith(`${base}/ps/e2e?ph_secret=`)).toBe(true);

	const attempts = await sims.ps.fire('customer.created', { data: { email: 'zoë@example.com' } });
	expect(attempts.map((a) => a.status)).toEqual([200]);
	await until(() => received('psout').length === 1, 'the sink');
	expect(received('psout')[0]).toMatchObject({
		topic: 'customer.created',
		payload: { event: 'customer.created', email: 'zoë@example.com' },
	});

	const endpoint = `${base}/ps/e2e`;
	const forged = await fetch(endpoint, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: attempts[0].body,
	});
	expect(forged.status).toBe(401);

	await deploy([{ id: 'tab', type: 'tab', label: 'PartnerStack' }]);
	await until(() => sims.ps.webhooks().length === 0, 'the webhook to be deleted');
	expect((await fetch(target, { method: 'POST', body: attempts[0].body })).status).toBe(404);
});
