import { PartneroClient } from '../../core/partnero/client';
import { clientFor, n8nTransport, type Context } from '../shared/transport';

export async function partneroClient(ctx: Context): Promise<PartneroClient> {
	const credentials = await ctx.getCredentials('partneroApi');
	const transport = n8nTransport(ctx, 'partneroApi');
	return clientFor(
		ctx,
		'Partnero',
		() =>
			new PartneroClient({
				baseUrl: credentials.baseUrl as string | undefined,
				transport,
				// What registration left out (events Partnero refused from "all events") reaches the n8n log.
				warn: (message) => ctx.logger.warn(message),
			}),
	);
}
