/**
 * What both vendors' operation tables share: the shape of a table, the types derived from it (a typed
 * resource → operation map), and the lookup that refuses unknown names before any call.
 */
import { ValidationError } from './errors';

export interface OperationSpec<Api, Input> {
	run: (api: Api, input: Input) => Promise<unknown>;
	/** A list: `limit` applies. */
	list?: boolean;
	/** The record identifier the operation needs, as named in its error (e.g. 'partner id'). */
	id?: string;
}

export type OperationTable<Api, Input> = Record<string, Record<string, OperationSpec<Api, Input>>>;

/** The resource names of a table. */
export type ResourceOf<T> = keyof T & string;
/** The operation names of one resource of a table. */
export type OperationOf<T, R extends keyof T> = keyof T[R] & string;
/** Per resource, something for each of its operations (e.g. how an adapter reads its parameters). */
export type PerOperation<T, V> = { [R in ResourceOf<T>]: { [O in OperationOf<T, R>]: V } };

const own = (o: object, name: string): boolean => Object.prototype.hasOwnProperty.call(o, name);

/** The spec for (resource, operation); unknown names fail naming the valid choices. */
export function findOperation<Api, Input>(
	table: OperationTable<Api, Input>,
	resource: string,
	operation: string,
): OperationSpec<Api, Input> {
	if (!own(table, resource)) {
		throw new ValidationError(
			`Unknown resource "${resource}". Use one of: ${Object.keys(table).join(', ')}.`,
			'resource',
		);
	}
	const ops = table[resource];
	if (!own(ops, operation)) {
		throw new ValidationError(
			`Unknown operation "${operation}" for ${resource}. Use one of: ${Object.keys(ops).join(', ')}.`,
			'operation',
		);
	}
	return ops[operation];
}

/** What every operation's input has: body fields or filters, and for lists the most items. */
export interface BaseInput {
	fields?: Record<string, unknown>;
	limit?: number;
}

/**
 * Runs one operation of a vendor's table: unknown names, non-object fields and a bad limit fail before
 * any call, the same way for every vendor. `fields` is always an object for the operation.
 */
export async function runTableOperation<Api, Input extends BaseInput>(
	table: OperationTable<Api, Input & { fields: Record<string, unknown> }>,
	api: Api,
	resource: string,
	operation: string,
	input: Input,
): Promise<unknown> {
	const spec = findOperation(table, resource, operation);
	const { fields } = input;
	if (
		fields !== undefined &&
		(typeof fields !== 'object' || fields === null || Array.isArray(fields))
	) {
		throw new ValidationError(`The ${resource} fields must be an object.`, 'fields');
	}
	checkLimit(input.limit);
	return spec.run(api, { ...input, fields: fields ?? {} });
}

/** The one limit rule of every list: undefined returns every item, else a whole number from 1. */
export function checkLimit(limit: number | undefined): void {
	if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
		throw new ValidationError(
			`The limit must be a whole number from 1 (got ${String(limit)}).`,
			'limit',
		);
	}
}

/** The page size a list asks for: the one given, else the limit within the vendor's range, else its largest page. */
export function pageSizeFor(
	limit: number | undefined,
	range: { min: number; max: number },
	given?: number,
): number {
	if (given !== undefined) {
		if (!Number.isInteger(given) || given < range.min || given > range.max) {
			throw new ValidationError(
				`The page size must be a whole number from ${range.min} to ${range.max} (got ${String(given)}).`,
				'pageSize',
			);
		}
		return given;
	}
	return Math.min(range.max, Math.max(range.min, limit ?? range.max));
}
