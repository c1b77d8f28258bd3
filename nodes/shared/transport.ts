import type {
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	INode,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { ApiError, errorMessage } from '../../core/errors';
import { DEFAULT_TIMEOUT_MS, parseBody, TransportError, type Transport } from '../../core/http';

export type Context =
	| IHookFunctions
	| IExecuteFunctions
	| IWebhookFunctions
	| ILoadOptionsFunctions;

interface FullResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

function hostOf(url: string): string {
	return URL.canParse(url) ? new URL(url).host : 'the server';
}

/** n8n's request helper throws only when no answer came; the core retries those as TransportError. */
function transportErrorFor(error: unknown, url: string, timeoutMs: number): TransportError {
	const e = error as { code?: string; message?: string; cause?: { code?: string } };
	const code = e.code ?? e.cause?.code ?? '';
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(e.message ?? '')) {
		return new TransportError('timeout', `No answer from ${hostOf(url)} within ${timeoutMs} ms.`);
	}
	const reason = code ? ` (${code})` : '';
	return new TransportError(
		'network',
		`Could not reach ${hostOf(url)}${reason}. Check the base URL in the credential and the network.`,
	);
}

/**
 * The core's Transport on n8n's request helper: the credential (`credentialType`) adds its auth, and every
 * status comes back as a value so the core's retry and error mapping see it.
 */
export function n8nTransport(ctx: Context, credentialType: string): Transport {
	return async (req) => {
		const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
		let res: FullResponse;
		try {
			res = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, {
				method: req.method as IHttpRequestMethods,
				url: req.url,
				headers: req.headers,
				qs: req.query,
				body: req.body as object | undefined,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: timeoutMs,
			})) as FullResponse;
		} catch (error) {
			throw transportErrorFor(error, req.url, timeoutMs);
		}
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(res.headers ?? {})) {
			if (value !== undefined)
				headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
		}
		const body = typeof res.body === 'string' ? parseBody(res.body) : res.body;
		return { status: res.statusCode, headers, body };
	};
}

/** A core failure as the JSON NodeApiError wants: the provider's status and our actionable message, no secrets. */
export function errorJson(error: unknown): JsonObject {
	const e = error as { message?: string; status?: number; description?: string };
	const out: JsonObject = { message: e.message ?? String(error) };
	if (typeof e.status === 'number' && e.status > 0) out.httpCode = String(e.status);
	if (e.description) out.description = e.description;
	return out;
}

/**
 * The one place n8n errors are made from core failures: ApiError (the provider refused) becomes
 * NodeApiError with its status and advice; ValidationError (bad input, named field) and anything else
 * become NodeOperationError, with `description` saying where to fix it when the caller knows. Our message is always passed explicitly: without it n8n would replace it by a
 * generic text per HTTP status and the provider's field messages would be lost.
 */
export function nodeErrorFor(
	node: INode,
	error: unknown,
	itemIndex?: number,
	description?: string,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const message = errorMessage(error);
	if (error instanceof ApiError) {
		return new NodeApiError(node, errorJson(error), {
			message,
			description: error.description,
			httpCode: error.status > 0 ? String(error.status) : undefined,
			itemIndex,
		});
	}
	return new NodeOperationError(node, message, { itemIndex, description });
}

/**
 * A core client for the node's credential. Clients check the base URL when built, so that failure is
 * reported against the credential field rather than as a failed request.
 */
export async function clientFor<C>(ctx: Context, provider: string, make: () => C): Promise<C> {
	try {
		return make();
	} catch (error) {
		throw nodeErrorFor(
			ctx.getNode(),
			error,
			undefined,
			`Fix the Base URL in the ${provider} credential.`,
		);
	}
}
