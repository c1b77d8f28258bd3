import type { INodeProperties } from 'n8n-workflow';
import {
	V1,
	V2,
	idProperty,
	operationProperty,
	partnerKeyProperty,
	returnAllAndLimit,
	show,
} from './shared';

const R = 'lead';

export const leadOperations: INodeProperties[] = [
	operationProperty(
		R,
		[
			{
				name: 'Convert',
				value: 'convert',
				description: 'Convert a lead and pay its commission',
				action: 'Convert a lead',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Submit a lead for a partner',
				action: 'Create a lead',
			},
			{ name: 'Delete', value: 'delete', description: 'Delete a lead', action: 'Delete a lead' },
			{ name: 'Get', value: 'get', description: 'Get a lead by ID', action: 'Get a lead' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the leads of the program',
				action: 'Get many leads',
			},
			{ name: 'Reject', value: 'reject', description: 'Reject a lead', action: 'Reject a lead' },
		],
		'create',
	),
];

export const leadFields: INodeProperties[] = [
	idProperty(
		R,
		['get', 'delete', 'convert', 'reject'],
		'Lead ID',
		'leadId',
		'The numeric ID of the lead',
	),
	{ ...partnerKeyProperty, required: true, displayOptions: show(R, ['create']) },
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		displayOptions: show(R, ['create']),
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		description: "The lead's full name",
		displayOptions: show(R, ['create'], V2),
	},
	{
		// Version 1 had the name among the optional fields.
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['create'], V1),
		options: [{ displayName: 'Name', name: 'name', type: 'string', default: '' }],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['create'], V2),
		options: [
			{
				displayName: 'Custom Fields (JSON)',
				name: 'cfields',
				type: 'json',
				default: '{}',
				description:
					'Answers to the lead form\'s custom fields, keyed by field ID, e.g. {"89": "Acme Inc"}',
			},
		],
	},
	{
		displayName: 'Commission Amount',
		name: 'commissionAmount',
		type: 'number',
		required: true,
		default: 0,
		displayOptions: show(R, ['convert']),
		description:
			'The amount of the transaction the conversion records, from which the commission is computed',
	},
	...returnAllAndLimit(R, ['getAll']),
];
