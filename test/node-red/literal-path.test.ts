/**
 * Trigger paths are literal, in a real Node-RED runtime. A path Express would read as a pattern (`*`, `:id`)
 * or that a sender percent-encodes (a space, a non-ASCII letter) is refused at deploy with a red status and
 * an error saying what to change, and by the editor's path check; it takes no other trigger's deliveries.
 * Needs `npm run build`.
 */
import { phpJsonEncode } from '../../core/php-json';
import { partneroSample } from '../../core/partnero/samples';
import { partneroSignature } from '../../core/partnero/provider';
import { sign } from '../../core/signature';
import { startSimulator, type Simulator } from '../../sim/server';
import { until } from '../support/simulators';
import { debugNode, startRuntime, type Runtime } from './support/runtime';
import { watchLogs, watchStatuses, type Statuses } from './support/statuses';

let sim: Simulator;
let rt: Runtime;
let statuses: Statuses;
let logs: ReturnType<typeof watchLogs>;

const trigger = (id: string, path: string) => ({
	id,
	z: 'tab',
	type: 'partnero-trigger',
	account: 'acct',
	events: [],
	path,
	wires: [[`${id}-out`]],
});
// Pattern and encoded paths come first, so on a runtime that registered them they would match first.
const PATHS: Record<string, string> = {
	wild: 'partnero/*',
	param: 'partnero/h:id',
	space: 'partnero/my hook',
	umlaut: 'partnero/hoök',
	plain: 'partnero/hook',
	hook2: 'partnero/hook2',
};

beforeAll(async () => {
	sim = await startSimulator();
	statuses = watchStatuses();
	rt = await startRuntime({ name: 'literal-path', adminRoot: '/admin' });
	logs = watchLogs();
	await rt.deploy([
		{ id: 'tab', type: 'tab', label: 'Literal paths' },
		{
			id: 'acct',
			type: 'partnero-config',
			baseUrl: sim.apiBaseUrl,
			publicUrl: rt.base,
			credentials: { apiKey: sim.apiKey },
		},
		...Object.entries(PATHS).flatMap(([id, path]) => [trigger(id, path), debugNode(`${id}-out`)]),
	]);
	await until(
		() => statuses.of('plain')?.fill === 'green' && statuses.of('hook2')?.fill === 'green',
		'the literal triggers listening',
	);
}, 60_000);

afterAll(async () => {
	await rt?.stop();
	statuses?.stop();
	logs?.stop();
	await sim?.close();
});

function deliver(path: string): Promise<globalThis.Response> {
	const hook = sim.webhooks().find((h) => h.url === `${rt.base}/${path}`);
	if (!hook) throw new Error(`no webhook for ${path}`);
	const raw = phpJsonEncode(
		partneroSample('partner.created', {
			url: hook.url,
			webhookKey: hook.key,
			createdAt: new Date().toISOString(),
		}),
	);
	return fetch(hook.url, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			Signature: sign(hook.signature, raw, partneroSignature),
		},
		body: raw,
	});
}

test('pattern and encoded paths are refused at deploy: red status, nothing registered', () => {
	for (const id of ['wild', 'param', 'space', 'umlaut'])
		expect([id, statuses.of(id)]).toEqual([
			id,
			expect.objectContaining({ fill: 'red', text: 'path refused: not a literal path' }),
		]);
	expect(
		sim
			.webhooks()
			.map((h) => h.url.slice(rt.base.length))
			.sort(),
	).toEqual(['/partnero/hook', '/partnero/hook2']);
});

test('the deploy error says what to change', () => {
	const ERROR = 20;
	const about = (id: string) => logs.of(id, ERROR).join('\n');
	const errors = ['wild', 'param', 'space', 'umlaut'].map(about);
	expect(about('wild')).toMatch(/contains "\*", which Node-RED's HTTP router reads as a pattern/);
	expect(about('param')).toMatch(/contains ":".*e\.g\. "partnero\/h-id"/);
	expect(about('space')).toMatch(
		/contains a space, which senders percent-encode.*e\.g\. "partnero\/my-hook"/,
	);
	expect(about('umlaut')).toMatch(/"ö" \(not ASCII\).*e\.g\. "partnero\/hook"/);
	for (const e of errors) expect(e).toContain('use only letters a-z and A-Z, digits and - _ . ~');
});

test('/partnero/* and /partnero/h:id take no other trigger deliveries', async () => {
	const plain = await deliver('partnero/hook');
	const hook2 = await deliver('partnero/hook2');
	expect([plain.status, hook2.status]).toEqual([200, 200]);
	await until(
		() => rt.received('plain-out').length === 1 && rt.received('hook2-out').length === 1,
		'both deliveries emitted by their own triggers',
	);
	// And the vendor's own send reaches each literal trigger once.
	const attempts = await sim.fire('partner.created');
	expect(attempts.map((a) => [a.url.slice(rt.base.length), a.status]).sort()).toEqual([
		['/partnero/hook', 200],
		['/partnero/hook2', 200],
	]);
	await until(() => rt.received('plain-out').length === 2, 'the fired event');
	for (const id of ['wild', 'param', 'space', 'umlaut'])
		expect([id, rt.received(`${id}-out`).length]).toEqual([id, 0]);
});

test("the editor's path check refuses the same paths with the same message", async () => {
	const check = async (path: string) =>
		(
			await (
				await fetch(`${rt.base}/admin/partnero-trigger/path-check?${new URLSearchParams({ path })}`)
			).json()
		).problem as string | undefined;
	expect(await check('partnero/my hook')).toMatch(/contains a space.*e\.g\. "partnero\/my-hook"/);
	expect(await check('partnero/*')).toMatch(/reads as a pattern/);
	expect(await check('partnero/h:id')).toMatch(/reads as a pattern/);
	expect(await check('partnero/new-hook')).toBeUndefined();
});
