import type { Node, NodeMessageInFlow } from 'node-red';
import { ApiError, ValidationError, withAdvice } from '../../core/errors';
import type { Translate } from './locale';

export type ApiMsg = NodeMessageInFlow & { statusCode?: number; [extra: string]: unknown };

/** The record key: the node's field wins over msg.key; blank is an error naming what to set. */
export function keyFrom(fixed: string | undefined, msg: ApiMsg, missing: string): string {
	const value = fixed || (typeof msg.key === 'string' ? msg.key : '');
	if (!value.trim()) throw new ValidationError(missing, 'key');
	return value.trim();
}

/**
 * A message refused before any API call (no account, unknown operation): red status and the error to
 * Catch nodes, the same shape as a failed call without a status code.
 */
export function refuseInput(
	node: Node,
	t: Translate,
	operation: string,
	done: (error?: Error) => void,
	message: string,
): void {
	node.status({ fill: 'red', shape: 'ring', text: t('status.error', { operation }) });
	done(new Error(message));
}

/**
 * The input handling every API node shares: a blue status while working, the result in msg.payload with a
 * green status, or the error to Catch nodes with msg.statusCode and a red status. Validation errors thrown
 * by `work` are handled the same way. `skipped` marks a result the API was asked for but did not book
 * (yellow status); only nodes whose catalogue has `status.skipped` pass it.
 */
export function answerInput(
	node: Node,
	t: Translate,
	operation: string,
	msg: ApiMsg,
	send: (msg: ApiMsg) => void,
	done: (error?: Error) => void,
	work: () => Promise<unknown>,
	skipped?: (result: unknown) => boolean,
): void {
	node.status({ fill: 'blue', shape: 'dot', text: t('status.working', { operation }) });
	void (async () => {
		let value: unknown;
		try {
			value = await work();
		} catch (failure) {
			const error = nodeRedError(failure);
			if (failure instanceof ApiError) {
				msg.statusCode = failure.status;
				node.status({
					fill: 'red',
					shape: 'ring',
					text: t('status.failed', { operation, status: failure.status }),
				});
			} else {
				node.status({ fill: 'red', shape: 'ring', text: t('status.error', { operation }) });
			}
			done(error);
			return;
		}
		msg.payload = value;
		const count = Array.isArray(value) ? value.length : undefined;
		const wasSkipped = count === undefined && skipped !== undefined && skipped(value);
		let text = t('status.done', { operation });
		if (count !== undefined) text = t('status.listed', { count });
		else if (wasSkipped) text = t('status.skipped');
		node.status({ fill: wasSkipped ? 'yellow' : 'green', shape: 'dot', text });
		send(msg);
		done();
	})();
}

/**
 * The one place Node-RED errors are made from core failures: an ApiError keeps its status (msg.statusCode)
 * and carries the vendor's advice in its text, since a Catch node shows one message; ValidationError (bad
 * input) and anything else pass as they are.
 */
export function nodeRedError(failure: unknown): Error {
	if (failure instanceof ApiError) {
		const error = new Error(withAdvice(failure));
		error.name = failure.name;
		return error;
	}
	return failure instanceof Error ? failure : new Error(String(failure));
}
