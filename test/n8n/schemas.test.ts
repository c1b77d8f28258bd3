/**
 * The action node's output schemas (n8n "schema preview"): built from the core samples, found where n8n-core's own
 * resolver looks, identical to a fresh generation, and true to what the node really outputs against the simulator.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { resolveOutputSchemaPath } from 'n8n-core';
import { partneroWebhookSample } from '../../core/partnero/samples';
import { Partnero } from '../../nodes/Partnero/Partnero.node';
import { actionSchemaFiles, schemaOf, serialise, type JsonSchema } from '../../scripts/schemas';
import { useSimulators } from '../support/simulators';
import { runNode } from './support/execute';

const nodeDir = join(__dirname, '../../dist/nodes/Partnero');
const description = new Partnero().description;
const operations = (description.properties.find((p) => p.name === 'operation')?.options ?? []).map(
	(o: any) => o.value as string,
);

/** Minimal JSON Schema check for the subset the generator emits. Returns the paths that do not conform. */
function violations(schema: JsonSchema, value: unknown, at = '$'): string[] {
	const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
	const ok =
		schema.type === type ||
		(schema.type === 'integer' && Number.isInteger(value)) ||
		(schema.type === 'number' && type === 'number');
	if (!ok) return [`${at}: ${type}, schema says ${schema.type}`];
	const out: string[] = [];
	if (schema.type === 'object') {
		const object = value as Record<string, unknown>;
		for (const key of schema.required ?? [])
			if (!(key in object)) out.push(`${at}.${key}: missing`);
		for (const key of Object.keys(object)) {
			if (!schema.properties?.[key]) out.push(`${at}.${key}: not in the schema`);
			else out.push(...violations(schema.properties[key], object[key], `${at}.${key}`));
		}
	}
	if (schema.type === 'array' && schema.items)
		(value as unknown[]).forEach((v, i) =>
			out.push(...violations(schema.items!, v, `${at}[${i}]`)),
		);
	return out;
}

const built = (operation: string): JsonSchema =>
	JSON.parse(readFileSync(join(nodeDir, '__schema__/v1.0.0/webhook', `${operation}.json`), 'utf8'));

beforeAll(() => {
	if (!existsSync(join(nodeDir, 'Partnero.node.js')))
		throw new Error('dist/ is missing: run npm run build first');
});

describe('schemaOf', () => {
	it('describes types, nesting and arrays, and merges array items', () => {
		expect(schemaOf({ a: 1, b: 1.5, c: 'x', d: [{ e: true }, { e: false, f: null }] })).toEqual({
			type: 'object',
			properties: {
				a: { type: 'integer' },
				b: { type: 'number' },
				c: { type: 'string' },
				d: {
					type: 'array',
					items: {
						type: 'object',
						properties: { e: { type: 'boolean' }, f: { type: 'null' } },
						required: ['e'],
					},
				},
			},
			required: ['a', 'b', 'c', 'd'],
		});
	});
});

describe('output schemas of the Partnero action node', () => {
	it('exist for every webhook operation, where n8n-core 2.41 resolves them', () => {
		expect(operations.sort()).toEqual(['create', 'delete', 'get', 'getAll', 'update']);
		for (const version of [1, 2])
			for (const operation of operations) {
				const path = resolveOutputSchemaPath({ nodeDir, version, resource: 'webhook', operation });
				expect(path && relative(nodeDir, path)).toBe(
					`__schema__/v${version}.0.0/webhook/${operation}.json`,
				);
				expect(existsSync(path!)).toBe(true);
			}
		// Only the action node's version directories: the trigger shares this folder and must get nothing by accident.
		expect(readdirSync(join(nodeDir, '__schema__'))).toEqual(['v1.0.0', 'v2.0.0']);
		expect(resolveOutputSchemaPath({ nodeDir, version: 1, versionFallback: true })).toBeUndefined();
	});

	it('are exactly what the generator makes from the core samples today (no drift)', async () => {
		const files = await actionSchemaFiles();
		expect(Object.keys(files).sort()).toEqual(
			['v1.0.0', 'v2.0.0']
				.flatMap((v) => operations.map((o) => `__schema__/${v}/webhook/${o}.json`))
				.sort(),
		);
		for (const [file, schema] of Object.entries(files))
			expect(readFileSync(join(nodeDir, file), 'utf8')).toBe(serialise(schema));
	});

	it('describe the core sample minus the signing secret, which never reaches node output', () => {
		const sample = { ...partneroWebhookSample() } as Record<string, unknown>;
		delete sample.signature;
		for (const operation of ['create', 'get', 'getAll', 'update']) {
			expect(built(operation)).toEqual(schemaOf(sample));
			expect(built(operation).properties).not.toHaveProperty('signature');
		}
		expect(built('delete')).toEqual(schemaOf({ key: 'k', deleted: true }));
	});

	describe('match what the node really outputs in n8n-core against the simulator', () => {
		// One simulator through create → get → getAll → update → delete, so no reset between them.
		const sims = useSimulators({ partnero: true, reset: false });

		it.each([
			[
				'create',
				{
					name: 'CRM sync',
					url: 'https://example.com/p',
					events: ['partner.created'],
					additionalFields: { key: 'crm' },
				},
			],
			['get', { key: 'crm' }],
			['getAll', { returnAll: true }],
			['update', { key: 'crm', updateFields: { isActive: false } }],
			['delete', { key: 'crm' }],
		])('%s', async (operation, parameters) => {
			const run = await runNode(
				'n8n-core',
				new Partnero(),
				{ resource: 'webhook', operation, ...parameters },
				{ apiKey: sims.sim.apiKey, baseUrl: sims.sim.apiBaseUrl },
			);
			expect(run.status).toBe('success');
			expect(run.items.length).toBeGreaterThan(0);
			for (const item of run.items) expect(violations(built(operation), item.json)).toEqual([]);
		});
	});
});
