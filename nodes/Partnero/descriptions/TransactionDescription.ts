import type { INodeProperties } from 'n8n-workflow';
import {
	idProperty,
	operationProperty,
	partnerKeyProperty,
	returnAllAndLimit,
	show,
} from './shared';

const R = 'transaction';

export const transactionOperations: INodeProperties[] = [
	operationProperty(
		R,
		[
			{
				name: 'Archive',
				value: 'archive',
				description: 'Archive a transaction',
				action: 'Archive a transaction',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Record a sale and its commission',
				action: 'Create a transaction',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a transaction and reverse its commission, as for a refund',
				action: 'Delete a transaction',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a transaction by key',
				action: 'Get a transaction',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the transactions of the program',
				action: 'Get many transactions',
			},
			{
				name: 'Unarchive',
				value: 'unarchive',
				description: 'Restore an archived transaction',
				action: 'Unarchive a transaction',
			},
		],
		'create',
	),
];

export const transactionFields: INodeProperties[] = [
	{
		displayName:
			'Creating a transaction is not idempotent: every run books a commission again. If a payment integration (Stripe, Paddle, Chargebee…) is connected to Partnero, it already creates transactions and this node would pay the partner twice. Give a transaction key and turn on "Skip If Key Exists" when the workflow may run more than once for the same sale.',
		name: 'doublePayNotice',
		type: 'notice',
		default: '',
		displayOptions: show(R, ['create']),
	},
	idProperty(
		R,
		['get', 'delete', 'archive', 'unarchive'],
		'Transaction Key',
		'transactionKey',
		'The key given when the transaction was created',
	),

	// create
	{
		displayName: 'Customer Key',
		name: 'customerKey',
		type: 'string',
		required: true,
		default: '',
		displayOptions: show(R, ['create']),
		description: 'The customer who paid',
	},
	{
		displayName: 'Transaction Key',
		name: 'key',
		type: 'string',
		default: '',
		displayOptions: show(R, ['create']),
		description:
			'Your ID for the sale, such as the invoice or charge ID; needed to refund (delete) it later and to skip repeats',
	},
	{
		displayName: 'Value Type',
		name: 'valueType',
		type: 'options',
		options: [
			{
				name: 'Sale Amount',
				value: 'amount',
				description: 'Partnero computes the commission from the program rules',
			},
			{
				name: 'Commission',
				value: 'reward',
				description: 'The commission itself, bypassing the program rules',
			},
		],
		default: 'amount',
		displayOptions: show(R, ['create']),
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		required: true,
		default: 0,
		displayOptions: show(R, ['create']),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['create']),
		options: [
			{
				displayName: 'Action',
				name: 'action',
				type: 'string',
				default: '',
				placeholder: 'sale',
				description: 'The kind of event, such as sale or signup; commission rules can depend on it',
			},
			{
				displayName: 'Amount Units',
				name: 'amountUnits',
				type: 'string',
				default: '',
				placeholder: 'usd',
				description: 'The currency of the amount',
			},
			{
				displayName: 'Create Customer',
				name: 'createCustomer',
				type: 'boolean',
				default: false,
				description:
					'Whether to create the customer in the same call when it does not exist yet (needs the partner)',
			},
			{
				displayName: 'Date',
				name: 'createdAt',
				type: 'dateTime',
				default: '',
				description: 'Backdates the transaction; now when empty',
			},
			{
				...partnerKeyProperty,
				description:
					'The referring partner, used with Create Customer. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{ displayName: 'Product ID', name: 'productId', type: 'string', default: '' },
			{ displayName: 'Product Type', name: 'productType', type: 'string', default: '' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(R, ['create']),
		options: [
			{
				displayName: 'Skip If Key Exists',
				name: 'skipExisting',
				type: 'boolean',
				default: false,
				description:
					'Whether to look the transaction key up first and return the existing transaction (with skipped: true) instead of paying a second commission',
			},
		],
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
			{ displayName: 'Customer Key', name: 'customerKey', type: 'string', default: '' },
			{
				displayName: 'Partner Email',
				name: 'partnerEmail',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
			},
			{ displayName: 'Partner Key', name: 'partnerKey', type: 'string', default: '' },
		],
	},
	...returnAllAndLimit(R, ['getAll']),
];
