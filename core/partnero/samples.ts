/**
 * Deterministic sample deliveries for every catalogue event, for editor previews, tests and the simulator.
 * Several carry URLs and non-ASCII names on purpose: PHP escapes those ('\/', '\u00eb'), which is exactly
 * where receivers that re-serialise the body break their signature check.
 */
import { isPartneroEvent, PARTNERO_EVENT_NAMES } from './events';
import type { PartneroEnvelope, PartneroEventName, PartneroWebhook } from './types';

const SAMPLE_URL = 'https://example.com/webhooks/partnero';
const SAMPLE_WEBHOOK_ID = 'wh_sample_4f2a9c';
const SAMPLE_CREATED_AT = '2025-01-15T10:30:00.000000Z';

const partner = {
	id: 'partner_abc123',
	key: 'zoe-muller',
	email: 'zoe.muller@example.com',
	name: 'Zoë',
	surname: 'Müller',
	status: 'active',
	approved: true,
	referral_link: 'https://example.com/?aff=zoe-muller',
	tags: [{ value: 'influencer' }],
	custom_fields: {},
	created_at: '2025-01-15T10:29:58.000000Z',
	updated_at: '2025-01-15T10:29:58.000000Z',
};

const partnerRef = { id: 'partner_abc123', key: 'zoe-muller', email: 'zoe.muller@example.com' };

const customer = {
	key: 'cust_456',
	email: 'jan.kowalski@example.com',
	name: 'Jan',
	surname: 'Kowalski',
	status: 'active',
	partner: partnerRef,
	deleted: false,
	tags: [],
	created_at: '2025-01-15T10:12:00.000000Z',
	updated_at: '2025-01-15T10:12:00.000000Z',
	deleted_at: null,
};

const referralCustomer = {
	id: 'cust_789',
	key: 'cust_789',
	email: 'ines.garcia@example.com',
	name: 'Inés',
	surname: 'García',
	status: 'active',
	referring_customer: { id: 'cust_321', key: 'cust_321' },
	created_at: '2025-01-15T10:05:00.000000Z',
	updated_at: '2025-01-15T10:05:00.000000Z',
};

const transaction = {
	key: 'txn_123',
	amount: 99.99,
	currency: 'USD',
	amount_units: 'usd',
	is_currency: true,
	action: 'sale',
	product_id: 'plan_pro',
	product_type: 'subscription',
	customer: { id: 'cust_456', key: 'cust_456', email: 'jan.kowalski@example.com' },
	partner: partnerRef,
	reward: { amount: 19.99, currency: 'USD' },
	created_at: '2025-01-15T10:29:00.000000Z',
	deleted_at: null,
};

const reward = {
	id: 'reward_789',
	amount: 19.99,
	currency: 'USD',
	status: 'pending',
	partner: { id: 'partner_abc123', email: 'zoe.muller@example.com' },
	transaction_key: 'txn_123',
	created_at: '2025-01-15T10:29:01.000000Z',
};

const lead = {
	id: 44,
	name: 'Ana Souza',
	email: 'ana.souza@example.com',
	status: 'pending',
	partner: partnerRef,
	created_at: '2025-01-15T10:20:00.000000Z',
};

const subscriber = {
	id: 'sub_2048',
	key: 'sub_2048',
	email: 'reader@example.com',
	name: 'Chloé',
	status: 'active',
	referral_link: 'https://example.com/newsletter?ref=sub_2048',
	referrals_count: 3,
	created_at: '2025-01-15T10:25:00.000000Z',
};

export const PARTNERO_SAMPLE_DATA: Record<PartneroEventName, Record<string, unknown>> = {
	'partner.created': { ...partner, status: 'pending', approved: false },
	'partner.updated': { ...partner, surname: 'Müller-Schmidt', updated_at: SAMPLE_CREATED_AT },
	'partner.deleted': { ...partner, status: 'deleted' },
	'partner.approved': { ...partner, status: 'active', approved: true },
	'partner.rejected': { ...partner, status: 'rejected', approved: false },
	'partner.archived': { ...partner, status: 'archived' },
	'customer.created': customer,
	'customer.updated': { ...customer, email: 'jan.k@example.com', updated_at: SAMPLE_CREATED_AT },
	'customer.deleted': { ...customer, deleted: true, deleted_at: SAMPLE_CREATED_AT },
	'customer.credited': {
		...referralCustomer,
		credit: { amount: 10, amount_units: 'usd', is_currency: true },
	},
	'customer.rewarded': {
		...referralCustomer,
		reward: { amount: 5, amount_units: 'usd', is_currency: true },
	},
	'transaction.created': transaction,
	'transaction.updated': {
		...transaction,
		amount: 89.99,
		reward: { amount: 17.99, currency: 'USD' },
	},
	'transaction.deleted': { ...transaction, deleted_at: SAMPLE_CREATED_AT },
	'reward.created': reward,
	'reward.approved': { ...reward, status: 'approved', approved_at: '2025-01-20T09:00:00.000000Z' },
	'reward.paid': { ...reward, status: 'paid', paid_at: '2025-02-01T12:00:00.000000Z' },
	'lead.submitted': lead,
	'lead.converted': { ...lead, status: 'converted', commission_transaction_amount: 100 },
	'lead.rejected': { ...lead, status: 'rejected' },
	'subscriber.created': subscriber,
	'subscriber.updated': { ...subscriber, name: 'Chloé Martin' },
	'subscriber.deleted': { ...subscriber, status: 'deleted' },
	'subscriber.rewarded': {
		...subscriber,
		reward: { name: '1 month free', fulfillment_type: 'url_link' },
	},
};

export interface PartneroSampleOverrides {
	url?: string;
	webhookKey?: string;
	createdAt?: string;
	/** Shallow-merged over the sample data. */
	data?: Record<string, unknown>;
}

/** A realistic envelope for a catalogue event. Returns a fresh copy each call, so callers may mutate it. */
export function partneroSample(
	event: string,
	overrides: PartneroSampleOverrides = {},
): PartneroEnvelope {
	const data = isPartneroEvent(event) ? PARTNERO_SAMPLE_DATA[event] : undefined;
	if (!isPartneroEvent(event) || !data) {
		throw new Error(
			`No Partnero sample for event "${event}". Known events: ${PARTNERO_EVENT_NAMES.join(', ')}`,
		);
	}
	const copy = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
	return {
		event,
		url: overrides.url ?? SAMPLE_URL,
		webhook_key: overrides.webhookKey ?? SAMPLE_WEBHOOK_ID,
		created_at: overrides.createdAt ?? SAMPLE_CREATED_AT,
		data: { ...copy, ...overrides.data } as PartneroEnvelope['data'],
	};
}

/**
 * A webhook subscription as Partnero's management API returns it, for editor previews and tests. `signature`
 * (the signing secret) is part of the API answer; the nodes strip it before anything reaches their output.
 */
export function partneroWebhookSample(): PartneroWebhook {
	return {
		key: SAMPLE_WEBHOOK_ID,
		name: 'n8n: New partner to Slack',
		url: SAMPLE_URL,
		is_active: true,
		signature: 'not-a-real-signing-secret',
		events: ['partner.created', 'partner.approved'],
	};
}
