import { couponRoutes, promotionCodeRoutes } from './coupons';
import { customerRoutes } from './customers';
import { leadRoutes } from './leads';
import { partnerRoutes } from './partners';
import { payoutRoutes } from './payouts';
import { programRoutes } from './program';
import type { ApiReply, Ctx, Route } from './reply';
import { transactionRoutes } from './transactions';

const ROUTES: Route[] = [
	programRoutes,
	partnerRoutes,
	customerRoutes,
	transactionRoutes,
	leadRoutes,
	couponRoutes,
	promotionCodeRoutes,
	payoutRoutes,
];

/** The program resources beyond webhooks; undefined when no route owns the path. */
export function handleResources(ctx: Ctx): ApiReply | undefined {
	for (const route of ROUTES) {
		const reply = route(ctx);
		if (reply) return reply;
	}
	return undefined;
}
