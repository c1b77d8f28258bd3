import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runActions } from '../shared/execute';
import { partneroActions } from './actions';
import { webhookFields, webhookOperations } from './descriptions/WebhookDescription';
import { partneroClient } from './transport';

export class Partnero implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Partnero',
		name: 'partnero',
		icon: { light: 'file:../../icons/partnero.svg', dark: 'file:../../icons/partnero.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Manage Partnero through its API',
		documentationUrl: 'https://github.com/partnerhooks/n8n-nodes-partnerhooks#partnero-n8n',
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
				options: [{ name: 'Webhook', value: 'webhook', description: 'Subscriptions that send Partnero events to a URL' }],
				default: 'webhook',
			},
			...webhookOperations,
			...webhookFields,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runActions(this, await partneroClient(this), partneroActions);
	}
}
