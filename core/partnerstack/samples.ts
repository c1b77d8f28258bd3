/**
 * Deterministic sample deliveries for every catalogue event: flat objects carrying `event`, timestamps in
 * epoch milliseconds, amounts in cents, as PartnerStack's v1 payload pages show them. Fields beyond the
 * documented application and customer samples are illustrative.
 */
import { PARTNERSTACK_EVENTS } from './events';

/** 2025-01-15T10:30:00Z in epoch milliseconds. */
export const SAMPLE_TIME_MS = 1736937000000;

export interface PartnerStackSampleOverrides {
	/** Fields merged over the sample (after the defaults, before `event`). */
	data?: Record<string, unknown>;
	/** Sets created_at and updated_at. */
	timeMs?: number;
}

const group = { key: 'grup_top_sellers', name: 'Top Sellers', slug: 'topsellers' };

function base(resource: string): Record<string, unknown> {
	switch (resource) {
		case 'application':
			return {
				key: 'appl_john_smith',
				partnership_key: 'part_john_smith',
				partner_key: 'johnsmith354',
				mold_key: 'mold_partner_form',
				group_name: group.name,
				group_slug: group.slug,
				group,
				content: {
					first_name: 'John',
					last_name: 'Smith',
					email: 'john.smith@example.com',
					business_name: 'Team John Smith',
				},
				approved: null,
				decline_reason: '',
				archived: false,
				meta: {},
			};
		case 'partnership':
			return {
				key: 'part_john_smith',
				partner_key: 'johnsmith354',
				email: 'john.smith@example.com',
				first_name: 'John',
				last_name: 'Smith',
				group,
				tags: ['influencer'],
				approved: true,
			};
		case 'agreement':
			return {
				key: 'agmt_john_smith',
				approved: true,
				team_member: {
					key: 'tmem_john_smith',
					email: 'john.smith@example.com',
					first_name: 'John',
					last_name: 'Smith',
				},
				team: { key: 'team_john_smith', name: 'Team John Smith' },
				group: { ...group, features: {} },
			};
		case 'customer':
			return {
				id: 'cust_0001',
				key: 'cust_acme_co',
				customer_key: 'acme-co',
				email: 'billing@acme.example',
				name: 'Acme Co',
				partner_key: 'johnsmith354',
				archived: false,
			};
		case 'deal':
			return {
				key: 'deal_acme_expansion',
				name: 'Acme Co expansion',
				partner_key: 'johnsmith354',
				amount: 1250000,
				currency: 'USD',
				stage: 'qualified',
			};
		case 'transaction':
			return {
				key: 'tran_acme_0001',
				customer_key: 'acme-co',
				partner_key: 'johnsmith354',
				amount: 4900,
				currency: 'USD',
				category: 'subscription',
				product_key: 'pro-monthly',
			};
		case 'lead':
			return {
				key: 'lead_jane_doe',
				partner_key: 'johnsmith354',
				email: 'jane.doe@prospect.example',
				name: 'Jane Doe',
				company: 'Prospect Ltd',
				status: 'open',
			};
		default:
			return { key: `${resource.slice(0, 4)}_sample` };
	}
}

/** A flat sample payload for `event` (any name: unknown ones get a minimal body). */
export function partnerStackSample(
	event: string,
	o: PartnerStackSampleOverrides = {},
): Record<string, unknown> {
	const info = PARTNERSTACK_EVENTS.find((e) => e.name === event);
	const resource = info?.resource ?? event.split(/[._]/)[0];
	const timeMs = o.timeMs ?? SAMPLE_TIME_MS;
	const archived = /deleted$/.test(event) ? { archived: true } : {};
	return {
		...base(resource),
		...archived,
		created_at: timeMs,
		updated_at: timeMs,
		...o.data,
		event,
	};
}
