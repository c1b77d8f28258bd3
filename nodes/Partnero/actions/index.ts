import { coreActions } from './common';
import { couponActions } from './coupon';
import { customerActions } from './customer';
import { leadActions } from './lead';
import { partnerActions } from './partner';
import { payoutRequestActions } from './payoutRequest';
import { programActions } from './program';
import { promotionCodeActions } from './promotionCode';
import { transactionActions } from './transaction';
import { webhookActions } from './webhook';

/** Operations per resource. A new resource adds one actions file and one description file. */
export const partneroActions = coreActions({
	coupon: couponActions,
	customer: customerActions,
	lead: leadActions,
	partner: partnerActions,
	payoutRequest: payoutRequestActions,
	program: programActions,
	promotionCode: promotionCodeActions,
	transaction: transactionActions,
	webhook: webhookActions,
});

export type { PartneroAction } from './types';
