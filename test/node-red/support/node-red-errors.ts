/**
 * Fails the test during which Node-RED reported a JavaScript error: a flow that did not start (the runtime
 * prints the stack with console.log and carries on), a node whose handler threw, a close that crashed. Such a
 * test may still see every message it waits for, so only this makes the breakage visible. Expected node.error()
 * calls (a registration that failed, a refused config) are not JavaScript errors and pass.
 */

const BROKEN = /\b(TypeError|ReferenceError|RangeError|SyntaxError)\b/;
/**
 * Known and harmless under jest only: core `http request` imports `got` dynamically, which jest's vm refuses, so
 * Node-RED reports that node set as not loaded. No suite uses it.
 */
const JEST_ONLY = /ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG/;

const seen: string[] = [];
let installed = false;

/** Records a line Node-RED wrote, if it reports a JavaScript error. */
export function noteNodeRedOutput(text: string): void {
	if (BROKEN.test(text) && !JEST_ONLY.test(text))
		seen.push(text.split('\n').slice(0, 3).join('\n'));
}

/**
 * A Node-RED logging handler (settings.logging.<name>) feeding the check, for runtimes started by the suite:
 * log entries of level warn and above are inspected.
 */
export const errorLogging = {
	level: 'warn',
	metrics: false,
	audit: false,
	handler: () => (msg: { msg?: unknown }) =>
		noteNodeRedOutput(msg.msg instanceof Error ? String(msg.msg.stack) : String(msg.msg)),
};

/**
 * Registers the suite's hooks: console output is watched (where the runtime prints a flow that failed to
 * start), and after each test the errors seen during it fail that test. Call at the top level of a suite.
 */
export function failOnNodeRedErrors(): void {
	if (installed) return;
	installed = true;
	for (const level of ['log', 'error', 'warn'] as const) {
		const original = console[level].bind(console);
		console[level] = (...args: unknown[]) => {
			noteNodeRedOutput(
				args.map((a) => (a instanceof Error ? String(a.stack) : String(a))).join(' '),
			);
			original(...args);
		};
	}
	afterEach(() => {
		const found = seen.splice(0);
		if (found.length)
			throw new Error(`Node-RED reported JavaScript errors during this test:\n${found.join('\n')}`);
	});
}
