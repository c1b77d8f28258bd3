/**
 * Contract tests from Partnero's reference: each fixture holds a page's request and response examples
 * and the page's URL. The operation gets the example as its input (Node-RED's msg.payload takes the
 * vendor's field names, so a user can paste it), must send exactly the example, and must parse the
 * page's answer. Nulls in an example mean "not set": the client leaves them out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { HttpRequest, Transport } from '../../core/http';
import { partneroApi } from '../../core/partnero/api';
import { PartneroClient } from '../../core/partnero/client';
import { runOperation } from '../../core/partnero/operations';

interface Fixture {
	source: string;
	operation: { resource: string; operation: string; id?: string };
	method: string;
	path: string;
	query?: Record<string, unknown>;
	request: Record<string, unknown> | null;
	/** Input fields when the request has no body (query-string operations). */
	fields?: Record<string, unknown>;
	response: { data?: unknown };
	/** What the operation returns when the answer carries no data. */
	result?: unknown;
}

const DIR = path.join(__dirname, '../fixtures/partnero');
const fixtures = readdirSync(DIR)
	.filter((f) => f.endsWith('.json'))
	.map((f) => [f, JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as Fixture] as const);

function withoutNulls(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutNulls);
	if (typeof value !== 'object' || value === null) return value;
	return Object.fromEntries(
		Object.entries(value)
			.filter(([, v]) => v !== null)
			.map(([k, v]) => [k, withoutNulls(v)]),
	);
}

function recorder(answer: unknown): { transport: Transport; sent: HttpRequest[] } {
	const sent: HttpRequest[] = [];
	const transport: Transport = async (req) => {
		sent.push(req);
		return { status: 200, headers: { 'content-type': 'application/json' }, body: answer };
	};
	return { transport, sent };
}

test('every fixture names its page on docs.partnero.com', () => {
	expect(fixtures.length).toBeGreaterThanOrEqual(15);
	for (const [, f] of fixtures)
		expect(f.source).toMatch(/^https:\/\/docs\.partnero\.com\/api-reference\//);
});

describe.each(fixtures)('%s', (_file, f) => {
	test(`${f.operation.resource}.${f.operation.operation} sends the page's request`, async () => {
		const { transport, sent } = recorder(f.response);
		const client = new PartneroClient({
			baseUrl: 'https://api.partnero.com/v1',
			apiKey: 'contract-key',
			transport,
		});
		const result = await runOperation(
			partneroApi(client),
			f.operation.resource,
			f.operation.operation,
			{ id: f.operation.id, fields: { ...(f.request ?? {}), ...(f.fields ?? {}) } },
		);
		expect(sent).toHaveLength(1);
		const [req] = sent;
		expect(req.method).toBe(f.method);
		expect(req.url).toBe(`https://api.partnero.com/v1/${f.path}`);
		expect(req.headers.Authorization ?? req.headers.authorization).toBe('Bearer contract-key');
		if (f.query) expect(req.query).toEqual(f.query);
		if (f.request === null) expect(req.body).toBeUndefined();
		else expect(req.body).toEqual(withoutNulls(f.request));
		expect(result).toEqual(f.result ?? f.response.data);
	});
});
