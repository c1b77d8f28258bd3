import { ValidationError } from '../errors';

/** PartnerStack's documented page size range. */
export const PAGE_MIN = 1;
export const PAGE_MAX = 250;

/**
 * The resources the API offers, their path, which operations the v2 API has, and what create needs.
 * `update` uses PATCH. Deleting a deal archives it. Required fields follow the v2 reference
 * (docs.partnerstack.com/reference/…); rules beyond "required" (one customer reference of three, a v2
 * action body) live in bodies.ts.
 */
export const PARTNERSTACK_RESOURCES = {
	partnership: {
		path: 'partnerships',
		ops: ['list', 'get', 'create', 'update'],
		// post_partnerships-1: only the email; without group_key the partner joins the default group.
		required: ['email'],
	},
	customer: {
		path: 'customers',
		ops: ['list', 'get', 'create', 'update', 'delete'],
		required: ['email', 'partner_key'],
	},
	transaction: {
		path: 'transactions',
		ops: ['list', 'get', 'create', 'delete'],
		// post_v2-transactions: plus exactly one of customer_key, customer_external_key, customer_email.
		required: ['amount', 'currency'],
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
	action: {
		path: 'actions',
		ops: ['list', 'create'],
		// post_v2-actions-1 (v2); customer_key + key was the v1 body.
		required: ['target_key', 'target_type', 'type', 'value'],
	},
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
