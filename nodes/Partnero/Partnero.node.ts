import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { settle } from '../../core/settle';
import { partneroActions } from './actions';
import { webhookFields, webhookOperations } from './descriptions/WebhookDescription';
import { nodeErrorFor, partneroClient } from './transport';

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
		const items = this.getInputData();
		const client = await partneroClient(this);
		const output: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const resource = this.getNodeParameter('resource', i) as string;
			const operation = this.getNodeParameter('operation', i) as string;
			const action = partneroActions[resource]?.[operation];
			const result = action
				? await settle(action(this, client, i))
				: { ok: false as const, error: new Error(`The operation "${operation}" is not supported for "${resource}".`) };
			if (result.ok) {
				const values = Array.isArray(result.value) ? result.value : [result.value];
				for (const json of values) output.push({ json, pairedItem: { item: i } });
				continue;
			}
			const error = nodeErrorFor(this.getNode(), result.error, i);
			if (!this.continueOnFail()) throw error;
			const json = error.description ? { error: error.message, description: error.description } : { error: error.message };
			output.push({ json, pairedItem: { item: i } });
		}
		return [output];
	}
}
