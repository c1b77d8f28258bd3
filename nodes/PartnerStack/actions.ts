import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import {
	PARTNERSTACK_RESOURCES,
	redactWebhook,
	type ListOptions,
	type PartnerStackClient,
	type PartnerStackResource,
	type PartnerStackWebhook,
} from '../../core/partnerstack/client';
import { partnerStackEventList } from '../../core/partnerstack/events';
import { maxItems, type Action } from '../shared/execute';

type PsAction = Action<PartnerStackClient>;

function parseJson(value: unknown, field: string): IDataObject {
	if (value === undefined || value === '') return {};
	const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new Error(`${field} must be a JSON object such as {"name": "x"}.`);
	}
	return parsed as IDataObject;
}

/** Collection values minus blanks, with the JSON field merged over them. */
function bodyFrom(fields: IDataObject, jsonLabel: string): IDataObject {
	const { json, ...rest } = fields;
	const body: IDataObject = {};
	for (const [name, value] of Object.entries(rest)) if (value !== '' && value !== undefined) body[name] = value;
	return { ...body, ...parseJson(json, jsonLabel) };
}

function listOptions(ctx: IExecuteFunctions, i: number): ListOptions & { max: number } {
	const max = maxItems(ctx, i);
	const o = ctx.getNodeParameter('listOptions', i, {}) as IDataObject;
	return {
		max,
		limit: typeof o.pageSize === 'number' ? o.pageSize : undefined,
		startingAfter: (o.startingAfter as string | undefined) || undefined,
		filters: parseJson(o.query, 'Query Parameters') as ListOptions['filters'],
	};
}

function resourceActions(resource: PartnerStackResource): Record<string, PsAction> {
	const ops = PARTNERSTACK_RESOURCES[resource].ops as readonly string[];
	const required = PARTNERSTACK_RESOURCES[resource].required as readonly string[];
	const all: Record<string, PsAction> = {
		async list(ctx, client, i) {
			return client.list(resource, listOptions(ctx, i)) as Promise<IDataObject[]>;
		},
		async get(ctx, client, i) {
			return (await client.get(resource, ctx.getNodeParameter('key', i) as string)) as IDataObject;
		},
		async create(ctx, client, i) {
			const body = bodyFrom(ctx.getNodeParameter('additionalFields', i, {}) as IDataObject, 'Other Fields (JSON)');
			for (const name of required) body[name] = ctx.getNodeParameter(name, i) as string | number;
			return (await client.create(resource, body)) as IDataObject;
		},
		async update(ctx, client, i) {
			const body = bodyFrom(ctx.getNodeParameter('updateFields', i, {}) as IDataObject, 'Other Fields (JSON)');
			return (await client.update(resource, ctx.getNodeParameter('key', i) as string, body)) as IDataObject;
		},
		async delete(ctx, client, i) {
			const key = ctx.getNodeParameter('key', i) as string;
			await client.remove(resource, key);
			return { key, deleted: true };
		},
	};
	return Object.fromEntries(ops.map((op) => [op, all[op]]));
}

function shown(webhook: PartnerStackWebhook): IDataObject {
	return redactWebhook(webhook) as IDataObject;
}

const webhookActions: Record<string, PsAction> = {
	async list(ctx, client, i) {
		return (await client.listWebhooks(listOptions(ctx, i))).map(shown);
	},
	async get(ctx, client, i) {
		return shown(await client.getWebhook(ctx.getNodeParameter('key', i) as string));
	},
	async create(ctx, client, i) {
		const events = partnerStackEventList(
			ctx.getNodeParameter('events', i, []) as string[],
			ctx.getNodeParameter('otherEvents', i, '') as string,
		);
		return shown(await client.createWebhook({ target: ctx.getNodeParameter('target', i) as string, events }));
	},
	async delete(ctx, client, i) {
		const key = ctx.getNodeParameter('key', i) as string;
		await client.deleteWebhook(key);
		return { key, deleted: true };
	},
};

export const partnerStackActions: Record<string, Record<string, PsAction>> = {
	...Object.fromEntries(
		(Object.keys(PARTNERSTACK_RESOURCES) as PartnerStackResource[]).map((r) => [r, resourceActions(r)]),
	),
	webhook: webhookActions,
};
