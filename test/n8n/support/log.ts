/**
 * n8n-core logs through one DI Logger (winston, console transport): a node's warnings (`this.logger.warn`) and
 * every node error n8n's ErrorReporter sees. In tests those lines are expected outcomes, so they are recorded here
 * instead of printed, and the tests assert them: whatever a test does not take is an unexpected log line and fails
 * it (see `expectNoCoreLog`). Only n8n's logger is captured; console itself is left alone.
 */
import { dirname } from 'node:path';

/** The n8n-core a test runs against: today's, or the 1.x line n8n still supports. */
export type CoreModule = 'n8n-core' | 'n8n-core-1';

export interface LogEntry {
	level: string;
	message: string;
}

const LEVELS = ['error', 'warn', 'info', 'debug'] as const;
const entries = new Map<CoreModule, LogEntry[]>();

/** Starts recording the given n8n-core's log (once per test file); later calls are no-ops. */
export function captureCoreLog(core: CoreModule): void {
	if (entries.has(core)) return;
	const from = { paths: [dirname(require.resolve(`${core}/package.json`))] };
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Container } = require(require.resolve('@n8n/di', from));
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Logger } = require(require.resolve('@n8n/backend-common', from));
	const logger = Container.get(Logger);
	const list: LogEntry[] = [];
	entries.set(core, list);
	for (const level of LEVELS) {
		// Levels below the configured one are fixed no-ops (non-writable): they print nothing anyway.
		if (Object.getOwnPropertyDescriptor(logger, level)?.writable === false) continue;
		jest.spyOn(logger, level).mockImplementation((message: unknown) => {
			list.push({ level, message: String(message) });
		});
	}
}

/** What n8n logged since the last call, oldest first. */
export function takeCoreLog(core: CoreModule): LogEntry[] {
	const list = entries.get(core);
	return list ? list.splice(0) : [];
}

/** For afterEach: a log line no test asserted is a failure, with the line in the message. */
export function expectNoCoreLog(core: CoreModule): void {
	const left = takeCoreLog(core);
	if (left.length)
		throw new Error(
			`n8n logged lines no test expected:\n${left.map((e) => `${e.level}: ${e.message}`).join('\n')}`,
		);
}

/**
 * A trigger warns about a delivery it refuses (any answer but 200) at most once, and not at all when the refusal
 * falls in the same interval as an earlier one: refusals are aggregated, so a flood of forged requests is not a
 * flood of log lines. An accepted delivery warns about nothing; info lines (a secret re-sealed after a key
 * rotation) may accompany either.
 */
export function expectDeliveryLog(logged: LogEntry[], trigger: string, status: number): void {
	expect(logged.filter((e) => e.level !== 'warn' && e.level !== 'info')).toEqual([]);
	const warnings = logged.filter((e) => e.level === 'warn').map((e) => e.message);
	if (status === 200) {
		expect(warnings).toEqual([]);
		return;
	}
	expect(warnings.length).toBeLessThanOrEqual(1);
	for (const w of warnings) expect(w).toMatch(new RegExp(`^${trigger}:? refused`, 'i'));
}
