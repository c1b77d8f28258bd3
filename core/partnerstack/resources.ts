import { ValidationError } from '../errors';

/** PartnerStack's documented page size range. */
export const PAGE_MIN = 1;
export const PAGE_MAX = 250;

/**
 * The resources the API offers, their path, which operations the v2 API has, and what create needs.
 * `update` uses PATCH. Deleting a deal archives it.
 */
export const PARTNERSTACK_RESOURCES = {
	partnership: {
		path: 'partnerships',
		ops: ['list', 'get', 'create', 'update'],
		required: ['email', 'group_key'],
	},
	customer: {
		path: 'customers',
		ops: ['list', 'get', 'create', 'update', 'delete'],
		required: ['email', 'partner_key'],
	},
	transaction: {
		path: 'transactions',
		ops: ['list', 'get', 'create', 'delete'],
		required: ['customer_key', 'amount'],
	},
	deal: {
		path: 'deals',
		ops: ['list', 'get', 'create', 'update', 'delete'],
		required: ['partner_key', 'name'],
	},
	lead: {
		path: 'leads',
		ops: ['list', 'get', 'create', 'update'],
		required: ['partner_key', 'email'],
	},
	action: { path: 'actions', ops: ['list', 'create'], required: ['customer_key', 'key'] },
	reward: { path: 'rewards', ops: ['list', 'create'], required: ['partner_key', 'amount'] },
	group: { path: 'groups', ops: ['list'], required: [] },
} as const satisfies Record<
	string,
	{ path: string; ops: readonly PartnerStackOperation[]; required: readonly string[] }
>;

export type PartnerStackResource = keyof typeof PARTNERSTACK_RESOURCES;
export type PartnerStackOperation = 'list' | 'get' | 'create' | 'update' | 'delete';
/** The operations one resource has, e.g. 'list' | 'create' for actions. */
export type PartnerStackResourceOperation<R extends PartnerStackResource> =
	(typeof PARTNERSTACK_RESOURCES)[R]['ops'][number];

interface ResourceSpec {
	path: string;
	ops: readonly PartnerStackOperation[];
	required: readonly string[];
}

export function resourceOf(resource: string): ResourceSpec {
	const found = Object.prototype.hasOwnProperty.call(PARTNERSTACK_RESOURCES, resource)
		? (PARTNERSTACK_RESOURCES as Record<string, ResourceSpec>)[resource]
		: undefined;
	if (!found) throw new ValidationError(`Unknown PartnerStack resource "${resource}".`, 'resource');
	return found;
}

/** The resource's path, or an error when the API has no such operation for it. */
export function checkOperation(resource: string, op: PartnerStackOperation): string {
	const r = resourceOf(resource);
	if (!r.ops.includes(op)) {
		throw new ValidationError(
			`PartnerStack has no "${op}" for ${resource}s (available: ${r.ops.join(', ')}).`,
			'operation',
		);
	}
	return r.path;
}
