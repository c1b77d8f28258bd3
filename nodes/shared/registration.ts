import type { IDataObject, IHookFunctions, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { ApiError } from '../../core/errors';
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
	const e = error as Error;
	const refused = e instanceof ApiError;
	return new NodeApiError(node, errorJson(e), {
		message: `${refused ? `${provider} refused the webhook` : `Could not register the webhook with ${provider}`}: ${e.message}`,
		description: refused
			? e.description
			: `Check the Base URL in the credential and that this n8n can reach ${provider}.`,
		httpCode: refused && e.status > 0 ? String(e.status) : undefined,
	});
}

/**
 * The core of a trigger's checkExists() for the stored webhook key: undefined when the webhook is gone
 * (state forgotten, so n8n calls create()), else the registration after the provider's registry repaired
 * any drift. `onCheckFailed` sees a failed check before it is thrown.
 */
export async function reconcileWebhook<W extends RemoteWebhook>(
	ctx: IHookFunctions,
	client: RegistryLike<W>,
	desired: DesiredWebhook,
	onCheckFailed?: (error: unknown) => void,
): Promise<Registration | undefined> {
	const data = ctx.getWorkflowStaticData('node');
	let checked: Awaited<ReturnType<typeof checkRegistration<W>>>;
	try {
		checked = await checkRegistration(client, { key: data.webhookKey as string }, desired);
	} catch (error) {
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
			error: (error as Error).message,
		});
		return false;
	}
	forgetWebhook(data);
	return true;
}
