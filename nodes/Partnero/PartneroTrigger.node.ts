import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { errorMessage } from '../../core/errors';
import type { PartneroClient } from '../../core/partnero/client';
import { partneroSubscription } from '../../core/partnero/events';
import { partneroProvider } from '../../core/partnero/provider';
import { DEFAULT_MAX_AGE_SECONDS } from '../../core/receiver';
import {
	ensureRegistration,
	type DesiredWebhook,
	type Registration,
} from '../../core/registration';
import { sealSecret } from '../../core/sealed-secret';
import { answerDelivery } from '../shared/delivery';
import { respondOption, TRIGGER_WEBHOOK } from '../shared/respond';
import { deliverySecret, NO_RETRY } from '../shared/sealed';
import {
	guardWebhookUrl,
	n8nWebhookName,
	reconcileWebhook,
	UNCHECKED,
	registrationError,
	rememberWebhook,
	removeWebhook,
} from '../shared/registration';
import { partneroEventOptions } from './descriptions/events';
import { nodeErrorFor } from '../shared/transport';
import { partneroClient } from './transport';

const TRIGGER = 'Partnero Trigger';

/** The credential's API key: the key the signing secret is sealed with in static data. */
async function apiKeyOf(ctx: IHookFunctions | IWebhookFunctions): Promise<string> {
	return String((await ctx.getCredentials('partneroApi')).apiKey ?? '');
}

async function sealer(ctx: IHookFunctions): Promise<(secret: string) => string> {
	const apiKey = await apiKeyOf(ctx);
	return (secret) => sealSecret(secret, apiKey);
}

async function desiredWebhook(
	ctx: IHookFunctions,
	client: PartneroClient,
): Promise<DesiredWebhook> {
	const events = ctx.getNodeParameter('events', []) as string[];
	return {
		url: ctx.getNodeWebhookUrl('default') as string,
		events: await partneroSubscription(events, () => client.getProgramType()),
		name: n8nWebhookName(ctx),
	};
}

export class PartneroTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Partnero Trigger',
		name: 'partneroTrigger',
		icon: { light: 'file:../../icons/partnero.svg', dark: 'file:../../icons/partnero.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description: 'Starts the workflow when Partnero events occur (signed, de-duplicated)',
		documentationUrl:
			'https://github.com/partnerhooks/n8n-nodes-partnerhooks/blob/main/docs/nodes.md#partnero-trigger-n8n',
		defaults: { name: 'Partnero Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'partneroApi', required: true }],
		webhooks: [TRIGGER_WEBHOOK],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [],
				options: partneroEventOptions(true),
				description:
					'Events to receive. Partnero rejects events its program type does not have; the activation error says which.',
			},
			{
				displayName:
					'Signature verification is off: anyone who knows this URL can start the workflow. Turn it back on outside debugging.',
				name: 'verifyOffNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { '/options.verifySignature': [false] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Ignore Duplicate Deliveries',
						name: 'ignoreDuplicates',
						type: 'boolean',
						default: true,
						description:
							'Whether to drop a delivery already received in the last 24 hours (same webhook, event, object and time). Partnero retries failed deliveries.',
					},
					{
						displayName: 'Max Age (Seconds)',
						name: 'maxAgeSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: DEFAULT_MAX_AGE_SECONDS,
						description:
							'Refuse deliveries whose created_at is older than this (default 24 hours, as long as duplicates are remembered, so a replayed delivery is either too old or a duplicate). Partnero retries up to about 2 h 40 min after the event with the original time. 0 turns the check off.',
					},
					{
						displayName: 'Output',
						name: 'output',
						type: 'options',
						options: [
							{
								name: 'Full Envelope',
								value: 'envelope',
								description: 'Event, URL, webhook key, created_at and data',
							},
							{
								name: 'Event Data Only',
								value: 'data',
								description: 'Only the data object, plus the event name',
							},
						],
						default: 'envelope',
						description: 'What each item contains',
					},
					respondOption('Partnero', 5),
					{
						displayName: 'Verify Signature',
						name: 'verifySignature',
						type: 'boolean',
						default: true,
						description:
							'Whether to refuse deliveries without a valid Partnero signature (answered with 401)',
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				if (!data.webhookKey) return false;
				const client = await partneroClient(this);
				let desired: DesiredWebhook;
				try {
					desired = await desiredWebhook(this, client);
				} catch (error) {
					throw nodeErrorFor(this.getNode(), error);
				}
				// A drifted webhook (URL, events or paused) is repaired in place rather than duplicated.
				const kept = await reconcileWebhook(this, client, desired, (error) =>
					this.logger.warn(`${TRIGGER} could not check its webhook`, {
						error: errorMessage(error),
					}),
				);
				if (!kept) return false;
				if (kept === UNCHECKED) return true;
				rememberWebhook(data, kept, await sealer(this));
				return true;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				const client = await partneroClient(this);
				guardWebhookUrl(this, 'Partnero', client);
				// adopt: after lost static data, reuse the webhook already pointing here instead of adding a second.
				let made: Registration;
				try {
					made = await ensureRegistration(client, {}, await desiredWebhook(this, client), {
						adopt: true,
					});
				} catch (error) {
					throw registrationError(this.getNode(), 'Partnero', error);
				}
				rememberWebhook(data, made, await sealer(this));
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				return removeWebhook(this, TRIGGER, await partneroClient(this));
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const data = this.getWorkflowStaticData('node');
		const verifySignature = options.verifySignature !== false;
		const { secret, unavailable } = verifySignature
			? await deliverySecret(
					this,
					'Partnero',
					async () => apiKeyOf(this),
					async () =>
						(await (await partneroClient(this, NO_RETRY)).getWebhook(String(data.webhookKey)))
							.signature,
				)
			: {};
		return answerDelivery(this, {
			trigger: TRIGGER,
			receiver: {
				provider: partneroProvider,
				secret,
				verifySignature,
				events: this.getNodeParameter('events', []) as string[],
			},
			ready: !verifySignature || secret !== undefined || unavailable !== undefined,
			unavailable,
			item: (outcome) =>
				options.output === 'data'
					? { event: outcome.event, ...(outcome.body.data as IDataObject) }
					: (outcome.body as IDataObject),
		});
	}
}
