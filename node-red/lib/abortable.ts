import { fetchTransport, type Transport } from '../../core/http';
import { sleep, type RetryPolicy } from '../../core/retry';

/**
 * A client's transport and retry pause, both cut short by `signal`: an aborted call neither waits out a
 * Retry-After nor is sent again, so a close that runs out of time leaves no call to land later.
 */
export function abortable(signal?: AbortSignal): {
	transport: Transport;
	retry?: Partial<RetryPolicy>;
} {
	if (!signal) return { transport: fetchTransport() };
	return { transport: fetchTransport({ signal }), retry: { sleep: (ms) => sleep(ms, signal) } };
}
