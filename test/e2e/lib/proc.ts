import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/**
 * Engines run as separate process groups so that a stop reaches everything they spawn (n8n starts task
 * runners). Every group is recorded here and killed on any exit path of the harness, including Ctrl+C.
 */

const live = new Set<ManagedProcess>();

export interface ManagedProcess {
	name: string;
	pid: number;
	child: ChildProcess;
	/** Everything the process printed so far (stdout and stderr interleaved). */
	output(): string;
	/** Resolves once the output matches; rejects if the process exits first or the time runs out. */
	waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	/** SIGTERM to the main process, wait for it, then SIGKILL whatever is left in its group. */
	stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startProcess(
	name: string,
	cmd: string,
	args: string[],
	opts: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): ManagedProcess {
	const child = spawn(cmd, args, {
		cwd: opts.cwd,
		env: opts.env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (child.pid === undefined) throw new Error(`Could not start ${name} (${cmd})`);
	const pid = child.pid;
	const log = createWriteStream(opts.logFile);
	let text = '';
	const listeners = new Set<() => void>();
	const onData = (c: Buffer): void => {
		log.write(c);
		text += c.toString('utf8');
		for (const l of listeners) l();
	};
	child.stdout!.on('data', onData);
	child.stderr!.on('data', onData);
	let done = false;
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
		child.on('exit', (code, signal) => {
			done = true;
			for (const l of listeners) l();
			resolve({ code, signal });
		});
	});
	exited.finally(() => log.end()).catch(() => undefined);

	const mp: ManagedProcess = {
		name,
		pid,
		child,
		output: () => text,
		exited,
		waitForOutput(pattern, timeoutMs) {
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => {
					listeners.delete(check);
					reject(
						new Error(
							`${name}: no output matching ${pattern} within ${timeoutMs / 1000} s. Log tail:\n${text.slice(-2000)}`,
						),
					);
				}, timeoutMs);
				function check(): void {
					if (pattern.test(text)) {
						clearTimeout(timer);
						listeners.delete(check);
						resolve();
					} else if (done) {
						clearTimeout(timer);
						listeners.delete(check);
						reject(
							new Error(
								`${name} exited before printing ${pattern}. Log tail:\n${text.slice(-2000)}`,
							),
						);
					}
				}
				listeners.add(check);
				check();
			});
		},
		async stop(timeoutMs = 30_000) {
			if (!done) {
				try {
					process.kill(pid, 'SIGTERM');
				} catch {
					// already gone
				}
				let timer: NodeJS.Timeout | undefined;
				await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
				clearTimeout(timer);
			}
			killGroup(pid);
			live.delete(mp);
			if (!done) await exited;
			return exited;
		},
	};
	live.add(mp);
	return mp;
}

function killGroup(pid: number): void {
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// group already empty
	}
}

/** Last-resort cleanup: synchronous, so it also works from an 'exit' handler. */
export function killAll(): void {
	for (const p of live) killGroup(p.pid);
	live.clear();
}

let installed = false;
export function installCleanupHandlers(onSignal?: () => Promise<void> | void): void {
	if (installed) return;
	installed = true;
	process.on('exit', killAll);
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(sig, () => {
			process.stderr.write(`\n${sig}: stopping engines and cleaning up\n`);
			Promise.resolve(onSignal?.())
				.catch(() => undefined)
				.finally(() => {
					killAll();
					process.exit(130);
				});
		});
	}
}
