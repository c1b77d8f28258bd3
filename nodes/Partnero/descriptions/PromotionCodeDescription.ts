import type { INodeProperties } from 'n8n-workflow';
import { V1, V2, idProperty, operationProperty, returnAllAndLimit, show } from './shared';

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
				description: 'Get a promotion code by its code',
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
	description:
		'More of Partnero\'s restriction fields, sent at the top level, e.g. {"minimum_order_status": true, "minimum_order_value": 50}',
} satisfies INodeProperties;

const metadata = {
	displayName: 'Metadata (JSON)',
	name: 'metadata',
	type: 'json',
	default: '{}',
	description: 'Your own key-value pairs, e.g. {"campaign": "spring"}',
} satisfies INodeProperties;

/** Version 1's form, kept so saved workflows keep their values. */
const version1: INodeProperties[] = [
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'SPRING10',
		displayOptions: show(R, ['create'], V1),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['create'], V1),
		options: [restrictions],
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['update'], V1),
		options: [
			{ displayName: 'Code', name: 'code', type: 'string', default: '' },
			{ displayName: 'Coupon ID', name: 'couponId', type: 'string', default: '' },
			restrictions,
		],
	},
];

export const promotionCodeFields: INodeProperties[] = [
	idProperty(
		R,
		['get', 'update', 'delete'],
		'Promotion Code',
		'promotionCodeId',
		'The code itself, e.g. SPRING10',
	),
	{
		displayName: 'Coupon Name or ID',
		name: 'couponId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getCoupons' },
		required: true,
		default: '',
		displayOptions: show(R, ['create', 'delete']),
		description:
			'The coupon the code belongs to (its uuid_code). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		default: '',
		placeholder: 'SPRING10',
		description: 'Letters, digits, - and _; Partnero makes one when empty',
		displayOptions: show(R, ['create'], V2),
	},
	...version1,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['create'], V2),
		options: [
			{
				displayName: 'Expiration Date',
				name: 'expirationDate',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'First Order Only',
				name: 'firstTimeOrder',
				type: 'boolean',
				default: false,
				description: 'Whether only customers who never bought before can use the code',
			},
			metadata,
			{
				displayName: 'Minimum Order Value',
				name: 'minimumOrderValue',
				type: 'number',
				default: 0,
			},
			{
				displayName: 'Redemption Limit',
				name: 'redemptionLimit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
			},
			restrictions,
		],
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['update'], V2),
		options: [
			metadata,
			{
				displayName: 'Record a Redemption',
				name: 'redeem',
				type: 'boolean',
				default: false,
			},
			restrictions,
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
