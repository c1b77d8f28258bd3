import type { Node, NodeAPI } from 'node-red';
import type { Response } from 'express';
import { DedupeStore } from '../core/dedupe';
import { partnerStackEventList } from '../core/partnerstack/events';
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
		// Used only when no webhook exists for this URL yet; otherwise the existing webhook's secret is adopted.
		let urlSecret = randomUrlSecret();

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
			const body = outcome.body;
			runtime.delivered();
			node.send({
				topic: outcome.event,
				payload: body,
				partnerstack: { event: outcome.event, key: body.key, updatedAt: body.updated_at, deliveryKey: outcome.deliveryKey },
			});
		};

		const runtime = runTrigger({
			RED,
			node,
			t,
			provider: 'PartnerStack',
			account,
			path,
			events,
			handler,
			dedupe,
			shownUrl: redactUrl,
			async register(url, held) {
				const client = (account as PartnerStackConfigNode).client();
				const name = nodeRedWebhookName(node, 'partnerstack-trigger');
				const desired = { url: withUrlSecret(url, held?.secret ?? urlSecret), events, name };
				return ensureRegistration(client, { key: held?.key }, desired, { adopt: true });
			},
			use(held) {
				urlSecret = held.secret;
			},
			remove: (key, signal) => removeRegistration((account as PartnerStackConfigNode).client({ signal }), key),
		});
	}
	RED.nodes.registerType(
		'partnerstack-trigger',
		PartnerStackTrigger as unknown as Parameters<NodeAPI['nodes']['registerType']>[1],
	);
};
