/**
 * Every PartnerStack operation as (resource, operation) → call, with one input shape, so the n8n and
 * Node-RED adapters offer the same operations under the same names, with one rule for limits and pages.
 */
import { ValidationError } from '../errors';
import { runTableOperation, type OperationSpec } from '../operations';
import type { PartnerStackClient } from './client';
import { partnerStackEventList } from './events';
import {
	PARTNERSTACK_RESOURCES,
	type PartnerStackResource,
	type PartnerStackResourceOperation,
} from './resources';
import { redactWebhook, type ListOptions } from './types';
import { validateUrl } from './validation';

type Fields = Record<string, unknown>;

export interface PartnerStackOperationInput {
	/** The record's key in the path (partnership, customer, …, webhook). */
	key?: string;
	/** The API fields for create/update; for lists, query filters (e.g. min_created in epoch ms). */
	fields?: Fields;
	/** Lists: most items; undefined = every item. */
	limit?: number;
	/** Lists: items per request (1..250); default: the limit, up to 250. */
	pageSize?: number;
	/** Lists: start after this record key. */
	startingAfter?: string;
}

type Input = PartnerStackOperationInput & { fields: Fields };
type Spec = OperationSpec<PartnerStackClient, Input>;

function keyOf(input: Input, resource: string): string {
	if (typeof input.key !== 'string' || input.key.trim() === '')
		throw new ValidationError(`The ${resource} key is required.`, 'key');
	return input.key.trim();
}

/** The client checks the page size (1..250) and derives it from the limit when none is given. */
function listOptions(input: Input): ListOptions & { max?: number } {
	return {
		max: input.limit,
		limit: input.pageSize,
		startingAfter: input.startingAfter || undefined,
		filters: input.fields as ListOptions['filters'],
	};
}

/** Events from a list of names or a comma/newline-separated text, plus free-text `otherEvents`. */
function eventsOf(fields: Fields): string[] {
	const { events, otherEvents } = fields;
	const other = typeof otherEvents === 'string' ? otherEvents : '';
	if (typeof events === 'string')
		return partnerStackEventList([], [events, other].filter(Boolean).join(','));
	if (
		events !== undefined &&
		events !== null &&
		(!Array.isArray(events) || events.some((e) => typeof e !== 'string'))
	) {
		throw new ValidationError(
			'Events must be a list of event names (or a comma-separated text) such as partnership.created.',
			'events',
		);
	}
	return partnerStackEventList((events as string[] | undefined) ?? [], other);
}

const deleted = (key: string) => ({ deleted: true, key });

/** The generic calls, narrowed to the operations the API has for each resource. */
function resourceOperations<R extends PartnerStackResource>(
	resource: R,
): Record<PartnerStackResourceOperation<R>, Spec> {
	const all: Record<string, Spec> = {
		list: { list: true, run: (c, i) => c.list(resource, listOptions(i)) },
		get: { run: (c, i) => c.get(resource, keyOf(i, resource)) },
		create: { run: (c, i) => c.create(resource, i.fields) },
		update: { run: (c, i) => c.update(resource, keyOf(i, resource), i.fields) },
		delete: {
			run: async (c, i) => {
				const key = keyOf(i, resource);
				await c.remove(resource, key);
				return deleted(key);
			},
		},
	};
	const ops: readonly string[] = PARTNERSTACK_RESOURCES[resource].ops;
	return Object.fromEntries(ops.map((op) => [op, all[op]])) as Record<
		PartnerStackResourceOperation<R>,
		Spec
	>;
}

export const PARTNERSTACK_OPERATIONS = {
	partnership: resourceOperations('partnership'),
	customer: resourceOperations('customer'),
	transaction: resourceOperations('transaction'),
	deal: resourceOperations('deal'),
	lead: resourceOperations('lead'),
	action: resourceOperations('action'),
	reward: resourceOperations('reward'),
	group: resourceOperations('group'),
	webhook: {
		// Outputs go through redactWebhook: a trigger's URL secret must not reach a flow message or an execution.
		list: {
			list: true,
			run: async (c, i) => (await c.listWebhooks(listOptions(i))).map(redactWebhook),
		},
		get: { run: async (c, i) => redactWebhook(await c.getWebhook(keyOf(i, 'webhook'))) },
		create: {
			run: async (c, i) =>
				redactWebhook(
					await c.createWebhook({
						target: validateUrl(i.fields.target),
						events: eventsOf(i.fields),
					}),
				),
		},
		delete: {
			run: async (c, i) => {
				const key = keyOf(i, 'webhook');
				await c.deleteWebhook(key);
				return deleted(key);
			},
		},
	},
} satisfies Record<PartnerStackResource | 'webhook', Record<string, Spec>>;

/** Runs one operation; unknown names, a bad limit and non-object fields fail before any call. */
export async function runPartnerStackOperation(
	client: PartnerStackClient,
	resource: string,
	operation: string,
	input: PartnerStackOperationInput = {},
): Promise<unknown> {
	return runTableOperation<PartnerStackClient, PartnerStackOperationInput>(
		PARTNERSTACK_OPERATIONS,
		client,
		resource,
		operation,
		input,
	);
}
