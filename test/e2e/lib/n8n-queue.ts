import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { npmEnv, type N8nInstall, type QueueServices } from '../../engines';
import { check } from './check';
import { n8nEnv } from './n8n-engine';
import { N8nRest } from './n8n-rest';
import { freePort, http, waitUntil } from './net';
import { npmInstallTarball } from './pack';
import { startProcess, type ManagedProcess } from './proc';
import {
	postgresEnv,
	startPostgres,
	startRedis,
	type Postgres,
	type Redis,
} from './queue-services';
import { startRoundRobinProxy, type RoundRobinProxy } from './rr-proxy';
import { subdir, type ScenarioContext } from './scenario';

/**
 * n8n in queue mode as its docs lay it out: every process shares PostgreSQL, Redis and the encryption key;
 * the main process serves the editor and REST and runs activation; `n8n webhook` processes answer
 * production webhooks and put executions on the Redis queue; `n8n worker` processes run them.
 * Each process has its own user folder with the package installed in it, as separate containers would.
 */

export type N8nRole = 'main' | 'webhook' | 'worker';

export interface QueueProcess {
	name: string;
	role: N8nRole;
	/** The HTTP port (main and webhook processes). */
	port: number;
	base: string;
	process: ManagedProcess;
}

export interface N8nQueue {
	main: QueueProcess;
	webhooks: QueueProcess[];
	workers: QueueProcess[];
	rest: N8nRest;
	/** Starts one more process of a role (e.g. after stopping one). */
	start(role: N8nRole, name: string): Promise<QueueProcess>;
}

const READY: Record<N8nRole, RegExp> = {
	main: /Editor is now accessible/,
	webhook: /Webhook listener waiting for requests/,
	worker: /n8n worker is now ready/,
};

export interface QueueOptions {
	engine: N8nInstall;
	pg: Postgres;
	redis: Redis;
	/** The public URL n8n registers at the vendors: the balancer in front of the webhook processes. */
	webhookUrl: string;
	webhookProcesses: number;
	workers: number;
	workerConcurrency?: number;
	/** Extra environment for every process. */
	env?: NodeJS.ProcessEnv;
}

export async function startN8nQueue(ctx: ScenarioContext, o: QueueOptions): Promise<N8nQueue> {
	const template = subdir(ctx, 'nodes-template');
	ctx.step("npm install <tarball> once, then copy it into each process's <user folder>/.n8n/nodes");
	writeFileSync(
		join(template, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
	);
	await npmInstallTarball(template, ctx.packed.tarball, 'n8n', npmEnv(o.engine.node));
	check(
		existsSync(join(template, 'node_modules', ctx.packed.name, 'package.json')),
		'the package is not in the nodes folder',
	);

	const encryptionKey = randomBytes(24).toString('hex');
	const usedPorts = new Set<number>();
	const port = async (): Promise<number> => {
		for (;;) {
			const p = await freePort();
			if (!usedPorts.has(p)) {
				usedPorts.add(p);
				return p;
			}
		}
	};

	const start = async (role: N8nRole, name: string): Promise<QueueProcess> => {
		const home = subdir(ctx, `home-${name}`);
		cpSync(template, join(home, '.n8n', 'nodes'), { recursive: true, verbatimSymlinks: true });
		const httpPort = await port();
		const env: NodeJS.ProcessEnv = {
			...n8nEnv(o.engine, home, httpPort, await port(), o.webhookUrl),
			N8N_ENCRYPTION_KEY: encryptionKey,
			EXECUTIONS_MODE: 'queue',
			...postgresEnv(o.pg),
			QUEUE_BULL_REDIS_HOST: o.redis.host,
			QUEUE_BULL_REDIS_PORT: String(o.redis.port),
			QUEUE_HEALTH_CHECK_PORT: String(await port()),
			// Production webhooks go to the webhook processes only, as in n8n's queue-mode guide.
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			// Lets a workflow report which process ran it ($env.PARTNERHOOKS_PROCESS), so the test can see it.
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
			PARTNERHOOKS_PROCESS: name,
			...o.env,
		};
		const args =
			role === 'main'
				? ['start']
				: role === 'webhook'
					? ['webhook']
					: ['worker', `--concurrency=${o.workerConcurrency ?? 10}`];
		ctx.step(
			`start n8n ${args.join(' ')} as "${name}"${role === 'worker' ? '' : ` on 127.0.0.1:${httpPort}`}`,
		);
		const proc = startProcess(`n8n ${name}`, o.engine.node.bin, [o.engine.bin, ...args], {
			cwd: home,
			env,
			logFile: join(ctx.dir, `n8n-${name}.log`),
		});
		ctx.defer(() => proc.stop());
		ctx.attachLog(`n8n ${name} log`, () => proc.output());
		await proc.waitForOutput(READY[role], 180_000);
		return { name, role, port: httpPort, base: `http://127.0.0.1:${httpPort}`, process: proc };
	};

	// All start together: n8n takes a database lock for its migrations, which the first process runs and
	// the others wait for.
	const webhooks: QueueProcess[] = [];
	const workers: QueueProcess[] = [];
	const [main] = await Promise.all([
		start('main', 'main'),
		...Array.from({ length: o.webhookProcesses }, (_, i) =>
			start('webhook', `webhook-${i + 1}`).then((p) => (webhooks[i] = p)),
		),
		...Array.from({ length: o.workers }, (_, i) =>
			start('worker', `worker-${i + 1}`).then((p) => (workers[i] = p)),
		),
	]);
	await waitUntil(
		'n8n main health',
		async () => (await http('GET', `${main.base}/healthz`)).status === 200,
		30_000,
	);
	const rest = new N8nRest(main.base);
	await rest.setupOwner();
	return { main, webhooks, workers, rest, start };
}

/**
 * PostgreSQL, Redis and the queue behind one round-robin balancer: the balancer's address is the public URL
 * every process is told, and the webhook processes join it as its backends once they listen.
 */
export async function startBalancedQueue(
	ctx: ScenarioContext,
	services: QueueServices,
	o: Omit<QueueOptions, 'pg' | 'redis' | 'webhookUrl'>,
): Promise<{ queue: N8nQueue; proxy: RoundRobinProxy; pg: Postgres; redis: Redis }> {
	const [pg, redis] = await Promise.all([startPostgres(ctx, services), startRedis(ctx, services)]);
	const backends: string[] = [];
	const proxy = await startRoundRobinProxy(backends);
	ctx.defer(() => proxy.close());
	const queue = await startN8nQueue(ctx, { ...o, pg, redis, webhookUrl: `${proxy.url}/` });
	backends.push(...queue.webhooks.map((w) => w.base));
	return { queue, proxy, pg, redis };
}
