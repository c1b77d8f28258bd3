/**
 * The shipped n8n example workflows ("new partner → Slack", and its queue-mode variant with the Redis claim),
 * checked against the real node descriptions and the core catalogue and samples, so a renamed parameter, event or
 * output field breaks this test, not a user's import. n8n-queue runs the queue-mode one in real n8n.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { DEFAULT_TTL_MS } from '../../core/dedupe';
import { isPartneroEvent } from '../../core/partnero/events';
import { partneroSample } from '../../core/partnero/samples';
import { PartneroApi } from '../../credentials/PartneroApi.credentials';
import { Partnero } from '../../nodes/Partnero/Partnero.node';
import { PartneroTrigger } from '../../nodes/Partnero/PartneroTrigger.node';

const root = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const FILES = readdirSync(join(root, 'workflows')).filter((f) => f.endsWith('.json'));
const SIMPLE = 'Partnero - new partner to Slack.json';
const QUEUE = 'Partnero - new partner to Slack (queue mode).json';

/** Our node types as n8n names them once the package is installed from npm. */
const ours: Record<string, INodeTypeDescription> = Object.fromEntries(
	[new Partnero().description, new PartneroTrigger().description].map((d) => [
		`${pkg.name}.${d.name}`,
		d,
	]),
);

/**
 * Built-in node types the example uses, with the versions n8n-nodes-base 2.41.1 registers
 * (Slack.node.js: nodeVersions 1, 2 … 2.7; StickyNote: 1). n8n-nodes-base is not a dependency of this repo.
 */
const BUILT_IN: Record<string, number[]> = {
	'n8n-nodes-base.slack': [1, 2, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7],
	'n8n-nodes-base.stickyNote': [1],
	// Redis.node.js: version 1; If.node.js: nodeVersions 1, 2, 2.1, 2.2, 2.3.
	'n8n-nodes-base.redis': [1],
	'n8n-nodes-base.if': [1, 2, 2.1, 2.2, 2.3],
};

/** Every `$json.a.b` and `$('Partnero Trigger').item.json.a.b` path in a parameter value, as segments. */
function jsonPaths(value: unknown): string[][] {
	const found: string[][] = [];
	const walk = (v: unknown) => {
		if (typeof v === 'string') {
			if (!v.startsWith('=')) return;
			const re =
				/(?:\$json|\$\(['"]Partnero Trigger['"]\)\.(?:item|first\(\)|last\(\))\.json)((?:\.[A-Za-z_][\w]*|\[['"][^'"\]]+['"]\])+)/g;
			for (const m of v.matchAll(re)) {
				found.push(
					[...m[1].matchAll(/\.([A-Za-z_]\w*)|\[['"]([^'"\]]+)['"]\]/g)].map((s) => s[1] ?? s[2]),
				);
			}
		} else if (Array.isArray(v)) v.forEach(walk);
		else if (v && typeof v === 'object') Object.values(v).forEach(walk);
	};
	walk(value);
	return found;
}

function resolve(object: unknown, path: string[]): unknown {
	return path.reduce<unknown>(
		(at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined),
		object,
	);
}

/** Parameter names used in `parameters` that the description does not declare (collections checked one level down). */
function unknownParameters(
	parameters: Record<string, unknown>,
	properties: INodeProperties[],
): string[] {
	const unknown: string[] = [];
	for (const [name, value] of Object.entries(parameters)) {
		const candidates = properties.filter((p) => p.name === name);
		if (candidates.length === 0) {
			unknown.push(name);
			continue;
		}
		const collection = candidates.find((p) => p.type === 'collection');
		if (collection && value && typeof value === 'object') {
			const inner = (collection.options ?? []) as INodeProperties[];
			for (const key of Object.keys(value))
				if (!inner.some((p) => p.name === key)) unknown.push(`${name}.${key}`);
		}
	}
	return unknown;
}

it('ships both example workflows', () => {
	expect(FILES.sort()).toEqual([QUEUE, SIMPLE].sort());
});

describe.each(FILES)('workflows/%s', (FILE) => {
	const workflow = JSON.parse(readFileSync(join(root, 'workflows', FILE), 'utf8'));
	const nodes: any[] = workflow.nodes;
	const byType = (type: string) => nodes.filter((n) => n.type === type);
	const trigger = () => byType(`${pkg.name}.partneroTrigger`)[0];
	const to = (node: string) => [{ node, type: 'main', index: 0 }];

	it('ships: the folder is in package.json files, and examples/ holds only Node-RED flows', () => {
		expect(pkg.files).toContain('workflows');
		for (const file of readdirSync(join(root, 'examples'))) {
			const flow = JSON.parse(readFileSync(join(root, 'examples', file), 'utf8'));
			expect(Array.isArray(flow)).toBe(true);
		}
	});

	it('looks like an n8n export: name, nodes with ids and positions, connections by node name, inactive', () => {
		expect(workflow.name).toBe(FILE.replace(/\.json$/, ''));
		expect(workflow.active).toBe(false);
		const names = new Set(nodes.map((n) => n.name));
		expect(names.size).toBe(nodes.length);
		for (const n of nodes) {
			expect(n).toEqual(
				expect.objectContaining({
					id: expect.any(String),
					name: expect.any(String),
					type: expect.any(String),
				}),
			);
			expect(n.position).toEqual([expect.any(Number), expect.any(Number)]);
			expect(typeof n.parameters).toBe('object');
		}
		for (const [from, outputs] of Object.entries<any>(workflow.connections)) {
			expect(names.has(from)).toBe(true);
			for (const branch of outputs.main)
				for (const c of branch) expect(names.has(c.node)).toBe(true);
		}
		if (FILE === SIMPLE) expect(workflow.connections[trigger().name].main[0]).toEqual(to('Slack'));
		else {
			// Trigger → Claim delivery → First delivery? (true) → Slack; the false output goes nowhere.
			expect(workflow.connections[trigger().name].main).toEqual([to('Claim delivery')]);
			expect(workflow.connections['Claim delivery'].main).toEqual([to('First delivery?')]);
			expect(workflow.connections['First delivery?'].main).toEqual([to('Slack'), []]);
		}
	});

	it('uses only node types and versions that exist', () => {
		for (const n of nodes) {
			const description = ours[n.type];
			if (description) {
				const versions = ([] as number[]).concat(description.version);
				expect(versions).toContain(n.typeVersion);
			} else {
				expect(BUILT_IN[n.type]).toBeDefined();
				expect(BUILT_IN[n.type]).toContain(n.typeVersion);
			}
		}
		expect(byType('n8n-nodes-base.slack')).toHaveLength(1);
		expect(trigger()).toBeDefined();
		expect(trigger().webhookId).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('sets only parameters our node descriptions declare', () => {
		const mine = nodes.filter((n) => ours[n.type]);
		expect(mine.length).toBeGreaterThan(0);
		for (const n of mine)
			expect(unknownParameters(n.parameters, ours[n.type].properties)).toEqual([]);
	});

	it('subscribes to catalogue events only, partner.created among them', () => {
		const events: string[] = trigger().parameters.events;
		expect(events).toContain('partner.created');
		for (const e of events) expect(isPartneroEvent(e)).toBe(true);
	});

	it('maps fields that the trigger really outputs for partner.created (default envelope output)', () => {
		// The message is built for the envelope shape; switching the output option would break every expression.
		expect(trigger().parameters.options?.output ?? 'envelope').toBe('envelope');
		const slack = byType('n8n-nodes-base.slack')[0];
		const paths = jsonPaths(slack.parameters);
		expect(paths.length).toBeGreaterThanOrEqual(3);
		const sample = partneroSample('partner.created');
		for (const path of paths) {
			const value = resolve(sample, path);
			expect({
				path: path.join('.'),
				present: value !== undefined && typeof value !== 'object',
			}).toEqual({
				path: path.join('.'),
				present: true,
			});
		}
	});

	it('pins the core partner.created sample on the trigger, so fields can be mapped before the first event', () => {
		expect(workflow.pinData[trigger().name]).toEqual([{ json: partneroSample('partner.created') }]);
	});

	it('embeds no secrets or credential data: credentials are references by name', () => {
		const credentialFields = new PartneroApi().properties.map((p) => p.name);
		expect(credentialFields).toContain('apiKey');
		for (const n of nodes) {
			for (const ref of Object.values<any>(n.credentials ?? {})) {
				expect(Object.keys(ref).sort()).toEqual(['name']);
				expect(typeof ref.name).toBe('string');
			}
		}
		expect(trigger().credentials).toEqual({ partneroApi: { name: expect.any(String) } });
		// No credential field name (apiKey, …) and no secret-looking key anywhere in the file.
		const keys: string[] = [];
		const walk = (v: unknown) => {
			if (Array.isArray(v)) v.forEach(walk);
			else if (v && typeof v === 'object') {
				for (const [k, inner] of Object.entries(v)) {
					keys.push(k);
					walk(inner);
				}
			}
		};
		walk(workflow);
		const forbidden = [
			...credentialFields,
			'secret',
			'signature',
			'token',
			'password',
			'accessToken',
			'authorization',
		];
		expect(keys.filter((k) => forbidden.some((f) => k.toLowerCase() === f.toLowerCase()))).toEqual(
			[],
		);
		const text = JSON.stringify(workflow);
		expect(text).not.toMatch(
			/xox[abpr]-|Bearer\s|sk_(live|test)_|"apiKey"|"staticData"\s*:\s*\{[^}]/,
		);
	});
});

describe(`workflows/${QUEUE}: the cross-process claim`, () => {
	const workflow = JSON.parse(readFileSync(join(root, 'workflows', QUEUE), 'utf8'));
	const named = (name: string) => workflow.nodes.find((n: any) => n.name === name);

	it("claims the trigger's deliveryKey, per workflow, with Redis INCR that expires after the dedupe span", () => {
		const claim = named('Claim delivery');
		expect(claim.type).toBe('n8n-nodes-base.redis');
		expect(claim.credentials).toEqual({ redis: { name: expect.any(String) } });
		expect(claim.parameters).toEqual({
			operation: 'incr',
			key: '=partnerhooks:{{ $workflow.id }}:{{ $json.deliveryKey }}',
			expire: true,
			ttl: expect.any(Number),
		});
		// A retry the trigger still accepts (its replay window is this span) must find the claim.
		expect(claim.parameters.ttl * 1000).toBeGreaterThanOrEqual(DEFAULT_TTL_MS);
	});

	it('lets only the first claim (count 1) on, and the steps after it read the trigger, not the count', () => {
		const first = named('First delivery?');
		expect(first.type).toBe('n8n-nodes-base.if');
		const { conditions } = first.parameters;
		expect(conditions.combinator).toBe('and');
		expect(conditions.conditions).toEqual([
			expect.objectContaining({
				leftValue: '={{ Object.values($json)[0] }}',
				rightValue: 1,
				operator: { type: 'number', operation: 'equals' },
			}),
		]);
		const slack = JSON.stringify(named('Slack').parameters);
		expect(slack).toContain("$('Partnero Trigger').item.json.data.");
		expect(slack).not.toMatch(/\$json/);
	});
});
