import { ValidationError } from '../../errors';
import type { PartneroClient } from '../client';
import {
	compact,
	isBlank,
	listAll,
	pick,
	requireNumber,
	requireText,
	segment,
	type Fields,
	type ListOptions,
} from './common';

export const DISCOUNT_TYPES = ['percent', 'fixed'] as const;
export const DURATION_TYPES = ['forever', 'limited', 'once'] as const;
const COUPON_FIELDS = [
	'name',
	'discount_type',
	'discount_amount',
	'duration_type',
	'duration_value',
	'redemption_limit',
] as const;
const CODE_FIELDS = ['coupon_id', 'code', 'restrictions'] as const;

function checkChoice(value: unknown, allowed: readonly string[], what: string): void {
	if (!isBlank(value) && !allowed.includes(String(value)))
		throw new ValidationError(
			`The ${what} must be one of ${allowed.join(', ')} (got ${String(value)}).`,
		);
}

function checkCoupon(body: Fields): Fields {
	checkChoice(body.discount_type, DISCOUNT_TYPES, 'discount type');
	checkChoice(body.duration_type, DURATION_TYPES, 'duration type');
	if (body.discount_amount !== undefined)
		body.discount_amount = requireNumber(body.discount_amount, 'discount amount', { min: 0 });
	for (const name of ['duration_value', 'redemption_limit']) {
		if (body[name] !== undefined)
			body[name] = requireNumber(body[name], name.replace('_', ' '), { min: 1, integer: true });
	}
	return body;
}

/** Coupons that partners' promotion codes point at. */
export class CouponsApi {
	constructor(private readonly client: PartneroClient) {}

	async create(input: Fields): Promise<Fields> {
		const body = checkCoupon(compact(Object.fromEntries(COUPON_FIELDS.map((n) => [n, input[n]]))));
		requireText(body.name, 'coupon name');
		requireText(body.discount_type, 'discount type');
		requireNumber(body.discount_amount, 'discount amount');
		return this.client.data('POST', 'coupons', { body });
	}

	async get(id: string | number): Promise<Fields> {
		return this.client.data('GET', `coupons/${segment(id, 'coupon id')}`);
	}

	async list(o: ListOptions = {}): Promise<Fields[]> {
		return listAll(this.client, 'coupons', o);
	}

	async update(id: string | number, patch: Fields): Promise<Fields> {
		return this.client.data('PUT', `coupons/${segment(id, 'coupon id')}`, {
			body: checkCoupon(pick(patch, COUPON_FIELDS, 'update')),
		});
	}

	async delete(id: string | number): Promise<void> {
		await this.client.request('DELETE', `coupons/${segment(id, 'coupon id')}`);
	}
}

/** The codes customers type at checkout, each tied to a coupon. */
export class PromotionCodesApi {
	constructor(private readonly client: PartneroClient) {}

	async create(input: Fields): Promise<Fields> {
		const body = compact(Object.fromEntries(CODE_FIELDS.map((n) => [n, input[n]])));
		requireText(body.coupon_id, 'coupon id');
		requireText(body.code, 'promotion code');
		return this.client.data('POST', 'promotion-codes', { body });
	}

	async get(id: string | number): Promise<Fields> {
		return this.client.data('GET', `promotion-codes/${segment(id, 'promotion code id')}`);
	}

	async list(o: ListOptions = {}): Promise<Fields[]> {
		return listAll(this.client, 'promotion-codes', o);
	}

	async update(id: string | number, patch: Fields): Promise<Fields> {
		return this.client.data('PUT', `promotion-codes/${segment(id, 'promotion code id')}`, {
			body: pick(patch, CODE_FIELDS, 'update'),
		});
	}

	async delete(id: string | number): Promise<void> {
		await this.client.request('DELETE', `promotion-codes/${segment(id, 'promotion code id')}`);
	}
}
