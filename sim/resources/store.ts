export type Row = Record<string, unknown>;

/** The simulated program's records, kept apart from the webhook state so reset() clears them in one call. */
export class ProgramStore {
	partners = new Map<string, Row>();
	customers = new Map<string, Row>();
	transactions = new Map<string, Row>();
	leads = new Map<string, Row>();
	coupons = new Map<string, Row>();
	promotionCodes = new Map<string, Row>();
	payoutRequests = new Map<string, Row>();
	rewards: Row[] = [];
	private seq = 1;

	/** Numeric ids in creation order, as Partnero's leads and coupons have. */
	nextId(): number {
		return this.seq++;
	}

	clear(): void {
		for (const map of [
			this.partners,
			this.customers,
			this.transactions,
			this.leads,
			this.coupons,
			this.promotionCodes,
			this.payoutRequests,
		]) {
			map.clear();
		}
		this.rewards = [];
		this.seq = 1;
	}

	snapshot(): Record<string, Row[]> {
		return {
			partners: [...this.partners.values()],
			customers: [...this.customers.values()],
			transactions: [...this.transactions.values()],
			leads: [...this.leads.values()],
			coupons: [...this.coupons.values()],
			promotionCodes: [...this.promotionCodes.values()],
			payoutRequests: [...this.payoutRequests.values()],
			rewards: this.rewards,
		};
	}

	/** A partner by id, referral key or email. */
	findPartner(ref: { id?: unknown; key?: unknown; email?: unknown }): Row | undefined {
		if (ref.id !== undefined) return this.partners.get(String(ref.id));
		return [...this.partners.values()].find((p) =>
			ref.key !== undefined ? p.key === ref.key : p.email === ref.email,
		);
	}

	/** A customer by key, id or email (Partnero's GET /customers/{value} accepts any of them). */
	findCustomer(value: unknown): Row | undefined {
		const text = String(value);
		return (
			this.customers.get(text) ??
			[...this.customers.values()].find((c) => c.id === text || c.email === text)
		);
	}
}

/** The short reference to a partner that customers, transactions and leads carry. */
export function partnerRef(partner: Row): Row {
	return { id: partner.id, key: partner.key, email: partner.email };
}
