import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { errorMessage } from '../../core/errors';
import { partnerStackEventList } from '../../core/partnerstack/events';
import {
	checkHmacSecret,
	partnerStackHmacScheme,
	partnerStackProvider,
	URL_SECRET_PARAM,
	urlSecretOf,
	withUrlSecret,
} from '../../core/partnerstack/delivery';
import { DEFAULT_MAX_AGE_SECONDS } from '../../core/receiver';
import { openSecret, sealSecret } from '../../core/sealed-secret';
import {
	ensureRegistration,
	type DesiredWebhook,
	type Registration,
} from '../../core/registration';
import { randomUrlSecret, type SignatureScheme } from '../../core/signature';
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
import { nodeErrorFor } from '../shared/transport';
import { eventFields } from './descriptions/events';
import { CREDENTIAL, partnerStackClient } from './transport';

type Ctx = IHookFunctions | IWebhookFunctions;

const TRIGGER = 'PartnerStack Trigger';

/**
 * The credential's secret key: what the URL secret is sealed with in static data. The URL secret alone is
 * enough to forge deliveries, and static data travels with every workflow export.
 */
async function sealingKeyOf(ctx: Ctx): Promise<string> {
	return String((await ctx.getCredentials(CREDENTIAL)).secretKey ?? '');
}

/** The events to subscribe, or an error naming what to fix (no events, a malformed name). */
function selectedEvents(ctx: Ctx): string[] {
	const chosen = ctx.getNodeParameter('events', []) as string[];
	const other = ctx.getNodeParameter('otherEvents', '') as string;
	try {
		return partnerStackEventList(chosen, other);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), errorMessage(error));
	}
}

/** The optional HMAC scheme, or undefined; a bad header name is an error at activation. */
function hmacScheme(ctx: Ctx): SignatureScheme | undefined {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	if (options.verifyHmac !== true) return undefined;
	try {
		return partnerStackHmacScheme({
			header: String(options.hmacHeader ?? ''),
			encoding: options.hmacEncoding === 'base64' ? 'base64' : 'hex',
			prefix: String(options.hmacPrefix ?? ''),
		});
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), errorMessage(error));
	}
}

/** Activation fails early when HMAC checking is on but the credential has no signing secret (the core's rule). */
async function checkHmacReady(ctx: IHookFunctions): Promise<void> {
	if (!hmacScheme(ctx)) return;
	const credentials = await ctx.getCredentials(CREDENTIAL);
	try {
		checkHmacSecret(true, credentials.hmacSecret as string | undefined);
	} catch (error) {
		throw nodeErrorFor(
			ctx.getNode(),
			error,
			undefined,
			'Enter the Webhook Signing Secret PartnerStack support gave you in the credential, or turn Verify HMAC Signature off.',
		);
	}
}

function desiredWebhook(ctx: IHookFunctions, secret: string): DesiredWebhook {
	return {
		url: withUrlSecret(ctx.getNodeWebhookUrl('default') as string, secret),
		events: selectedEvents(ctx),
		name: n8nWebhookName(ctx),
	};
}

export class PartnerStackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PartnerStack Trigger',
		name: 'partnerStackTrigger',
		icon: {
			light: 'file:../../icons/partnerstack.svg',
			dark: 'file:../../icons/partnerstack.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description: 'Starts the workflow when PartnerStack events occur (secret URL, de-duplicated)',
		documentationUrl:
			'https://github.com/partnerhooks/n8n-nodes-partnerhooks/blob/main/docs/partnerstack.md#partnerstack-trigger',
		defaults: { name: 'PartnerStack Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL, required: true }],
		webhooks: [TRIGGER_WEBHOOK],
		properties: [
			{
				displayName:
					'PartnerStack does not sign webhooks. This trigger registers a URL containing a random secret and refuses deliveries without it; keep the URL private.',
				name: 'authNotice',
				type: 'notice',
				default: '',
			},
			...eventFields(),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'HMAC Encoding',
						name: 'hmacEncoding',
						type: 'options',
						options: [
							{ name: 'Hex', value: 'hex' },
							{ name: 'Base64', value: 'base64' },
						],
						default: 'hex',
						description: 'How the signature header encodes the HMAC-SHA256 digest',
					},
					{
						displayName: 'HMAC Header',
						name: 'hmacHeader',
						type: 'string',
						default: '',
						placeholder: 'e.g. X-PartnerStack-Signature',
						description: 'The header PartnerStack support told you carries the signature',
					},
					{
						displayName: 'HMAC Prefix',
						name: 'hmacPrefix',
						type: 'string',
						default: '',
						placeholder: 'e.g. sha256=',
						description: 'Text before the digest in the header, if any',
					},
					{
						displayName: 'Ignore Duplicate Deliveries',
						name: 'ignoreDuplicates',
						type: 'boolean',
						default: true,
						description:
							'Whether to drop a delivery already received in the last 24 hours (same event, key and updated_at)',
					},
					{
						displayName: 'Max Age (Seconds)',
						name: 'maxAgeSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: DEFAULT_MAX_AGE_SECONDS,
						description:
							'Refuse deliveries whose updated_at (or created_at) is older than this (default 24 hours, as long as duplicates are remembered). Payloads without either time are not age-checked. 0 turns the check off.',
					},
					respondOption('PartnerStack'),
					{
						displayName: 'Verify HMAC Signature',
						name: 'verifyHmac',
						type: 'boolean',
						default: false,
						description:
							'Whether to also require an HMAC-SHA256 signature of the raw body, with the signing secret from the credential. Only for accounts where PartnerStack support enabled signing.',
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				// Not openable (the credential's key changed): register anew; adopt replaces the old webhook.
				const urlSecret = openSecret(data.webhookSecret, await sealingKeyOf(this));
				if (!data.webhookKey || !urlSecret) return false;
				await checkHmacReady(this);
				const client = await partnerStackClient(this);
				const desired = desiredWebhook(this, urlSecret);
				// Drifted (events changed here, or the webhook changed there): PartnerStack cannot update, so replace.
				const kept = await reconcileWebhook(this, client, desired);
				if (!kept) return false;
				if (kept === UNCHECKED) return true;
				data.webhookKey = kept.key;
				return true;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				await checkHmacReady(this);
				const client = await partnerStackClient(this);
				guardWebhookUrl(this, 'PartnerStack', client);
				// A fresh secret per registration; adopt replaces a webhook left on this endpoint.
				const secret = randomUrlSecret();
				const desired = desiredWebhook(this, secret);
				let made: Registration;
				try {
					made = await ensureRegistration(client, {}, desired, { adopt: true });
				} catch (error) {
					throw registrationError(this.getNode(), 'PartnerStack', error);
				}
				const key = await sealingKeyOf(this);
				rememberWebhook(data, made, (urlSecret) => sealSecret(urlSecret, key));
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				return removeWebhook(this, TRIGGER, await partnerStackClient(this));
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const data = this.getWorkflowStaticData('node');
		const signature = hmacScheme(this);
		const credentials = signature ? await this.getCredentials(CREDENTIAL) : undefined;
		const token = (this.getQueryData() as IDataObject)[URL_SECRET_PARAM];
		const { secret: urlSecret, unavailable } = await deliverySecret(
			this,
			'PartnerStack',
			async () => sealingKeyOf(this),
			async () =>
				urlSecretOf(
					(await (await partnerStackClient(this, NO_RETRY)).getWebhook(String(data.webhookKey)))
						.target,
				),
		);
		return answerDelivery(this, {
			trigger: TRIGGER,
			receiver: {
				provider: partnerStackProvider,
				// No stored secret: nothing is accepted (a 503 while activation is still registering, see `ready`).
				urlSecret: urlSecret ?? '',
				verifySignature: signature !== undefined,
				signature,
				secret: credentials?.hmacSecret as string | undefined,
				events: selectedEvents(this),
			},
			urlToken: typeof token === 'string' ? token : undefined,
			ready: urlSecret !== undefined || unavailable !== undefined,
			unavailable,
			// Flat payload, emitted as it is: `event` is already a field of the item.
			item: (outcome) => outcome.body as IDataObject,
		});
	}
}
