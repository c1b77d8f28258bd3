/**
 * PartnerStack's API shapes as the client hands them on: cursor pages, list options, webhooks (with the
 * URL under `target` whatever the API called it), and the redaction that keeps a URL secret out of output.
 */
import { isRecord } from '../api-client';
import { ApiError } from '../errors';
import { redactUrl } from './delivery';

export interface CursorPage<T> {
	items: T[];
	hasMore: boolean;
}

export interface ListOptions {
	/** Page size, 1..250. */
	limit?: number;
	startingAfter?: string;
	endingBefore?: string;
	/** Further filters passed as query parameters (e.g. min_created / max_created in epoch ms). */
	filters?: Record<string, string | number | boolean | undefined>;
}

export interface PartnerStackWebhook {
	key: string;
	/** The delivery URL, whichever field name the API used. */
	target: string;
	events: string[];
	created_at?: number;
	updated_at?: number;
	[extra: string]: unknown;
}

/** A trigger's URL secret never reaches a flow message or node output, where it would be stored. */
export function redactWebhook(webhook: PartnerStackWebhook): PartnerStackWebhook {
	return { ...webhook, target: redactUrl(webhook.target) };
}

export type PsRecord = Record<string, unknown> & { key?: string };

/** A webhook as PartnerStack returns it, with the URL under `target` whatever the API called it. */
export function normaliseWebhook(raw: unknown): PartnerStackWebhook {
	const w = isRecord(raw) ? raw : {};
	const target = [w.target, w.target_url, w.url].find((v) => typeof v === 'string') as
		| string
		| undefined;
	const out: PartnerStackWebhook = {
		...w,
		key: String(w.key ?? ''),
		target: target ?? '',
		events: Array.isArray(w.events) ? (w.events as string[]) : [],
	};
	delete out.target_url;
	return out;
}

/** Whether a refusal names the webhook URL field, i.e. is about target vs target_url. */
export function namesTargetField(error: unknown): boolean {
	if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 422)) return false;
	const text = [
		error.apiMessage ?? '',
		...Object.keys(error.fieldErrors),
		...Object.values(error.fieldErrors).flat(),
	].join(' ');
	return /\btarget(_url)?\b/i.test(text);
}
