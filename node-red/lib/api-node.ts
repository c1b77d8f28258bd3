import type { Node, NodeMessageInFlow } from 'node-red';
import { ApiError } from '../../core/errors';
import { settle } from '../../core/settle';
import type { Translate } from './locale';

export type ApiMsg = NodeMessageInFlow & { statusCode?: number; [extra: string]: unknown };

/** The record key: the node's field wins over msg.key; blank is an error naming what to set. */
export function keyFrom(fixed: string | undefined, msg: ApiMsg, missing: string): string {
	const value = fixed || (typeof msg.key === 'string' ? msg.key : '');
	if (!value.trim()) throw new Error(missing);
	return value.trim();
}

/**
 * A message refused before any API call (no account, unknown operation): red status and the error to
 * Catch nodes, the same shape as a failed call without a status code.
 */
export function refuseInput(node: Node, t: Translate, operation: string, done: (error?: Error) => void, message: string): void {
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
	void settle(Promise.resolve().then(work)).then((result) => {
		if (result.ok) {
			msg.payload = result.value;
			const count = Array.isArray(result.value) ? result.value.length : undefined;
			const wasSkipped = count === undefined && skipped !== undefined && skipped(result.value);
			let text = t('status.done', { operation });
			if (count !== undefined) text = t('status.listed', { count });
			else if (wasSkipped) text = t('status.skipped');
			node.status({ fill: wasSkipped ? 'yellow' : 'green', shape: 'dot', text });
			send(msg);
			done();
			return;
		}
		const error = result.error instanceof Error ? result.error : new Error(String(result.error));
		if (error instanceof ApiError) {
			msg.statusCode = error.status;
			node.status({ fill: 'red', shape: 'ring', text: t('status.failed', { operation, status: error.status }) });
		} else {
			node.status({ fill: 'red', shape: 'ring', text: t('status.error', { operation }) });
		}
		done(error);
	});
}
