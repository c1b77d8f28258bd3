import type { IDataObject, IHookFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { ApiError, errorMessage } from '../../core/errors';
import { TransportError } from '../../core/http';
import { webhookUrlVerdict } from '../../core/reachability';
import {
	checkRegistration,
	ensureRegistration,
	removeRegistration,
	webhookName,
	type DesiredWebhook,
	type Registration,
	type RegistryLike,
	type RemoteWebhook,
} from '../../core/registration';
import { errorJson, nodeErrorFor } from './transport';

/** Static-data field of the delivery secret, always sealed (static data travels with every workflow export). */
export const SECRET_FIELD = 'webhookSecret';

/** The webhook's name at the provider, so its list shows which workflow it feeds. */
export function n8nWebhookName(ctx: IHookFunctions): string {
	return webhookName('n8n', ctx.getWorkflow().name ?? 'workflow');
}

/** `seal` turns the secret into what may be stored. */
export function rememberWebhook(
	data: IDataObject,
	registration: Registration,
	seal: (secret: string) => string,
): void {
	data.webhookKey = registration.key;
	data[SECRET_FIELD] = seal(registration.secret);
}

export function forgetWebhook(data: IDataObject): void {
	delete data.webhookKey;
	delete data[SECRET_FIELD];
}

/**
 * Activation failure, telling a refusal by the provider from not reaching it at all, since the fixes
 * differ. A refusal carries the core's advice for it (the client's WEBHOOK_REFUSAL hints for a webhook
 * create or update), the same text Node-RED shows.
 */
export function registrationError(node: INode, provider: string, error: unknown): NodeApiError {
	const refused = error instanceof ApiError;
	return new NodeApiError(node, errorJson(error), {
		message: `${refused ? `${provider} refused the webhook` : `Could not register the webhook with ${provider}`}: ${errorMessage(error)}`,
		description: refused
			? error.description
			: `Check the Base URL in the credential and that this n8n can reach ${provider}.`,
		httpCode: refused && error.status > 0 ? String(error.status) : undefined,
	});
}

/**
 * Refuses activation when the vendor can never reach the webhook URL n8n hands out (a loopback, private or
 * local-name host while the vendor's API is not local), before anything is registered: the vendor would
 * fail every delivery, and Partnero marks a webhook failed after 5. A plain http:// URL at a real vendor
 * still works, so it is logged as a warning (n8n shows no activation warnings). `client` is the trigger's
 * API client; its base URL tells a real vendor from a local simulator.
 */
export function guardWebhookUrl(ctx: IHookFunctions, provider: string, client: unknown): void {
	const url = ctx.getNodeWebhookUrl('default') ?? '';
	const apiBaseUrl = (client as { baseUrl?: unknown }).baseUrl;
	const verdict = webhookUrlVerdict(url, typeof apiBaseUrl === 'string' ? apiBaseUrl : '');
	if (verdict.kind === 'insecure') {
		ctx.logger.warn(`${ctx.getNode().name}: ${verdict.reason}.`);
		return;
	}
	if (verdict.kind !== 'unreachable') return;
	throw new NodeOperationError(
		ctx.getNode(),
		`${provider} cannot reach this workflow's webhook URL: ${verdict.reason}.`,
		{
			description:
				'n8n builds webhook URLs from the WEBHOOK_URL environment variable, and without it from its own host and port (http://localhost:5678/ on a default install). ' +
				`Set WEBHOOK_URL to the public https:// address that reaches this n8n (your domain through a reverse proxy, or a tunnel such as cloudflared or ngrok pointed at n8n; n8n's own --tunnel option has been shut down), restart n8n and activate the workflow again.`,
		},
	);
}

/** checkExists could not ask the provider, so the stored webhook stands unchecked. */
export const UNCHECKED = 'unchecked';

/** No answer, 429 or 5xx: the provider could not say, which is not the same as "gone" or "refused". */
function passingFailure(error: unknown): boolean {
	return (
		error instanceof TransportError ||
		(error instanceof ApiError && (error.status === 0 || error.retryable))
	);
}

/**
 * The core of a trigger's checkExists() for the stored webhook key: undefined when the webhook is gone
 * (state forgotten, so n8n calls create()), else the registration after the provider's registry repaired
 * any drift. `onCheckFailed` sees a failed check before it is thrown.
 *
 * A passing failure (the API down at n8n's start) answers UNCHECKED rather than throwing: n8n answers a
 * throwing checkExists by calling delete(), which would remove a webhook a restart must keep (and its
 * vendor retries with it). The stored key and secret still verify deliveries; the next activation checks.
 */
export async function reconcileWebhook<W extends RemoteWebhook>(
	ctx: IHookFunctions,
	client: RegistryLike<W>,
	desired: DesiredWebhook,
	onCheckFailed?: (error: unknown) => void,
): Promise<Registration | undefined | typeof UNCHECKED> {
	// Before any repair: a changed WEBHOOK_URL must not re-point the webhook somewhere unreachable.
	const registry = 'webhookRegistry' in client ? client.webhookRegistry() : client;
	guardWebhookUrl(ctx, registry.provider, client);
	const data = ctx.getWorkflowStaticData('node');
	let checked: Awaited<ReturnType<typeof checkRegistration<W>>>;
	try {
		checked = await checkRegistration(client, { key: data.webhookKey as string }, desired);
	} catch (error) {
		if (passingFailure(error)) {
			ctx.logger.warn(
				`${ctx.getNode().name}: ${registry.provider} could not be asked about the webhook; it is kept as stored and checked at the next activation.`,
				{ error: errorMessage(error) },
			);
			return UNCHECKED;
		}
		onCheckFailed?.(error);
		throw nodeErrorFor(ctx.getNode(), error);
	}
	if (checked.state === 'missing') {
		forgetWebhook(data);
		return undefined;
	}
	try {
		return await ensureRegistration(client, { key: data.webhookKey as string }, desired);
	} catch (error) {
		throw nodeErrorFor(ctx.getNode(), error);
	}
}

/**
 * A trigger's delete(). A failure is logged and answered false, and the stored key is kept so the next
 * deactivation can try again.
 */
export async function removeWebhook<W extends RemoteWebhook>(
	ctx: IHookFunctions,
	trigger: string,
	client: RegistryLike<W>,
): Promise<boolean> {
	const data = ctx.getWorkflowStaticData('node');
	try {
		await removeRegistration(client, data.webhookKey as string | undefined);
	} catch (error) {
		ctx.logger.error(`${trigger} could not delete its webhook`, {
			error: errorMessage(error),
		});
		return false;
	}
	forgetWebhook(data);
	return true;
}
