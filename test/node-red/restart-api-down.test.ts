/**
 * A PartnerStack trigger restarted while PartnerStack's API answers 503, in Node-RED started by its command
 * line: genuine deliveries carrying the registered URL secret must never get 401 (logged as forgeries).
 * Without a context store the trigger cannot know its secret until the API answers, so it answers 503 with
 * Retry-After and the sender retries; with a persistent context store it kept the secret sealed and
 * verifies at once. Needs `npm run build`.
 */
import { partnerStackSample } from '../../core/partnerstack/samples';
import { urlSecretOf } from '../../core/partnerstack/delivery';
import { useSimulators, until } from '../support/simulators';
import { startCli, type CliNodeRed } from './support/cli';

jest.setTimeout(180_000);

const sims = useSimulators({ partnerStack: true });
let nr: CliNodeRed | undefined;
afterEach(async () => {
	await nr?.stop();
	nr = undefined;
});

const PATH = '/ps/restart';

function flow(base: string): unknown[] {
	return [
		{ id: 'tab', type: 'tab', label: 'restart' },
		{
			id: 'acct',
			type: 'partnerstack-config',
			baseUrl: sims.ps.apiBaseUrl,
			publicUrl: base,
			credentials: { publicKey: sims.ps.publicKey, secretKey: sims.ps.secretKey },
		},
		{
			id: 'trig',
			type: 'partnerstack-trigger',
			z: 'tab',
			account: 'acct',
			events: ['partnership.created'],
			otherEvents: '',
			path: PATH,
			wires: [[]],
		},
	];
}

let n = 0;
async function deliver(
	base: string,
	secret: string,
): Promise<{ status: number; retryAfter: string | null }> {
	const body = JSON.stringify(
		partnerStackSample('partnership.created', {
			timeMs: Date.now(),
			data: { key: `part_restart_${++n}` },
		}),
	);
	const res = await fetch(`${base}${PATH}?ph_secret=${encodeURIComponent(secret)}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body,
	});
	await res.arrayBuffer();
	return { status: res.status, retryAfter: res.headers.get('retry-after') };
}

test.each([
	['without a context store', 503, ''],
	[
		'with a localfilesystem context store',
		200,
		"contextStorage: { default: { module: 'localfilesystem' } },",
	],
])(
	'%s, genuine deliveries after a restart with the API down get %i, never 401',
	async (_what, expected, settings) => {
		nr = await startCli({ name: 'restart', settings });
		const node = nr;
		await node.deploy(flow(node.base));
		await until(() => node.status('trig')?.fill === 'green', 'the trigger listening', 30_000);
		const secret = urlSecretOf(sims.ps.webhooks()[0].target) as string;
		expect((await deliver(node.base, secret)).status).toBe(200);

		sims.ps.injectFaults({ count: 100_000, status: 503 });
		await node.restart();
		const answers: Array<{ status: number; retryAfter: string | null }> = [];
		// Until the route is back (404 before the flows start), then 12 more, 250 ms apart.
		for (let i = 0; i < 200 && answers.filter((a) => a.status !== 404).length < 12; i++) {
			answers.push(await deliver(node.base, secret));
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
		expect(sims.ps.webhooks()).toHaveLength(1);
	},
);
