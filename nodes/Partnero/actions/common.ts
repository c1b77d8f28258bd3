import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { partneroApi } from '../../../core/partnero/api';
import type { PerOperation } from '../../../core/operations';
import {
	runOperation,
	type OperationInput,
	type PARTNERO_OPERATIONS,
} from '../../../core/partnero/operations';
import type { PartneroClient } from '../../../core/partnero/client';
import { tableActions } from '../../shared/execute';
import type { PartneroAction } from './types';

/** Turns the node parameters of item `i` into the core's operation input. */
export type InputBuilder = (ctx: IExecuteFunctions, i: number) => OperationInput;

/** One builder for each operation of the core's table: a missing or extra one fails the build. */
export type Builders = PerOperation<typeof PARTNERO_OPERATIONS, InputBuilder>;

/** The node's actions: each reads its parameters, and the call itself runs through the core's table. */
export function coreActions(builders: Builders): Record<string, Record<string, PartneroAction>> {
	return tableActions<PartneroClient, OperationInput>(
		builders as Record<string, Record<string, InputBuilder>>,
		(client, resource, operation, input) =>
			runOperation(partneroApi(client), resource, operation, input),
	);
}

export const text = (ctx: IExecuteFunctions, i: number, name: string): string =>
	String(ctx.getNodeParameter(name, i, ''));

export const collection = (ctx: IExecuteFunctions, i: number, name: string): IDataObject =>
	ctx.getNodeParameter(name, i, {}) as IDataObject;

/** Return All → undefined (every page); otherwise the Limit. */
export function limitOf(ctx: IExecuteFunctions, i: number): number | undefined {
	return ctx.getNodeParameter('returnAll', i, false)
		? undefined
		: (ctx.getNodeParameter('limit', i, 50) as number);
}

/** Renames n8n's camelCase fields to Partnero's snake_case names. */
export function renamed(fields: IDataObject, names: Record<string, string>): IDataObject {
	const out: IDataObject = {};
	for (const [name, value] of Object.entries(fields)) out[names[name] ?? name] = value;
	return out;
}

export const byId =
	(name: string): InputBuilder =>
	(ctx, i) => ({ id: text(ctx, i, name) });

export const listed: InputBuilder = (ctx, i) => ({ limit: limitOf(ctx, i) });

/** A JSON parameter arrives as text or, from an expression, as an object; empty stays undefined. */
export function jsonOf(value: unknown): IDataObject | undefined {
	if (typeof value !== 'string') return value as IDataObject | undefined;
	const textValue = value.trim();
	return textValue === '' || textValue === '{}'
		? undefined
		: (JSON.parse(textValue) as IDataObject);
}
