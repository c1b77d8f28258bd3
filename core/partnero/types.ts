/**
 * Shapes of Partnero webhook deliveries. Partnero publishes no per-event schema, so these list the
 * fields its docs and examples show; everything is passed through untouched, hence the index signatures.
 */

/** A partner/customer reference inside another resource: an id string in some payloads, an object in others. */
export interface PartneroRef {
	id?: string;
	key?: string;
	email?: string;
	[extra: string]: unknown;
}

export interface PartnerData {
	id: string;
	key?: string;
	email?: string;
	name?: string;
	surname?: string;
	status?: string;
	approved?: boolean;
	referral_link?: string;
	referral_links?: unknown[];
	tags?: unknown[];
	custom_fields?: Record<string, unknown>;
	metadata?: Record<string, unknown>;
	created_at?: string;
	updated_at?: string;
	[extra: string]: unknown;
}

export interface CustomerData {
	key?: string;
	id?: string;
	email?: string;
	name?: string;
	surname?: string;
	status?: string;
	partner?: string | PartneroRef;
	referring_customer?: PartneroRef;
	deleted?: boolean;
	tags?: unknown[];
	created_at?: string;
	updated_at?: string;
	deleted_at?: string | null;
	[extra: string]: unknown;
}

export interface TransactionData {
	key: string;
	amount?: number;
	currency?: string;
	amount_units?: string;
	is_currency?: boolean;
	action?: string;
	product_id?: string;
	product_type?: string;
	customer?: PartneroRef;
	partner?: string | PartneroRef;
	reward?: { amount?: number; currency?: string; [extra: string]: unknown };
	rewards?: Array<Record<string, unknown>>;
	created_at?: string;
	deleted_at?: string | null;
	[extra: string]: unknown;
}

export interface RewardData {
	id: string;
	amount?: number;
	currency?: string;
	status?: string;
	partner?: PartneroRef;
	transaction_key?: string;
	created_at?: string;
	approved_at?: string;
	paid_at?: string;
	[extra: string]: unknown;
}

/**
 * A lead as the API answers it (docs.partnero.com/api-reference/leads/create, …/get): the person in
 * lead_info, the partner in submitter. Lead webhook payloads are not documented field by field.
 */
export interface LeadData {
	/** The lead's numeric id. */
	id: number | string;
	/** submitted, converted or rejected. */
	status?: string;
	lead_info?: { name?: string; email?: string; [extra: string]: unknown };
	submitter?: { id?: string; name?: string; email?: string; [extra: string]: unknown };
	converted_to?: { key?: string; name?: string; email?: string; [extra: string]: unknown } | null;
	submission_form?: Array<{ question?: string; answer?: unknown }>;
	can_be_converted?: boolean;
	can_be_rejected?: boolean;
	created_at?: string;
	[extra: string]: unknown;
}

export interface SubscriberData {
	id?: string;
	key?: string;
	email?: string;
	name?: string;
	status?: string;
	referral_link?: string;
	referrals_count?: number;
	created_at?: string;
	[extra: string]: unknown;
}

export type PartneroEventData =
	| PartnerData
	| CustomerData
	| TransactionData
	| RewardData
	| LeadData
	| SubscriberData;

export interface PartneroEventDataMap {
	'partner.created': PartnerData;
	'partner.updated': PartnerData;
	'partner.deleted': PartnerData;
	'partner.approved': PartnerData;
	'partner.rejected': PartnerData;
	'partner.archived': PartnerData;
	'customer.created': CustomerData;
	'customer.updated': CustomerData;
	'customer.deleted': CustomerData;
	'customer.credited': CustomerData;
	'customer.rewarded': CustomerData;
	'transaction.created': TransactionData;
	'transaction.updated': TransactionData;
	'transaction.deleted': TransactionData;
	'reward.created': RewardData;
	'reward.approved': RewardData;
	'reward.paid': RewardData;
	'lead.submitted': LeadData;
	'lead.converted': LeadData;
	'lead.rejected': LeadData;
	'subscriber.created': SubscriberData;
	'subscriber.updated': SubscriberData;
	'subscriber.deleted': SubscriberData;
	'subscriber.rewarded': SubscriberData;
}

/** Every Partnero event name: the catalogue in events.ts is checked against this map. */
export type PartneroEventName = keyof PartneroEventDataMap;

/**
 * The body of every Partnero delivery, typed by its event: `data` is that event's payload.
 * `created_at` is ISO 8601 with microseconds, e.g. 2025-01-15T10:30:00.000000Z.
 */
export interface PartneroEnvelope<
	E extends PartneroEventName = PartneroEventName,
	T = PartneroEventDataMap[E],
> {
	event: E;
	url: string;
	webhook_key: string;
	created_at: string;
	data: T;
}

/** A webhook as the management API returns it. `signature` is the signing secret: never log it. */
export interface PartneroWebhook {
	key: string;
	name: string;
	url: string;
	is_active: boolean;
	signature: string;
	events: string[];
}
