import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { settle } from '../../core/settle';
import { nodeErrorFor } from './transport';

/** One resource operation for input item `i`. Several results become several output items. */
export type Action<C> = (ctx: IExecuteFunctions, client: C, i: number) => Promise<IDataObject | IDataObject[]>;

/** How many records a list returns: Return All is Infinity, else the Limit, checked before any call. */
export function maxItems(ctx: IExecuteFunctions, i: number): number {
	const returnAll = ctx.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? Infinity : (ctx.getNodeParameter('limit', i) as number);
	if (!returnAll && (!Number.isInteger(limit) || limit < 1)) throw new Error(`Limit must be a whole number from 1 (got ${limit}).`);
	return limit;
}

/**
 * The execute loop of every action node: per item, look up resource/operation, run it, emit one item per
 * record with pairedItem; on failure throw, or with Continue On Fail emit {error, description} and go on.
 */
export async function runActions<C>(
	ctx: IExecuteFunctions,
	client: C,
	actions: Record<string, Record<string, Action<C>>>,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const resource = ctx.getNodeParameter('resource', i) as string;
		const operation = ctx.getNodeParameter('operation', i) as string;
		const action = actions[resource]?.[operation];
		const result = action
			? await settle(action(ctx, client, i))
			: { ok: false as const, error: new Error(`The operation "${operation}" is not supported for "${resource}".`) };
		if (result.ok) {
			const values = Array.isArray(result.value) ? result.value : [result.value];
			for (const json of values) output.push({ json, pairedItem: { item: i } });
			continue;
		}
		const error = nodeErrorFor(ctx.getNode(), result.error, i);
		if (!ctx.continueOnFail()) throw error;
		const json = error.description ? { error: error.message, description: error.description } : { error: error.message };
		output.push({ json, pairedItem: { item: i } });
	}
	return [output];
}
