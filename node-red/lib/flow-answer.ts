/**
 * The trigger's "when the flow answers" mode, as Node-RED's own `http in` → … → `http response` works: the
 * message carries msg.req and msg.res in the shape `http in` gives them, and the stock HTTP Response node at
 * the end of the flow answers the sender. The rules for keys (kept on 2xx only, released otherwise, 503 for a
 * retry while the original waits) are the core's (awaited-answers.ts); this file owns the connection: it
 * watches how it ends, bounds the wait, and warns (aggregated) when a flow never answers.
 */
import type { Node } from 'node-red';
import type { Response } from 'express';
import { AwaitedAnswers, CLOSING, NO_ANSWER } from '../../core/awaited-answers';
import type { DedupeStore } from '../../core/dedupe';
import { sleep } from '../../core/retry';
import { answer } from './answer';
import type { RawRequest } from './raw-route';
import { nodeRefusals } from './refusals';

/** What the flow answers with: msg.req and msg.res as `http in` puts them on a message. */
export interface FlowAnswerFields {
	req: RawRequest;
	res: Record<string, unknown> & { _res: Response };
}

/** Express methods `http in` forwards on msg.res (deprecated there, kept so flows written for it still run). */
const FORWARDED = [
	'append',
	'attachment',
	'cookie',
	'clearCookie',
	'download',
	'end',
	'format',
	'get',
	'json',
	'jsonp',
	'links',
	'location',
	'redirect',
	'render',
	'send',
	'sendfile',
	'sendFile',
	'sendStatus',
	'set',
	'status',
	'type',
	'vary',
] as const;

/** Express 4 still has the deprecated res.sendfile(); its types (and Express 5) no longer do. */
type ForwardingResponse = Response & { sendfile?: (...args: never[]) => unknown };

/** msg.res as Node-RED's 21-httpin.js createResponseWrapper builds it: `_res` is what HTTP Response uses. */
function responseWrapper(node: Node, res: Response): FlowAnswerFields['res'] {
	const wrapper: FlowAnswerFields['res'] = { _res: res };
	const forwarding: ForwardingResponse = res;
	for (const name of FORWARDED) {
		wrapper[name] = (...args: unknown[]) => {
			node.warn(
				`msg.res.${name}() is deprecated; use msg.res._res.${name}() or an HTTP Response node`,
			);
			// Whatever its signature, it gets the arguments the flow passed, as http in's wrapper does.
			const method: ((...args: never[]) => unknown) | undefined = forwarding[name];
			if (!method) throw new TypeError(`res.${name} is not a function`);
			const result: unknown = Reflect.apply(method, res, args);
			return result === res ? wrapper : result;
		};
	}
	return wrapper;
}

export interface FlowAnswers {
	/** The keys waiting for an answer, for the receiver's in-flight check. */
	readonly awaiting: AwaitedAnswers;
	/** Seconds a delivery waits for its answer; also the Retry-After of an in-flight 503. */
	readonly timeoutSeconds: number;
	/**
	 * Hands an accepted delivery's connection to the flow: returns msg.req and msg.res, and settles the key
	 * when the connection ends (2xx keeps it) or the wait runs out (504, key released).
	 */
	await(req: RawRequest, res: Response, key: string): FlowAnswerFields;
	/**
	 * The trigger closes: every delivery still waiting is answered 503 with Retry-After now (its flow may be
	 * gone), and every waiting key is released, so the sender's retry is emitted by the successor.
	 */
	releaseAll(): void;
}

export function flowAnswers(
	node: Node,
	dedupe: DedupeStore | undefined,
	timeoutSeconds: number,
): FlowAnswers {
	const awaiting = new AwaitedAnswers(dedupe);
	const closed = new AbortController();
	/** The connections still waiting for the flow, to be answered if the trigger closes first. */
	const open = new Set<Response>();
	// One warning per interval, the rest counted: a flow without an HTTP Response node times out every delivery.
	const refusals = nodeRefusals(node);
	const timedOut = () =>
		refusals.refused(
			{ status: NO_ANSWER.status, reason: 'no answer from the flow' },
			`A delivery got no answer from the flow within ${timeoutSeconds} s, so it was answered ${NO_ANSWER.status} ` +
				'for the sender to retry. Wire an HTTP Response node at the end of the flow, or set the trigger to answer immediately.',
		);
	node.on('close', () => closed.abort());

	return {
		awaiting,
		timeoutSeconds,
		await(req, res, key) {
			awaiting.begin(key);
			const answered = new AbortController();
			open.add(res);
			const settle = (status: number | undefined) => {
				if (answered.signal.aborted) return;
				answered.abort();
				open.delete(res);
				awaiting.settle(key, status);
			};
			res.once('finish', () => settle(res.statusCode));
			// After 'finish' this changes nothing; before it, the sender went away without an answer.
			res.once('close', () => settle(undefined));
			void sleep(timeoutSeconds * 1000, AbortSignal.any([answered.signal, closed.signal])).then(
				() => {
					if (answered.signal.aborted || closed.signal.aborted) return;
					if (res.headersSent) {
						settle(undefined);
						return;
					}
					answer(res, NO_ANSWER.status, NO_ANSWER.body);
					settle(NO_ANSWER.status);
					timedOut();
				},
			);
			return { req, res: responseWrapper(node, res) };
		},
		releaseAll() {
			closed.abort();
			for (const res of open) {
				if (!res.headersSent)
					answer(res, CLOSING.status, CLOSING.body, { 'retry-after': CLOSING.retryAfterSeconds });
			}
			open.clear();
			awaiting.releaseAll();
		},
	};
}

/** The message with msg.req and msg.res when the flow answers; unchanged (and without them) otherwise. */
export function withAnswer(
	msg: object,
	answer: FlowAnswerFields | undefined,
): Record<string, unknown> {
	return answer ? { ...msg, req: answer.req, res: answer.res } : (msg as Record<string, unknown>);
}
