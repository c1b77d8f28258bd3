import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	DEFAULT_MAX_BODY_BYTES,
	NOT_READY,
	outcomeResponseBody,
	processDelivery,
	type DeliveryOutcome,
	type ReceiverOptions,
} from '../../core/receiver';
import {
	DEFAULT_ANSWER_TIMEOUT_SECONDS,
	inFlightRetryAfter,
	type AwaitedAnswers,
} from '../../core/awaited-answers';
import { errorMessage } from '../../core/errors';
import { refusalReason } from '../../core/refusal-log';
import { awaitingFor, dedupeFor } from './dedupe';
import { refusalLogFor } from './refusals';
import { respondsAfterRun } from './respond';

export type AcceptedDelivery = Extract<DeliveryOutcome, { accept: true }>;

/**
 * How long a delivery answered after the run counts as running when n8n never answered it. n8n answers every
 * execution it finishes or fails, even after the sender hung up, so this only bounds what was never answered (an
 * execution n8n lost track of). Partnero retries after 1, 5, 30 and 120 min: the retry after 30 min then runs.
 */
const RUNNING_AT_MOST_MS = 15 * 60_000;

/**
 * Calls `settle` with the status n8n answers the delivery with, once, when it does. n8n writes its answer when
 * the execution has finished or failed, whether or not the sender is still connected, so the end of the response
 * (not the close of the connection, which the sender's timeout causes) is when the execution is known to be over.
 */
function onAnswer(
	res: ReturnType<IWebhookFunctions['getResponseObject']>,
	settle: (status: number) => void,
) {
	const end = res.end;
	let answered = false;
	res.end = function (this: unknown, ...args: unknown[]) {
		if (!answered) {
			answered = true;
			settle(res.statusCode);
		}
		return (end as (...a: unknown[]) => unknown).apply(this, args);
	} as typeof res.end;
}

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
	/**
	 * Set when the secret to check with cannot be had right now (stored sealed with a rotated key and not
	 * recoverable from the provider): what to do about it, logged once per interval; the answer is 503.
	 */
	unavailable?: string;
	/** The workflow item for an accepted delivery. */
	item(outcome: AcceptedDelivery): IDataObject;
}

/**
 * A trigger's webhook() around the core receiver. Refusals are answered here rather than by n8n's
 * onReceived response because their status code is what the sender acts on.
 */
export async function answerDelivery(
	ctx: IWebhookFunctions,
	delivery: TriggerDelivery,
): Promise<IWebhookResponseData> {
	const req = ctx.getRequestObject();
	const res = ctx.getResponseObject();
	const log = refusalLogFor(ctx.getWorkflow().id ?? '', ctx.getNode().name);
	const refuse = (status: number, reason: string, detail: string) => {
		for (const line of log.refused(refusalReason({ status, reason }), detail))
			ctx.logger.warn(`${delivery.trigger}: ${line}`);
	};
	if (delivery.ready === false || delivery.unavailable !== undefined) {
		const why = delivery.unavailable ?? 'its webhook registration has not finished yet';
		refuse(
			NOT_READY.status,
			delivery.unavailable ? 'secret unavailable' : 'not ready',
			`refused a delivery (${NOT_READY.status}): ${why}`,
		);
		res
			.set('Retry-After', NOT_READY.retryAfterSeconds)
			.status(NOT_READY.status)
			.json(NOT_READY.body);
		return { noWebhookResponse: true };
	}
	// A declared length over the cap is refused before a byte of the body is read (when n8n has not read it yet).
	const declared = Number(req.headers['content-length']);
	const maxBody = delivery.receiver.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
	if (declared > maxBody) {
		refuse(
			413,
			'too-large',
			`refused a delivery (413): its declared length ${declared} is over ${maxBody} bytes`,
		);
		res.status(413).json({ error: 'body too large' });
		return { noWebhookResponse: true };
	}
	// Signatures are over the bytes as sent, which n8n may not have buffered yet.
	if (!req.rawBody && typeof req.readRawBody === 'function') await req.readRawBody();
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const workflowId = ctx.getWorkflow().id ?? '';
	const dedupe =
		options.ignoreDuplicates === false ? undefined : dedupeFor(workflowId, ctx.getNode().name);
	// Answered after the run, a delivery's key stays claimed while its execution runs and is kept if it succeeds;
	// a retry meanwhile is answered 503, as the Node-RED trigger does while its flow has not answered.
	let awaiting: AwaitedAnswers | undefined;
	if (dedupe && respondsAfterRun(options)) {
		awaiting = awaitingFor(workflowId, ctx.getNode().name);
		awaiting.expire(RUNNING_AT_MOST_MS);
	}
	const outcome = processDelivery(
		{
			method: req.method ?? 'POST',
			headers: req.headers,
			rawBody: req.rawBody,
			urlToken: delivery.urlToken,
		},
		{
			...delivery.receiver,
			dedupe,
			awaiting,
			maxAgeSeconds: options.maxAgeSeconds as number | undefined,
		},
	);
	if (!outcome.accept && outcome.status === 503) {
		// The first attempt's execution still runs: not a refusal, so not warned about.
		res
			.set('Retry-After', inFlightRetryAfter(DEFAULT_ANSWER_TIMEOUT_SECONDS))
			.status(503)
			.json(outcomeResponseBody(outcome));
		return { noWebhookResponse: true };
	}
	if (!outcome.accept) {
		if (outcome.status !== 200)
			refuse(outcome.status, outcome.reason, `refused a delivery: ${outcome.message}`);
		res.status(outcome.status).json(outcomeResponseBody(outcome));
		return { noWebhookResponse: true };
	}
	if (outcome.warning) {
		for (const line of log.warning(`accepted a delivery with a warning: ${outcome.warning}`))
			ctx.logger.warn(`${delivery.trigger}: ${line}`);
	}
	const key = outcome.deliveryKey;
	try {
		// Answered after the run: an execution that failed (n8n answers 500) is not acknowledged, so the sender
		// retries it, and the retry must run. One that succeeds keeps its key, even when the sender gave up waiting
		// for the answer: its retry is a duplicate. A process that dies mid-run forgets its keys anyway.
		if (awaiting) {
			awaiting.begin(key);
			onAnswer(res, (status) => awaiting.settle(key, status));
		}
		// The core's dedupe key, so later steps can be idempotent; payloads name their fields in snake_case.
		return {
			workflowData: [
				ctx.helpers.returnJsonArray([
					{ ...delivery.item(outcome), deliveryKey: outcome.deliveryKey },
				]),
			],
		};
	} catch (error) {
		// Not handed to n8n: forget the key, or the sender's retry of this delivery would be dropped as a duplicate.
		awaiting?.settle(key, undefined);
		dedupe?.release(key);
		throw new NodeOperationError(
			ctx.getNode(),
			error instanceof Error ? error : errorMessage(error),
		);
	}
}
