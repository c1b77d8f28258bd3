/**
 * The shapes of the HTTP seam (see http.ts), apart from its code so that errors.ts can name a response
 * without importing http.ts, which imports errors.ts.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export interface HttpRequest {
	method: HttpMethod;
	url: string;
	headers: Record<string, string>;
	query?: Record<string, string | number | boolean | undefined>;
	/** Sent as JSON. */
	body?: unknown;
	timeoutMs?: number;
	/** For messages, e.g. 'Partnero'; the host when not given. */
	provider?: string;
}

export interface HttpResponse {
	status: number;
	headers: Record<string, string>;
	/** Parsed JSON when the body is JSON, otherwise the text, or undefined when empty. */
	body: unknown;
}

export type Transport = (req: HttpRequest) => Promise<HttpResponse>;
