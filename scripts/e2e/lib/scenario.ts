import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Packed } from './pack';

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
}

export interface Scenario {
	id: string;
	title: string;
	/** Prepares the engine (cache install if needed) and returns its version for the table. */
	prepare(): Promise<string>;
	run(ctx: ScenarioContext): Promise<void>;
}

export function subdir(ctx: ScenarioContext, name: string): string {
	const d = join(ctx.dir, name);
	mkdirSync(d, { recursive: true });
	return d;
}
