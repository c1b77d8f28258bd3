import type { INodeProperties } from 'n8n-workflow';
import {
	idProperty,
	operationProperty,
	partnerKeyProperty,
	returnAllAndLimit,
	show,
} from './shared';

const R = 'customer';

export const customerOperations: INodeProperties[] = [
	operationProperty(
		R,
		[
			{
				name: 'Add Credit',
				value: 'addCredit',
				description: 'Add credit to a customer balance (refer-a-friend programs)',
				action: 'Add credit to a customer',
			},
			{
				name: 'Archive',
				value: 'archive',
				description: 'Archive a customer',
				action: 'Archive a customer',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a customer referred by a partner',
				action: 'Create a customer',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a customer',
				action: 'Delete a customer',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a customer by key, ID or email',
				action: 'Get a customer',
			},
			{
				name: 'Get Balance',
				value: 'getBalance',
				description: 'Get the credit balance of a customer (refer-a-friend programs)',
				action: 'Get the balance of a customer',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the customers of the program',
				action: 'Get many customers',
			},
			{
				name: 'Get Transactions',
				value: 'getTransactions',
				description: 'List the transactions of a customer',
				action: 'Get the transactions of a customer',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find customers whose key, ID or email contains a text',
				action: 'Search customers',
			},
			{
				name: 'Unarchive',
				value: 'unarchive',
				description: 'Restore an archived customer',
				action: 'Unarchive a customer',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change a customer',
				action: 'Update a customer',
			},
		],
		'create',
	),
];

const nameFields: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
	},
	{ displayName: 'First Name', name: 'name', type: 'string', default: '' },
	{ displayName: 'Last Name', name: 'surname', type: 'string', default: '' },
];

export const customerFields: INodeProperties[] = [
	idProperty(
		R,
		[
			'get',
			'update',
			'delete',
			'archive',
			'unarchive',
			'getTransactions',
			'getBalance',
			'addCredit',
		],
		'Customer Key',
		'customerKey',
		'The customer key (your own identifier for the customer); Get also accepts the ID or email',
	),

	// create
	{
		displayName: 'Customer Key',
		name: 'key',
		type: 'string',
		required: true,
		default: '',
		displayOptions: show(R, ['create']),
		description: 'Your own identifier for the customer, such as your account ID or the email',
	},
	{
		displayName: 'Attribute To',
		name: 'partnerBy',
		type: 'options',
		options: [
			{ name: 'No Partner (Refer-a-Friend Programs)', value: 'none' },
			{ name: 'Partner by Email', value: 'email' },
			{ name: 'Partner by ID', value: 'id' },
			{ name: 'Partner From List', value: 'key' },
		],
		default: 'key',
		displayOptions: show(R, ['create']),
		description: 'Who referred the customer; affiliate programs need a partner',
	},
	{
		...partnerKeyProperty,
		required: true,
		displayOptions: show(R, ['create'], { partnerBy: ['key'] }),
	},
	{
		displayName: 'Partner',
		name: 'partnerValue',
		type: 'string',
		required: true,
		default: '',
		displayOptions: show(R, ['create'], { partnerBy: ['id', 'email'] }),
		description: 'The partner ID or email',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['create']),
		options: [
			...nameFields,
			{
				displayName: 'Referral URL',
				name: 'referralUrl',
				type: 'string',
				default: '',
				description: 'The page the customer arrived on',
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				description: 'Comma-separated tag names',
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
		displayOptions: show(R, ['update']),
		options: nameFields,
	},

	// search
	{
		displayName: 'Find By',
		name: 'lookupBy',
		type: 'options',
		options: [
			{ name: 'Email', value: 'email' },
			{ name: 'ID', value: 'id' },
			{ name: 'Key', value: 'key' },
		],
		default: 'email',
		displayOptions: show(R, ['search']),
	},
	{
		displayName: 'Value',
		name: 'lookupValue',
		type: 'string',
		required: true,
		default: '',
		displayOptions: show(R, ['search']),
		description: 'Part of the value to match',
	},

	// getAll
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show(R, ['getAll']),
		options: [
			{
				displayName: 'Partner Email',
				name: 'partnerEmail',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
			},
			{
				displayName: 'Partner Key',
				name: 'partnerKey',
				type: 'string',
				default: '',
				description: 'The referral key of the referring partner',
			},
		],
	},

	// addCredit
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		required: true,
		default: 0,
		displayOptions: show(R, ['addCredit']),
	},
	{
		displayName: 'Additional Fields',
		name: 'creditFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['addCredit']),
		options: [
			{
				displayName: 'Amount Units',
				name: 'amountUnits',
				type: 'string',
				default: '',
				placeholder: 'usd',
				description: 'The currency (or unit) of the amount',
			},
			{
				displayName: 'Is Currency',
				name: 'isCurrency',
				type: 'boolean',
				default: true,
				description: 'Whether the amount is money (rather than points or another unit)',
			},
		],
	},

	...returnAllAndLimit(R, ['getAll', 'search', 'getTransactions']),
];
