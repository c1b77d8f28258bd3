/**
 * Contract tests from PartnerStack's v2 reference (test/fixtures/partnerstack-reference.ts, one entry per
 * documented operation with its URL): what the client sends for the documented example is checked against
 * the page's fields, and the documented answer is parsed back into the node's output.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchTransport } from '../../core/http';
import { PartnerStackClient } from '../../core/partnerstack/client';
import { WebhookFieldMemory } from '../../core/partnerstack/field-memory';
import { runPartnerStackOperation } from '../../core/partnerstack/operations';
import { PARTNERSTACK_REFERENCE, referenceViolations } from '../fixtures/partnerstack-reference';

/** A loopback stand-in for api.partnerstack.com that records requests and answers the documented example. */
let server: http.Server;
let base: string;
let answer: unknown;
const seen: Array<{ method: string; path: string; body: Record<string, unknown> }> = [];

beforeAll(async () => {
	server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			seen.push({
				method: req.method ?? '',
				path: (req.url ?? '').split('?')[0],
				body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
			});
			res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
	seen.length = 0;
});

const client = () =>
	new PartnerStackClient({
		baseUrl: base,
		publicKey: 'pk',
		secretKey: 'sk',
		transport: fetchTransport(),
		retry: { retries: 0 },
		fieldMemory: new WebhookFieldMemory(),
	});

describe.each(PARTNERSTACK_REFERENCE.map((op) => [`${op.resource} ${op.operation}`, op] as const))(
	'%s',
	(_name, op) => {
		test(`sends the documented body (${op.url}) and parses the documented answer`, async () => {
			expect(referenceViolations(op, op.requestExample)).toEqual([]);
			answer = op.responseExample;
			const out = await runPartnerStackOperation(client(), op.resource, op.operation, {
				fields: { ...op.requestExample },
			});
			expect(seen).toEqual([{ method: op.method, path: op.path, body: op.requestExample }]);
			expect(referenceViolations(op, seen[0].body)).toEqual([]);
			expect(out).toEqual(op.responseExample.data);
		});
	},
);
