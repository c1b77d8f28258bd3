import type { Node, NodeMessageInFlow } from 'node-red';
import { ApiError } from '../../core/errors';
import { settle } from '../../core/settle';

export type ApiMsg = NodeMessageInFlow & { statusCode?: number; [extra: string]: unknown };

/**
 * The input handling every API node shares: a blue status while working, the result in msg.payload with a
 * green status, or the error to Catch nodes with msg.statusCode and a red status. Validation errors thrown
 * by `work` are handled the same way.
 */
export function answerInput(
	node: Node,
	t: (key: string, vars?: Record<string, string | number>) => string,
	operation: string,
	msg: ApiMsg,
	send: (msg: ApiMsg) => void,
	done: (error?: Error) => void,
	work: () => Promise<unknown>,
): void {
	node.status({ fill: 'blue', shape: 'dot', text: t('status.working', { operation }) });
	void settle(Promise.resolve().then(work)).then((result) => {
		if (result.ok) {
			msg.payload = result.value;
			const count = Array.isArray(result.value) ? result.value.length : undefined;
			node.status({
				fill: 'green',
				shape: 'dot',
				text: count === undefined ? t('status.done', { operation }) : t('status.listed', { count }),
			});
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
