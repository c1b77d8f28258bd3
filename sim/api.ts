import type http from 'node:http';
import { isPartneroEvent, PARTNERO_EVENTS } from '../core/partnero/events';
import type { PartneroWebhook } from '../core/partnero/types';
import { handleResources } from './resources';
import { invalid, notFound, paged, type ApiReply, type Errors, type Rec } from './resources/reply';
import { randomToken } from './random-token';
import type { SimState } from './state';

export type { ApiReply } from './resources/reply';

function isUrl(text: unknown): boolean {
	return typeof text === 'string' && /^https?:\/\//i.test(text) && URL.canParse(text);
}

/** Laravel-style validation of a webhook body; `partial` for PUT. */
function validate(state: SimState, body: Record<string, unknown>, partial: boolean): Errors {
	const errors: Errors = {};
	const add = (field: string, msg: string) => (errors[field] ??= []).push(msg);
	if (!partial || 'name' in body) {
		if (typeof body.name !== 'string' || body.name.trim() === '')
			add('name', 'The name field is required.');
		else if (body.name.length > 255)
			add('name', 'The name may not be greater than 255 characters.');
	}
	if (!partial || 'url' in body) {
		if (body.url === undefined || body.url === '') add('url', 'The url field is required.');
		else if (!isUrl(body.url)) add('url', 'The url format is invalid.');
	}
	if (!partial || 'events' in body) {
		if (!Array.isArray(body.events) || body.events.length === 0)
			add('events', 'The events field is required.');
		else {
			body.events.forEach((event, i) => {
				if (
					typeof event !== 'string' ||
					!isPartneroEvent(event) ||
					state.refusedEvents.has(event)
				) {
					add(`events.${i}`, `The selected events.${i} is invalid.`);
					return;
				}
				const info = PARTNERO_EVENTS.find((e) => e.name === event);
				if (info && !info.programTypes.includes(state.programType)) {
					add(
						`events.${i}`,
						`The event ${event} is not available in this program (a ${state.programType} program).`,
					);
				}
			});
		}
	}
	if ('is_active' in body && typeof body.is_active !== 'boolean')
		add('is_active', 'The is active field must be true or false.');
	if (!partial && body.key !== undefined && body.key !== null) {
		if (typeof body.key !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(body.key))
			add('key', 'The key format is invalid.');
		else if (state.webhooks.has(body.key)) add('key', 'The key has already been taken.');
	}
	return errors;
}

/** Partnero's webhook list pages like its other lists, with its own limit bounds (10 to 100, 10 by default). */
function list(state: SimState, req: http.IncomingMessage, origin: string): ApiReply {
	const url = new URL(req.url ?? '/', origin);
	return paged(
		{ query: url.searchParams, origin, path: '/v1/webhooks' },
		[...state.webhooks.values()],
		{ min: 10, max: 100, fallback: 10 },
	);
}

/**
 * Partnero's API: /v1/test and /v1/webhooks here, the program resources in ./resources. `body` is undefined
 * for a body-less request; `emit` sends the webhook events that resource changes cause.
 */
export function handleApi(
	state: SimState,
	req: http.IncomingMessage,
	origin: string,
	body: unknown,
	emit: (event: string, data: Rec) => void = () => undefined,
): ApiReply {
	const method = req.method ?? 'GET';
	const url = new URL(req.url ?? '/', origin);
	const path = url.pathname.replace(/\/+$/, '');
	if (path === '/v1/test' && method === 'GET') {
		return { status: 200, body: { status: 1, message: 'API key is valid.' } };
	}
	const input =
		typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Rec) : {};
	const resource = handleResources({
		state,
		method,
		path,
		query: url.searchParams,
		body: input,
		origin,
		emit,
	});
	if (resource) return resource;
	if (path === '/v1/webhooks') {
		if (method === 'GET') return list(state, req, origin);
		if (method === 'POST') {
			const input = (body ?? {}) as Record<string, unknown>;
			const errors = validate(state, input, false);
			if (Object.keys(errors).length) return invalid(errors);
			const webhook: PartneroWebhook = {
				key: typeof input.key === 'string' ? input.key : randomToken(12),
				name: String(input.name),
				url: String(input.url),
				is_active: input.is_active === undefined ? true : Boolean(input.is_active),
				signature: randomToken(16),
				events: [...new Set(input.events as string[])],
			};
			state.webhooks.set(webhook.key, webhook);
			return { status: 200, body: { data: webhook, status: 1 } };
		}
		return {
			status: 405,
			body: { message: `The ${method} method is not supported for this route.` },
		};
	}
	const match = /^\/v1\/webhooks\/([^/]+)$/.exec(path);
	if (match) {
		const key = decodeURIComponent(match[1]);
		const webhook = state.webhooks.get(key);
		if (!webhook) return notFound;
		if (method === 'GET') return { status: 200, body: { data: webhook, status: 1 } };
		if (method === 'DELETE') {
			state.webhooks.delete(key);
			return { status: 200, body: { status: 1 } };
		}
		if (method === 'PUT') {
			const input = (body ?? {}) as Record<string, unknown>;
			const errors = validate(state, input, true);
			if (Object.keys(errors).length) return invalid(errors);
			if (typeof input.name === 'string') webhook.name = input.name;
			if (typeof input.url === 'string') webhook.url = input.url;
			if (Array.isArray(input.events)) webhook.events = [...new Set(input.events as string[])];
			if (typeof input.is_active === 'boolean') webhook.is_active = input.is_active;
			return { status: 200, body: { data: webhook, status: 1 } };
		}
		return {
			status: 405,
			body: { message: `The ${method} method is not supported for this route.` },
		};
	}
	return notFound;
}
