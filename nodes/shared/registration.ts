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
import { settle } from '../../core/settle';
import { errorJson, nodeErrorFor } from './transport';

/** Static-data field of the delivery secret; named per provider because active workflows already store it so. */
export type SecretField = 'webhookSecret' | 'urlSecret';

/** The webhook's name at the provider, so its list shows which workflow it feeds. */
export function n8nWebhookName(ctx: IHookFunctions): string {
	return webhookName('n8n', ctx.getWorkflow().name ?? 'workflow');
}

/** `seal` turns the secret into what may be stored (static data travels with every workflow export). */
export function rememberWebhook(
	data: IDataObject,
	secretField: SecretField,
	registration: Registration,
	seal: (secret: string) => string = (secret) => secret,
): void {
	data.webhookKey = registration.key;
	data[secretField] = registration.secret === undefined ? undefined : seal(registration.secret);
}

export function forgetWebhook(data: IDataObject, secretField: SecretField): void {
	delete data.webhookKey;
	delete data[secretField];
}

/**
 * Activation failure, telling a refusal by the provider (with `refusalHint` for its status, else the
 * provider's own description) from not reaching it at all, since the fixes differ.
 */
export function registrationError(
	node: INode,
	provider: string,
	error: unknown,
	refusalHint: (status: number) => string | undefined,
): NodeApiError {
	const e = error as Error;
	const refused = e instanceof ApiError;
	return new NodeApiError(node, errorJson(e), {
		message: `${refused ? `${provider} refused the webhook` : `Could not register the webhook with ${provider}`}: ${e.message}`,
		description: !refused
			? `Check the Base URL in the credential and that this n8n can reach ${provider}.`
			: (refusalHint(e.status) ?? e.description),
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
	secretField: SecretField,
	onCheckFailed?: (error: unknown) => void,
): Promise<Registration | undefined> {
	const data = ctx.getWorkflowStaticData('node');
	const checked = await settle(checkRegistration(client, { key: data.webhookKey as string }, desired));
	if (!checked.ok) {
		onCheckFailed?.(checked.error);
		throw nodeErrorFor(ctx.getNode(), checked.error);
	}
	if (checked.value.state === 'missing') {
		forgetWebhook(data, secretField);
		return undefined;
	}
	const fixed = await settle(ensureRegistration(client, { key: data.webhookKey as string }, desired));
	if (!fixed.ok) throw nodeErrorFor(ctx.getNode(), fixed.error);
	return fixed.value;
}

/**
 * A trigger's delete(). A failure is logged and answered false, and the stored key is kept so the next
 * deactivation can try again.
 */
export async function removeWebhook<W extends RemoteWebhook>(
	ctx: IHookFunctions,
	trigger: string,
	client: RegistryLike<W>,
	secretField: SecretField,
): Promise<boolean> {
	const data = ctx.getWorkflowStaticData('node');
	const removed = await settle(removeRegistration(client, data.webhookKey as string | undefined));
	if (!removed.ok) {
		ctx.logger.error(`${trigger} could not delete its webhook`, { error: (removed.error as Error).message });
		return false;
	}
	forgetWebhook(data, secretField);
	return true;
}
