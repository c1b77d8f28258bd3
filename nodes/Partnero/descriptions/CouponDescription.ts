import type { INodeProperties } from 'n8n-workflow';
import { idProperty, operationProperty, returnAllAndLimit, show } from './shared';

const R = 'coupon';

export const couponOperations: INodeProperties[] = [
	operationProperty(
		R,
		[
			{
				name: 'Create',
				value: 'create',
				description: 'Create a coupon',
				action: 'Create a coupon',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a coupon',
				action: 'Delete a coupon',
			},
			{ name: 'Get', value: 'get', description: 'Get a coupon by ID', action: 'Get a coupon' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the coupons of the program',
				action: 'Get many coupons',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change a coupon',
				action: 'Update a coupon',
			},
		],
		'getAll',
	),
];

const discountType = {
	displayName: 'Discount Type',
	name: 'discountType',
	type: 'options',
	options: [
		{ name: 'Fixed Amount', value: 'fixed' },
		{ name: 'Percent', value: 'percent' },
	],
	default: 'percent',
} satisfies INodeProperties;

const discountAmount = {
	displayName: 'Discount Amount',
	name: 'discountAmount',
	type: 'number',
	default: 0,
} satisfies INodeProperties;

const optional: INodeProperties[] = [
	{
		displayName: 'Duration Type',
		name: 'durationType',
		type: 'options',
		options: [
			{ name: 'Forever', value: 'forever' },
			{ name: 'Limited', value: 'limited' },
			{ name: 'Once', value: 'once' },
		],
		default: 'once',
		description: 'How long a subscription keeps the discount',
	},
	{
		displayName: 'Duration Value',
		name: 'durationValue',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'For Limited: the number of billing periods',
	},
	{
		displayName: 'Redemption Limit',
		name: 'redemptionLimit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'How many times the coupon can be used in total',
	},
];

const nameOption: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
};

export const couponFields: INodeProperties[] = [
	idProperty(R, ['get', 'update', 'delete'], 'Coupon ID', 'couponId', 'The ID of the coupon'),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		displayOptions: show(R, ['create']),
	},
	{ ...discountType, required: true, displayOptions: show(R, ['create']) },
	{ ...discountAmount, required: true, displayOptions: show(R, ['create']) },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['create']),
		options: optional,
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['update']),
		options: [discountAmount, discountType, optional[0], optional[1], nameOption, optional[2]],
	},
	...returnAllAndLimit(R, ['getAll']),
];
