import type { Node, NodeAPI } from 'node-red';
import { isRecord } from '../core/api-client';
import { ValidationError } from '../core/errors';
import { partneroApi } from '../core/partnero/api';
import { runOperation, type OperationInput } from '../core/partnero/operations';
import { answerInput, refuseInput, type ApiMsg } from './lib/api-node';
import { translator } from './lib/locale';
import type { PartneroApiDef, PartneroConfigNode } from './lib/types';

type InputMsg = ApiMsg & {
	resource?: unknown;
	operation?: unknown;
	key?: unknown;
	id?: unknown;
	limit?: unknown;
	skipExisting?: unknown;
};

// Error texts stay in code (they reach logs, Catch nodes and tests verbatim); status texts come from the locale catalogue.
const ERRORS = {
	noAccount: 'Choose a Partnero account (configuration node) in this node.',
	badPayload:
		'msg.payload must be an object with the fields for the operation, e.g. {"email": "ana@example.com"} (or leave it empty).',
	badLimit: (value: unknown) => `msg.limit must be a whole number from 1 (got ${String(value)}).`,
};

/** A fixed choice in the node wins; "msg" (or nothing) takes the message's value. */
function chosen(fixed: string | undefined, fromMsg: unknown): string {
	return fixed && fixed !== 'msg' ? fixed : typeof fromMsg === 'string' ? fromMsg.trim() : '';
}

/** A dialog value set in the node, or undefined (blank, or an empty event list). */
function setInNode(value: unknown): unknown {
	if (value === undefined || value === null || value === '') return undefined;
	return Array.isArray(value) && value.length === 0 ? undefined : value;
}

/**
 * Webhook create/update: the dialog's fields win; msg.payload fills what the node leaves blank (Node-RED's
 * "no override" convention). The core parses event lists and comma-separated events alike.
 */
function webhookFields(
	def: PartneroApiDef,
	payload: Record<string, unknown>,
): Record<string, unknown> {
	const fields = { ...payload };
	const fromNode: Record<string, unknown> = {
		name: setInNode(def.webhookName),
		url: setInNode(def.url),
		events: setInNode(def.events),
		is_active: def.active === 'true' || def.active === 'false' ? def.active === 'true' : undefined,
	};
	for (const [name, value] of Object.entries(fromNode))
		if (value !== undefined) fields[name] = value;
	return fields;
}

/** The node's fields and the message's, in the core's operation input. */
function inputOf(
	def: PartneroApiDef,
	msg: InputMsg,
	resource: string,
	operation: string,
): OperationInput {
	const payload = msg.payload;
	if (payload !== undefined && payload !== null && payload !== '' && !isRecord(payload))
		throw new ValidationError(ERRORS.badPayload, 'payload');
	const idFromMsg = [msg.id, msg.key].find(
		(v) => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number',
	);
	const id = def.recordId?.trim() || (idFromMsg === undefined ? undefined : String(idFromMsg));
	let limit: number | undefined;
	if (msg.limit !== undefined && msg.limit !== null && msg.limit !== '') {
		limit = Number(msg.limit);
		if (!Number.isInteger(limit) || limit < 1)
			throw new ValidationError(ERRORS.badLimit(msg.limit), 'limit');
	}
	const skipExisting = def.skipExisting === true || msg.skipExisting === true;
	const given = isRecord(payload) ? payload : {};
	const isWebhookWrite =
		resource === 'webhook' && (operation === 'create' || operation === 'update');
	return { id, fields: isWebhookWrite ? webhookFields(def, given) : given, limit, skipExisting };
}

export = function register(RED: NodeAPI): void {
	const t = translator(RED, 'partnero-api');

	function PartneroApiNode(this: Node, def: PartneroApiDef) {
		RED.nodes.createNode(this, def);
		const account = RED.nodes.getNode(def.account) as PartneroConfigNode | null;

		this.on('input', (msg: InputMsg, send, done) => {
			const resource = chosen(def.resource, msg.resource);
			const operation = chosen(def.operation, msg.operation);
			const label = `${resource || '?'} ${operation || '?'}`;
			if (!account) {
				refuseInput(this, t, label, done, ERRORS.noAccount);
				return;
			}
			answerInput(
				this,
				t,
				label,
				msg,
				send,
				done,
				() =>
					runOperation(
						partneroApi(account.client()),
						resource,
						operation,
						inputOf(def, msg, resource, operation),
					),
				(result) => isRecord(result) && result.skipped === true,
			);
		});
	}
	RED.nodes.registerType('partnero-api', PartneroApiNode);
};
