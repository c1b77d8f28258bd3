import type {
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { PartneroClient } from '../../core/partnero/client';
import { parseBody, type Transport } from '../../core/http';

type Context = IHookFunctions | IExecuteFunctions | IWebhookFunctions;

interface FullResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

/**
 * The core's Transport on n8n's request helper: the credential adds the Bearer header, and every status
 * comes back as a value so the core's retry and error mapping see it.
 */
export function n8nTransport(ctx: Context): Transport {
	return async (req) => {
		const res = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'partneroApi', {
			method: req.method as IHttpRequestMethods,
			url: req.url,
			headers: req.headers,
			qs: req.query,
			body: req.body as object | undefined,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: req.timeoutMs ?? 30000,
		})) as FullResponse;
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(res.headers ?? {})) {
			if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
		}
		const body = typeof res.body === 'string' ? parseBody(res.body) : res.body;
		return { status: res.statusCode, headers, body };
	};
}

export async function partneroClient(ctx: Context): Promise<PartneroClient> {
	const credentials = await ctx.getCredentials('partneroApi');
	return new PartneroClient({ baseUrl: credentials.baseUrl as string | undefined, transport: n8nTransport(ctx) });
}

/** A core failure as the JSON NodeApiError wants: Partnero's status and our actionable message, no secrets. */
export function errorJson(error: unknown): JsonObject {
	const e = error as { message?: string; status?: number; description?: string };
	const out: JsonObject = { message: e.message ?? String(error) };
	if (typeof e.status === 'number' && e.status > 0) out.httpCode = String(e.status);
	if (e.description) out.description = e.description;
	return out;
}
