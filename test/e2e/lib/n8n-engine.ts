import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { npmEnv, type N8nInstall } from '../../engines';
import { check } from './check';
import { N8nRest } from './n8n-rest';
import { freePort, http, waitUntil } from './net';
import { npmInstallTarball } from './pack';
import { startProcess, type ManagedProcess } from './proc';
import { subdir, type ScenarioContext } from './scenario';

/** Default n8n apart from ports, folders, and the phone-home features a CI box can't reach. */
export function n8nEnv(
	engine: N8nInstall,
	userFolder: string,
	port: number,
	brokerPort: number,
	webhookUrl?: string,
): NodeJS.ProcessEnv {
	return {
		...npmEnv(engine.node),
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		// n8n's documented way to state the URL Partnero must call; without it n8n would advertise localhost.
		WEBHOOK_URL: webhookUrl ?? `http://127.0.0.1:${port}/`,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	};
}

/** How long a restart took: SIGTERM until the process was gone, then start until n8n answered its health check. */
export interface RestartTimes {
	stopSeconds: number;
	/** Whether n8n exited by itself within the stop timeout (otherwise it was killed). */
	exitedBySigterm: boolean;
	/** How it ended: `exit code 0`, or the signal (n8n 2.41 ends on SIGSEGV after its own 30 s shutdown timeout). */
	exit: string;
	startSeconds: number;
}

export interface RunningN8n {
	base: string;
	port: number;
	rest: N8nRest;
	/** The current n8n process (a restart replaces it). */
	process: ManagedProcess;
	/** Stops n8n and starts it again on the same folder and ports, as after a deploy or a crash. */
	restart(): Promise<RestartTimes>;
}

/**
 * The packed package installed the way n8n's community-package installer does, then `n8n start` on
 * 127.0.0.1 with its own ports and a throwaway user folder, and the owner account set up through REST.
 * `webhookUrl` overrides the public URL n8n registers (e.g. a fault-injecting proxy in front of it).
 */
export async function launchN8n(
	ctx: ScenarioContext,
	engine: N8nInstall,
	o: {
		webhookUrl?: (port: number) => string;
		nodeArgs?: string[];
		/** Extra environment for n8n, e.g. its database settings. */
		env?: NodeJS.ProcessEnv;
	} = {},
): Promise<RunningN8n> {
	const userFolder = subdir(ctx, 'home');
	const nodesDir = subdir(ctx, 'home/.n8n/nodes');
	ctx.step("npm install <tarball> into <user folder>/.n8n/nodes (as n8n's community install does)");
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
	);
	await npmInstallTarball(nodesDir, ctx.packed.tarball, 'n8n', npmEnv(engine.node));
	check(
		existsSync(join(nodesDir, 'node_modules', ctx.packed.name, 'package.json')),
		'the package is not in .n8n/nodes/node_modules',
	);

	const port = await freePort();
	let brokerPort = await freePort();
	while (brokerPort === port) brokerPort = await freePort();
	const base = `http://127.0.0.1:${port}`;
	ctx.step(`start n8n on ${base} (task broker on ${brokerPort})`);
	let starts = 0;
	const start = async (startTimeoutMs = 120_000): Promise<ManagedProcess> => {
		const logName = starts++ === 0 ? 'n8n.log' : `n8n-${starts}.log`;
		const proc = startProcess(
			`n8n ${engine.version}`,
			engine.node.bin,
			[...(o.nodeArgs ?? []), engine.bin, 'start'],
			{
				cwd: userFolder,
				env: { ...n8nEnv(engine, userFolder, port, brokerPort, o.webhookUrl?.(port)), ...o.env },
				logFile: join(ctx.dir, logName),
			},
		);
		ctx.defer(() => proc.stop());
		ctx.attachLog(`n8n ${engine.version} log (${logName})`, () => proc.output());
		await proc.waitForOutput(/Editor is now accessible/, startTimeoutMs);
		await waitUntil(
			'n8n health',
			async () => (await http('GET', `${base}/healthz`)).status === 200,
			30_000,
		);
		return proc;
	};
	let n8n = await start();
	const rest = new N8nRest(base);
	await rest.setupOwner();
	return {
		base,
		port,
		rest,
		get process() {
			return n8n;
		},
		async restart() {
			ctx.step('restart n8n');
			const t0 = Date.now();
			// n8n waits up to 30 s (N8N_GRACEFUL_SHUTDOWN_TIMEOUT) for running executions, then exits by itself;
			// 45 s lets it, so a kill here is n8n's own hang and not the harness cutting it short.
			const exit = await n8n.stop(45_000);
			const stopSeconds = (Date.now() - t0) / 1000;
			ctx.step(
				`n8n stopped in ${stopSeconds.toFixed(1)} s (${exit.signal ?? `exit code ${exit.code}`}); start it again`,
			);
			const t1 = Date.now();
			// A restart meets the deliveries and retries that piled up while n8n was down: give it 4 minutes.
			n8n = await start(240_000);
			return {
				stopSeconds,
				exitedBySigterm: exit.signal !== 'SIGKILL',
				exit: exit.signal ?? `exit code ${exit.code}`,
				startSeconds: (Date.now() - t1) / 1000,
			};
		},
	};
}
