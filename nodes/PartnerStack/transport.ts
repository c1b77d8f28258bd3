import { NodeOperationError } from 'n8n-workflow';
import { PartnerStackClient } from '../../core/partnerstack/client';
import { settle } from '../../core/settle';
import { n8nTransport, type Context } from '../shared/transport';

export const CREDENTIAL = 'partnerStackApi';

/**
 * A PartnerStack client for this node's credential. n8n's credential adds the Basic auth; the public key
 * only identifies the credential for the remembered webhook field (kept as a fingerprint).
 */
export async function partnerStackClient(ctx: Context): Promise<PartnerStackClient> {
	const credentials = await ctx.getCredentials(CREDENTIAL);
	const made = await settle(
		Promise.resolve().then(
			() =>
				new PartnerStackClient({
					baseUrl: credentials.baseUrl as string | undefined,
					credentialId: String(credentials.publicKey ?? ''),
					transport: n8nTransport(ctx, CREDENTIAL),
				}),
		),
	);
	if (!made.ok) {
		throw new NodeOperationError(ctx.getNode(), (made.error as Error).message, {
			description: 'Fix the Base URL in the PartnerStack credential.',
		});
	}
	return made.value;
}
