/**
 * Output schemas ("schema preview") for the n8n Partnero action node, generated from the core samples by running
 * the node's real operations on them. `npm run build` writes them to
 * `dist/nodes/Partnero/__schema__/v<x.y.z>/<resource>/<operation>.json`, where n8n 2.41 looks them up:
 * `GET /schemas/<type>/<x.y.z>/<resource>/<operation>.json` (n8n `dist/server.js:308`) →
 * `LoadNodesAndCredentials.resolveSchema` (`dist/load-nodes-and-credentials.js:252`) →
 * n8n-core `resolveOutputSchemaPath` (`dist/nodes-loader/output-schema-resolver.js:40`), i.e. next to the node's
 * `.node.js`. The editor shows them in the next node's input panel before this node has run.
 *
 * The trigger gets none: n8n 2.41's editor refuses schema previews for trigger nodes
 * (n8n-editor-ui `dist/assets/VirtualSchema-*.js`: `group.includes("trigger")` → "Trigger nodes do not have schema
 * previews"), and the lookup has no per-event key (only version, resource and operation).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { PartneroClient } from '../core/partnero/client';
import { partneroWebhookSample } from '../core/partnero/samples';
import { partneroActions } from '../nodes/Partnero/actions';
import { Partnero } from '../nodes/Partnero/Partnero.node';

export interface JsonSchema {
	type: string;
	properties?: Record<string, JsonSchema>;
	required?: string[];
	items?: JsonSchema;
}

/** The JSON Schema of a sample value, in the shape of n8n-nodes-base's `__schema__` files (type, properties, required, items). */
export function schemaOf(value: unknown): JsonSchema {
	if (value === null) return { type: 'null' };
	if (Array.isArray(value)) {
		const schema: JsonSchema = { type: 'array' };
		if (value.length > 0) schema.items = value.map(schemaOf).reduce(mergeSchemas);
		return schema;
	}
	if (typeof value === 'object') {
		const properties: Record<string, JsonSchema> = {};
		for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
			if (inner !== undefined) properties[key] = schemaOf(inner);
		}
		return { type: 'object', properties, required: Object.keys(properties) };
	}
	if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
	return { type: typeof value };
}

/** Two samples of one place: properties of both, required only where both have them. */
function mergeSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
	if (a.type !== b.type) return a.type === 'integer' && b.type === 'number' ? b : a;
	if (a.type === 'object') {
		const properties = { ...b.properties, ...a.properties };
		for (const key of Object.keys(properties)) {
			if (a.properties?.[key] && b.properties?.[key])
				properties[key] = mergeSchemas(a.properties[key], b.properties[key]);
		}
		return {
			type: 'object',
			properties,
			required: (a.required ?? []).filter((k) => b.required?.includes(k)),
		};
	}
	if (a.type === 'array' && a.items && b.items)
		return { type: 'array', items: mergeSchemas(a.items, b.items) };
	return a.items || !b.items ? a : b;
}

/** `1` → `1.0.0`, as the n8n editor pads a typeVersion when it asks for a schema. */
export function padVersion(version: number): string {
	return String(version).split('.').concat(['0', '0']).slice(0, 3).join('.');
}

/** Parameters a sample run gives each operation: the defaults, plus what the required fields need. */
const SAMPLE_PARAMETERS: Record<string, unknown> = {
	key: partneroWebhookSample().key,
	name: partneroWebhookSample().name,
	url: partneroWebhookSample().url,
	events: partneroWebhookSample().events,
	returnAll: false,
	limit: 50,
};

const SAMPLED_RESOURCES = ['webhook'];

/** A client that answers every webhook call with the core sample, as Partnero's API would. */
function sampleClient(): PartneroClient {
	const webhook = async () => partneroWebhookSample();
	return {
		createWebhook: webhook,
		getWebhook: webhook,
		updateWebhook: webhook,
		deleteWebhook: async () => undefined,
		listWebhooks: async () => ({ data: [partneroWebhookSample()], links: { next: null } }),
		walk: async () => [partneroWebhookSample()],
	} as unknown as PartneroClient;
}

/** One output item's json for each resource/operation of the action node, from the real action code. */
export async function actionSamples(): Promise<Record<string, Record<string, IDataObject>>> {
	const properties = new Partnero().description.properties;
	const resources = (properties.find((p) => p.name === 'resource')?.options ?? []) as Array<{
		value: string;
	}>;
	const samples: Record<string, Record<string, IDataObject>> = {};
	// Only webhooks have core samples of Partnero's answers; the other resources' shapes come from third-party
	// docs (see README), and a preview built on guesses would mislead more than no preview.
	for (const { value: resource } of resources.filter((r) => SAMPLED_RESOURCES.includes(r.value))) {
		const operationProperty = properties.find(
			(p: INodeProperties) =>
				p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
		);
		for (const { value: operation } of (operationProperty?.options ?? []) as Array<{
			value: string;
		}>) {
			const action = partneroActions[resource]?.[operation];
			if (!action) throw new Error(`No action for ${resource}/${operation}`);
			const ctx = {
				getNodeParameter: (name: string, _i: number, fallback?: unknown) =>
					name in SAMPLE_PARAMETERS ? SAMPLE_PARAMETERS[name] : fallback,
			} as unknown as IExecuteFunctions;
			const result = await action(ctx, sampleClient(), 0);
			(samples[resource] ??= {})[operation] = Array.isArray(result) ? result[0] : result;
		}
	}
	return samples;
}

/** Schema files relative to the node's directory, e.g. `__schema__/v1.0.0/webhook/get.json`. */
export async function actionSchemaFiles(): Promise<Record<string, JsonSchema>> {
	const versions = ([] as number[]).concat(new Partnero().description.version);
	const files: Record<string, JsonSchema> = {};
	const samples = await actionSamples();
	for (const version of versions) {
		for (const [resource, operations] of Object.entries(samples)) {
			for (const [operation, json] of Object.entries(operations)) {
				files[`__schema__/v${padVersion(version)}/${resource}/${operation}.json`] = schemaOf(json);
			}
		}
	}
	return files;
}

export function serialise(schema: JsonSchema): string {
	return `${JSON.stringify(schema, null, 2)}\n`;
}

async function main(): Promise<void> {
	const nodeDir = resolve(__dirname, '../../dist/nodes/Partnero');
	const files = await actionSchemaFiles();
	for (const [file, schema] of Object.entries(files)) {
		mkdirSync(dirname(join(nodeDir, file)), { recursive: true });
		writeFileSync(join(nodeDir, file), serialise(schema));
	}
	process.stdout.write(
		`schemas: wrote ${Object.keys(files).length} output schemas to dist/nodes/Partnero/__schema__\n`,
	);
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`${(error as Error).stack ?? error}\n`);
		process.exit(1);
	});
}
