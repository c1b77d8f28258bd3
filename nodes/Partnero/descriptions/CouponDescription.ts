import type { INodeProperties } from 'n8n-workflow';
import { V1, V2, idProperty, operationProperty, returnAllAndLimit, show } from './shared';

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
			{
				name: 'Get',
				value: 'get',
				description: 'Get a coupon by its code',
				action: 'Get a coupon',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the coupons of the program',
				action: 'Get many coupons',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Change a coupon's name or metadata",
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
		{ name: 'Fixed Amount', value: 'static' },
		{ name: 'Percent', value: 'percent' },
	],
	default: 'percent',
} satisfies INodeProperties;

const discountAmount = {
	displayName: 'Discount Amount',
	name: 'discountAmount',
	type: 'number',
	default: 0,
	description: 'Percent (0 to 100) or a fixed amount',
} satisfies INodeProperties;

const durationType = {
	displayName: 'Duration Type',
	name: 'durationType',
	type: 'options',
	options: [
		{ name: 'Days', value: 'days' },
		{ name: 'Hours', value: 'hours' },
		{ name: 'Lifetime', value: 'lifetime' },
		{ name: 'Months', value: 'months' },
		{ name: 'Once', value: 'once' },
		{ name: 'Years', value: 'years' },
	],
	default: 'once',
	description: 'How long a subscription keeps the discount',
} satisfies INodeProperties;

const metadata = {
	displayName: 'Metadata (JSON)',
	name: 'metadata',
	type: 'json',
	default: '{}',
	description: 'Your own key-value pairs, e.g. {"campaign": "spring"}',
} satisfies INodeProperties;

const optional: INodeProperties[] = [
	{
		displayName: 'Coupon Code',
		name: 'uuidCode',
		type: 'string',
		default: '',
		description:
			"The coupon's identifier (uuid_code): letters, digits, - and _. Partnero makes one when empty.",
	},
	{
		displayName: 'Duration Value',
		name: 'durationValue',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'For hours, days, months or years: how many',
	},
	{
		displayName: 'Expiration Date',
		name: 'expirationDate',
		type: 'dateTime',
		default: '',
		description: 'The last day the coupon can be redeemed',
	},
	metadata,
	{
		displayName: 'Redemption Limit',
		name: 'redemptionLimit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'How many times the coupon can be used in total',
	},
];

/** Version 1's form, kept so saved workflows keep their values; the core maps the old names. */
const oldDuration: INodeProperties = {
	displayName: 'Duration Type',
	name: 'durationType',
	type: 'options',
	options: [
		{ name: 'Forever', value: 'forever' },
		{ name: 'Limited', value: 'limited' },
		{ name: 'Once', value: 'once' },
	],
	default: 'once',
};
const oldCounts: INodeProperties[] = [
	{
		displayName: 'Duration Value',
		name: 'durationValue',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
	},
	{
		displayName: 'Redemption Limit',
		name: 'redemptionLimit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
	},
];
const version1: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		displayOptions: show(R, ['create'], V1),
	},
	{
		...discountType,
		options: [
			{ name: 'Fixed Amount', value: 'fixed' },
			{ name: 'Percent', value: 'percent' },
		],
		required: true,
		displayOptions: show(R, ['create'], V1),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['create'], V1),
		options: [oldDuration, ...oldCounts],
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['update'], V1),
		description: 'Partnero changes only the name of a coupon; the other fields are refused',
		options: [
			discountAmount,
			{
				...discountType,
				options: [
					{ name: 'Fixed Amount', value: 'fixed' },
					{ name: 'Percent', value: 'percent' },
				],
			},
			oldDuration,
			oldCounts[0],
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			oldCounts[1],
		],
	},
];

export const couponFields: INodeProperties[] = [
	idProperty(
		R,
		['get', 'update', 'delete'],
		'Coupon Code',
		'couponId',
		"The coupon's identifier (uuid_code), e.g. coupon_123",
	),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'The name customers see; Partnero uses the coupon code when empty',
		displayOptions: show(R, ['create'], V2),
	},
	{ ...discountType, required: true, displayOptions: show(R, ['create'], V2) },
	{ ...discountAmount, required: true, displayOptions: show(R, ['create']) },
	{ ...durationType, required: true, displayOptions: show(R, ['create'], V2) },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['create'], V2),
		options: optional,
	},
	...version1,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['update'], V2),
		description: 'Partnero changes only the name and metadata of a coupon, or records a redemption',
		options: [
			metadata,
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{
				displayName: 'Record a Redemption',
				name: 'redeem',
				type: 'boolean',
				default: false,
			},
			{
				displayName: 'Transaction Key',
				name: 'transactionKey',
				type: 'string',
				default: '',
				description: 'With a redemption: the transaction it belongs to, so a retry counts once',
			},
		],
	},
	...returnAllAndLimit(R, ['getAll']),
];
