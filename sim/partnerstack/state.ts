import { randomBytes } from 'node:crypto';
import type { ApiCallRecord, Fault } from '../state';

export type WebhookField = 'target' | 'target_url';

export interface PsDeliveryAttempt {
	webhookKey: string;
	event: string;
	url: string;
	status?: number;
	error?: string;
	body: string;
	headers: Record<string, string>;
	at: string;
}

export interface PsWebhook {
	key: string;
	events: string[];
	created_at: number;
	updated_at: number;
	/** Stored under the field name the API accepted. */
	[field: string]: unknown;
}

export const RESOURCES = [
	'partnerships',
	'customers',
	'transactions',
	'deals',
	'leads',
	'actions',
	'rewards',
	'groups',
] as const;
/** Which resources can be read, changed or deleted by key (as the client's table says). */
export const BY_KEY: Record<string, string[]> = {
	partnerships: ['GET', 'PATCH'],
	customers: ['GET', 'PATCH', 'DELETE'],
	transactions: ['GET', 'DELETE'],
	deals: ['GET', 'PATCH', 'DELETE'],
	leads: ['GET', 'PATCH'],
	webhooks: ['GET', 'DELETE'],
};
/**
 * Required create fields, as the v2 reference pages list them (docs.partnerstack.com/reference/
 * post_partnerships-1, post_v2-transactions, post_v2-actions-1); the cross-field rules are in rules.ts.
 */
export const REQUIRED: Record<string, string[]> = {
	partnerships: ['email'],
	customers: ['email', 'partner_key'],
	transactions: ['amount', 'currency'],
	deals: ['partner_key', 'name'],
	leads: ['partner_key', 'email'],
	actions: ['target_key', 'target_type', 'type', 'value'],
	rewards: ['partner_key', 'amount'],
};
const PREFIX: Record<string, string> = {
	partnerships: 'part',
	customers: 'cust',
	transactions: 'tran',
	deals: 'deal',
	leads: 'lead',
	actions: 'actn',
	rewards: 'rwrd',
	groups: 'grup',
	webhooks: 'whk',
};

export function newKey(resource: string): string {
	return `${PREFIX[resource] ?? 'obj'}_${randomBytes(9).toString('base64url')}`;
}

/** Everything the simulated PartnerStack account holds, and the switches a test turns. */
export class PsState {
	readonly store = new Map<string, Array<Record<string, unknown>>>();
	attempts: PsDeliveryAttempt[] = [];
	calls: ApiCallRecord[] = [];
	faults: Fault[] = [];
	brokenPaging = false;

	constructor(
		public webhookField: WebhookField,
		public wrongFieldStatus: 400 | 422,
		public hmac: { header: string; secret: string } | undefined,
	) {
		this.reset();
	}

	table(name: string): Array<Record<string, unknown>> {
		let t = this.store.get(name);
		if (!t) this.store.set(name, (t = []));
		return t;
	}

	reset(): void {
		this.store.clear();
		this.attempts = [];
		this.calls = [];
		this.faults = [];
		this.brokenPaging = false;
		this.table('groups').push({
			key: 'grup_default',
			name: 'Default',
			slug: 'default',
			created_at: Date.now(),
			updated_at: Date.now(),
		});
	}

	webhooks(): Array<PsWebhook & { target: string }> {
		return this.table('webhooks').map((w) => ({
			...(w as PsWebhook),
			target: String(w.target ?? w.target_url),
			events: [...(w.events as string[])],
		}));
	}
}
