/**
 * PartnerStack webhook events. PartnerStack documents two naming styles: v1 uses underscores
 * (`application_created`), v2 uses dots (`partnership.created`). Its v2 page was only partly readable and
 * no full list is public, so every entry says where it comes from:
 * - 'docs': named in PartnerStack's own webhook pages;
 * - 'third-party': used in third-party clients' examples, not in the docs seen;
 * - 'inferred': the same family as documented events (the Workato connector monitors Applications,
 *   Customers, Deals, Leads, Partnerships), unconfirmed.
 * Any other name can still be subscribed as a free-text "other event"; PartnerStack decides what it accepts.
 */

import { ValidationError } from '../errors';

export type PartnerStackEventSource = 'docs' | 'third-party' | 'inferred';

export interface PartnerStackEventInfo {
	name: PartnerStackEventName;
	/** 'v1' = underscore style, 'v2' = dot style. */
	version: 'v1' | 'v2';
	resource: string;
	description: string;
	source: PartnerStackEventSource;
}

function def(
	name: PartnerStackEventName,
	description: string,
	source: PartnerStackEventSource,
): PartnerStackEventInfo {
	const dot = name.indexOf('.');
	const version = dot === -1 ? 'v1' : 'v2';
	const resource = version === 'v2' ? name.slice(0, dot) : name.slice(0, name.lastIndexOf('_'));
	return { name, version, resource: resource.replace(/_group$/, ''), description, source };
}

/**
 * The catalogue, keyed by event name, so the known names are a type. PartnerStack publishes no full list
 * (see above), so the type covers what the catalogue knows, and subscriptions still take any other name.
 */
const CATALOGUE = {
	'agreement.accepted': ['A partner accepts an agreement', 'docs'],
	'partnership.created': ['A partnership is created (a partner joins a program)', 'docs'],
	'partnership.updated': [
		'A partnership changes (partner key or group changed through the API)',
		'docs',
	],
	'partnership.tags_updated': ['The tags of a partnership change', 'docs'],
	'customer.created': ['A customer is created', 'third-party'],
	'customer.updated': ['A customer is updated', 'inferred'],
	'customer.deleted': ['A customer is deleted (archived)', 'inferred'],
	'deal.created': ['A deal is created', 'third-party'],
	'deal.updated': ['A deal is updated', 'inferred'],
	'transaction.created': ['A transaction is recorded', 'third-party'],
	'transaction.deleted': ['A transaction is deleted', 'inferred'],
	'lead.created': ['A lead is created', 'inferred'],
	'lead.updated': ['A lead is updated', 'inferred'],
	application_created: ['A partner application is created (v1)', 'docs'],
	application_approved: ['A partner application is approved (v1)', 'docs'],
	application_declined: ['A partner application is declined (v1)', 'docs'],
	partnership_created: ['A partnership is created (v1)', 'docs'],
	partnership_updated: ['A partnership is updated (v1)', 'docs'],
	partnership_deleted: ['A partnership is deleted (v1)', 'docs'],
	partnership_group_updated: ['A partnership moves to another group (v1)', 'docs'],
	customer_created: ['A customer is created (v1)', 'docs'],
	customer_updated: ['A customer is updated (v1)', 'docs'],
	customer_deleted: ['A customer is deleted, i.e. archived (v1)', 'docs'],
} as const satisfies Record<string, readonly [string, PartnerStackEventSource]>;

/** An event name the catalogue knows. */
export type PartnerStackEventName = keyof typeof CATALOGUE;

export const PARTNERSTACK_EVENTS: readonly PartnerStackEventInfo[] = Object.freeze(
	(Object.keys(CATALOGUE) as PartnerStackEventName[]).map((name) => {
		const [description, source]: readonly [string, PartnerStackEventSource] = CATALOGUE[name];
		return def(name, description, source);
	}),
);

export const PARTNERSTACK_EVENT_NAMES: readonly PartnerStackEventName[] = Object.freeze(
	PARTNERSTACK_EVENTS.map((e) => e.name),
);

const KNOWN: ReadonlySet<string> = new Set(PARTNERSTACK_EVENT_NAMES);

export function isKnownPartnerStackEvent(name: string): name is PartnerStackEventName {
	return KNOWN.has(name);
}

/**
 * The form event names are compared in. PartnerStack writes one event in two styles: a v2 subscription to
 * `partnership.created` receives bodies whose `event` is `partnership_created` (the v2 guide's own sample),
 * so a filter comparing spellings would drop real deliveries.
 */
export function normalisePartnerStackEvent(name: string): string {
	return name.trim().toLowerCase().replace(/_/g, '.');
}

/** PartnerStack event names are lowercase words joined by '.' or '_'. */
const EVENT_NAME = /^[a-z][a-z0-9]*(?:[._][a-z0-9]+)+$/;

/**
 * The events to subscribe: chosen catalogue names plus free-text "other events" (comma or newline
 * separated), trimmed and de-duplicated. Throws naming a malformed entry; PartnerStack has no "all events".
 */
export function partnerStackEventList(chosen: readonly string[], other = ''): string[] {
	const extra = other
		.split(/[\n,]/)
		.map((e) => e.trim())
		.filter(Boolean);
	const out: string[] = [];
	for (const name of [...chosen.map((e) => e.trim()).filter(Boolean), ...extra]) {
		if (!EVENT_NAME.test(name)) {
			throw new ValidationError(
				`"${name}" is not a PartnerStack event name. Names look like partnership.created or customer_created.`,
			);
		}
		if (!out.includes(name)) out.push(name);
	}
	if (out.length === 0) {
		throw new ValidationError(
			'Choose at least one PartnerStack event (or type one under Other Events); PartnerStack has no "all events" subscription.',
		);
	}
	return out;
}
