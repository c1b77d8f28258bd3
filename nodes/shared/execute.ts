import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { ValidationError } from '../../core/errors';
import { nodeErrorFor } from './transport';

/** One resource operation for input item `i`. Several results become several output items. */
export type Action<C> = (
	ctx: IExecuteFunctions,
	client: C,
	i: number,
) => Promise<IDataObject | IDataObject[]>;

/**
 * A node's actions from its parameter readers: each reads item `i` into the core's operation input, and
 * the call runs through the vendor's core table (`run`). One per engine for every vendor, so no node
 * dispatches on its own.
 */
export function tableActions<C, I>(
	builders: Record<string, Record<string, (ctx: IExecuteFunctions, i: number) => I>>,
	run: (client: C, resource: string, operation: string, input: I) => Promise<unknown>,
): Record<string, Record<string, Action<C>>> {
	const actions: Record<string, Record<string, Action<C>>> = {};
	for (const [resource, ops] of Object.entries(builders)) {
		actions[resource] = {};
		for (const [operation, build] of Object.entries(ops)) {
			actions[resource][operation] = async (ctx, client, i) =>
				(await run(client, resource, operation, build(ctx, i))) as IDataObject | IDataObject[];
		}
	}
	return actions;
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
		try {
			if (!action)
				throw new ValidationError(
					`The operation "${operation}" is not supported for "${resource}".`,
					'operation',
				);
			const value = await action(ctx, client, i);
			for (const json of Array.isArray(value) ? value : [value])
				output.push({ json, pairedItem: { item: i } });
		} catch (failure) {
			const error = nodeErrorFor(ctx.getNode(), failure, i);
			if (!ctx.continueOnFail()) throw error;
			const json = error.description
				? { error: error.message, description: error.description }
				: { error: error.message };
			output.push({ json, pairedItem: { item: i } });
		}
	}
	return [output];
}
