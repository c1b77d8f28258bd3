import { PartnerStackClient } from '../../core/partnerstack/client';
import type { RetryPolicy } from '../../core/retry';
import { clientFor, n8nTransport, type Context } from '../shared/transport';

export const CREDENTIAL = 'partnerStackApi';

/**
 * A PartnerStack client for this node's credential. n8n's credential adds the Basic auth; the public key
 * only identifies the credential for the remembered webhook field (kept as a fingerprint). `retry` overrides
 * the client's policy, e.g. none in the webhook phase, where the sender retries.
 */
export async function partnerStackClient(
	ctx: Context,
	retry?: Partial<RetryPolicy>,
): Promise<PartnerStackClient> {
	const credentials = await ctx.getCredentials(CREDENTIAL);
	return clientFor(
		ctx,
		'PartnerStack',
		() =>
			new PartnerStackClient({
				baseUrl: credentials.baseUrl as string | undefined,
				credentialId: String(credentials.publicKey ?? ''),
				transport: n8nTransport(ctx, CREDENTIAL),
				retry,
			}),
	);
}
