import type { Node, NodeAPI, NodeMessageInFlow } from 'node-red';
import { isRecord } from '../core/api-client';
import type { PartneroClient, WebhookPatch } from '../core/partnero/client';
import { withoutSecret } from '../core/partnero/operations';
import { answerInput, keyFrom, refuseInput } from './lib/api-node';
import { translator } from './lib/locale';
import type { PartneroConfigNode, PartneroWebhookDef } from './lib/types';

const OPERATIONS = ['list', 'get', 'create', 'update', 'delete'] as const;
type Operation = (typeof OPERATIONS)[number];

type InputMsg = NodeMessageInFlow & { operation?: unknown; key?: unknown; statusCode?: number };

// Error texts stay in code (they reach logs, Catch nodes and tests verbatim); status texts come from the locale catalogue.
const ERRORS = {
	noAccount: 'Choose a Partnero account (configuration node) in this node.',
	badOperation: (op: string) =>
		`Unknown operation "${op}". Use list, get, create, update or delete (in the node, or in msg.operation when the node says "from msg").`,
	noKey: 'The webhook key is missing: set it in the node or send it in msg.key.',
	badPayload: (op: string) =>
		`For ${op}, msg.payload must be an object such as {"name": "My hook", "url": "https://…", "events": ["partner.created"]}.`,
	badEvents: 'Events must be a list of event names (or a comma-separated string) such as partner.created.',
};

export = function register(RED: NodeAPI): void {
	const t = translator(RED, 'partnero-webhook');

	function parseEvents(value: unknown): string[] | undefined {
		if (value === undefined || value === null || value === '') return undefined;
		const list = typeof value === 'string' ? value.split(',') : value;
		if (!Array.isArray(list) || list.some((e) => typeof e !== 'string')) throw new Error(ERRORS.badEvents);
		const events = (list as string[]).map((e) => e.trim()).filter(Boolean);
		return events.length ? events : undefined;
	}

	/** Node fields win; msg.payload fills what the node leaves blank (Node-RED's "no override" convention). */
	function webhookFields(def: PartneroWebhookDef, msg: InputMsg, operation: Operation): WebhookPatch {
		const payload = msg.payload ?? {};
		if (!isRecord(payload)) throw new Error(ERRORS.badPayload(operation));
		const fields: WebhookPatch = {};
		const name = def.webhookName || payload.name;
		const url = def.url || payload.url;
		if (name !== undefined) fields.name = String(name);
		if (url !== undefined) fields.url = String(url);
		const events = parseEvents(def.events) ?? parseEvents(payload.events);
		if (events) fields.events = events;
		const active = def.active === 'true' || def.active === 'false' ? def.active === 'true' : payload.is_active;
		if (active !== undefined) fields.is_active = Boolean(active);
		return fields;
	}

	async function run(client: PartneroClient, operation: Operation, def: PartneroWebhookDef, msg: InputMsg): Promise<unknown> {
		const key = () => keyFrom(def.key, msg, ERRORS.noKey);
		switch (operation) {
			case 'list':
				return (await client.listAllWebhooks()).map(withoutSecret);
			case 'get':
				return withoutSecret(await client.getWebhook(key()));
			case 'create': {
				const f = webhookFields(def, msg, operation);
				return withoutSecret(
					await client.createWebhook({ name: f.name ?? '', url: f.url ?? '', events: f.events ?? [], is_active: f.is_active }),
				);
			}
			case 'update': {
				const webhookKey = key();
				return withoutSecret(await client.updateWebhook(webhookKey, webhookFields(def, msg, operation)));
			}
			case 'delete': {
				const webhookKey = key();
				await client.deleteWebhook(webhookKey);
				return { deleted: true, key: webhookKey };
			}
		}
	}

	function PartneroWebhookNode(this: Node, def: PartneroWebhookDef) {
		RED.nodes.createNode(this, def);
		const account = RED.nodes.getNode(def.account) as PartneroConfigNode | null;

		this.on('input', (msg: InputMsg, send, done) => {
			const chosen = def.operation === 'msg' || !def.operation ? msg.operation : def.operation;
			const operation = String(chosen ?? '') as Operation;
			if (!OPERATIONS.includes(operation)) {
				refuseInput(this, t, String(chosen ?? '?'), done, ERRORS.badOperation(String(chosen ?? '')));
				return;
			}
			if (!account) {
				done(new Error(ERRORS.noAccount));
				return;
			}
			answerInput(this, t, operation, msg, send, done, () => run(account.client(), operation, def, msg));
		});
	}
	RED.nodes.registerType(
		'partnero-webhook',
		PartneroWebhookNode as unknown as Parameters<NodeAPI['nodes']['registerType']>[1],
	);
};
