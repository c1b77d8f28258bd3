import type { PartneroProgramType } from '../../core/partnero/events';
import type { ProgramStore } from './store';

export interface ApiReply {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

export type Errors = Record<string, string[]>;
export type Rec = Record<string, unknown>;

/**
 * The part of the simulator's state the resource routes read: the program's records and its type. SimState
 * has this shape; naming only this part keeps resources/ from importing the state that imports them.
 */
export interface ProgramView {
	store: ProgramStore;
	programType: PartneroProgramType;
}

/** What a resource route sees of a request. */
export interface Ctx {
	state: ProgramView;
	method: string;
	/** The path without trailing slash, e.g. /v1/partners/abc/archive. */
	path: string;
	query: URLSearchParams;
	body: Rec;
	origin: string;
	/** Sends a webhook event to the subscribed webhooks (a no-op where no deliverer is wired). */
	emit: (event: string, data: Rec) => void;
}

/** undefined = not this route's path, so the router tries the next one. */
export type Route = (ctx: Ctx) => ApiReply | undefined;

export function invalid(errors: Errors): ApiReply {
	const first = Object.values(errors)[0]?.[0] ?? 'The given data was invalid.';
	return { status: 422, body: { status: 0, message: first, errors } };
}

export const notFound: ApiReply = { status: 404, body: { message: 'Not found' } };

export const ok = (data: unknown, status = 200): ApiReply => ({
	status,
	body: { data, status: 1 },
});

/** What deletes and the archive calls answer: {"status": 1}, no data (partners/archive, …/restore). */
export const removed: ApiReply = { status: 200, body: { status: 1 } };

/**
 * The `update` object that partners/update and customers/update take; a flat body is refused the way
 * Laravel refuses a missing required field. The object's own fields are checked against `allowed`.
 */
export function updateObjectOf(
	ctx: Ctx,
	allowed: string[],
): { update: Rec; refused?: undefined } | { refused: ApiReply } {
	const update = ctx.body.update;
	if (!isRec(update)) return { refused: invalid({ update: ['The update field is required.'] }) };
	const unknown = Object.keys(update).filter((f) => !allowed.includes(f));
	if (unknown.length > 0) {
		const errors = unknown.map((f) => [`update.${f}`, [`The update.${f} field is prohibited.`]]);
		return { refused: invalid(Object.fromEntries(errors)) };
	}
	return { update };
}

/** Fields Partnero's validation does not know, refused the way a strict Laravel request refuses them. */
export function unknownFields(body: Rec, allowed: readonly string[]): Errors {
	return Object.fromEntries(
		Object.keys(body)
			.filter((f) => !allowed.includes(f))
			.map((f) => [f, [`The ${f} field is prohibited.`]]),
	);
}

export function methodNotAllowed(method: string): ApiReply {
	return {
		status: 405,
		body: { message: `The ${method} method is not supported for this route.` },
	};
}

/** Laravel's "simple" paginator: no totals, a next link while more follow. `min`/`max` bound `limit`. */
export function paged(
	ctx: Pick<Ctx, 'query' | 'origin' | 'path'>,
	all: unknown[],
	bounds: { min: number; max: number; fallback: number } = { min: 1, max: 250, fallback: 15 },
): ApiReply {
	const limit = Number(ctx.query.get('limit') ?? bounds.fallback);
	const page = Number(ctx.query.get('page') ?? 1);
	if (!Number.isInteger(limit) || limit < bounds.min || limit > bounds.max) {
		return invalid({ limit: [`The limit must be between ${bounds.min} and ${bounds.max}.`] });
	}
	if (!Number.isInteger(page) || page < 1)
		return invalid({ page: ['The page must be at least 1.'] });
	const items = all.slice((page - 1) * limit, page * limit);
	const path = `${ctx.origin}${ctx.path}`;
	const link = (p: number) => {
		const q = new URLSearchParams(ctx.query);
		q.set('limit', String(limit));
		q.set('page', String(p));
		return `${path}?${q.toString()}`;
	};
	return {
		status: 200,
		body: {
			data: items,
			links: {
				first: link(1),
				last: null,
				prev: page > 1 ? link(page - 1) : null,
				next: page * limit < all.length ? link(page + 1) : null,
			},
			meta: {
				current_page: page,
				from: items.length ? (page - 1) * limit + 1 : null,
				path,
				per_page: limit,
				to: items.length ? (page - 1) * limit + items.length : null,
			},
		},
	};
}

/** Collects Laravel-style field messages. */
export class Check {
	readonly errors: Errors = {};

	constructor(private readonly body: Rec) {}

	add(field: string, message: string): this {
		(this.errors[field] ??= []).push(message);
		return this;
	}

	private label(field: string): string {
		return field.replace(/[._]/g, ' ');
	}

	has(field: string): boolean {
		const v = this.body[field];
		return v !== undefined && v !== null && v !== '';
	}

	required(field: string): this {
		return this.has(field) ? this : this.add(field, `The ${this.label(field)} field is required.`);
	}

	email(field: string): this {
		if (this.has(field) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(this.body[field]))) {
			this.add(field, `The ${this.label(field)} must be a valid email address.`);
		}
		return this;
	}

	numeric(field: string, min?: number): this {
		if (!this.has(field)) return this;
		const n = this.body[field];
		if (typeof n !== 'number' || !Number.isFinite(n))
			return this.add(field, `The ${this.label(field)} must be a number.`);
		if (min !== undefined && n < min)
			this.add(field, `The ${this.label(field)} must be at least ${min}.`);
		return this;
	}

	oneOf(field: string, allowed: string[]): this {
		if (this.has(field) && !allowed.includes(String(this.body[field])))
			this.add(field, `The selected ${this.label(field)} is invalid.`);
		return this;
	}

	get failed(): boolean {
		return Object.keys(this.errors).length > 0;
	}
}

export function now(): string {
	return new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** The id group and the optional action group of `pattern` on the path, decoded; undefined when it does not match. */
export function param(ctx: Ctx, pattern: RegExp): [string, string | undefined] | undefined {
	const m = pattern.exec(ctx.path);
	return m
		? [decodeURIComponent(m[1]), m[2] === undefined ? undefined : decodeURIComponent(m[2])]
		: undefined;
}

export function isRec(value: unknown): value is Rec {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
