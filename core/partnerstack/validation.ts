import { parseUrl } from '../api-client';
import { ValidationError } from '../errors';
import { resourceOf } from './resources';

/** Fields holding money, in cents: must be whole numbers. (An action's `value` is a count: see bodies.ts.) */
const CENT_FIELDS = ['amount'];

/** A record key as a path segment, so a "/" or "?" in it cannot reach another endpoint. */
export function keyPath(key: unknown, what: string): string {
	if (typeof key !== 'string' || key.trim() === '')
		throw new ValidationError(`The ${what} key is required.`, 'key');
	return encodeURIComponent(key.trim());
}

export function checkCents(body: Record<string, unknown>): void {
	for (const field of CENT_FIELDS) {
		const value = body[field];
		if (value === undefined) continue;
		if (typeof value !== 'number' || !Number.isInteger(value)) {
			throw new ValidationError(
				`"${field}" is in cents and must be a whole number (e.g. 4900 for 49.00), got ${JSON.stringify(value)}.`,
				field,
			);
		}
	}
}

/** What create needs for the resource, named when missing. */
export function checkRequired(resource: string, body: Record<string, unknown>): void {
	const missing = resourceOf(resource).required.filter(
		(f) => body[f] === undefined || body[f] === '',
	);
	if (missing.length)
		throw new ValidationError(
			`To create a ${resource}, give ${missing.join(' and ')}.`,
			missing[0],
		);
}

export function validateUrl(url: unknown): string {
	if (typeof url !== 'string' || url.trim() === '')
		throw new ValidationError('The webhook target URL is required.', 'target');
	const parsed = parseUrl(url.trim());
	if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
		throw new ValidationError('The webhook target must be an http(s) URL.', 'target');
	}
	return url.trim();
}

export function validateEvents(events: unknown): string[] {
	if (
		!Array.isArray(events) ||
		events.length === 0 ||
		events.some((e) => typeof e !== 'string' || e.trim() === '')
	) {
		throw new ValidationError(
			'Choose at least one event; events must be a list of names such as partnership.created.',
			'events',
		);
	}
	return events.map((e: string) => e.trim());
}
