import { check } from './check';
import { http, type HttpResult } from './net';

/**
 * n8n's internal REST API as its editor uses it: the owner account is created on first start, then a
 * cookie session. The session is bound to a browser id header, which must be sent on every call.
 */
export class N8nRest {
	private cookie = '';
	private readonly browserId = 'partnerhooks-e2e-browser';

	constructor(readonly base: string) {}

	async call<T = any>(method: string, path: string, body?: unknown): Promise<T> {
		const res = await this.raw(method, path, body);
		if (res.status < 200 || res.status >= 300) {
			let message = res.text.slice(0, 300);
			try {
				message = res.json<{ message?: string }>().message ?? message;
			} catch {
				// not JSON: keep the text
			}
			check(false, `n8n ${method} /rest${path} answered ${res.status}: ${message}`);
		}
		const parsed = res.text ? res.json<{ data?: T }>() : {};
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}

	async raw(method: string, path: string, body?: unknown): Promise<HttpResult> {
		const headers: Record<string, string> = { 'browser-id': this.browserId };
		if (this.cookie) headers.cookie = this.cookie;
		const res = await http(method, `${this.base}/rest${path}`, { body, headers });
		const set = res.headers.getSetCookie?.() ?? [];
		const auth = set.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
		return res;
	}

	async setupOwner(
		owner = { email: 'owner@e2e.invalid', password: 'E2e-owner-passw0rd' },
	): Promise<void> {
		await this.call('POST', '/owner/setup', {
			...owner,
			firstName: 'Partnerhooks',
			lastName: 'Owner',
		});
		check(this.cookie, 'n8n did not issue a session cookie after owner setup');
	}

	async executionCount(workflowId: string): Promise<number> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const r = await this.call<{ count: number; results: unknown[] }>(
			'GET',
			`/executions?filter=${filter}&limit=100`,
		);
		return r.results.length;
	}

	/** All finished executions of a workflow (the list endpoint's count; exact below 100,000 rows). */
	async executionTotal(workflowId: string): Promise<number> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const r = await this.call<{ count: number; estimated?: boolean }>(
			'GET',
			`/executions?filter=${filter}&limit=1`,
		);
		check(
			r.count >= 0 && !r.estimated,
			`n8n gave no exact execution count (${r.count}${r.estimated ? ', estimated' : ''})`,
		);
		return r.count;
	}
}
