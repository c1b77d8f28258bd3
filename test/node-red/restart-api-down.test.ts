/**
 * A trigger restarted while its vendor's API answers 503, in Node-RED started by its command line: genuine
 * deliveries (carrying the registered URL secret, or signed with the registered secret) must never get
 * 401, which logs them as forgeries. Without a context store the trigger cannot know its secret until the
 * API answers, so it answers 503 with Retry-After and the sender retries; with a persistent context store
 * it kept the secret sealed and verifies at once. Needs `npm run build`.
 */
import { phpJsonEncode } from '../../core/php-json';
import { partneroSample } from '../../core/partnero/samples';
import { partneroSignature } from '../../core/partnero/provider';
import { partnerStackSample } from '../../core/partnerstack/samples';
import { urlSecretOf } from '../../core/partnerstack/delivery';
import { sign } from '../../core/signature';
import { useSimulators, until } from '../support/simulators';
import { startCli, type CliNodeRed } from './support/cli';

jest.setTimeout(180_000);

const sims = useSimulators({ partnero: true, partnerStack: true });
let nr: CliNodeRed | undefined;
afterEach(async () => {
	await nr?.stop();
	nr = undefined;
});

const PATH = '/hooks/restart';
type Vendor = 'PartnerStack' | 'Partnero';

function flow(vendor: Vendor, base: string): unknown[] {
	const account =
		vendor === 'PartnerStack'
			? {
					type: 'partnerstack-config',
					baseUrl: sims.ps.apiBaseUrl,
					credentials: { publicKey: sims.ps.publicKey, secretKey: sims.ps.secretKey },
				}
			: {
					type: 'partnero-config',
					baseUrl: sims.sim.apiBaseUrl,
					credentials: { apiKey: sims.sim.apiKey },
				};
	return [
		{ id: 'tab', type: 'tab', label: 'restart' },
		{ id: 'acct', publicUrl: base, ...account },
		{
			id: 'trig',
			type: vendor === 'PartnerStack' ? 'partnerstack-trigger' : 'partnero-trigger',
			z: 'tab',
			account: 'acct',
			events: vendor === 'PartnerStack' ? ['partnership.created'] : ['partner.created'],
			otherEvents: '',
			path: PATH,
			wires: [[]],
		},
	];
}

let n = 0;
/** A genuine delivery, as the vendor sends it to the webhook it registered. */
async function deliver(
	vendor: Vendor,
	base: string,
): Promise<{ status: number; retryAfter: string | null }> {
	let res: globalThis.Response;
	if (vendor === 'PartnerStack') {
		const secret = urlSecretOf(sims.ps.webhooks()[0].target) as string;
		const body = JSON.stringify(
			partnerStackSample('partnership.created', {
				timeMs: Date.now(),
				data: { key: `part_restart_${++n}` },
			}),
		);
		res = await fetch(`${base}${PATH}?ph_secret=${encodeURIComponent(secret)}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body,
		});
	} else {
		const hook = sims.sim.webhooks()[0];
		const raw = phpJsonEncode(
			partneroSample('partner.created', {
				url: hook.url,
				webhookKey: hook.key,
				createdAt: new Date().toISOString(),
				data: { id: `restart_${++n}` },
			}),
		);
		res = await fetch(`${base}${PATH}`, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				Signature: sign(hook.signature, raw, partneroSignature),
			},
			body: raw,
		});
	}
	await res.arrayBuffer();
	return { status: res.status, retryAfter: res.headers.get('retry-after') };
}

const STORE = "contextStorage: { default: { module: 'localfilesystem' } },";

test.each<[Vendor, string, number, string]>([
	['PartnerStack', 'without a context store', 503, ''],
	['PartnerStack', 'with a localfilesystem context store', 200, STORE],
	['Partnero', 'without a context store', 503, ''],
	['Partnero', 'with a localfilesystem context store', 200, STORE],
])(
	'%s trigger %s: genuine deliveries after a restart with the API down get %i, never 401',
	async (vendor, _what, expected, settings) => {
		nr = await startCli({ name: 'restart', settings });
		const node = nr;
		await node.deploy(flow(vendor, node.base));
		await until(() => node.status('trig')?.fill === 'green', 'the trigger listening', 30_000);
		expect((await deliver(vendor, node.base)).status).toBe(200);

		(vendor === 'PartnerStack' ? sims.ps : sims.sim).injectFaults({ count: 100_000, status: 503 });
		await node.restart();
		const answers: Array<{ status: number; retryAfter: string | null }> = [];
		// Until the route is back (404 before the flows start), then 12 more, 250 ms apart.
		for (let i = 0; i < 200 && answers.filter((a) => a.status !== 404).length < 12; i++) {
			answers.push(await deliver(vendor, node.base));
			await new Promise((r) => setTimeout(r, 250));
		}
		const served = answers.filter((a) => a.status !== 404);
		expect(served.length).toBe(12);
		expect(served.filter((a) => a.status === 401)).toEqual([]);
		// The store is read from disk as the node starts: a delivery in that instant may still get 503.
		expect(served.at(-1)?.status).toBe(expected);
		for (const a of served.filter((x) => x.status === 503)) expect(a.retryAfter).toMatch(/^\d+$/);
		expect(node.log()).not.toMatch(/Refused a delivery \(401\)/);
		// The API really was down all along: the trigger never got to listening.
		expect(node.status('trig')?.fill).not.toBe('green');
		const hooks = vendor === 'PartnerStack' ? sims.ps.webhooks() : sims.sim.webhooks();
		expect(hooks).toHaveLength(1);
	},
);
