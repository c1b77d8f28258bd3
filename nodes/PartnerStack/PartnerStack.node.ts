import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runActions } from '../shared/execute';
import { partnerStackActions } from './actions';
import { partnerStackProperties } from './descriptions/resources';
import { CREDENTIAL, partnerStackClient } from './transport';

export class PartnerStack implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PartnerStack',
		name: 'partnerStack',
		icon: {
			light: 'file:../../icons/partnerstack.svg',
			dark: 'file:../../icons/partnerstack.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Manage PartnerStack partnerships, customers, transactions, deals, leads, actions and webhooks',
		documentationUrl:
			'https://github.com/partnerhooks/n8n-nodes-partnerhooks/blob/main/docs/partnerstack.md#partnerstack-action-node',
		defaults: { name: 'PartnerStack' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL, required: true }],
		properties: partnerStackProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runActions(this, await partnerStackClient(this), partnerStackActions);
	}
}
