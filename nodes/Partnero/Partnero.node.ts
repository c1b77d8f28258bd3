import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { partneroApi } from '../../core/partnero/api';
import { runActions } from '../shared/execute';
import { partneroActions } from './actions';
import { couponFields, couponOperations } from './descriptions/CouponDescription';
import { customerFields, customerOperations } from './descriptions/CustomerDescription';
import { leadFields, leadOperations } from './descriptions/LeadDescription';
import { partnerFields, partnerOperations } from './descriptions/PartnerDescription';
import {
	payoutRequestFields,
	payoutRequestOperations,
} from './descriptions/PayoutRequestDescription';
import { programOperations } from './descriptions/ProgramDescription';
import {
	promotionCodeFields,
	promotionCodeOperations,
} from './descriptions/PromotionCodeDescription';
import { transactionFields, transactionOperations } from './descriptions/TransactionDescription';
import { webhookFields, webhookOperations } from './descriptions/WebhookDescription';
import { nodeErrorFor } from '../shared/transport';
import { partneroClient } from './transport';

/** Enough for a dropdown; beyond that, an expression with the key or id is the better tool. */
const CHOICES_MAX = 500;

export class Partnero implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Partnero',
		name: 'partnero',
		icon: { light: 'file:../../icons/partnero.svg', dark: 'file:../../icons/partnero.dark.svg' },
		group: ['transform'],
		// 2: the documented coupon, promotion-code and lead shapes (see docs/api-fidelity.md).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Manage Partnero through its API',
		documentationUrl:
			'https://github.com/partnerhooks/n8n-nodes-partnerhooks/blob/main/docs/nodes.md#partnero-actions-n8n-and-node-red',
		defaults: { name: 'Partnero' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'partneroApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Coupon',
						value: 'coupon',
						description: 'Discounts that promotion codes point at',
					},
					{
						name: 'Customer',
						value: 'customer',
						description: 'Referred customers and their balances',
					},
					{ name: 'Lead', value: 'lead', description: 'Leads submitted by partners' },
					{ name: 'Partner', value: 'partner', description: 'Affiliates who refer customers' },
					{
						name: 'Payout Request',
						value: 'payoutRequest',
						description: "Partners' requests to be paid",
					},
					{ name: 'Program', value: 'program', description: 'The program of the API key' },
					{
						name: 'Promotion Code',
						value: 'promotionCode',
						description: 'Codes customers enter at checkout',
					},
					{
						name: 'Transaction',
						value: 'transaction',
						description: 'Sales and the commissions they earn',
					},
					{
						name: 'Webhook',
						value: 'webhook',
						description: 'Subscriptions that send Partnero events to a URL',
					},
				],
				default: 'partner',
			},
			...couponOperations,
			...couponFields,
			...customerOperations,
			...customerFields,
			...leadOperations,
			...leadFields,
			...partnerOperations,
			...partnerFields,
			...payoutRequestOperations,
			...payoutRequestFields,
			...programOperations,
			...promotionCodeOperations,
			...promotionCodeFields,
			...transactionOperations,
			...transactionFields,
			...webhookOperations,
			...webhookFields,
		],
	};

	methods = {
		loadOptions: {
			/** Partners as "name surname (email)" → referral key, the value customers and leads are attributed by. */
			async getPartners(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const client = await partneroClient(this);
				let listed;
				try {
					listed = await partneroApi(client).partners.list({ limit: CHOICES_MAX });
				} catch (error) {
					throw nodeErrorFor(this.getNode(), error);
				}
				return listed
					.filter((p) => typeof p.key === 'string' && p.key !== '')
					.map((p) => {
						const name = [p.name, p.surname].filter(Boolean).join(' ');
						return {
							name: name ? `${name} (${p.email ?? p.key})` : String(p.email ?? p.key),
							value: String(p.key),
						};
					})
					.sort((a, b) => a.name.localeCompare(b.name));
			},

			/** Coupons as "name (10 percent)" → uuid_code, which promotion codes name their coupon by. */
			async getCoupons(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const client = await partneroClient(this);
				let listed;
				try {
					listed = await partneroApi(client).coupons.list({ limit: CHOICES_MAX });
				} catch (error) {
					throw nodeErrorFor(this.getNode(), error);
				}
				return listed
					.map((c) => ({
						name: `${String(c.name ?? c.uuid_code)} (${String(c.coupon_discount_amount ?? '?')} ${String(c.coupon_discount_type ?? '')})`.trim(),
						value: String(c.uuid_code),
					}))
					.sort((a, b) => a.name.localeCompare(b.name));
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runActions(this, await partneroClient(this), partneroActions);
	}
}
