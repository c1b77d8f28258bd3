export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * A promise's outcome as a value, for core code that decides on one kind of failure and passes every
 * other one on as it came (a 404 means "gone", a refused field means "retry with the other name"). n8n's
 * lint forbids throwing anything but its own error types inside a catch clause of shipped code, and the
 * core has no n8n types; elsewhere a plain try/catch is used.
 */
export function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	return promise.then(
		(value) => ({ ok: true as const, value }),
		(error: unknown) => ({ ok: false as const, error }),
	);
}
