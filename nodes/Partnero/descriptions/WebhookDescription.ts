import type { INodeProperties } from 'n8n-workflow';
import { WEBHOOK_PAGE_MAX, WEBHOOK_PAGE_MIN } from '../../../core/partnero/client';
import { partneroEventOptions } from './events';

const forWebhook = (operation: string[], extra: Record<string, unknown[]> = {}) => ({
	show: { resource: ['webhook'], operation, ...extra },
});

export const webhookOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Subscribe a URL to Partnero events',
				action: 'Create a webhook',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Remove a webhook subscription',
				action: 'Delete a webhook',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one webhook by its key',
				action: 'Get a webhook',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the webhooks of the program',
				action: 'Get many webhooks',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change a webhook subscription',
				action: 'Update a webhook',
			},
		],
		default: 'getAll',
	},
];

const eventsField = {
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	options: partneroEventOptions(false),
	default: [],
	description:
		'Events Partnero sends to the URL. Partnero refuses events that the program type of the API key does not have.',
} satisfies INodeProperties;

const nameField = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	description: 'A label for the webhook in Partnero (up to 255 characters)',
} satisfies INodeProperties;

const urlField = {
	displayName: 'URL',
	name: 'url',
	type: 'string',
	default: '',
	placeholder: 'https://example.com/hooks/partnero',
	description: 'The http(s) address Partnero posts the events to',
} satisfies INodeProperties;

const activeField = {
	displayName: 'Active',
	name: 'isActive',
	type: 'boolean',
	default: true,
	description: 'Whether Partnero sends events to the webhook (false pauses it)',
} satisfies INodeProperties;

export const webhookFields: INodeProperties[] = [
	{
		displayName: 'Webhook Key',
		name: 'key',
		type: 'string',
		required: true,
		default: '',
		displayOptions: forWebhook(['get', 'update', 'delete']),
		description: 'The key of the webhook, as returned by Create or Get Many',
	},

	// create
	{ ...nameField, required: true, displayOptions: forWebhook(['create']) },
	{ ...urlField, required: true, displayOptions: forWebhook(['create']) },
	{ ...eventsField, required: true, displayOptions: forWebhook(['create']) },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: forWebhook(['create']),
		options: [
			activeField,
			{
				displayName: 'Webhook Key',
				name: 'key',
				type: 'string',
				default: '',
				description:
					'Your own key for the webhook (letters, digits, - and _). Partnero makes one up when empty.',
			},
		],
	},

	// update
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: forWebhook(['update']),
		options: [activeField, eventsField, nameField, urlField],
	},

	// getAll
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		displayOptions: forWebhook(['getAll']),
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: forWebhook(['getAll'], { returnAll: [false] }),
		description: 'Max number of results to return',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: forWebhook(['getAll']),
		options: [
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: WEBHOOK_PAGE_MIN, maxValue: WEBHOOK_PAGE_MAX },
				default: WEBHOOK_PAGE_MAX,
				description: `Webhooks fetched per request (${WEBHOOK_PAGE_MIN} to ${WEBHOOK_PAGE_MAX}). Smaller pages mean more requests.`,
			},
		],
	},
];
