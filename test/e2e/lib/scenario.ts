import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Packed } from './pack';

/** Thrown by ctx.skip(): the scenario could not run here. Reported as skipped, never as passed. */
export class ScenarioSkipped extends Error {}

export interface ScenarioContext {
	/** The package tarball, packed once per run. */
	packed: Packed;
	/** A fresh folder for this scenario's user dirs and logs. */
	dir: string;
	/** Progress line, shown as the scenario runs. */
	step(text: string): void;
	/** Registers cleanup that runs after the scenario, pass or fail, in reverse order. */
	defer(fn: () => Promise<unknown> | unknown): void;
	/** Output shown (its tail) when the scenario fails, e.g. the engine's log. */
	attachLog(name: string, read: () => string): void;
	/** Ends the scenario as skipped, with the reason: something it needs is missing on this machine. */
	skip(reason: string): never;
}

export interface Scenario {
	id: string;
	title: string;
	/** Prepares the engine (cache install if needed) and returns its version for the table. */
	prepare(): Promise<string>;
	run(ctx: ScenarioContext): Promise<void>;
}

/** A context whose steps are written with the scenario id and seconds since it began, plus its cleanups and logs. */
export function newContext(
	packed: Packed,
	dir: string,
	id: string,
	write: (line: string) => void,
): {
	ctx: ScenarioContext;
	cleanups: Array<() => unknown>;
	logs: Array<{ name: string; read: () => string }>;
} {
	const started = Date.now();
	const cleanups: Array<() => unknown> = [];
	const logs: Array<{ name: string; read: () => string }> = [];
	const ctx: ScenarioContext = {
		packed,
		dir,
		step: (text) =>
			write(`  [${id} ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${text}\n`),
		defer: (fn) => cleanups.push(fn),
		attachLog: (name, read) => logs.push({ name, read }),
		skip: (reason) => {
			throw new ScenarioSkipped(reason);
		},
	};
	return { ctx, cleanups, logs };
}

export function subdir(ctx: ScenarioContext, name: string): string {
	const d = join(ctx.dir, name);
	mkdirSync(d, { recursive: true });
	return d;
}
