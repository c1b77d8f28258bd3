import type { INodeProperties } from 'n8n-workflow';
import {
	SIGN_IN_URL_MAX_SECONDS,
	SIGN_IN_URL_MIN_SECONDS,
} from '../../../core/partnero/resources/partners';
import { idProperty, lookupOptions, operationProperty, returnAllAndLimit, show } from './shared';

const R = 'partner';

export const partnerOperations: INodeProperties[] = [
	operationProperty(
		R,
		[
			{
				name: 'Add Reward',
				value: 'addReward',
				description: 'Give a partner a one-off bonus',
				action: 'Add a reward to a partner',
			},
			{
				name: 'Archive',
				value: 'archive',
				description: 'Archive a partner',
				action: 'Archive a partner',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a partner',
				action: 'Create a partner',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a partner',
				action: 'Delete a partner',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a partner by ID, referral key or email',
				action: 'Get a partner',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the partners of the program',
				action: 'Get many partners',
			},
			{
				name: 'Get Referral Links',
				value: 'getReferralLinks',
				description: 'List the referral links of a partner',
				action: 'Get the referral links of a partner',
			},
			{
				name: 'Get Sign In URL',
				value: 'getSignInUrl',
				description: 'Get a one-time login link to the partner portal',
				action: 'Get a sign in URL for a partner',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find partners whose ID, key or email contains a text',
				action: 'Search partners',
			},
			{
				name: 'Unarchive',
				value: 'unarchive',
				description: 'Restore an archived partner',
				action: 'Unarchive a partner',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change a partner',
				action: 'Update a partner',
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
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		description: 'Comma-separated tag names',
	},
];

export const partnerFields: INodeProperties[] = [
	idProperty(
		R,
		['update', 'delete', 'archive', 'unarchive', 'addReward', 'getReferralLinks'],
		'Partner ID',
		'partnerId',
		'The partner ID (not the referral key); Get finds it from a key or email',
	),

	// get, search
	{
		displayName: 'Find By',
		name: 'lookupBy',
		type: 'options',
		options: lookupOptions,
		default: 'id',
		displayOptions: show(R, ['get', 'search']),
		description: 'Which identifier to match; Search matches part of it',
	},
	{
		displayName: 'Value',
		name: 'lookupValue',
		type: 'string',
		required: true,
		default: '',
		displayOptions: show(R, ['get', 'search']),
	},

	// getSignInUrl
	{
		displayName: 'Find By',
		name: 'signInBy',
		type: 'options',
		options: lookupOptions.filter((o) => o.value !== 'id'),
		default: 'key',
		displayOptions: show(R, ['getSignInUrl']),
	},
	{
		displayName: 'Value',
		name: 'signInValue',
		type: 'string',
		required: true,
		default: '',
		displayOptions: show(R, ['getSignInUrl']),
	},
	{
		displayName: 'Options',
		name: 'signInOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(R, ['getSignInUrl']),
		options: [
			{
				displayName: 'Expires In (Seconds)',
				name: 'expiresIn',
				type: 'number',
				typeOptions: { minValue: SIGN_IN_URL_MIN_SECONDS, maxValue: SIGN_IN_URL_MAX_SECONDS },
				default: 300,
				description: `How long the link works (${SIGN_IN_URL_MIN_SECONDS} to ${SIGN_IN_URL_MAX_SECONDS} seconds)`,
			},
		],
	},

	// create
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
		options: [
			...nameFields.filter((f) => f.name !== 'email'),
			{
				displayName: 'Partner ID',
				name: 'id',
				type: 'string',
				default: '',
				description: 'Your own ID for the partner; Partnero makes one up when empty',
			},
			{
				displayName: 'Password',
				name: 'password',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					'Portal password: at least 8 characters with a lower-case letter, an upper-case letter and a digit. Partnero makes one up when empty.',
			},
			{
				displayName: 'Referral Key',
				name: 'key',
				type: 'string',
				default: '',
				description: "The ?aff= value of the partner's links; Partnero makes one up when empty",
			},
			{
				displayName: 'Referring Partner Key',
				name: 'referringPartnerKey',
				type: 'string',
				default: '',
				description: 'The referral key of the partner who brought this one (sub-affiliates)',
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

	// addReward
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		required: true,
		default: 0,
		displayOptions: show(R, ['addReward']),
		description: 'The bonus, in the program currency',
	},
	{
		displayName: 'Additional Fields',
		name: 'rewardFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(R, ['addReward']),
		options: [
			{
				displayName: 'Date',
				name: 'date',
				type: 'dateTime',
				default: '',
				description: 'The day the reward counts for; today when empty',
			},
			{ displayName: 'Note', name: 'note', type: 'string', default: '' },
		],
	},

	...returnAllAndLimit(R, ['getAll', 'search', 'getReferralLinks']),
];
