import { ValidationError } from '../../errors';
import { checkLimit } from '../../operations';
import { isRecord } from '../../api-client';
import type { PartneroClient, RequestOptions } from '../client';

export { isRecord };

/** General lists accept 1..250 per page (webhooks have their own, narrower range). */
export const LIST_PAGE_MIN = 1;
export const LIST_PAGE_MAX = 250;

export type Fields = Record<string, unknown>;
export type Query = NonNullable<RequestOptions['query']>;

export interface ListOptions {
	/** Most items to return; undefined walks every page. */
	limit?: number;
	/** Items per request (1..250); defaults to the largest page that the limit needs. */
	pageSize?: number;
	filters?: Query;
}

/** True for the values a form or a flow message sends when a field was left empty. */
export function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

/** The value as trimmed text, or an error that names what is missing. */
export function requireText(value: unknown, what: string): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string' || value.trim() === '')
		throw new ValidationError(`The ${what} is required.`);
	return value.trim();
}

/** A path segment built from user input, so a "/" or "?" in an id cannot reach another endpoint. */
export function segment(value: unknown, what: string): string {
	return encodeURIComponent(requireText(value, what));
}

export function requireNumber(
	value: unknown,
	what: string,
	opts: { min?: number; integer?: boolean } = {},
): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number))
		throw new ValidationError(`The ${what} must be a number (got ${String(value)}).`);
	if (opts.integer && !Number.isInteger(number))
		throw new ValidationError(`The ${what} must be a whole number (got ${number}).`);
	if (opts.min !== undefined && number < opts.min)
		throw new ValidationError(`The ${what} must be at least ${opts.min} (got ${number}).`);
	return number;
}

/** A copy without blank values, so empty form fields do not overwrite data in Partnero. */
export function compact(fields: Fields): Fields {
	const out: Fields = {};
	for (const [name, value] of Object.entries(fields)) if (!isBlank(value)) out[name] = value;
	return out;
}

/** Only the named fields, blanks dropped; an error when none is left (an update with nothing to change). */
export function pick(fields: Fields, names: readonly string[], what: string): Fields {
	const out = compact(
		Object.fromEntries(names.filter((n) => n in fields).map((n) => [n, fields[n]])),
	);
	if (Object.keys(out).length === 0)
		throw new ValidationError(`Nothing to ${what}: give at least one of ${names.join(', ')}.`);
	return out;
}

/**
 * The `update` object Partnero's update endpoints take (partners/update, customers/update). Accepts it
 * nested, as the vendor's examples show it, or flat, as earlier versions of these nodes sent it.
 */
export function updateObject(fields: Fields, names: readonly string[]): Fields {
	const given = isRecord(fields.update) ? fields.update : fields;
	const unknown = Object.keys(given).filter(
		(n) => !names.includes(n) && !(given === fields && n === 'update'),
	);
	if (unknown.length > 0)
		throw new ValidationError(
			`Partnero cannot update ${unknown.join(', ')}; it takes ${names.join(', ')}.`,
		);
	return pick(given, names, 'update');
}

/** The archive calls answer {"status": 1} without the record, so the result says what was done. */
export function archived(body: unknown, what: string, id: string, flag: boolean): Fields {
	if (isRecord(body) && isRecord(body.data)) return body.data;
	return { [what]: id, archived: flag };
}

/** Exactly one identifier out of `names`, e.g. { email } from { id, key, email }. */
export function oneOf(fields: Fields, names: readonly string[], what: string): Query {
	const given = names.filter((n) => !isBlank(fields[n]));
	if (given.length === 0) throw new ValidationError(`Give the ${what}'s ${names.join(' or ')}.`);
	if (given.length > 1)
		throw new ValidationError(`Give only one of ${given.join(', ')} to find the ${what}.`);
	return { [given[0]]: requireText(fields[given[0]], `${what} ${given[0]}`) };
}

/** Tags as Partnero takes them: a list of names; a comma-separated text is split. */
export function tagList(value: unknown): string[] | undefined {
	if (isBlank(value)) return undefined;
	const list = typeof value === 'string' ? value.split(',') : value;
	if (!Array.isArray(list))
		throw new ValidationError('Tags must be a list of names or a comma-separated text.');
	return list.map((t) => String(isRecord(t) ? t.value : t).trim()).filter(Boolean);
}

/** A list walked through `links.next` (Partnero gives no totals), stopping once `limit` items are in. */
export async function listAll<T>(
	client: PartneroClient,
	path: string,
	o: ListOptions = {},
): Promise<T[]> {
	checkLimit(o.limit);
	const pageSize = o.pageSize ?? Math.min(LIST_PAGE_MAX, o.limit ?? LIST_PAGE_MAX);
	if (!Number.isInteger(pageSize) || pageSize < LIST_PAGE_MIN || pageSize > LIST_PAGE_MAX) {
		throw new ValidationError(
			`The page size must be a whole number from ${LIST_PAGE_MIN} to ${LIST_PAGE_MAX} (got ${pageSize}).`,
		);
	}
	const filters = o.filters ? (compact(o.filters) as Query) : {};
	const first = await client.page<T>(path, { ...filters, limit: pageSize, page: 1 });
	return client.walk(first, o.limit, { ...filters, limit: pageSize });
}
