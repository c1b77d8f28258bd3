import type { Node, NodeAPI } from 'node-red';
import { errorMessage } from '../../core/errors';

/** Emits the catalogue's sample of an event into the flow and returns the event name; throws for an unknown event. */
export type SampleEmitter = (event: string) => string;

const emitters = new WeakMap<Node, SampleEmitter>();

/** Called by a trigger once it has started: its sample button then works until the node is replaced. */
export function offerSamples(node: Node, emit: SampleEmitter): void {
	emitters.set(node, emit);
}

/**
 * The trigger's palette button (as on the inject node) posts here. Like the inject button it needs the node's
 * write permission, and it only reaches a deployed node: the sample goes through that node's own output settings.
 */
export function addSampleRoute(RED: NodeAPI, type: string): void {
	RED.httpAdmin.post(
		`/${type}/:id/sample`,
		RED.auth.needsPermission(`${type}.write`),
		(req, res) => {
			const node = RED.nodes.getNode(String(req.params.id));
			const emit = node ? emitters.get(node) : undefined;
			if (!node || !emit || (node as Node & { type?: string }).type !== type) {
				res
					.status(404)
					.json({ message: 'This node is not deployed (or did not start): deploy it first.' });
				return;
			}
			const event = (req.body as { event?: unknown } | undefined)?.event;
			if (typeof event !== 'string' || !event) {
				res.status(400).json({ message: 'Which event? Send {"event": "<name>"}.' });
				return;
			}
			try {
				res.json({ event: emit(event) });
			} catch (error) {
				res.status(400).json({ message: errorMessage(error) });
			}
		},
	);
}
