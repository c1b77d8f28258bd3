import type { Node } from 'node-red';
import type { Response } from 'express';
import {
	NOT_READY,
	outcomeResponseBody,
	processDelivery,
	type DeliveryOutcome,
	type ReceiverOptions,
} from '../../core/receiver';
import { inFlightRetryAfter } from '../../core/awaited-answers';
import { errorMessage } from '../../core/errors';
import { answer } from './answer';
import type { FlowAnswerFields, FlowAnswers } from './flow-answer';
import type { RawRequest } from './raw-route';
import type { Refusals } from './refusals';

export type AcceptedDelivery = Extract<DeliveryOutcome, { accept: true }>;

export interface DeliveryCheck {
	receiver: ReceiverOptions;
	/** The secret the request URL carried, for providers authenticated by URL secret. */
	urlToken?: string;
	/** False while registration has not yet given the secret to check with: 503, so the sender retries later. */
	ready?: boolean;
	/** Where refusals are reported; without it each is warned on its own. */
	refusals?: Refusals;
	/** Set when the flow answers the sender (HTTP Response node); without it the node answers at once. */
	flowAnswers?: FlowAnswers;
}

/**
 * Judges one delivery with the core receiver, hands an accepted one to `emit` (the flow) and answers: at
 * once, or (with `check.flowAnswers`) not at all, leaving the answer to the flow, whose message then carries
 * msg.req and msg.res (`answer`). A delivery `emit` could not take is answered 500 and its dedupe key
 * released, so the sender's retry is not dropped as a duplicate.
 */
export function answerDelivery(
	node: Node,
	req: RawRequest,
	res: Response,
	check: DeliveryCheck,
	emit: (outcome: AcceptedDelivery, answer?: FlowAnswerFields) => void,
): void {
	const refused = (outcome: { status: number; reason: string }, detail: string) =>
		check.refusals ? check.refusals.refused(outcome, detail) : node.warn(detail);
	if (req.rawBodyTooLarge) {
		answer(res, 413, { error: 'body too large' });
		return;
	}
	if (check.ready === false) {
		answer(res, NOT_READY.status, NOT_READY.body, { 'retry-after': NOT_READY.retryAfterSeconds });
		return;
	}
	const flow = check.flowAnswers;
	const outcome = processDelivery(
		{ method: req.method, headers: req.headers, rawBody: req.rawBody, urlToken: check.urlToken },
		flow ? { ...check.receiver, awaiting: flow.awaiting } : check.receiver,
	);
	if (!outcome.accept) {
		// The original of this retry still waits for the flow; not a refusal, so not warned about.
		if (outcome.status === 503) {
			answer(res, outcome.status, outcomeResponseBody(outcome), {
				'retry-after': inFlightRetryAfter(flow?.timeoutSeconds ?? 0),
			});
			return;
		}
		answer(res, outcome.status, outcomeResponseBody(outcome));
		if (outcome.status !== 200)
			refused(outcome, `Refused a delivery (${outcome.status}): ${outcome.message}`);
		return;
	}
	if (outcome.warning) {
		const detail = `Accepted a delivery with a warning: ${outcome.warning}`;
		if (check.refusals) check.refusals.warned(detail);
		else node.warn(detail);
	}
	// node.send() only queues the message, so the answer still goes out well within the sender's few seconds.
	let waiting: FlowAnswerFields | undefined;
	try {
		waiting = flow?.await(req, res, outcome.deliveryKey);
		emit(outcome, waiting);
	} catch (error) {
		if (waiting) flow?.awaiting.settle(outcome.deliveryKey, undefined);
		check.receiver.dedupe?.release(outcome.deliveryKey);
		answer(res, 500, { error: 'the delivery could not be handed to the flow' });
		node.error(
			`A delivery could not be handed to the flow, so it was answered 500 for the sender to retry: ${errorMessage(error)}`,
		);
		return;
	}
	if (!waiting) answer(res, outcome.status, outcomeResponseBody(outcome));
}
