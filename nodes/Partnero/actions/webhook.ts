import type { IDataObject } from 'n8n-workflow';
import { WEBHOOK_PAGE_MAX, WEBHOOK_PAGE_MIN, type WebhookPatch } from '../../../core/partnero/client';
import { withoutSecret } from '../../../core/partnero/operations';
import type { PartneroWebhook } from '../../../core/partnero/types';
import { maxItems } from '../../shared/execute';
import type { PartneroAction } from './types';

/** Webhooks as items, without the signing secret: executions store their output. */
function item(webhook: PartneroWebhook): IDataObject {
	return withoutSecret(webhook) as IDataObject;
}

function pageSizeFor(limit: number, option: unknown): number {
	if (typeof option === 'number') return option;
	return Math.min(WEBHOOK_PAGE_MAX, Math.max(WEBHOOK_PAGE_MIN, limit));
}

export const webhookActions: Record<string, PartneroAction> = {
	async create(ctx, client, i) {
		const extra = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const created = await client.createWebhook({
			name: ctx.getNodeParameter('name', i) as string,
			url: ctx.getNodeParameter('url', i) as string,
			events: ctx.getNodeParameter('events', i) as string[],
			is_active: extra.isActive as boolean | undefined,
			key: extra.key as string | undefined,
		});
		return item(created);
	},

	async delete(ctx, client, i) {
		const key = ctx.getNodeParameter('key', i) as string;
		await client.deleteWebhook(key);
		return { key, deleted: true };
	},

	async get(ctx, client, i) {
		return item(await client.getWebhook(ctx.getNodeParameter('key', i) as string));
	},

	async getAll(ctx, client, i) {
		const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
		const limit = maxItems(ctx, i);
		const first = await client.listWebhooks({ limit: pageSizeFor(limit, options.pageSize) });
		return (await client.walk(first, limit)).map(item);
	},

	async update(ctx, client, i) {
		const fields = ctx.getNodeParameter('updateFields', i, {}) as IDataObject;
		const patch: WebhookPatch = {};
		if (fields.name !== undefined) patch.name = fields.name as string;
		if (fields.url !== undefined) patch.url = fields.url as string;
		if (fields.events !== undefined) patch.events = fields.events as string[];
		if (fields.isActive !== undefined) patch.is_active = fields.isActive as boolean;
		const updated = await client.updateWebhook(ctx.getNodeParameter('key', i) as string, patch);
		return item(updated);
	},
};
