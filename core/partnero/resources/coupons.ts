import { ValidationError } from '../../errors';
import type { PartneroClient } from '../client';
import {
	compact,
	isBlank,
	isRecord,
	listAll,
	requireNumber,
	requireText,
	segment,
	type Fields,
	type ListOptions,
} from './common';

/** docs.partnero.com/api-reference/coupons/create */
export const DISCOUNT_TYPES = ['percent', 'static'] as const;
export const DURATION_TYPES = ['once', 'hours', 'days', 'months', 'years', 'lifetime'] as const;
/** The duration types that need coupon_duration_value. */
const COUNTED_DURATIONS = ['hours', 'days', 'months', 'years'];
export const COUPON_FIELDS = [
	'name',
	'uuid_code',
	'active',
	'coupon_discount_type',
	'coupon_discount_amount',
	'coupon_duration_type',
	'coupon_duration_value',
	'redemption_specific_date_status',
	'redemption_specific_date_value',
	'redemption_times_status',
	'redemption_times_value',
	'promotion_codes',
	'metadata',
] as const;
/** coupons/update: only these change; the discount of an existing coupon cannot. */
export const COUPON_UPDATE_FIELDS = ['name', 'metadata', 'redeem', 'transaction_key'] as const;
/** promotion-codes/create: the restrictions sit at the top level beside coupon_uuid and code. */
export const CODE_FIELDS = [
	'coupon_uuid',
	'code',
	'first_time_order',
	'limit_to_specific_partner',
	'coupon_specific_partners',
	'limit_to_specific_customer',
	'coupon_specific_customers',
	'limit_to_specific_subscriber',
	'coupon_specific_subscribers',
	'minimum_order_status',
	'minimum_order_value',
	'expiration_date_status',
	'expiration_date_value',
	'redemption_times_status',
	'redemption_times_value',
	'metadata',
] as const;
/** promotion-codes/update */
export const CODE_UPDATE_FIELDS = [
	'code',
	'limit_to_specific_partner',
	'coupon_specific_partners',
	'metadata',
	'redeem',
	'transaction_key',
] as const;

/** Names and values earlier versions of these nodes sent, mapped where the meaning is the same. */
const OLD_COUPON_NAMES: Record<string, string> = {
	discount_type: 'coupon_discount_type',
	discount_amount: 'coupon_discount_amount',
	duration_type: 'coupon_duration_type',
	duration_value: 'coupon_duration_value',
};
const OLD_VALUES: Record<string, Record<string, string>> = {
	coupon_discount_type: { fixed: 'static' },
	coupon_duration_type: { forever: 'lifetime' },
};

function checkChoice(value: unknown, allowed: readonly string[], what: string): void {
	if (!isBlank(value) && !allowed.includes(String(value)))
		throw new ValidationError(
			`The ${what} must be one of ${allowed.join(', ')} (got ${String(value)}).`,
		);
}

/** Refuses fields Partnero does not take, so a misspelt or renamed field is never silently dropped. */
function only(fields: Fields, allowed: readonly string[], what: string): Fields {
	const unknown = Object.keys(fields).filter((n) => !allowed.includes(n) && !isBlank(fields[n]));
	if (unknown.length > 0)
		throw new ValidationError(
			`Partnero's ${what} takes no ${unknown.join(', ')}; its fields are ${allowed.join(', ')}.`,
		);
	return compact(fields);
}

function flag(value: unknown, what: string): boolean | undefined {
	if (isBlank(value)) return undefined;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw new ValidationError(`${what} must be true or false.`);
}

/** The documented coupon body, with the old field names and values read once. */
export function couponBody(input: Fields): Fields {
	const fields: Fields = {};
	for (const [name, value] of Object.entries(input)) {
		const to = OLD_COUPON_NAMES[name] ?? name;
		fields[to] = OLD_VALUES[to]?.[String(value)] ?? value;
	}
	if (!isBlank(fields.redemption_limit)) {
		fields.redemption_times_status = true;
		fields.redemption_times_value = fields.redemption_limit;
	}
	delete fields.redemption_limit;
	if (fields.coupon_duration_type === 'limited')
		throw new ValidationError(
			`The duration type "limited" is gone; Partnero takes ${DURATION_TYPES.join(', ')} (with coupon_duration_value for hours to years).`,
		);
	const body = only(fields, COUPON_FIELDS, 'coupon');
	checkChoice(body.coupon_discount_type, DISCOUNT_TYPES, 'discount type (coupon_discount_type)');
	checkChoice(body.coupon_duration_type, DURATION_TYPES, 'duration type (coupon_duration_type)');
	requireText(body.coupon_discount_type, 'discount type (coupon_discount_type)');
	requireText(body.coupon_duration_type, 'duration type (coupon_duration_type)');
	body.coupon_discount_amount = requireNumber(
		body.coupon_discount_amount,
		'discount amount (coupon_discount_amount)',
		{ min: 0 },
	);
	if (body.coupon_discount_type === 'percent' && (body.coupon_discount_amount as number) > 100)
		throw new ValidationError('A percent discount (coupon_discount_amount) is at most 100.');
	if (COUNTED_DURATIONS.includes(String(body.coupon_duration_type)))
		body.coupon_duration_value = requireNumber(
			body.coupon_duration_value,
			`number of ${String(body.coupon_duration_type)} (coupon_duration_value)`,
			{ min: 1, integer: true },
		);
	else delete body.coupon_duration_value;
	for (const name of ['active', 'redemption_specific_date_status', 'redemption_times_status']) {
		const value = flag(body[name], name);
		if (value === undefined) delete body[name];
		else body[name] = value;
	}
	if (body.redemption_times_value !== undefined)
		body.redemption_times_value = requireNumber(body.redemption_times_value, 'redemption limit', {
			min: 1,
			integer: true,
		});
	return body;
}

/** Coupons that partners' promotion codes point at, identified by their uuid_code. */
export class CouponsApi {
	constructor(private readonly client: PartneroClient) {}

	async create(input: Fields): Promise<Fields> {
		return this.client.data('POST', 'coupons', { body: couponBody(input) });
	}

	async get(uuidCode: string): Promise<Fields> {
		return this.client.data('GET', `coupons/${segment(uuidCode, 'coupon code (uuid_code)')}`);
	}

	async list(o: ListOptions = {}): Promise<Fields[]> {
		return listAll(this.client, 'coupons', o);
	}

	/** PUT /coupons with uuid_code in the body; Partnero changes only the name and metadata here. */
	async update(uuidCode: string, patch: Fields): Promise<Fields> {
		if (!isBlank(patch.uuid_code) && String(patch.uuid_code).trim() !== String(uuidCode).trim())
			throw new ValidationError("Partnero cannot change a coupon's uuid_code.");
		const changes = only({ ...patch, uuid_code: undefined }, COUPON_UPDATE_FIELDS, 'coupon update');
		if (Object.keys(changes).length === 0)
			throw new ValidationError(
				`Nothing to update: give at least one of ${COUPON_UPDATE_FIELDS.join(', ')}.`,
			);
		const redeem = flag(changes.redeem, 'redeem');
		if (redeem !== undefined) changes.redeem = redeem;
		return this.client.data('PUT', 'coupons', {
			body: { uuid_code: requireText(uuidCode, 'coupon code (uuid_code)'), ...changes },
		});
	}

	async delete(uuidCode: string): Promise<void> {
		await this.client.request('DELETE', `coupons/${segment(uuidCode, 'coupon code (uuid_code)')}`);
	}
}

/** The documented promotion-code body; an older `restrictions` object is spread to the top level. */
export function promotionCodeBody(input: Fields): Fields {
	if (!isBlank(input.coupon_id))
		throw new ValidationError(
			"coupon_id was renamed: Partnero takes coupon_uuid, the coupon's uuid_code.",
		);
	// A blank coupon_id (an empty form field) is dropped with the other blanks.
	const { restrictions, ...rest } = input;
	const fields = isRecord(restrictions) ? { ...restrictions, ...rest } : rest;
	const body = only(fields, CODE_FIELDS, 'promotion code');
	requireText(body.coupon_uuid, "coupon's uuid_code (coupon_uuid)");
	return body;
}

/** The codes customers type at checkout, each tied to a coupon; identified by the code itself. */
export class PromotionCodesApi {
	constructor(private readonly client: PartneroClient) {}

	async create(input: Fields): Promise<Fields> {
		return this.client.data('POST', 'promotion-codes', { body: promotionCodeBody(input) });
	}

	async get(code: string): Promise<Fields> {
		return this.client.data('GET', `promotion-codes/${segment(code, 'promotion code')}`);
	}

	async list(o: ListOptions = {}): Promise<Fields[]> {
		return listAll(this.client, 'promotion-codes', o);
	}

	/** PUT /promotion-codes with the code in the body. */
	async update(code: string, patch: Fields): Promise<Fields> {
		if (!isBlank(patch.code) && String(patch.code).trim() !== String(code).trim())
			throw new ValidationError(
				'Partnero cannot rename a promotion code; create a new one and delete the old.',
			);
		const changes = only(
			{ ...patch, code: undefined },
			CODE_UPDATE_FIELDS,
			'promotion code update',
		);
		if (Object.keys(changes).length === 0)
			throw new ValidationError(
				`Nothing to update: give at least one of ${CODE_UPDATE_FIELDS.slice(1).join(', ')}.`,
			);
		return this.client.data('PUT', 'promotion-codes', {
			body: { code: requireText(code, 'promotion code'), ...changes },
		});
	}

	/** DELETE /promotion-codes with {code, coupon: {uuid_code}}: Partnero needs the parent coupon. */
	async delete(code: string, couponUuid: unknown): Promise<void> {
		await this.client.request('DELETE', 'promotion-codes', {
			body: {
				code: requireText(code, 'promotion code'),
				coupon: { uuid_code: requireText(couponUuid, "coupon's uuid_code (coupon.uuid_code)") },
			},
		});
	}
}
