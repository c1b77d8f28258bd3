import type { Route } from './reply';
import { methodNotAllowed, ok } from './reply';

const TYPE_NAMES = {
	affiliate: 'Affiliate',
	'refer-a-friend': 'Referral',
	newsletter: 'Newsletter',
} as const;

/** GET /program: the program and running totals computed from the simulated records. */
export const programRoutes: Route = (ctx) => {
	if (ctx.path !== '/v1/program') return undefined;
	if (ctx.method !== 'GET') return methodNotAllowed(ctx.method);
	const { store } = ctx.state;
	const transactions = [...store.transactions.values()];
	const sum = (pick: (t: Record<string, unknown>) => unknown) =>
		transactions.reduce((n, t) => n + Number(pick(t) ?? 0), 0);
	return ok({
		program: {
			id: 1,
			public_id: 'SIMPROG1',
			name: 'Simulated program',
			website: 'https://example.com',
			type: TYPE_NAMES[ctx.state.programType],
		},
		stats: {
			partners_count: store.partners.size,
			customers_count: store.customers.size,
			transactions_count: transactions.length,
			revenue: Math.round(sum((t) => t.amount) * 100) / 100,
			commissions:
				Math.round(sum((t) => (t.reward as { amount?: number } | null)?.amount) * 100) / 100,
			leads_count: store.leads.size,
		},
	});
};
