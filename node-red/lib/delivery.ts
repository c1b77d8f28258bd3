import type { Node } from 'node-red';
import type { Response } from 'express';
import { NOT_READY, outcomeResponseBody, processDelivery, type DeliveryOutcome, type ReceiverOptions } from '../../core/receiver';
import type { RawRequest } from './raw-route';

export type AcceptedDelivery = Extract<DeliveryOutcome, { accept: true }>;

/**
 * Node's own writeHead/end rather than Express's res.json(): a delivery's answer is a few bytes of JSON, and
 * Express's ETag, charset and content-type bookkeeping cost more than the answer under load.
 */
function answer(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
}

export interface DeliveryCheck {
	receiver: ReceiverOptions;
	/** The secret the request URL carried, for providers authenticated by URL secret. */
	urlToken?: string;
	/** False while registration has not yet given the secret to check with: 503, so the sender retries later. */
	ready?: boolean;
}

/**
 * Judges one delivery with the core receiver and answers it. Returns the accepted delivery for the
 * trigger to send on, or undefined when it was answered without starting the flow.
 */
export function answerDelivery(node: Node, req: RawRequest, res: Response, check: DeliveryCheck): AcceptedDelivery | undefined {
	if (req.rawBodyTooLarge) {
		answer(res, 413, { error: 'body too large' });
		return undefined;
	}
	if (check.ready === false) {
		answer(res, NOT_READY.status, NOT_READY.body, { 'retry-after': NOT_READY.retryAfterSeconds });
		return undefined;
	}
	const outcome = processDelivery(
		{ method: req.method, headers: req.headers, rawBody: req.rawBody, urlToken: check.urlToken },
		check.receiver,
	);
	// Answer first: senders wait only seconds for a 2xx (Partnero 5 s), and the flow may take longer.
	answer(res, outcome.status, outcomeResponseBody(outcome));
	if (!outcome.accept) {
		if (outcome.status !== 200) node.warn(`Refused a delivery (${outcome.status}): ${outcome.message}`);
		return undefined;
	}
	return outcome;
}
