import type { Node, NodeAPI } from 'node-red';
import type { Response } from 'express';
import { DedupeStore } from '../core/dedupe';
import { ALL_EVENTS, partneroSubscription } from '../core/partnero/events';
import { partneroProvider } from '../core/receiver';
import { convergeAfterCreate, ensureRegistration, removeRegistration } from '../core/registration';
import { answerDelivery } from './lib/delivery';
import { translator } from './lib/locale';
import type { RawRequest } from './lib/raw-route';
import { chosenEvents, nodeRedWebhookName, runTrigger, triggerPath } from './lib/trigger-lifecycle';
import type { PartneroConfigNode, PartneroTriggerDef } from './lib/types';

function eventList(value: PartneroTriggerDef['events']): string[] {
	return chosenEvents(value)
		.map((e) => e.trim())
		.filter((e) => e && e !== ALL_EVENTS);
}

export = function register(RED: NodeAPI): void {
	const t = translator(RED, 'partnero-trigger');

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
		let secret: string | undefined;

		const handler = (req: RawRequest, res: Response) => {
			const outcome = answerDelivery(node, req, res, {
				receiver: { provider: partneroProvider, secret, verifySignature, events, dedupe },
				// Not registered yet: Partnero retries later, when the secret is known.
				ready: !verifySignature || Boolean(secret),
			});
			if (!outcome) return;
			const body = outcome.body as { event: string; url?: string; webhook_key?: string; created_at?: string; data?: unknown };
			runtime.delivered();
			node.send({
				topic: outcome.event,
				payload: def.output === 'envelope' ? body : body.data,
				partnero: {
					event: outcome.event,
					webhookKey: body.webhook_key,
					createdAt: body.created_at,
					url: body.url,
					deliveryKey: outcome.deliveryKey,
				},
			});
		};

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
			async register(url, held) {
				const client = (account as PartneroConfigNode).client();
				const wanted = await partneroSubscription(events, () => client.getProgramType());
				const name = nodeRedWebhookName(node, 'partnero-trigger');
				const desired = { url, events: wanted, name };
				const r = await ensureRegistration(client, { key: held?.key }, desired, { adopt: true });
				// Replicas behind one URL that start together may each have created one.
				return r.action === 'created' ? convergeAfterCreate(client, r, desired) : r;
			},
			use(held) {
				secret = held.secret;
			},
			remove: (key, signal) => removeRegistration((account as PartneroConfigNode).client({ signal }), key),
		});
	}
	RED.nodes.registerType('partnero-trigger', PartneroTrigger as unknown as Parameters<NodeAPI['nodes']['registerType']>[1]);
};
