import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { npmEnv, type NodeRedInstall } from '../../engines';
import { check, checkEqual } from './check';
import { freePort, http, waitUntil } from './net';
import { npmInstallTarball, REPO_ROOT } from './pack';
import { startProcess, type ManagedProcess } from './proc';
import { subdir, type ScenarioContext } from './scenario';

/** What a fresh Node-RED writes, plus only what differs for a test: host, ports, folders, secret, telemetry. */
function settingsJs(extra = ''): string {
	return `module.exports = {${extra}
	uiHost: '127.0.0.1',
	flowFile: 'flows.json',
	credentialSecret: 'e2e-credential-secret',
	telemetry: { enabled: false },
	logging: { console: { level: 'info', metrics: false, audit: false } },
};
`;
}

export interface RunningNodeRed {
	base: string;
	userDir: string;
	process: ManagedProcess;
	/** Full deploy through the Admin API; resolves on the 204, before the nodes have started. */
	deploy(nodes: unknown[]): Promise<void>;
	/** SIGTERM, then the same Node-RED on the same user dir and port again (`process` is the new one). */
	restart(): Promise<void>;
}

/**
 * The packed package installed palette-style into a fresh user dir, and Node-RED started on it with default
 * settings (editor and HTTP nodes on `/`), as a separate process on 127.0.0.1.
 */
export async function launchNodeRed(
	ctx: ScenarioContext,
	engine: NodeRedInstall,
	o: {
		nodeArgs?: string[];
		/** Extra settings.js properties, as source. */ settings?: string;
		/** Tells several runtimes' folders and logs apart. */ name?: string;
	} = {},
): Promise<RunningNodeRed> {
	const suffix = o.name ? `-${o.name}` : '';
	const userDir = subdir(ctx, `userDir${suffix}`);
	const env = npmEnv(engine.node);

	ctx.step('npm install <tarball> into a fresh user dir (palette-style flags)');
	writeFileSync(
		join(userDir, 'package.json'),
		JSON.stringify(
			{
				name: 'node-red-project',
				description: 'A Node-RED Project',
				version: '0.0.1',
				private: true,
			},
			null,
			2,
		),
	);
	await npmInstallTarball(userDir, ctx.packed.tarball, 'node-red', env);
	// A scoped package sits one folder deeper (node_modules/@scope/name): list it by its full name.
	const installed = readdirSync(join(userDir, 'node_modules'))
		.filter((n) => !n.startsWith('.'))
		.flatMap((n) =>
			n.startsWith('@')
				? readdirSync(join(userDir, 'node_modules', n)).map((m) => `${n}/${m}`)
				: [n],
		);
	check(
		!existsSync(join(userDir, 'node_modules', 'n8n-workflow')),
		'npm pulled n8n-workflow into the Node-RED user dir',
	);
	checkEqual(installed, [ctx.packed.name], 'packages installed into the Node-RED user dir');
	writeFileSync(join(userDir, 'settings.js'), settingsJs(o.settings));

	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	ctx.step(`start Node-RED on ${base}`);
	let starts = 0;
	const start = async (): Promise<ManagedProcess> => {
		const p = startProcess(
			`node-red ${engine.version}${suffix}`,
			engine.node.bin,
			[...(o.nodeArgs ?? []), engine.redJs, '--userDir', userDir, '--port', String(port)],
			{
				cwd: userDir,
				env: { ...env, NODE_RED_DISABLE_TELEMETRY: '1' },
				logFile: join(
					ctx.dir,
					starts++ === 0 ? `node-red${suffix}.log` : `node-red${suffix}.${starts}.log`,
				),
			},
		);
		ctx.defer(() => p.stop());
		await p.waitForOutput(/Server now running at/, 60_000);
		await waitUntil(
			'Node-RED admin API',
			async () => (await http('GET', `${base}/settings`)).status === 200,
		);
		return p;
	};
	let nr = await start();
	const earlier: string[] = [];
	ctx.attachLog(`node-red ${engine.version}${suffix} log`, () => earlier.join('') + nr.output());

	const sets = (
		await http('GET', `${base}/nodes`, { headers: { Accept: 'application/json' } })
	).json<Array<{ module: string; types: string[]; err?: string }>>();
	const ours = sets.filter((s) => s.module === ctx.packed.name);
	check(
		ours.length > 0,
		`Node-RED did not load ${ctx.packed.name}. Loaded modules: ${[...new Set(sets.map((s) => s.module))].join(', ')}`,
	);
	for (const s of ours) check(!s.err, `Node-RED failed to load ${s.types.join(',')}: ${s.err}`);
	const types = ours.flatMap((s) => s.types);
	// Every type the package declares must have registered, not only the ones a scenario deploys.
	const declared = Object.keys(
		(
			JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
				'node-red': { nodes: Record<string, string> };
			}
		)['node-red'].nodes,
	);
	for (const t of declared)
		check(types.includes(t), `node type ${t} not registered (got ${types.join(', ')})`);

	const running: RunningNodeRed = {
		base,
		userDir,
		process: nr,
		async deploy(nodes) {
			const res = await http('POST', `${base}/flows`, {
				body: nodes,
				headers: { 'Node-RED-Deployment-Type': 'full' },
			});
			check(
				res.status === 204 || res.status === 200,
				`POST /flows answered ${res.status}: ${res.text}`,
			);
		},
		async restart() {
			await nr.stop(20_000);
			earlier.push(nr.output());
			nr = await start();
			running.process = nr;
		},
	};
	return running;
}

/** An http request node that posts msg.payload to the sink. */
export function postToSink(o: {
	z: string;
	id: string;
	sinkUrl: string;
	x?: number;
	y?: number;
}): Record<string, unknown> {
	return {
		id: o.id,
		type: 'http request',
		z: o.z,
		name: 'sink',
		method: 'POST',
		ret: 'txt',
		paytoqs: 'ignore',
		url: o.sinkUrl,
		tls: '',
		persist: true,
		proxy: '',
		insecureHTTPParser: false,
		authType: '',
		senderr: false,
		headers: [],
		x: o.x ?? 550,
		y: o.y ?? 100,
		wires: [[]],
	};
}

/**
 * A function node that forwards only what the trigger emitted, and the node posting it to the sink. With
 * `answer`, msg.req/msg.res go along and an HTTP Response node after the sink's answer answers the sender:
 * the sink's status (msg.statusCode from the http request node) is what the sender is told.
 */
export function reportToSink(o: {
	z: string;
	id: string;
	sinkUrl: string;
	x?: number;
	y?: number;
	answer?: boolean;
}): Record<string, unknown>[] {
	const sinkId = `${o.id}-post`;
	const answerId = `${o.id}-answer`;
	const x = o.x ?? 350;
	const post = postToSink({ z: o.z, id: sinkId, sinkUrl: o.sinkUrl, x: x + 200, y: o.y });
	return [
		{
			id: o.id,
			type: 'function',
			z: o.z,
			name: 'report',
			// A fresh msg: only what the trigger emitted reaches the sink, not the function node's own state.
			func: o.answer
				? 'return { payload: { topic: msg.topic, payload: msg.payload, partnero: msg.partnero }, req: msg.req, res: msg.res };'
				: 'return { payload: { topic: msg.topic, payload: msg.payload, partnero: msg.partnero } };',
			outputs: 1,
			x,
			y: o.y ?? 100,
			wires: [[sinkId]],
		},
		...(o.answer
			? [
					{ ...post, wires: [[answerId]] },
					{
						id: answerId,
						type: 'http response',
						z: o.z,
						statusCode: '',
						headers: {},
						x: x + 400,
						y: o.y ?? 100,
						wires: [],
					},
				]
			: [post]),
	];
}
