import type { Node, NodeAPI } from 'node-red';
import type { Response } from 'express';
import { DedupeStore } from '../core/dedupe';
import { ALL_EVENTS, partneroEventsFor } from '../core/partnero/events';
import { outcomeResponseBody, partneroProvider, processDelivery } from '../core/receiver';
import { ensureRegistration, removeRegistration, webhookName } from '../core/registration';
import { sleep } from '../core/retry';
import { addRawPostRoute, type RawRequest } from './lib/raw-route';
import type { PartneroConfigNode, PartneroTriggerDef } from './lib/types';

const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 5 * 60_000;

function eventList(value: PartneroTriggerDef['events']): string[] {
	const list = Array.isArray(value) ? value : typeof value === 'string' && value ? value.split(',') : [];
	return list.map((e) => e.trim()).filter((e) => e && e !== ALL_EVENTS);
}

function joinUrl(base: string, ...parts: string[]): string {
	return base.replace(/\/+$/, '') + ('/' + parts.join('/')).replace(/\/{2,}/g, '/');
}

export = function register(RED: NodeAPI): void {
	// Status texts come from the locale catalogue; log and error texts stay in code, verbatim in logs and Catch.
	const t = (key: string, vars?: Record<string, string | number>) => RED._(`partnero-trigger.${key}`, vars);

	function PartneroTrigger(this: Node, def: PartneroTriggerDef) {
		RED.nodes.createNode(this, def);
		start(this, def);
	}

	function start(node: Node, def: PartneroTriggerDef): void {
		const account = RED.nodes.getNode(def.account) as PartneroConfigNode | null;
		const path = '/' + (def.path || `partnero/${node.id}`).replace(/^\/+/, '');
		const events = eventList(def.events);
		const verifySignature = def.verifySignature !== false;
		const dedupe = def.ignoreDuplicates === false ? undefined : new DedupeStore();
		const stop = new AbortController();
		let secret: string | undefined;
		let key: string | undefined;
		let received = 0;

		const listening = () => {
			const text = received === 0 ? t('status.listening') : received === 1 ? t('status.listening-one') : t('status.listening-count', { count: received });
			node.status({ fill: 'green', shape: 'dot', text });
		};

		const handler = (req: RawRequest, res: Response) => {
			if (req.rawBodyTooLarge) {
				res.status(413).json({ error: 'body too large' });
				return;
			}
			if (verifySignature && !secret) {
				// Not registered yet: Partnero retries later, when the secret is known.
				res.set('Retry-After', '30').status(503).json({ error: 'not ready' });
				return;
			}
			const outcome = processDelivery(
				{ method: req.method, headers: req.headers, rawBody: req.rawBody },
				{ provider: partneroProvider, secret, verifySignature, events, dedupe },
			);
			// Answer first: Partnero wants a 2xx within 5 s, and the flow may take longer.
			res.status(outcome.status).json(outcomeResponseBody(outcome));
			if (!outcome.accept) {
				if (outcome.status !== 200) node.warn(`Refused a delivery (${outcome.status}): ${outcome.message}`);
				return;
			}
			const body = outcome.body as { event: string; url?: string; webhook_key?: string; created_at?: string; data?: unknown };
			received++;
			listening();
			node.send({
				topic: outcome.event,
				payload: def.output === 'envelope' ? body : body.data,
				partnero: { event: outcome.event, webhookKey: body.webhook_key, createdAt: body.created_at, url: body.url },
			});
		};
		const removeRoute = addRawPostRoute(RED, path, handler);

		async function registerLoop(config: PartneroConfigNode): Promise<void> {
			const client = config.client();
			const root = (RED.settings as { httpNodeRoot?: string | false }).httpNodeRoot || '/';
			const url = joinUrl(config.publicUrl, root, path);
			for (let delay = FIRST_RETRY_MS; !stop.signal.aborted; delay = Math.min(delay * 2, MAX_RETRY_MS)) {
				node.status({ fill: 'yellow', shape: 'ring', text: t('status.registering') });
				try {
					const wanted = events.length ? events : partneroEventsFor(await client.getProgramType()).map((e) => e.name);
					const name = webhookName('Node-RED', node.name || `partnero-trigger ${node.id}`);
					const r = await ensureRegistration(client, { key }, { url, events: wanted, name }, { adopt: true });
					key = r.key;
					secret = r.secret;
					if (stop.signal.aborted) return;
					node.log(`Partnero webhook ${r.action}: ${url}`);
					listening();
					return;
				} catch (error) {
					// Closed meanwhile: nobody is left to tell, and the next node registers on its own.
					if (stop.signal.aborted) return;
					const message = (error as Error).message;
					const status = (error as { status?: number }).status;
					const reason = status ? `HTTP ${status}` : message.slice(0, 40);
					node.status({ fill: 'red', shape: 'ring', text: t('status.error', { reason }) });
					// A msg object, so Catch nodes see it; without one Node-RED only logs the error.
					node.error(`Partnero registration failed: ${message} (retrying in ${Math.round(delay / 1000)} s)`, {
						payload: { url, events },
						topic: 'partnero/registration',
						statusCode: status,
					});
					await sleep(delay, stop.signal);
				}
			}
		}

		let registering: Promise<void> = Promise.resolve();
		if (!account) {
			node.status({ fill: 'red', shape: 'ring', text: t('status.no-account') });
		} else if ((RED.settings as { httpNodeRoot?: string | false }).httpNodeRoot === false) {
			node.status({ fill: 'red', shape: 'ring', text: t('status.http-disabled') });
			node.warn('httpNodeRoot is false in the settings, so HTTP endpoints are off and Partnero cannot reach this node.');
		} else if (!account.publicUrl) {
			node.status({ fill: 'red', shape: 'ring', text: t('status.no-public-url') });
		} else {
			registering = registerLoop(account);
		}

		node.on('close', (_removed: boolean, done: () => void) => {
			stop.abort();
			removeRoute();
			// Deleted on every close, restart included: a restart registers anew, so nothing is orphaned.
			const client = account?.publicUrl ? account.client() : undefined;
			// A registration still in flight must land first, or its webhook would outlive this node unseen.
			const cleanup = client
				? registering.then(() => removeRegistration(client, key))
				: Promise.resolve('nothing-stored');
			cleanup
				.then(
					() => undefined,
					(error: Error) => node.warn(`Could not delete the Partnero webhook: ${error.message}`),
				)
				.finally(() => {
					node.status({});
					done();
				});
		});
	}
	RED.nodes.registerType('partnero-trigger', PartneroTrigger as unknown as Parameters<NodeAPI['nodes']['registerType']>[1]);
};
