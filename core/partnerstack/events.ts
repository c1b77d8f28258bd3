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
	name: string;
	/** 'v1' = underscore style, 'v2' = dot style. */
	version: 'v1' | 'v2';
	resource: string;
	description: string;
	source: PartnerStackEventSource;
}

function def(name: string, description: string, source: PartnerStackEventSource): PartnerStackEventInfo {
	const dot = name.indexOf('.');
	const version = dot === -1 ? 'v1' : 'v2';
	const resource = version === 'v2' ? name.slice(0, dot) : name.slice(0, name.lastIndexOf('_'));
	return { name, version, resource: resource.replace(/_group$/, ''), description, source };
}

export const PARTNERSTACK_EVENTS: readonly PartnerStackEventInfo[] = Object.freeze([
	def('agreement.accepted', 'A partner accepts an agreement', 'docs'),
	def('partnership.created', 'A partnership is created (a partner joins a program)', 'docs'),
	def('partnership.updated', 'A partnership changes (partner key or group changed through the API)', 'docs'),
	def('partnership.tags_updated', 'The tags of a partnership change', 'docs'),
	def('customer.created', 'A customer is created', 'third-party'),
	def('customer.updated', 'A customer is updated', 'inferred'),
	def('customer.deleted', 'A customer is deleted (archived)', 'inferred'),
	def('deal.created', 'A deal is created', 'third-party'),
	def('deal.updated', 'A deal is updated', 'inferred'),
	def('transaction.created', 'A transaction is recorded', 'third-party'),
	def('transaction.deleted', 'A transaction is deleted', 'inferred'),
	def('lead.created', 'A lead is created', 'inferred'),
	def('lead.updated', 'A lead is updated', 'inferred'),
	def('application_created', 'A partner application is created (v1)', 'docs'),
	def('application_approved', 'A partner application is approved (v1)', 'docs'),
	def('application_declined', 'A partner application is declined (v1)', 'docs'),
	def('partnership_created', 'A partnership is created (v1)', 'docs'),
	def('partnership_updated', 'A partnership is updated (v1)', 'docs'),
	def('partnership_deleted', 'A partnership is deleted (v1)', 'docs'),
	def('partnership_group_updated', 'A partnership moves to another group (v1)', 'docs'),
	def('customer_created', 'A customer is created (v1)', 'docs'),
	def('customer_updated', 'A customer is updated (v1)', 'docs'),
	def('customer_deleted', 'A customer is deleted, i.e. archived (v1)', 'docs'),
]);

export const PARTNERSTACK_EVENT_NAMES: readonly string[] = Object.freeze(PARTNERSTACK_EVENTS.map((e) => e.name));

const KNOWN = new Set(PARTNERSTACK_EVENT_NAMES);

export function isKnownPartnerStackEvent(name: string): boolean {
	return KNOWN.has(name);
}

/** PartnerStack event names are lowercase words joined by '.' or '_'. */
const EVENT_NAME = /^[a-z][a-z0-9]*(?:[._][a-z0-9]+)+$/;

/**
 * The events to subscribe: chosen catalogue names plus free-text "other events" (comma or newline
 * separated), trimmed and de-duplicated. Throws naming a malformed entry; PartnerStack has no "all events".
 */
export function partnerStackEventList(chosen: readonly string[], other = ''): string[] {
	const extra = other.split(/[\n,]/).map((e) => e.trim()).filter(Boolean);
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
		throw new ValidationError('Choose at least one PartnerStack event (or type one under Other Events); PartnerStack has no "all events" subscription.');
	}
	return out;
}
