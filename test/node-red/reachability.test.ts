/**
 * The reachability guard in a real Node-RED runtime: a config node whose Public URL a vendor on the internet
 * can never reach (a LAN address, an mDNS name) gets no webhook, and its triggers show red naming the Public
 * URL; plain http:// at the real vendor is warned about; the simulator on loopback works without a word.
 * The real vendors' API base URLs are used, so no request may leave this machine: fetch is wrapped to refuse
 * (and record) anything that is not loopback. Needs `npm run build`.
 */
import { useSimulators, until } from '../support/simulators';
import { debugNode, startRuntime, type Runtime } from './support/runtime';
import { watchLogs, watchStatuses, type Statuses } from './support/statuses';

const sims = useSimulators({ partnero: true, reset: false });
const realFetch = globalThis.fetch;
/** Requests that would have left this machine. */
const blocked: string[] = [];
let rt: Runtime;
let statuses: Statuses;
let logs: ReturnType<typeof watchLogs>;

const WARN = 30;
const ERROR = 20;

beforeAll(async () => {
	globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
		const url = new URL(input instanceof Request ? input.url : String(input));
		if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
			const auth = new Headers(init?.headers).get('authorization') ?? '';
			blocked.push(`${init?.method ?? 'GET'} ${url.origin} ${auth}`);
			throw new TypeError('fetch failed: requests off this machine are refused in this test');
		}
		return realFetch(input, init);
	}) as typeof fetch;
	statuses = watchStatuses();
	rt = await startRuntime({ name: 'reachability', adminRoot: '/admin' });
	logs = watchLogs();
	const account = (
		id: string,
		type: string,
		baseUrl: string,
		publicUrl: string,
		credentials: object,
	) => ({
		id,
		type,
		baseUrl,
		publicUrl,
		credentials,
	});
	const trigger = (id: string, type: string, acct: string, path: string) => ({
		id,
		z: 'tab',
		type,
		account: acct,
		events: type === 'partnero-trigger' ? ['partner.created'] : ['partnership.created'],
		otherEvents: '',
		path,
		wires: [[]],
	});
	await rt.deploy([
		{ id: 'tab', type: 'tab', label: 'Reachability' },
		account(
			'lanacct',
			'partnero-config',
			'https://api.partnero.com/v1',
			'http://192.168.1.10:1880',
			{
				apiKey: 'key_of_lan',
			},
		),
		account('mdnsacct', 'partnerstack-config', '', 'https://nodered.local', {
			publicKey: 'pk_unused',
			secretKey: 'sk_unused',
		}),
		account('httpacct', 'partnero-config', '', 'http://hooks.example.com', {
			apiKey: 'key_of_plain',
		}),
		account('simacct', 'partnero-config', sims.sim.apiBaseUrl, rt.base, {
			apiKey: sims.sim.apiKey,
		}),
		trigger('lan', 'partnero-trigger', 'lanacct', 'partnero/lan'),
		trigger('mdns', 'partnerstack-trigger', 'mdnsacct', 'ps/mdns'),
		trigger('plain', 'partnero-trigger', 'httpacct', 'partnero/plain'),
		trigger('sim', 'partnero-trigger', 'simacct', 'partnero/sim'),
		debugNode('unused'),
	]);
	await until(() => statuses.of('sim')?.fill === 'green', 'the simulator trigger listening');
	await until(() => blocked.length > 0, 'the http:// trigger trying to register');
}, 60_000);

afterAll(async () => {
	await rt?.stop();
	statuses?.stop();
	logs?.stop();
	globalThis.fetch = realFetch;
});

test('an unreachable Public URL: red status naming the host, an error naming the Public URL, no API call', () => {
	expect(statuses.of('lan')).toEqual(
		expect.objectContaining({ fill: 'red', text: 'Public URL unreachable: 192.168.1.10' }),
	);
	expect(statuses.of('mdns')).toEqual(
		expect.objectContaining({ fill: 'red', text: 'Public URL unreachable: nodered.local' }),
	);
	expect(logs.of('lan', ERROR).join('\n')).toMatch(
		/Partnero webhook not registered: 192\.168\.1\.10 is a private network address, which api\.partnero\.com cannot reach.*Set the config node's Public URL/,
	);
	expect(logs.of('mdns', ERROR).join('\n')).toMatch(
		/PartnerStack webhook not registered: nodered\.local is a local name.*Public URL/,
	);
	// Only the http:// trigger got as far as calling its (real) API.
	expect([...new Set(blocked)]).toEqual(['GET https://api.partnero.com Bearer key_of_plain']);
	for (const id of ['lan', 'mdns'])
		expect(statuses.history(id).filter((s) => s.fill === 'green')).toEqual([]);
});

test('plain http:// at the real vendor is a warning, and registration goes ahead', () => {
	expect(logs.of('plain', WARN).join('\n')).toMatch(
		/Partnero webhook: the webhook URL on hooks\.example\.com uses plain http:\/\/.*use https:\/\//,
	);
	expect(logs.of('plain', ERROR).join('\n')).not.toMatch(/not registered/);
});

test('the simulator on loopback: listening, nothing warned', () => {
	expect(statuses.of('sim')?.fill).toBe('green');
	expect(logs.of('sim', WARN)).toEqual([]);
	expect(logs.of('sim', ERROR)).toEqual([]);
	expect(sims.sim.webhooks().map((h) => h.url)).toEqual([`${rt.base}/partnero/sim`]);
});
