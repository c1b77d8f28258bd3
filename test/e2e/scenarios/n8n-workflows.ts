import { randomUUID } from 'node:crypto';

/** Workflow JSON as the n8n editor saves it, using the node types an installed community package gets. */

const PKG = '@partnerhooks/n8n-nodes-partnerhooks';

/** n8n's Webhook node (v2) as the start of an action workflow: a POST to `path` runs it. */
export function webhookStarter(path: string, parameters: Record<string, unknown> = {}) {
	return {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 300],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, ...parameters, options: {} },
	};
}

export const TRIGGER_PATH = 'webhook';

export interface Cred {
	id: string;
	name: string;
}

export function httpReport(
	name: string,
	url: string,
	jsonBody: string,
	position: [number, number],
	executeOnce = true,
): Record<string, unknown> {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		executeOnce,
		parameters: { method: 'POST', url, sendBody: true, specifyBody: 'json', jsonBody, options: {} },
	};
}

/**
 * n8n's Remove Duplicates node as the README tells queue-mode users to add it: items whose `deliveryKey` an
 * earlier execution of this workflow already passed are dropped, with the keys kept in n8n's database.
 */
export function removeDuplicatesNode(position: [number, number]): Record<string, unknown> {
	return {
		id: randomUUID(),
		name: 'Remove Duplicates',
		type: 'n8n-nodes-base.removeDuplicates',
		typeVersion: 2,
		position,
		parameters: {
			operation: 'removeItemsSeenInPreviousExecutions',
			dedupeValue: '={{ $json.deliveryKey }}',
			options: {},
		},
	};
}

/** Partnero Trigger → HTTP Request reporting each item to the sink; the report is nodes[1]. */
export function triggerWorkflow(o: {
	credential: Cred;
	events: string[];
	sinkUrl: string;
	options?: Record<string, unknown>;
}): { workflow: Record<string, unknown>; webhookId: string } {
	const webhookId = randomUUID();
	const report = httpReport(
		'Report to sink',
		o.sinkUrl,
		'={{ JSON.stringify($json) }}',
		[460, 300],
	);
	report.executeOnce = false;
	return {
		webhookId,
		workflow: {
			name: 'partnerhooks e2e: trigger',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: randomUUID(),
					name: 'Partnero Trigger',
					type: `${PKG}.partneroTrigger`,
					typeVersion: 1,
					position: [220, 300],
					webhookId,
					parameters: { events: o.events, options: { output: 'envelope', ...o.options } },
					credentials: { partneroApi: { id: o.credential.id, name: o.credential.name } },
				},
				report,
			],
			connections: {
				'Partnero Trigger': { main: [[{ node: 'Report to sink', type: 'main', index: 0 }]] },
			},
		},
	};
}

/** PartnerStack Trigger → HTTP Request reporting each item to the sink. */
export function partnerStackTriggerWorkflow(o: {
	credential: Cred;
	events: string[];
	otherEvents?: string;
	sinkUrl: string;
}): { workflow: Record<string, unknown>; webhookId: string } {
	const webhookId = randomUUID();
	return {
		webhookId,
		workflow: {
			name: 'partnerhooks e2e: PartnerStack trigger',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: randomUUID(),
					name: 'PartnerStack Trigger',
					type: `${PKG}.partnerStackTrigger`,
					typeVersion: 1,
					position: [220, 300],
					webhookId,
					parameters: {
						events: o.events,
						...(o.otherEvents ? { otherEvents: o.otherEvents } : {}),
						options: {},
					},
					credentials: { partnerStackApi: { id: o.credential.id, name: o.credential.name } },
				},
				httpReport('Report to sink', o.sinkUrl, '={{ JSON.stringify($json) }}', [460, 300], false),
			],
			connections: {
				'PartnerStack Trigger': { main: [[{ node: 'Report to sink', type: 'main', index: 0 }]] },
			},
		},
	};
}

/**
 * Webhook → create → get all → get → delete → report. Each Partnero node runs once (executeOnce), because
 * "get all" returns one item per webhook and everything after it should act on the created one only.
 */
export function actionWorkflow(o: { credential: Cred; sinkUrl: string; newWebhookUrl: string }): {
	workflow: Record<string, unknown>;
	path: string;
} {
	const path = `e2e-action-${randomUUID().slice(0, 8)}`;
	const credentials = { partneroApi: { id: o.credential.id, name: o.credential.name } };
	const partnero = (
		name: string,
		parameters: Record<string, unknown>,
		x: number,
	): Record<string, unknown> => ({
		id: randomUUID(),
		name,
		type: `${PKG}.partnero`,
		typeVersion: 1,
		position: [x, 300],
		executeOnce: true,
		parameters: { resource: 'webhook', ...parameters },
		credentials,
	});
	const created = "$('Create webhook').first().json";
	const nodes = [
		webhookStarter(path),
		partnero(
			'Create webhook',
			{
				operation: 'create',
				name: 'e2e action',
				url: o.newWebhookUrl,
				events: ['partner.created'],
			},
			200,
		),
		partnero('List webhooks', { operation: 'getAll', returnAll: true }, 400),
		partnero('Get webhook', { operation: 'get', key: `={{ ${created}.key }}` }, 600),
		partnero('Delete webhook', { operation: 'delete', key: `={{ ${created}.key }}` }, 800),
		httpReport(
			'Report to sink',
			o.sinkUrl,
			`={{ JSON.stringify({ created: ${created}, listed: $('List webhooks').all().map(i => i.json.key), fetched: $('Get webhook').first().json, deleted: $json }) }}`,
			[1000, 300],
		),
	];
	const chain = [
		'Webhook',
		'Create webhook',
		'List webhooks',
		'Get webhook',
		'Delete webhook',
		'Report to sink',
	];
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < chain.length - 1; i++)
		connections[chain[i]] = { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] };
	return {
		path,
		workflow: {
			name: 'partnerhooks e2e: action node',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes,
			connections,
		},
	};
}

/** Webhook → Partnero (transaction: Create) answering with the created transaction: the action half of the round trip. */
export function saleWorkflow(o: { credential: Cred }): {
	workflow: Record<string, unknown>;
	path: string;
} {
	const path = `e2e-sale-${randomUUID().slice(0, 8)}`;
	return {
		path,
		workflow: {
			name: 'partnerhooks e2e: record a sale',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				webhookStarter(path, { responseMode: 'lastNode' }),
				{
					id: randomUUID(),
					name: 'Create transaction',
					type: `${PKG}.partnero`,
					typeVersion: 1,
					position: [220, 300],
					parameters: {
						resource: 'transaction',
						operation: 'create',
						customerKey: '={{ $json.body.customer }}',
						key: '={{ $json.body.key }}',
						amount: '={{ $json.body.amount }}',
						additionalFields: { action: 'sale' },
					},
					credentials: { partneroApi: { id: o.credential.id, name: o.credential.name } },
				},
			],
			connections: {
				Webhook: { main: [[{ node: 'Create transaction', type: 'main', index: 0 }]] },
			},
		},
	};
}
