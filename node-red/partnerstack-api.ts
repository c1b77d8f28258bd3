import type { Node, NodeAPI } from 'node-red';
import { isRecord } from '../core/api-client';
import {
	PARTNERSTACK_RESOURCES,
	redactWebhook,
	type PartnerStackClient,
	type PartnerStackResource,
} from '../core/partnerstack/client';
import { partnerStackEventList } from '../core/partnerstack/events';
import { answerInput, keyFrom, refuseInput, type ApiMsg } from './lib/api-node';
import { translator } from './lib/locale';
import type { PartnerStackApiDef, PartnerStackConfigNode } from './lib/types';

const WEBHOOK_OPS = ['list', 'get', 'create', 'delete'];

// Error texts stay in code (they reach logs, Catch nodes and tests verbatim); status texts come from the locale catalogue.
const ERRORS = {
	noAccount: 'Choose a PartnerStack account (configuration node) in this node.',
	badResource: (r: string) =>
		`Unknown resource "${r}". Use ${[...Object.keys(PARTNERSTACK_RESOURCES), 'webhook'].join(', ')} (in the node, or in msg.resource).`,
	badOperation: (r: string, op: string, ops: readonly string[]) =>
		`"${op}" is not an operation for ${r} (use ${ops.join(', ')}; in the node, or in msg.operation).`,
	noKey: (r: string) => `The ${r} key is missing: set it in the node or send it in msg.key.`,
	badPayload: (op: string) => `For ${op}, msg.payload must be an object with the API fields, e.g. {"email": "…", "partner_key": "…"}.`,
	badLimit: 'Limit must be a whole number; 0 returns every item.',
};

export = function register(RED: NodeAPI): void {
	const t = translator(RED, 'partnerstack-api');

	function payloadObject(msg: ApiMsg, operation: string): Record<string, unknown> {
		const payload = msg.payload ?? {};
		if (!isRecord(payload)) throw new Error(ERRORS.badPayload(operation));
		return payload;
	}

	async function run(client: PartnerStackClient, resource: string, operation: string, def: PartnerStackApiDef, msg: ApiMsg): Promise<unknown> {
		const key = () => keyFrom(def.key, msg, ERRORS.noKey(resource));
		const limitValue = msg.limit ?? def.limit ?? 0;
		const limit = Number(limitValue === '' ? 0 : limitValue);
		if (!Number.isInteger(limit) || limit < 0) throw new Error(ERRORS.badLimit);
		const max = limit === 0 ? Infinity : limit;

		if (resource === 'webhook') {
			switch (operation) {
				case 'list':
					return (await client.listWebhooks({ max })).map(redactWebhook);
				case 'get':
					return redactWebhook(await client.getWebhook(key()));
				case 'create': {
					const p = payloadObject(msg, operation);
					const events = typeof p.events === 'string' ? partnerStackEventList([], p.events) : partnerStackEventList((p.events as string[]) ?? []);
					return redactWebhook(await client.createWebhook({ target: String(p.target ?? ''), events }));
				}
				default: {
					const webhookKey = key();
					await client.deleteWebhook(webhookKey);
					return { deleted: true, key: webhookKey };
				}
			}
		}
		const r = resource as PartnerStackResource;
		switch (operation) {
			case 'list': {
				const filters = msg.payload === undefined || msg.payload === '' ? {} : payloadObject(msg, operation);
				return client.list(r, { max, filters: filters as Record<string, string | number | boolean> });
			}
			case 'get':
				return client.get(r, key());
			case 'create':
				return client.create(r, payloadObject(msg, operation));
			case 'update': {
				const recordKey = key();
				return client.update(r, recordKey, payloadObject(msg, operation));
			}
			default: {
				const recordKey = key();
				await client.remove(r, recordKey);
				return { deleted: true, key: recordKey };
			}
		}
	}

	function PartnerStackApiNode(this: Node, def: PartnerStackApiDef) {
		RED.nodes.createNode(this, def);
		const account = RED.nodes.getNode(def.account) as PartnerStackConfigNode | null;

		this.on('input', (msg: ApiMsg, send, done) => {
			const resource = String((def.resource === 'msg' || !def.resource ? msg.resource : def.resource) ?? '');
			const operation = String((def.operation === 'msg' || !def.operation ? msg.operation : def.operation) ?? '');
			const ops: readonly string[] =
				resource === 'webhook' ? WEBHOOK_OPS : (PARTNERSTACK_RESOURCES as Record<string, { ops: readonly string[] }>)[resource]?.ops ?? [];
			let problem: string | undefined;
			if (!ops.length) problem = ERRORS.badResource(resource);
			else if (!ops.includes(operation)) problem = ERRORS.badOperation(resource, operation, ops);
			else if (!account) problem = ERRORS.noAccount;
			if (problem) {
				refuseInput(this, t, operation || '?', done, problem);
				return;
			}
			answerInput(this, t, `${operation} ${resource}`, msg, send, done, () =>
				run((account as PartnerStackConfigNode).client(), resource, operation, def, msg),
			);
		});
	}
	RED.nodes.registerType('partnerstack-api', PartnerStackApiNode as unknown as Parameters<NodeAPI['nodes']['registerType']>[1]);
};
