import type { IDataObject } from 'n8n-workflow';
import { byId, collection, limitOf, renamed, text, type Builders } from './common';

const ACTIVE = { isActive: 'is_active' };

export const webhookActions: Builders['webhook'] = {
	create: (ctx, i) => ({
		fields: {
			...renamed(collection(ctx, i, 'additionalFields'), ACTIVE),
			name: text(ctx, i, 'name'),
			url: text(ctx, i, 'url'),
			events: ctx.getNodeParameter('events', i) as string[],
		},
	}),
	delete: byId('key'),
	get: byId('key'),
	getAll: (ctx, i) => {
		const pageSize = (ctx.getNodeParameter('options', i, {}) as IDataObject).pageSize;
		return {
			limit: limitOf(ctx, i),
			pageSize: typeof pageSize === 'number' ? pageSize : undefined,
		};
	},
	update: (ctx, i) => ({
		id: text(ctx, i, 'key'),
		fields: renamed(collection(ctx, i, 'updateFields'), ACTIVE),
	}),
};
