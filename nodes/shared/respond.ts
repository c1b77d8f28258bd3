import type { IDataObject, INodeProperties, IWebhookDescription } from 'n8n-workflow';

/**
 * The triggers' one webhook. When n8n answers is the node's "Respond" option, read by n8n from these expressions
 * (as its own Webhook node does): at once, or once the execution has finished, so a delivery whose execution
 * failed or was cut off by a shutdown is not acknowledged and the provider sends it again. An immediate answer keeps
 * the body n8n has always sent; an answer after the run sends none (the workflow's data is not the provider's).
 */
export const TRIGGER_WEBHOOK: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	path: 'webhook',
	responseMode: '={{$parameter["options"]["respond"] === "lastNode" ? "lastNode" : "onReceived"}}',
	responseData:
		'={{$parameter["options"]["respond"] === "lastNode" ? "noData" : "firstEntryJson"}}',
};

export function respondOption(provider: string, answerWithinSeconds?: number): INodeProperties {
	const within =
		answerWithinSeconds === undefined
			? ''
			: ` ${provider} waits ${answerWithinSeconds} s for the answer: a workflow that runs longer does not run again for its retries (answered 503 while it runs), but one unanswered when n8n restarts does, so keep it short or make it idempotent on deliveryKey.`;
	return {
		displayName: 'Respond',
		name: 'respond',
		type: 'options',
		options: [
			{
				name: 'Immediately',
				value: 'onReceived',
				description: `Answer ${provider} as soon as the delivery is accepted. An execution n8n does not finish (e.g. cut off by a restart) is not sent again.`,
			},
			{
				name: 'When Last Node Finishes',
				value: 'lastNode',
				description: `Answer once the workflow has run, so ${provider} sends a delivery again whose execution failed or was cut off.${within}`,
			},
		],
		default: 'onReceived',
		description: `When n8n answers ${provider}'s delivery`,
	};
}

export const respondsAfterRun = (options: IDataObject): boolean => options.respond === 'lastNode';
