import type { Node, NodeAPI } from 'node-red';
import { isRecord } from '../core/api-client';
import { ValidationError } from '../core/errors';
import {
	runPartnerStackOperation,
	type PartnerStackOperationInput,
} from '../core/partnerstack/operations';
import { answerInput, keyFrom, refuseInput, type ApiMsg } from './lib/api-node';
import { translator } from './lib/locale';
import type { PartnerStackApiDef, PartnerStackConfigNode } from './lib/types';

// Error texts stay in code (they reach logs, Catch nodes and tests verbatim); status texts come from the locale catalogue.
const ERRORS = {
	noAccount: 'Choose a PartnerStack account (configuration node) in this node.',
	noKey: (r: string) => `The ${r} key is missing: set it in the node or send it in msg.key.`,
	badPayload: (op: string) =>
		`For ${op}, msg.payload must be an object with the API fields, e.g. {"email": "…", "partner_key": "…"}.`,
};

/** A fixed choice in the node wins; "msg" (or nothing) takes the message's value. */
function chosen(fixed: string | undefined, fromMsg: unknown): string {
	return fixed && fixed !== 'msg'
		? fixed
		: typeof fromMsg === 'string'
			? fromMsg.trim()
			: String(fromMsg ?? '');
}

/** The node's fields and the message's, in the core's operation input. */
function inputOf(
	def: PartnerStackApiDef,
	msg: ApiMsg,
	resource: string,
	operation: string,
): PartnerStackOperationInput {
	const payload = msg.payload;
	const blank = payload === undefined || payload === null || payload === '';
	// Lists of records take msg.payload as query filters; webhook lists, gets and deletes ignore it.
	const usesPayload =
		operation === 'create' ||
		operation === 'update' ||
		(operation === 'list' && resource !== 'webhook');
	if (usesPayload && !blank && !isRecord(payload))
		throw new ValidationError(ERRORS.badPayload(operation), 'payload');
	// The editor's Limit field reads "0 = every item": 0 and blank are the core's "no limit".
	const limitValue = msg.limit ?? def.limit;
	const limit =
		limitValue === undefined || limitValue === '' || limitValue === 0 || limitValue === '0'
			? undefined
			: Number(limitValue);
	const needsKey = operation === 'get' || operation === 'update' || operation === 'delete';
	return {
		key: needsKey ? keyFrom(def.key, msg, ERRORS.noKey(resource)) : undefined,
		fields: usesPayload && isRecord(payload) ? payload : {},
		limit,
	};
}

export = function register(RED: NodeAPI): void {
	const t = translator(RED, 'partnerstack-api');

	function PartnerStackApiNode(this: Node, def: PartnerStackApiDef) {
		RED.nodes.createNode(this, def);
		const account = RED.nodes.getNode(def.account) as PartnerStackConfigNode | null;

		this.on('input', (msg: ApiMsg, send, done) => {
			const resource = chosen(def.resource, msg.resource);
			const operation = chosen(def.operation, msg.operation);
			if (!account) {
				refuseInput(this, t, operation || '?', done, ERRORS.noAccount);
				return;
			}
			answerInput(this, t, `${operation} ${resource}`, msg, send, done, () =>
				runPartnerStackOperation(
					account.client(),
					resource,
					operation,
					inputOf(def, msg, resource, operation),
				),
			);
		});
	}
	RED.nodes.registerType('partnerstack-api', PartnerStackApiNode);
};
