import type { INodeProperties } from 'n8n-workflow';
import { idProperty, operationProperty, returnAllAndLimit, show } from './shared';

const R = 'promotionCode';

export const promotionCodeOperations: INodeProperties[] = [
	operationProperty(
		R,
		[
			{
				name: 'Create',
				value: 'create',
				description: 'Create a promotion code for a coupon',
				action: 'Create a promotion code',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a promotion code',
				action: 'Delete a promotion code',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a promotion code by ID',
				action: 'Get a promotion code',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the promotion codes of the program',
				action: 'Get many promotion codes',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change a promotion code',
				action: 'Update a promotion code',
			},
		],
		'getAll',
	),
];

const restrictions = {
	displayName: 'Restrictions (JSON)',
	name: 'restrictions',
	type: 'json',
	default: '{}',
	description: 'Partnero\'s restrictions object, e.g. {"first_time_transaction": true}',
} satisfies INodeProperties;

export const promotionCodeFields: INodeProperties[] = [
	idProperty(
		R,
		['get', 'update', 'delete'],
		'Promotion Code ID',
		'promotionCodeId',
		'The ID of the promotion code (not the code itself)',
	),
	{
		displayName: 'Coupon Name or ID',
		name: 'couponId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getCoupons' },
		required: true,
		default: '',
		displayOptions: show(R, ['create']),
		description:
			'The coupon the code applies. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'SPRING10',
		displayOptions: show(R, ['create']),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['create']),
		options: [restrictions],
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['update']),
		options: [
			{ displayName: 'Code', name: 'code', type: 'string', default: '' },
			{ displayName: 'Coupon ID', name: 'couponId', type: 'string', default: '' },
			restrictions,
		],
	},
	...returnAllAndLimit(R, ['getAll']),
];
