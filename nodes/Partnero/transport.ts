import { NodeOperationError } from 'n8n-workflow';
import { PartneroClient } from '../../core/partnero/client';
import { settle } from '../../core/settle';
import { n8nTransport, type Context } from '../shared/transport';

export { errorJson, n8nTransport, nodeErrorFor } from '../shared/transport';

/** A Partnero client for this node's credential; a bad base URL becomes an error that names the field. */
export async function partneroClient(ctx: Context): Promise<PartneroClient> {
	const credentials = await ctx.getCredentials('partneroApi');
	const baseUrl = credentials.baseUrl as string | undefined;
	const transport = n8nTransport(ctx, 'partneroApi');
	const made = await settle(Promise.resolve().then(() => new PartneroClient({ baseUrl, transport })));
	if (!made.ok) {
		throw new NodeOperationError(ctx.getNode(), (made.error as Error).message, {
			description: 'Fix the Base URL in the Partnero credential.',
		});
	}
	return made.value;
}
