import type { Node, NodeAPI } from 'node-red';
import type { Response } from 'express';
import { DedupeStore } from '../core/dedupe';
import { partnerStackEventList } from '../core/partnerstack/events';
import { partnerStackSample } from '../core/partnerstack/samples';
import {
	partnerStackHmacScheme,
	partnerStackProvider,
	redactUrl,
	URL_SECRET_PARAM,
	withUrlSecret,
} from '../core/partnerstack/delivery';
import { ensureRegistration, removeRegistration } from '../core/registration';
import { randomUrlSecret, type SignatureScheme } from '../core/signature';
import { answerDelivery } from './lib/delivery';
import { translator } from './lib/locale';
import type { RawRequest } from './lib/raw-route';
import { addSampleRoute, offerSamples } from './lib/sample-route';
import { chosenEvents, nodeRedWebhookName, runTrigger, triggerPath } from './lib/trigger-lifecycle';
import type { PartnerStackConfigNode, PartnerStackTriggerDef } from './lib/types';

export = function register(RED: NodeAPI): void {
	const t = translator(RED, 'partnerstack-trigger');

	function PartnerStackTrigger(this: Node, def: PartnerStackTriggerDef) {
		RED.nodes.createNode(this, def);
		start(this, def);
	}

	/** Events and the optional HMAC scheme, or the reason the node cannot start. */
	function settings(def: PartnerStackTriggerDef, account: PartnerStackConfigNode | null): { events: string[]; scheme?: SignatureScheme } {
		const events = partnerStackEventList(chosenEvents(def.events), def.otherEvents ?? '');
		if (!def.verifyHmac) return { events };
		if (account && !account.credentials?.hmacSecret) {
			throw new Error('HMAC checking is on, but the PartnerStack account has no webhook signing secret.');
		}
		return {
			events,
			scheme: partnerStackHmacScheme({ header: def.hmacHeader, encoding: def.hmacEncoding, prefix: def.hmacPrefix }),
		};
	}

	function start(node: Node, def: PartnerStackTriggerDef): void {
		const account = RED.nodes.getNode(def.account) as PartnerStackConfigNode | null;
		const path = triggerPath(def.path, `partnerstack/${node.id}`);
		let config: { events: string[]; scheme?: SignatureScheme };
		try {
			config = settings(def, account);
		} catch (error) {
			node.status({ fill: 'red', shape: 'ring', text: t('status.config') });
			node.error(`PartnerStack trigger not started: ${(error as Error).message}`, { topic: 'partnerstack/config', payload: {} });
			return;
		}
		const { events, scheme } = config;
		const dedupe = def.ignoreDuplicates === false ? undefined : new DedupeStore();
		// In memory only: every deploy registers anew with a fresh secret and deletes the webhook on close.
		const urlSecret = randomUrlSecret();
		let key: string | undefined;

		const message = (event: string, body: Record<string, unknown>) => ({
			topic: event,
			payload: body,
			partnerstack: { event, key: body.key, updatedAt: body.updated_at } as Record<string, unknown>,
		});

		const handler = (req: RawRequest, res: Response) => {
			const token = req.query?.[URL_SECRET_PARAM];
			const outcome = answerDelivery(node, req, res, {
				receiver: {
					provider: partnerStackProvider,
					urlSecret,
					verifySignature: scheme !== undefined,
					signature: scheme,
					secret: account?.credentials?.hmacSecret,
					events,
					dedupe,
				},
				urlToken: typeof token === 'string' ? token : undefined,
			});
			if (!outcome) return;
			runtime.delivered();
			node.send(message(outcome.event, outcome.body));
		};

		// The editor's sample button; a malformed name is refused the way the event list refuses it.
		offerSamples(node, (event) => {
			const [name] = partnerStackEventList([event]);
			const msg = message(name, partnerStackSample(name));
			msg.partnerstack.sample = true;
			node.send(msg);
			return name;
		});

		const runtime = runTrigger({
			RED,
			node,
			t,
			provider: 'PartnerStack',
			account,
			path,
			events,
			handler,
			shownUrl: redactUrl,
			async register(url) {
				const client = (account as PartnerStackConfigNode).client();
				const name = nodeRedWebhookName(node, 'partnerstack-trigger');
				const r = await ensureRegistration(client, { key }, { url: withUrlSecret(url, urlSecret), events, name }, { adopt: true });
				key = r.key;
				return r;
			},
			remove: () => removeRegistration((account as PartnerStackConfigNode).client(), key),
		});
	}
	addSampleRoute(RED, 'partnerstack-trigger');
	RED.nodes.registerType(
		'partnerstack-trigger',
		PartnerStackTrigger as unknown as Parameters<NodeAPI['nodes']['registerType']>[1],
	);
};
