import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { partneroApi } from '../../../core/partnero/api';
import { runOperation, type OperationInput } from '../../../core/partnero/operations';
import type { PartneroAction } from './types';

/** Turns the node parameters of item `i` into the core's operation input. */
export type InputBuilder = (ctx: IExecuteFunctions, i: number) => OperationInput;

/** Actions that differ only in how they read parameters: the calls themselves all live in the core. */
export function coreActions(resource: string, builders: Record<string, InputBuilder>): Record<string, PartneroAction> {
	const actions: Record<string, PartneroAction> = {};
	for (const [operation, build] of Object.entries(builders)) {
		actions[operation] = async (ctx, client, i) =>
			(await runOperation(partneroApi(client), resource, operation, build(ctx, i))) as IDataObject | IDataObject[];
	}
	return actions;
}

export const text = (ctx: IExecuteFunctions, i: number, name: string): string => String(ctx.getNodeParameter(name, i, ''));

export const collection = (ctx: IExecuteFunctions, i: number, name: string): IDataObject =>
	ctx.getNodeParameter(name, i, {}) as IDataObject;

/** Return All → undefined (every page); otherwise the Limit. */
export function limitOf(ctx: IExecuteFunctions, i: number): number | undefined {
	return ctx.getNodeParameter('returnAll', i, false) ? undefined : (ctx.getNodeParameter('limit', i, 50) as number);
}

/** Renames n8n's camelCase fields to Partnero's snake_case names. */
export function renamed(fields: IDataObject, names: Record<string, string>): IDataObject {
	const out: IDataObject = {};
	for (const [name, value] of Object.entries(fields)) out[names[name] ?? name] = value;
	return out;
}

export const byId = (name: string): InputBuilder => (ctx, i) => ({ id: text(ctx, i, name) });

export const listed: InputBuilder = (ctx, i) => ({ limit: limitOf(ctx, i) });
