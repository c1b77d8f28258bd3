import type { PartneroClient } from './client';
import { CouponsApi, PromotionCodesApi } from './resources/coupons';
import { CustomersApi } from './resources/customers';
import { LeadsApi } from './resources/leads';
import { PartnersApi } from './resources/partners';
import { PayoutRequestsApi } from './resources/payouts';
import { ProgramApi } from './resources/program';
import { TransactionsApi } from './resources/transactions';

/** Every resource client over one PartneroClient, so all share its transport, retries and error mapping. */
export interface PartneroApi {
	client: PartneroClient;
	partners: PartnersApi;
	customers: CustomersApi;
	transactions: TransactionsApi;
	leads: LeadsApi;
	coupons: CouponsApi;
	promotionCodes: PromotionCodesApi;
	payoutRequests: PayoutRequestsApi;
	program: ProgramApi;
}

export function partneroApi(client: PartneroClient): PartneroApi {
	return {
		client,
		partners: new PartnersApi(client),
		customers: new CustomersApi(client),
		transactions: new TransactionsApi(client),
		leads: new LeadsApi(client),
		coupons: new CouponsApi(client),
		promotionCodes: new PromotionCodesApi(client),
		payoutRequests: new PayoutRequestsApi(client),
		program: new ProgramApi(client),
	};
}
