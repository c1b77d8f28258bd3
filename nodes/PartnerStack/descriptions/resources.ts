/**
 * The action node's parameters, generated from one table per resource so that every resource offers the
 * same shapes: required fields as parameters, optional ones in a collection, anything else as JSON.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import {
	PAGE_MAX,
	PARTNERSTACK_RESOURCES,
	type PartnerStackResource,
} from '../../../core/partnerstack/resources';
import { eventFields } from './events';

export interface FieldDef {
	/** The API field, as the vendor's reference names it. */
	name: string;
	displayName: string;
	type: 'string' | 'number';
	description: string;
	/**
	 * The n8n parameter, when it differs from the API field: a name kept from an earlier release, so saved
	 * workflows keep their value (e.g. the action's target key was `customer_key` in the v1 body).
	 */
	param?: string;
	/** Its own parameter on Create even though the API does not require it (a saved value stays). */
	top?: boolean;
	/**
	 * Required by the API but left in Additional Fields, where saved workflows hold it; the node sends
	 * `default` when it is not set.
	 */
	inCollection?: boolean;
	default?: string | number;
	minValue?: number;
}

const f = (
	name: string,
	displayName: string,
	description: string,
	type: 'string' | 'number' = 'string',
	extra: Partial<FieldDef> = {},
): FieldDef => ({
	name,
	displayName,
	type,
	description,
	...extra,
});

const AMOUNT = (what: string) =>
	f('amount', 'Amount (Cents)', `${what} in cents, a whole number (4900 = 49.00)`, 'number');
const CURRENCY = f('currency', 'Currency', 'Three-letter ISO currency code, e.g. USD');
const PARTNER_KEY = f(
	'partner_key',
	'Partner Key',
	'The key of the partner (partnership) this belongs to',
);
const EMAIL = f('email', 'Email', 'Email address');
const NAME = f('name', 'Name', 'Name');

export const RESOURCE_FIELDS: Record<PartnerStackResource, { label: string; fields: FieldDef[] }> =
	{
		action: {
			label: 'Action',
			// target_type is the "Performed By" option (ACTION_TARGET below).
			fields: [
				f(
					'target_key',
					'Customer or Partner Key',
					'The customer key, or the partner key when a partnership performed the action',
					'string',
					{ param: 'customer_key' },
				),
				f(
					'type',
					'Action Type',
					'The type of action set up in PartnerStack, e.g. signup',
					'string',
					{ param: 'key' },
				),
				f(
					'value',
					'Times Performed',
					'How many times the action was performed (1 or more); 1 when not set',
					'number',
					{ default: 1, minValue: 1, inCollection: true },
				),
				f('external_key', 'External Key', 'Your own key for this action record'),
			],
		},
		customer: {
			label: 'Customer',
			fields: [
				EMAIL,
				PARTNER_KEY,
				NAME,
				f('customer_key', 'Customer Key', 'Your own unique key for the customer'),
			],
		},
		deal: {
			label: 'Deal',
			fields: [
				PARTNER_KEY,
				NAME,
				AMOUNT('The deal value'),
				CURRENCY,
				f('stage', 'Stage', 'The deal stage'),
			],
		},
		group: { label: 'Group', fields: [] },
		lead: {
			label: 'Lead',
			fields: [
				PARTNER_KEY,
				EMAIL,
				NAME,
				f('company', 'Company', "The lead's company"),
				f('status', 'Status', 'The lead status'),
			],
		},
		partnership: {
			label: 'Partnership',
			fields: [
				EMAIL,
				f(
					'group_key',
					'Group Key',
					'The key of the group the partner joins; empty: the default group',
					'string',
					{ top: true },
				),
				f('first_name', 'First Name', 'First name'),
				f('last_name', 'Last Name', 'Last name'),
				f(
					'partner_key',
					'Partner Key',
					'The partner key to give the partner (unique); empty: one is made',
				),
				f(
					'manager_email',
					'Manager Email',
					'Email of the partner manager who manages this partner',
				),
			],
		},
		reward: {
			label: 'Reward',
			fields: [
				PARTNER_KEY,
				AMOUNT('The reward'),
				CURRENCY,
				f('description', 'Description', 'Why the reward is given'),
			],
		},
		transaction: {
			label: 'Transaction',
			// The customer reference is the "Customer Identified By" option (TRANSACTION_CUSTOMER below).
			fields: [
				AMOUNT('The payment'),
				CURRENCY,
				f('key', 'Transaction Key', 'Your unique key for the transaction, 4 to 255 characters'),
				f('category_key', 'Category Key', 'The key of the transaction category'),
				f('product_key', 'Product Key', 'The product the payment is for'),
			],
		},
	};

const OPERATION_LABEL: Record<string, { name: string; verb: string; description: string }> = {
	create: { name: 'Create', verb: 'Create', description: 'Create a record' },
	delete: { name: 'Delete', verb: 'Delete', description: 'Delete (for deals: archive) a record' },
	get: { name: 'Get', verb: 'Get', description: 'Get one record by its key' },
	list: {
		name: 'Get Many',
		verb: 'Get many',
		description: 'List records, following the cursor through every page',
	},
	update: { name: 'Update', verb: 'Update', description: 'Change fields of a record' },
};

const show = (resource: string[], operation?: string[]) => ({
	show: operation ? { resource, operation } : { resource },
});

function fieldProperty(def: FieldDef, extra: Partial<INodeProperties> = {}): INodeProperties {
	const { displayName, name, description } = def;
	// Literal defaults first (n8n's lint reads them statically), then the field's own.
	const own = def.default === undefined ? {} : { default: def.default };
	if (def.type === 'number') {
		const typeOptions =
			def.minValue === undefined ? {} : { typeOptions: { minValue: def.minValue } };
		return {
			displayName,
			name,
			description,
			type: 'number',
			default: 0,
			...own,
			...typeOptions,
			...extra,
		};
	}
	return { displayName, name, description, type: 'string', default: '', ...own, ...extra };
}

/** A field shown as its own parameter on Create: required by the API, or kept there for saved workflows. */
export interface CreateParam {
	field: string;
	param: string;
	required: boolean;
}

const isTop = (d: FieldDef, required: ReadonlySet<string>) =>
	!d.inCollection && (required.has(d.name) || d.top === true);

export function createParams(resource: PartnerStackResource): CreateParam[] {
	const required = new Set<string>(PARTNERSTACK_RESOURCES[resource].required);
	return RESOURCE_FIELDS[resource].fields
		.filter((d) => isTop(d, required))
		.map((d) => ({ field: d.name, param: d.param ?? d.name, required: required.has(d.name) }));
}

/** Required fields kept in Additional Fields, with the value sent when the collection lacks them. */
export function collectionDefaults(
	resource: PartnerStackResource,
): Record<string, string | number> {
	return Object.fromEntries(
		RESOURCE_FIELDS[resource].fields
			.filter((d) => d.inCollection && d.default !== undefined)
			.map((d) => [d.name, d.default as string | number]),
	);
}

/** The transaction's customer: the reference takes exactly one of these three fields. */
export const TRANSACTION_CUSTOMER_BY = 'customerBy';

/**
 * Choices the API expresses as "one of": they come before the fields on Create. Their parameter names
 * are the API's where one exists; the transaction's customer value keeps `customer_key` for saved workflows.
 */
const CREATE_CHOICES: Partial<Record<PartnerStackResource, INodeProperties[]>> = {
	action: [
		{
			displayName: 'Performed By',
			name: 'target_type',
			type: 'options',
			options: [
				{ name: 'Customer', value: 'customer' },
				{ name: 'Partnership', value: 'partnership' },
			],
			default: 'customer',
			description: 'Whether a customer or a partner performed the action',
		},
	],
	transaction: [
		{
			displayName: 'Customer Identified By',
			name: TRANSACTION_CUSTOMER_BY,
			type: 'options',
			options: [
				{ name: 'PartnerStack Customer Key', value: 'customer_key' },
				{ name: 'Your External Key', value: 'customer_external_key' },
				{ name: 'Email', value: 'customer_email' },
			],
			default: 'customer_key',
			description: 'How the transaction names its customer; PartnerStack takes exactly one',
		},
		{
			displayName: 'Customer',
			name: 'customer_key',
			type: 'string',
			required: true,
			default: '',
			description: "The customer's key, external key or email, as chosen above",
		},
	],
};

const jsonField: INodeProperties = {
	displayName: 'Other Fields (JSON)',
	name: 'json',
	type: 'json',
	default: '{}',
	description: 'Further API fields as a JSON object; they override fields set above',
};

function resourceProperties(resource: PartnerStackResource): INodeProperties[] {
	const table = RESOURCE_FIELDS[resource];
	const ops = [...PARTNERSTACK_RESOURCES[resource].ops] as string[];
	const required = new Set<string>(PARTNERSTACK_RESOURCES[resource].required);
	const label = table.label.toLowerCase();
	const out: INodeProperties[] = [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: show([resource]),
			options: ops
				.map(
					(op): INodePropertyOptions => ({
						name: OPERATION_LABEL[op].name,
						value: op,
						description: OPERATION_LABEL[op].description,
						action: op === 'list' ? `Get many ${label}s` : `${OPERATION_LABEL[op].verb} a ${label}`,
					}),
				)
				.sort((a, b) => a.name.localeCompare(b.name)),
			default: 'list',
		},
	];
	// Creating is what most workflows do (Zapier's "Create Action"), so it is the default where it exists.
	if (ops.includes('create')) out[0].default = 'create';
	const byKey = ops.filter((op) => op === 'get' || op === 'update' || op === 'delete');
	if (byKey.length) {
		out.push({
			displayName: `${table.label} Key`,
			name: 'key',
			type: 'string',
			required: true,
			default: '',
			displayOptions: show([resource], byKey),
			description: `The key of the ${label}`,
		});
	}
	if (ops.includes('create')) {
		for (const choice of CREATE_CHOICES[resource] ?? [])
			out.push({ ...choice, displayOptions: show([resource], ['create']) });
		const top = new Set(createParams(resource).map((p) => p.field));
		for (const def of table.fields.filter((d) => top.has(d.name))) {
			out.push(
				fieldProperty(def, {
					name: def.param ?? def.name,
					...(required.has(def.name) ? { required: true } : {}),
					displayOptions: show([resource], ['create']),
				}),
			);
		}
		out.push({
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: show([resource], ['create']),
			options: [
				...table.fields.filter((d) => !isTop(d, required)).map((d) => fieldProperty(d)),
				jsonField,
			].sort((a, b) => a.displayName.localeCompare(b.displayName)),
		});
	}
	if (ops.includes('update')) {
		out.push({
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: show([resource], ['update']),
			options: [...table.fields.map((d) => fieldProperty(d)), jsonField].sort((a, b) =>
				a.displayName.localeCompare(b.displayName),
			),
		});
	}
	return out;
}

/** Return All / Limit / query options of every Get Many. */
function listProperties(resources: string[]): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			displayOptions: show(resources, ['list']),
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			displayOptions: { show: { resource: resources, operation: ['list'], returnAll: [false] } },
			description: 'Max number of results to return',
		},
		{
			displayName: 'Options',
			name: 'listOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: show(resources, ['list']),
			options: [
				{
					displayName: 'Page Size',
					name: 'pageSize',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: PAGE_MAX },
					default: 100,
					description: 'Items per request (1 to 250)',
				},
				{
					displayName: 'Query Parameters (JSON)',
					name: 'query',
					type: 'json',
					default: '{}',
					description:
						'Further filters PartnerStack accepts, as a JSON object. Times are epoch milliseconds.',
				},
				{
					displayName: 'Starting After',
					name: 'startingAfter',
					type: 'string',
					default: '',
					description: 'Start after the record with this key (cursor)',
				},
			],
		},
	];
}

const webhookProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: show(['webhook']),
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Subscribe a URL to PartnerStack events',
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
				value: 'list',
				description: 'List the webhooks of the account',
				action: 'Get many webhooks',
			},
		],
		default: 'list',
	},
	{
		displayName: 'Webhook Key',
		name: 'key',
		type: 'string',
		required: true,
		default: '',
		displayOptions: show(['webhook'], ['get', 'delete']),
		description: 'The key of the webhook',
	},
	{
		displayName: 'Target URL',
		name: 'target',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/hooks/partnerstack',
		displayOptions: show(['webhook'], ['create']),
		description:
			'The http(s) address PartnerStack posts the events to. Anyone who knows it can post to it: include a secret.',
	},
	...eventFields(show(['webhook'], ['create'])),
];

export const RESOURCE_ORDER = Object.keys(RESOURCE_FIELDS).sort() as PartnerStackResource[];

export const partnerStackProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		// Written out: n8n's lint reads this list statically.
		options: [
			{
				name: 'Action',
				value: 'action',
				description: 'Actions customers performed (Zapier\'s "Create Action")',
			},
			{ name: 'Customer', value: 'customer', description: 'Customers referred by partners' },
			{ name: 'Deal', value: 'deal', description: 'Deals registered by partners' },
			{ name: 'Group', value: 'group', description: 'Partner groups' },
			{ name: 'Lead', value: 'lead', description: 'Leads submitted by partners' },
			{ name: 'Partnership', value: 'partnership', description: 'Partners in your programs' },
			{ name: 'Reward', value: 'reward', description: 'Rewards (commissions) for partners' },
			{
				name: 'Transaction',
				value: 'transaction',
				description: 'Payments by customers, which earn partners commission',
			},
			{
				name: 'Webhook',
				value: 'webhook',
				description: 'Subscriptions that send PartnerStack events to a URL',
			},
		],
		default: 'action',
	},
	...RESOURCE_ORDER.flatMap(resourceProperties),
	...webhookProperties,
	...listProperties([...RESOURCE_ORDER, 'webhook']),
];
