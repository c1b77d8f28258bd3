export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * A promise's outcome as a value. The core decides on failures outside catch clauses so that n8n's
 * lint (which wants NodeApiError inside every catch in shipped code) applies only to the n8n adapter,
 * where the engine-specific error types exist.
 */
export function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	return promise.then(
		(value) => ({ ok: true as const, value }),
		(error: unknown) => ({ ok: false as const, error }),
	);
}
