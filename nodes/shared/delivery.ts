import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NOT_READY, outcomeResponseBody, processDelivery, type DeliveryOutcome, type ReceiverOptions } from '../../core/receiver';
import { dedupeFor } from './dedupe';

export type AcceptedDelivery = Extract<DeliveryOutcome, { accept: true }>;

export interface TriggerDelivery {
	/** The node as refusals are logged, e.g. "Partnero Trigger". */
	trigger: string;
	/** What the provider checks; duplicates and age come from the options every trigger has. */
	receiver: Omit<ReceiverOptions, 'dedupe' | 'maxAgeSeconds'>;
	/** The secret the request URL carried, for providers authenticated by URL secret. */
	urlToken?: string;
	/**
	 * False while activation has not yet stored the secret to check with. n8n 2 serves the route while it
	 * registers the webhook in the background; a 503 with Retry-After makes the sender try again later.
	 */
	ready?: boolean;
	/** The workflow item for an accepted delivery. */
	item(outcome: AcceptedDelivery): IDataObject;
}

/**
 * A trigger's webhook() around the core receiver. Refusals are answered here rather than by n8n's
 * onReceived response because their status code is what the sender acts on.
 */
export async function answerDelivery(ctx: IWebhookFunctions, delivery: TriggerDelivery): Promise<IWebhookResponseData> {
	const req = ctx.getRequestObject();
	const res = ctx.getResponseObject();
	if (delivery.ready === false) {
		ctx.logger.warn(`${delivery.trigger} refused a delivery (${NOT_READY.status}): its webhook registration has not finished yet`);
		res.set('Retry-After', NOT_READY.retryAfterSeconds).status(NOT_READY.status).json(NOT_READY.body);
		return { noWebhookResponse: true };
	}
	// Signatures are over the bytes as sent, which n8n may not have buffered yet.
	if (!req.rawBody && typeof req.readRawBody === 'function') await req.readRawBody();
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const outcome = processDelivery(
		{ method: req.method ?? 'POST', headers: req.headers, rawBody: req.rawBody, urlToken: delivery.urlToken },
		{
			...delivery.receiver,
			dedupe: options.ignoreDuplicates === false ? undefined : dedupeFor(ctx.getWorkflow().id ?? '', ctx.getNode().name),
			maxAgeSeconds: (options.maxAgeSeconds as number | undefined) ?? 0,
		},
	);
	if (!outcome.accept) {
		if (outcome.status !== 200) ctx.logger.warn(`${delivery.trigger} refused a delivery: ${outcome.message}`);
		res.status(outcome.status).json(outcomeResponseBody(outcome));
		return { noWebhookResponse: true };
	}
	// The core's dedupe key, so later steps can be idempotent; payloads name their fields in snake_case.
	return { workflowData: [ctx.helpers.returnJsonArray([{ ...delivery.item(outcome), deliveryKey: outcome.deliveryKey }])] };
}
