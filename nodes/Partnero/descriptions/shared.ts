import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

export const show = (
	resource: string,
	operation: string[],
	extra: Record<string, unknown[]> = {},
) => ({
	show: { resource: [resource], operation, ...extra },
});

/**
 * Node versions: 2 sends the documented coupon, promotion-code and lead shapes with a form to match;
 * version 1 keeps the old form so workflows saved with it keep their values (the core maps them).
 */
export const V1 = { '@version': [1] };
export const V2 = { '@version': [2] };

export function operationProperty(
	resource: string,
	options: INodePropertyOptions[],
	fallback: string,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: fallback,
	};
}

/** A required identifier shown for the operations that address one record. */
export function idProperty(
	resource: string,
	operations: string[],
	displayName: string,
	name: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		required: true,
		default: '',
		displayOptions: show(resource, operations),
		description,
	};
}

/** n8n's Return All / Limit pair; Partnero pages have no totals, so Limit also stops paging early. */
export function returnAllAndLimit(resource: string, operations: string[]): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			displayOptions: show(resource, operations),
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			displayOptions: show(resource, operations, { returnAll: [false] }),
			description: 'Max number of results to return',
		},
	];
}

/** The partner list from the account, for attribution: shows name and email, sends the referral key. */
export const partnerKeyProperty = {
	displayName: 'Partner Name or ID',
	name: 'partnerKey',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getPartners' },
	default: '',
	description:
		'The referring partner; the referral key (the ?aff= value) is sent. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
} satisfies INodeProperties;

export const lookupOptions: INodePropertyOptions[] = [
	{ name: 'Email', value: 'email' },
	{ name: 'ID', value: 'id' },
	{ name: 'Referral Key', value: 'key' },
];
