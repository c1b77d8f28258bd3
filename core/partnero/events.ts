/**
 * Partnero webhook events: the union of every event any Partnero source documents (the API overview,
 * the outgoing-webhooks guide and Partnero's own n8n trigger disagree), tagged with the program types
 * that offer them. Partnero rejects events a program does not support when the webhook is created.
 *
 * Program types follow Partnero's trigger notice: affiliate programs have partner, customer, transaction
 * and lead events; refer-a-friend programs have customer and transaction events; newsletter programs have
 * subscriber events. Two judgement calls:
 * - reward.* appear only in the outgoing-webhooks guide, whose examples carry a partner and a commission,
 *   so they are listed for affiliate programs only.
 * - customer.credited / customer.rewarded concern the customer balance, which only refer-a-friend
 *   programs have, so affiliate programs get the plain customer lifecycle events.
 */

import { ValidationError } from '../errors';
import { ALL_EVENTS } from '../event-filter';
import type { PartneroEventName } from './types';

export type { PartneroEventName } from './types';

export type PartneroProgramType = 'affiliate' | 'refer-a-friend' | 'newsletter';

export type PartneroResource =
	| 'partner'
	| 'customer'
	| 'transaction'
	| 'reward'
	| 'lead'
	| 'subscriber';

export interface PartneroEventInfo {
	name: PartneroEventName;
	resource: PartneroResource;
	description: string;
	programTypes: PartneroProgramType[];
}

/** Selecting ALL_EVENTS (or nothing) means every event; the rule is the receiver's, for every vendor. */
export { ALL_EVENTS, eventSelected } from '../event-filter';

const AFFILIATE: PartneroProgramType[] = ['affiliate'];
const BOTH: PartneroProgramType[] = ['affiliate', 'refer-a-friend'];
const REFERRAL: PartneroProgramType[] = ['refer-a-friend'];
const NEWSLETTER: PartneroProgramType[] = ['newsletter'];

function def(
	name: PartneroEventName,
	description: string,
	programTypes: PartneroProgramType[],
): PartneroEventInfo {
	const resource = name.slice(0, name.indexOf('.')) as PartneroResource;
	return { name, resource, description, programTypes: [...programTypes] };
}

/** The catalogue, keyed by event name; `satisfies` makes it list exactly the events of PartneroEventDataMap. */
const CATALOGUE = {
	'partner.created': ['A new partner signs up or is created manually', AFFILIATE],
	'partner.updated': ['Partner details are updated', AFFILIATE],
	'partner.deleted': ['A partner is deleted', AFFILIATE],
	'partner.approved': ['A partner application is approved', AFFILIATE],
	'partner.rejected': ['A partner application is rejected', AFFILIATE],
	'partner.archived': ['A partner is archived', AFFILIATE],
	'customer.created': ['A new customer is created', BOTH],
	'customer.updated': ['Customer details are updated', BOTH],
	'customer.deleted': ['A customer is deleted', BOTH],
	'customer.credited': ['Credit is added to a customer balance', REFERRAL],
	'customer.rewarded': ['A customer receives a referral reward', REFERRAL],
	'transaction.created': ['A new transaction is recorded', BOTH],
	'transaction.updated': ['A transaction is updated', BOTH],
	'transaction.deleted': ['A transaction is deleted, for example on a refund', BOTH],
	'reward.created': ['A commission or reward is created', AFFILIATE],
	'reward.approved': ['A reward is approved for payout', AFFILIATE],
	'reward.paid': ['A reward is marked as paid', AFFILIATE],
	'lead.submitted': ['A partner submits a new lead', AFFILIATE],
	'lead.converted': ['A lead is converted into a customer', AFFILIATE],
	'lead.rejected': ['A lead is rejected', AFFILIATE],
	'subscriber.created': ['A new newsletter subscriber signs up', NEWSLETTER],
	'subscriber.updated': ['Subscriber details are updated', NEWSLETTER],
	'subscriber.deleted': ['A subscriber is deleted', NEWSLETTER],
	'subscriber.rewarded': ['A subscriber earns a referral reward', NEWSLETTER],
} satisfies Record<PartneroEventName, readonly [string, PartneroProgramType[]]>;

export const PARTNERO_EVENTS: readonly PartneroEventInfo[] = Object.freeze(
	(Object.keys(CATALOGUE) as PartneroEventName[]).map((name) => def(name, ...CATALOGUE[name])),
);

export const PARTNERO_EVENT_NAMES: readonly PartneroEventName[] = Object.freeze(
	PARTNERO_EVENTS.map((e) => e.name),
);

const KNOWN: ReadonlySet<string> = new Set(PARTNERO_EVENT_NAMES);

export function isPartneroEvent(name: string): name is PartneroEventName {
	return KNOWN.has(name);
}

export function partneroEventsFor(programType: PartneroProgramType): PartneroEventInfo[] {
	return PARTNERO_EVENTS.filter((e) => e.programTypes.includes(programType));
}

/**
 * The event names to subscribe for a selection. Partnero wants names and refuses events its program type
 * lacks, so "all" (nothing chosen, or '*') becomes every catalogue event of the key's program type.
 */
export async function partneroSubscription(
	selected: readonly string[],
	programType: () => Promise<PartneroProgramType>,
): Promise<string[]> {
	if (selected.length > 0 && !selected.includes(ALL_EVENTS)) return [...selected];
	return partneroEventsFor(await programType()).map((e) => e.name);
}

/**
 * Event names from a list or a comma-separated text (what a form or a flow message sends), trimmed;
 * undefined when none is given.
 */
export function partneroEventList(value: unknown): string[] | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const list = typeof value === 'string' ? value.split(',') : value;
	if (!Array.isArray(list) || list.some((e) => typeof e !== 'string')) {
		throw new ValidationError(
			'Events must be a list of event names (or a comma-separated string) such as partner.created.',
			'events',
		);
	}
	const events = (list as string[]).map((e) => e.trim()).filter(Boolean);
	return events.length ? events : undefined;
}
