/**
 * httpNodeAuth in front of the trigger routes, in Node-RED started by its command line (red.js applies
 * httpNodeAuth to every HTTP node route). A trigger whose path it refuses is never green: its status is
 * yellow with the reason and the log names the fix; a path it exempts listens as usual. The vendor's own
 * send shows that the refused trigger really is deaf. Needs `npm run build`.
 */
import { useSimulators, until } from '../support/simulators';
import { startCli, type CliNodeRed } from './support/cli';

jest.setTimeout(180_000);

const sims = useSimulators({ partnero: true });
let nr: CliNodeRed | undefined;
afterEach(async () => {
	await nr?.stop();
	nr = undefined;
});

function flow(base: string, paths: Record<string, string>): unknown[] {
	return [
		{ id: 'tab', type: 'tab', label: 'auth' },
		{
			id: 'acct',
			type: 'partnero-config',
			baseUrl: sims.sim.apiBaseUrl,
			publicUrl: base,
			credentials: { apiKey: sims.sim.apiKey },
		},
		...Object.entries(paths).map(([id, path]) => ({
			id,
			type: 'partnero-trigger',
			z: 'tab',
			account: 'acct',
			events: ['partner.created'],
			path,
			wires: [[]],
		})),
	];
}

/** Waits until every trigger registered and its status settled after that. */
async function registered(node: CliNodeRed, count: number): Promise<void> {
	await until(() => sims.sim.webhooks().length === count, `${count} webhooks`, 30_000);
	await new Promise((r) => setTimeout(r, 1_000));
}

test('httpNodeAuth {user, pass}: yellow with the reason, never green, and the log names the fix', async () => {
	nr = await startCli({
		name: 'auth-basic',
		// The hash does not matter: no delivery carries credentials.
		settings:
			"httpNodeAuth: { user: 'user', pass: '$2b$08$wuAqPiKJlVN27eF5qJp.RuQYuy6ZYONW7a/UWYxDTtwKFCdB8F19y' },",
	});
	const node = nr;
	await node.deploy(flow(node.base, { locked: 'partnero/locked' }));
	await registered(node, 1);
	await until(() => node.status('locked')?.fill === 'yellow', 'the yellow status');
	expect(node.status('locked')).toEqual(
		expect.objectContaining({ fill: 'yellow', text: 'httpNodeAuth answers 401' }),
	);
	expect(node.statuses('locked').filter((s) => s.fill === 'green')).toEqual([]);
	expect(node.log()).toMatch(
		/httpNodeAuth answers 401 to POST \/partnero\/locked before this trigger runs.*Exempt the trigger's path/,
	);
	// Deaf indeed: the vendor's own send is refused before the trigger sees it.
	const attempts = await sims.sim.fire('partner.created');
	expect(attempts.map((a) => a.status)).toEqual([401]);
});

test('an httpNodeAuth function: the exempted path listens, the other one is yellow and deaf', async () => {
	nr = await startCli({
		name: 'auth-function',
		settings: `httpNodeAuth: function (req, res, next) {
		if (req.path.startsWith('/partnero/open')) return next();
		res.status(401).set('WWW-Authenticate', 'Basic realm="node"').end();
	},`,
	});
	const node = nr;
	await node.deploy(flow(node.base, { open: 'partnero/open', shut: 'partnero/shut' }));
	await registered(node, 2);
	await until(
		() => node.status('open')?.fill === 'green' && node.status('shut')?.fill === 'yellow',
		'open green and shut yellow',
	);
	expect(node.status('shut')?.text).toBe('httpNodeAuth answers 401');
	expect(node.statuses('shut').filter((s) => s.fill === 'green')).toEqual([]);
	expect(node.log()).toMatch(/httpNodeAuth answers 401 to POST \/partnero\/shut/);
	expect(node.log()).not.toMatch(/httpNodeAuth answers 401 to POST \/partnero\/open/);
	const attempts = await sims.sim.fire('partner.created');
	expect(attempts.map((a) => [new URL(a.url).pathname, a.status]).sort()).toEqual([
		['/partnero/open', 200],
		['/partnero/shut', 401],
	]);
});
