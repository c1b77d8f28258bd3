import { ValidationError } from '../../errors';
import type { PartneroClient } from '../client';
import type { PartnerData } from '../types';
import {
	archived,
	compact,
	isBlank,
	isRecord,
	listAll,
	oneOf,
	requireNumber,
	requireText,
	segment,
	tagList,
	updateObject,
	type Fields,
	type ListOptions,
} from './common';

export const PARTNER_IDENTIFIERS = ['id', 'key', 'email'] as const;
/** The fields of `update` on docs.partnero.com/api-reference/partners/update. */
const UPDATABLE = ['email', 'name', 'surname', 'password', 'key', 'tags'] as const;
/** Partnero's bounds for a portal sign-in link's lifetime, in seconds. */
export const SIGN_IN_URL_MIN_SECONDS = 30;
export const SIGN_IN_URL_MAX_SECONDS = 900;

export interface PartnerInput {
	email: string;
	name?: string;
	surname?: string;
	password?: string;
	id?: string;
	key?: string;
	tags?: string[] | string;
	referring_partner?: { id?: string; key?: string; email?: string };
}

export interface PartnerReward {
	amount: number;
	/** YYYY-MM-DD; Partnero uses today when absent. */
	date?: string;
	note?: string;
}

function validEmail(value: unknown, what: string): string {
	const email = requireText(value, what);
	if (!/^[^\s@]+@[^\s@]+$/.test(email))
		throw new ValidationError(`The ${what} "${email}" is not an email address.`);
	return email;
}

/** Partners (affiliate programs). Paths under /partners/{id} take the partner id, never the referral key. */
export class PartnersApi {
	constructor(private readonly client: PartneroClient) {}

	async create(input: PartnerInput): Promise<PartnerData> {
		const body = compact({
			...input,
			email: validEmail(input.email, 'partner email'),
			tags: tagList(input.tags),
		});
		if (!isBlank(input.password) && String(input.password).length < 8) {
			throw new ValidationError(
				'The partner password must have at least 8 characters (with a lower-case letter, an upper-case letter and a digit); leave it empty to let Partnero make one.',
			);
		}
		if (input.referring_partner !== undefined) {
			body.referring_partner = oneOf(
				input.referring_partner,
				PARTNER_IDENTIFIERS,
				'referring partner',
			);
		}
		return this.client.data('POST', 'partners', { body });
	}

	/** One partner by id, referral key or email (exactly one of them). */
	async get(by: { id?: string; key?: string; email?: string }): Promise<PartnerData> {
		return this.client.data('GET', 'partner', { query: oneOf(by, PARTNER_IDENTIFIERS, 'partner') });
	}

	async list(o: ListOptions = {}): Promise<PartnerData[]> {
		return listAll(this.client, 'partners', o);
	}

	/** Partial matches on one identifier, e.g. every partner whose email contains "@example.com". */
	async search(
		by: { id?: string; key?: string; email?: string },
		o: ListOptions = {},
	): Promise<PartnerData[]> {
		return listAll(this.client, 'partners:search', {
			...o,
			filters: { ...o.filters, ...oneOf(by, PARTNER_IDENTIFIERS, 'partner') },
		});
	}

	/** PUT partners/{id} with the changes inside `update`, as the reference shows. */
	async update(id: string, patch: Fields): Promise<PartnerData> {
		const update = updateObject(patch, UPDATABLE);
		if (update.email !== undefined) update.email = validEmail(update.email, 'partner email');
		if (update.tags !== undefined) update.tags = tagList(update.tags);
		return this.client.data('PUT', `partners/${segment(id, 'partner id')}`, {
			body: { update },
		});
	}

	async delete(id: string): Promise<void> {
		await this.client.request('DELETE', `partners/${segment(id, 'partner id')}`);
	}

	async archive(id: string): Promise<Fields> {
		const path = `partners/${segment(id, 'partner id')}/archive`;
		return archived(await this.client.request('POST', path), 'id', id, true);
	}

	async unarchive(id: string): Promise<Fields> {
		const path = `partners/${segment(id, 'partner id')}/revoke-archive`;
		return archived(await this.client.request('POST', path), 'id', id, false);
	}

	/** A one-off bonus outside any transaction. */
	async addReward(id: string, reward: PartnerReward): Promise<Fields> {
		const body = compact({
			amount: requireNumber(reward.amount, 'reward amount', { min: 0 }),
			date: reward.date,
			note: reward.note,
		});
		if (body.date !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(String(body.date))) {
			throw new ValidationError(
				`The reward date must be a date such as 2025-01-31 (got ${String(body.date)}).`,
			);
		}
		if (body.date !== undefined) body.date = String(body.date).slice(0, 10);
		return this.client.data('POST', `partners/${segment(id, 'partner id')}/reward`, { body });
	}

	async referralLinks(id: string, o: ListOptions = {}): Promise<Fields[]> {
		return listAll(this.client, `partners/${segment(id, 'partner id')}/referral_links`, o);
	}

	/** A one-time login link to the partner portal; `expiresIn` seconds, 30..900. */
	async signInUrl(by: { key?: string; email?: string }, expiresIn?: number): Promise<Fields> {
		const body: Fields = oneOf(by, ['key', 'email'], 'partner');
		if (!isBlank(expiresIn)) {
			const seconds = requireNumber(expiresIn, 'link lifetime (expires_in)', { integer: true });
			if (seconds < SIGN_IN_URL_MIN_SECONDS || seconds > SIGN_IN_URL_MAX_SECONDS) {
				throw new ValidationError(
					`The link lifetime (expires_in) must be ${SIGN_IN_URL_MIN_SECONDS} to ${SIGN_IN_URL_MAX_SECONDS} seconds (got ${seconds}).`,
				);
			}
			body.expires_in = seconds;
		}
		const data = await this.client.data<unknown>('POST', 'partners:sign-in-url', { body });
		return isRecord(data) ? data : { url: data };
	}
}
