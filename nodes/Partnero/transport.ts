import { PartneroClient } from '../../core/partnero/client';
import type { RetryPolicy } from '../../core/retry';
import { clientFor, n8nTransport, type Context } from '../shared/transport';

/** `retry` overrides the client's policy, e.g. none in the webhook phase, where the sender retries. */
export async function partneroClient(
	ctx: Context,
	retry?: Partial<RetryPolicy>,
): Promise<PartneroClient> {
	const credentials = await ctx.getCredentials('partneroApi');
	const transport = n8nTransport(ctx, 'partneroApi');
	return clientFor(
		ctx,
		'Partnero',
		() =>
			new PartneroClient({
				baseUrl: credentials.baseUrl as string | undefined,
				transport,
				retry,
				// What registration left out (events Partnero refused from "all events") reaches the n8n log.
				warn: (message) => ctx.logger.warn(message),
			}),
	);
}
