import type { Node, NodeAPI } from 'node-red';
import type { Response } from 'express';
import { DedupeStore } from '../core/dedupe';
import { errorMessage } from '../core/errors';
import { partnerStackEventList } from '../core/partnerstack/events';
import { partnerStackSample } from '../core/partnerstack/samples';
import {
	checkHmacSecret,
	partnerStackHmacScheme,
	partnerStackProvider,
	redactUrl,
	URL_SECRET_PARAM,
	withUrlSecret,
} from '../core/partnerstack/delivery';
import { maxAgeOf } from '../core/receiver';
import { randomUrlSecret, type SignatureScheme } from '../core/signature';
import { answerTimeoutOf } from '../core/awaited-answers';
import { answerDelivery } from './lib/delivery';
import { nodeRefusals } from './lib/refusals';
import { flowAnswers, withAnswer } from './lib/flow-answer';
import { maskRequestParam } from './lib/masked-request';
import { translator } from './lib/locale';
import { addPathCheckRoute, type RawRequest } from './lib/raw-route';
import { sealedSecret } from './lib/sealed-context';
import { addSampleRoute, offerSamples } from './lib/sample-route';
import { chosenEvents, nodeRedWebhookName, runTrigger, triggerPath } from './lib/trigger-lifecycle';
import type { PartnerStackConfigNode, PartnerStackTriggerDef } from './lib/types';

export = function register(RED: NodeAPI): void {
	const t = translator(RED, 'partnerstack-trigger');
	addPathCheckRoute(RED, '/partnerstack-trigger/path-check', 'partnerstack-trigger');

	function PartnerStackTrigger(this: Node, def: PartnerStackTriggerDef) {
		RED.nodes.createNode(this, def);
		start(this, def);
	}

	/** Events and the optional HMAC scheme, or the reason the node cannot start. */
	function settings(
		def: PartnerStackTriggerDef,
		account: PartnerStackConfigNode | null,
	): { events: string[]; scheme?: SignatureScheme } {
		const events = partnerStackEventList(chosenEvents(def.events), def.otherEvents ?? '');
		if (!def.verifyHmac) return { events };
		// Without an account the node shows that instead; with one, the core's rule for a missing secret.
		if (account) checkHmacSecret(true, account.credentials?.hmacSecret);
		return {
			events,
			scheme: partnerStackHmacScheme({
				header: def.hmacHeader,
				encoding: def.hmacEncoding,
				prefix: def.hmacPrefix,
			}),
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
			node.error(`PartnerStack trigger not started: ${errorMessage(error)}`, {
				topic: 'partnerstack/config',
				payload: {},
			});
			return;
		}
		const { events, scheme } = config;
		const dedupe = def.ignoreDuplicates === false ? undefined : new DedupeStore();
		const maxAgeSeconds = maxAgeOf(def.maxAge);
		const refusals = nodeRefusals(node);
		const answers =
			def.answer === 'flow'
				? flowAnswers(node, dedupe, answerTimeoutOf(def.answerTimeout))
				: undefined;
		// Used only when no webhook exists for this URL yet; otherwise the existing webhook's secret is adopted.
		const freshSecret = randomUrlSecret();
		// The registered URL secret, once known: until then deliveries get 503, never a 401 that calls them forged.
		let urlSecret: string | undefined;
		const kept = sealedSecret(RED, node, [
			account?.credentials?.secretKey ?? '',
			account?.baseUrl ?? '',
			account?.publicUrl ?? '',
			String((RED.settings as { httpNodeRoot?: unknown }).httpNodeRoot),
			path,
		]);
		kept.restore((secret) => (urlSecret ??= secret));

		// A sample has no delivery key: it was never delivered, so nothing downstream should remember it.
		const message = (event: string, body: Record<string, unknown>, deliveryKey?: string) => ({
			topic: event,
			payload: body,
			partnerstack: {
				event,
				key: body.key,
				updatedAt: body.updated_at,
				...(deliveryKey ? { deliveryKey } : {}),
			} as Record<string, unknown>,
		});

		const handler = (req: RawRequest, res: Response) => {
			const token = req.query?.[URL_SECRET_PARAM];
			// Read once; from here on the request (msg.req, msg.res._res.req, logs on 'finish') shows it masked.
			maskRequestParam(req, URL_SECRET_PARAM);
			answerDelivery(
				node,
				req,
				res,
				{
					receiver: {
						provider: partnerStackProvider,
						urlSecret: urlSecret ?? '',
						verifySignature: scheme !== undefined,
						signature: scheme,
						secret: account?.credentials?.hmacSecret,
						events,
						dedupe,
						maxAgeSeconds,
					},
					urlToken: typeof token === 'string' ? token : undefined,
					ready: urlSecret !== undefined,
					refusals,
					flowAnswers: answers,
				},
				(outcome, answer) => {
					node.send(withAnswer(message(outcome.event, outcome.body, outcome.deliveryKey), answer));
					runtime.delivered();
				},
			);
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
			dedupe,
			flowAnswers: answers,
			shownUrl: redactUrl,
			registry: (signal) => (account as PartnerStackConfigNode).client({ signal }),
			// A webhook already registered for this URL (by a predecessor or a replica) keeps its secret when adopted.
			desired: (url, held) => ({
				url: withUrlSecret(url, held?.secret ?? urlSecret ?? freshSecret),
				events,
				name: nodeRedWebhookName(node, 'partnerstack-trigger'),
			}),
			use(held) {
				urlSecret = held.secret;
				kept.keep(held.secret);
			},
		});
	}
	addSampleRoute(RED, 'partnerstack-trigger');
	RED.nodes.registerType('partnerstack-trigger', PartnerStackTrigger);
};
