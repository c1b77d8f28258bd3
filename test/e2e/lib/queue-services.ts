import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueueServices } from '../../engines';
import { freePort } from './net';
import { startProcess, type ManagedProcess } from './proc';
import type { ScenarioContext } from './scenario';

/**
 * PostgreSQL and Redis for one scenario: their own data folders and free ports on 127.0.0.1, gone when the
 * scenario ends. PostgreSQL refuses to run as root, so as root its programs run as the `postgres` user the
 * package created, in a folder outside the (root-only) scenario folder.
 */

export interface Postgres {
	host: string;
	port: number;
	user: string;
	database: string;
	process: ManagedProcess;
}

/** n8n's settings for this server (its DB_* environment variables), shared by every n8n that uses it. */
export function postgresEnv(pg: Postgres): NodeJS.ProcessEnv {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_PASSWORD: '',
	};
}

export interface Redis {
	host: string;
	port: number;
	process: ManagedProcess;
}

function asPostgresUser(cmd: string, args: string[]): [string, string[]] {
	return process.getuid?.() === 0
		? ['runuser', ['-u', 'postgres', '--', cmd, ...args]]
		: [cmd, args];
}

export async function startPostgres(
	ctx: ScenarioContext,
	services: QueueServices,
): Promise<Postgres> {
	const root = mkdtempSync(join(tmpdir(), 'partnerhooks-pg-'));
	ctx.defer(() => rmSync(root, { recursive: true, force: true }));
	if (process.getuid?.() === 0) {
		const ids = (name: string): number =>
			Number(execFileSync('id', [name, 'postgres']).toString().trim());
		chownSync(root, ids('-u'), ids('-g'));
	}
	const data = join(root, 'data');
	const user = 'n8n';
	ctx.step(`initdb ${data}`);
	const [initCmd, initArgs] = asPostgresUser(join(services.pgBin, 'initdb'), [
		'-D',
		data,
		'-U',
		user,
		'--auth=trust',
		'--no-sync',
		'-E',
		'UTF8',
	]);
	execFileSync(initCmd, initArgs, { stdio: 'pipe' });
	const port = await freePort();
	// TCP on loopback only, no Unix socket, and durability traded for speed: the data is thrown away.
	const [cmd, args] = asPostgresUser(join(services.pgBin, 'postgres'), [
		'-D',
		data,
		'-p',
		String(port),
		'-h',
		'127.0.0.1',
		'-c',
		'unix_socket_directories=',
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=100',
	]);
	ctx.step(`start PostgreSQL on 127.0.0.1:${port}`);
	const pg = startProcess('postgres', cmd, args, {
		cwd: root,
		env: { ...process.env, LC_ALL: 'C' },
		logFile: join(ctx.dir, 'postgres.log'),
	});
	ctx.defer(() => pg.stop(10_000));
	ctx.attachLog('postgres log', () => pg.output());
	await pg.waitForOutput(/database system is ready to accept connections/, 30_000);
	return { host: '127.0.0.1', port, user, database: 'postgres', process: pg };
}

export async function startRedis(ctx: ScenarioContext, services: QueueServices): Promise<Redis> {
	const dir = mkdtempSync(join(tmpdir(), 'partnerhooks-redis-'));
	ctx.defer(() => rmSync(dir, { recursive: true, force: true }));
	const port = await freePort();
	ctx.step(`start Redis on 127.0.0.1:${port}`);
	const redis = startProcess(
		'redis',
		services.redisServer,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
		],
		{
			cwd: dir,
			env: process.env,
			logFile: join(ctx.dir, 'redis.log'),
		},
	);
	ctx.defer(() => redis.stop(10_000));
	ctx.attachLog('redis log', () => redis.output());
	await redis.waitForOutput(/Ready to accept connections/, 20_000);
	return { host: '127.0.0.1', port, process: redis };
}
