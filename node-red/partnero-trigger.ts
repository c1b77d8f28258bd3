import type { Node, NodeAPI } from 'node-red';
import type { Response } from 'express';
import { DedupeStore } from '../core/dedupe';
import { ALL_EVENTS, partneroSubscription } from '../core/partnero/events';
import { partneroSample } from '../core/partnero/samples';
import { partneroProvider } from '../core/partnero/provider';
import { maxAgeOf } from '../core/receiver';
import { answerTimeoutOf } from '../core/awaited-answers';
import { answerDelivery } from './lib/delivery';
import { nodeRefusals } from './lib/refusals';
import { flowAnswers, withAnswer } from './lib/flow-answer';
import { translator } from './lib/locale';
import { addPathCheckRoute, type RawRequest } from './lib/raw-route';
import { sealedSecret } from './lib/sealed-context';
import { addSampleRoute, offerSamples } from './lib/sample-route';
import { chosenEvents, nodeRedWebhookName, runTrigger, triggerPath } from './lib/trigger-lifecycle';
import type { PartneroConfigNode, PartneroTriggerDef } from './lib/types';

function eventList(value: PartneroTriggerDef['events']): string[] {
	return chosenEvents(value)
		.map((e) => e.trim())
		.filter((e) => e && e !== ALL_EVENTS);
}

export = function register(RED: NodeAPI): void {
	const t = translator(RED, 'partnero-trigger');
	addPathCheckRoute(RED, '/partnero-trigger/path-check', 'partnero-trigger');

	function PartneroTrigger(this: Node, def: PartneroTriggerDef) {
		RED.nodes.createNode(this, def);
		start(this, def);
	}

	function start(node: Node, def: PartneroTriggerDef): void {
		const account = RED.nodes.getNode(def.account) as PartneroConfigNode | null;
		const path = triggerPath(def.path, `partnero/${node.id}`);
		const events = eventList(def.events);
		const verifySignature = def.verifySignature !== false;
		const dedupe = def.ignoreDuplicates === false ? undefined : new DedupeStore();
		const maxAgeSeconds = maxAgeOf(def.maxAge);
		const refusals = nodeRefusals(node);
		const answers =
			def.answer === 'flow'
				? flowAnswers(node, dedupe, answerTimeoutOf(def.answerTimeout))
				: undefined;
		let secret: string | undefined;
		// With a context store, a restart verifies at once with the kept secret, even while Partnero is down.
		const kept = sealedSecret(RED, node, [
			account?.credentials?.apiKey ?? '',
			account?.baseUrl ?? '',
			account?.publicUrl ?? '',
			String((RED.settings as { httpNodeRoot?: unknown }).httpNodeRoot),
			path,
		]);
		kept.restore((s) => (secret ??= s));

		type Body = {
			event: string;
			url?: string;
			webhook_key?: string;
			created_at?: string;
			data?: unknown;
		};
		// A sample has no delivery key: it was never delivered, so nothing downstream should remember it.
		const message = (event: string, body: Body, deliveryKey?: string) => ({
			topic: event,
			payload: def.output === 'envelope' ? body : body.data,
			partnero: {
				event,
				webhookKey: body.webhook_key,
				createdAt: body.created_at,
				url: body.url,
				...(deliveryKey ? { deliveryKey } : {}),
			} as Record<string, unknown>,
		});

		const handler = (req: RawRequest, res: Response) => {
			answerDelivery(
				node,
				req,
				res,
				{
					receiver: {
						provider: partneroProvider,
						secret,
						verifySignature,
						events,
						dedupe,
						maxAgeSeconds,
					},
					// Not registered yet: Partnero retries later, when the secret is known.
					ready: !verifySignature || Boolean(secret),
					refusals,
					flowAnswers: answers,
				},
				(outcome, answer) => {
					node.send(
						withAnswer(message(outcome.event, outcome.body as Body, outcome.deliveryKey), answer),
					);
					runtime.delivered();
				},
			);
		};

		// The editor's sample button: the catalogue's envelope, shaped by this node's output setting, marked as a sample.
		offerSamples(node, (event) => {
			const msg = message(event, partneroSample(event));
			msg.partnero.sample = true;
			node.send(msg);
			return event;
		});

		const runtime = runTrigger({
			RED,
			node,
			t,
			provider: 'Partnero',
			account,
			path,
			events,
			handler,
			dedupe,
			flowAnswers: answers,
			registry: (signal) => (account as PartneroConfigNode).client({ signal }),
			async desired(url) {
				const client = (account as PartneroConfigNode).client();
				const wanted = await partneroSubscription(events, () => client.getProgramType());
				return { url, events: wanted, name: nodeRedWebhookName(node, 'partnero-trigger') };
			},
			use(held) {
				secret = held.secret;
				kept.keep(held.secret);
			},
		});
	}
	addSampleRoute(RED, 'partnero-trigger');
	RED.nodes.registerType('partnero-trigger', PartneroTrigger);
};
