import type { INodeProperties } from 'n8n-workflow';
import {
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
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['create']),
		options: [{ displayName: 'Name', name: 'name', type: 'string', default: '' }],
	},
	{
		displayName: 'Commission Amount',
		name: 'commissionAmount',
		type: 'number',
		default: 0,
		displayOptions: show(R, ['convert']),
		description:
			'The amount of the transaction the conversion records, from which the commission is computed',
	},
	...returnAllAndLimit(R, ['getAll']),
];
