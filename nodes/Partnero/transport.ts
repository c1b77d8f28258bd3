import { PartneroClient } from '../../core/partnero/client';
import { clientFor, n8nTransport, type Context } from '../shared/transport';

export async function partneroClient(ctx: Context): Promise<PartneroClient> {
	const credentials = await ctx.getCredentials('partneroApi');
	const transport = n8nTransport(ctx, 'partneroApi');
	return clientFor(
		ctx,
		'Partnero',
		() => new PartneroClient({ baseUrl: credentials.baseUrl as string | undefined, transport }),
	);
}
