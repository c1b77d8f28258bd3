import { AssertionError, deepStrictEqual } from 'node:assert/strict';

/** assert with a message a person can act on; the harness prints it under the failing scenario. */
export function check(condition: unknown, message: string): asserts condition {
	if (!condition) throw new AssertionError({ message });
}

export function checkEqual<T>(actual: T, expected: T, what: string): void {
	try {
		deepStrictEqual(actual, expected);
	} catch {
		throw new AssertionError({
			message: `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
		});
	}
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
	const x = [...new Set(a)].sort();
	const y = [...new Set(b)].sort();
	return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Secrets must never be printed by the engine or land in its plain-text files. */
export function checkNoSecrets(text: string, secrets: Record<string, string>, where: string): void {
	for (const [name, value] of Object.entries(secrets)) {
		if (value && text.includes(value))
			throw new AssertionError({ message: `The ${name} appears in ${where}` });
	}
}
