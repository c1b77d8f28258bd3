import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../lib/pack';
import { httpReport, removeDuplicatesNode, type Cred } from './n8n-workflows';

/**
 * The shipped queue-mode example (workflows/), loaded as a user imports it, so the dedupe steps the e2e runs
 * are the ones in the file: Partnero Trigger → Claim delivery (Redis INCR) → First delivery? (If count = 1).
 */

export const QUEUE_EXAMPLE = 'Partnero - new partner to Slack (queue mode).json';
const CLAIM = 'Claim delivery';
const FIRST = 'First delivery?';

interface Link {
	node: string;
	type: string;
	index: number;
}
interface WfNode {
	id: string;
	name: string;
	type: string;
	position: [number, number];
	parameters: Record<string, any>;
	credentials?: Record<string, { id?: string; name: string }>;
	webhookId?: string;
}
export interface Wf {
	name: string;
	nodes: WfNode[];
	connections: Record<string, { main: Link[][] }>;
	[key: string]: unknown;
}

function loadExample(): Wf {
	return JSON.parse(readFileSync(join(REPO_ROOT, 'workflows', QUEUE_EXAMPLE), 'utf8')) as Wf;
}

function node(wf: Wf, name: string): WfNode {
	const found = wf.nodes.find((n) => n.name === name);
	if (!found) throw new Error(`${QUEUE_EXAMPLE} has no node "${name}"`);
	return found;
}

const link = (name: string): Link => ({ node: name, type: 'main', index: 0 });

/**
 * The example with its credentials bound by id and its Slack step replaced by a report of the trigger's item
 * (plus `extra` fields) to the sink. With `compareSinkUrl`, a second branch from the trigger runs n8n's
 * Remove Duplicates node and reports what passes it, so both answers are measured on the same executions.
 */
export function queueExampleWorkflow(o: {
	credential: Cred;
	redis: Cred;
	events: string[];
	sinkUrl: string;
	extra?: string;
	compareSinkUrl?: string;
}): { workflow: Wf; webhookId: string } {
	const wf = loadExample();
	const trigger = node(wf, 'Partnero Trigger');
	const webhookId = randomUUID();
	trigger.webhookId = webhookId;
	trigger.parameters.events = o.events;
	trigger.credentials = { partneroApi: { id: o.credential.id, name: o.credential.name } };
	node(wf, CLAIM).credentials = { redis: { id: o.redis.id, name: o.redis.name } };
	const slack = node(wf, 'Slack');
	const report = httpReport(
		'Report to sink',
		o.sinkUrl,
		`={{ JSON.stringify({ ...$('Partnero Trigger').item.json${o.extra ? `, ${o.extra}` : ''} }) }}`,
		slack.position,
		false,
	) as unknown as WfNode;
	wf.nodes = wf.nodes.filter((n) => n !== slack);
	wf.nodes.push(report);
	for (const outputs of Object.values(wf.connections))
		for (const branch of outputs.main)
			for (const l of branch) if (l.node === slack.name) l.node = report.name;
	if (o.compareSinkUrl) {
		const removeDuplicates = removeDuplicatesNode([460, 300]) as unknown as WfNode;
		const compare = httpReport(
			'Report after Remove Duplicates',
			o.compareSinkUrl,
			'={{ JSON.stringify($json) }}',
			[680, 300],
			false,
		) as unknown as WfNode;
		wf.nodes.push(removeDuplicates, compare);
		wf.connections['Partnero Trigger'].main[0].push(link(removeDuplicates.name));
		wf.connections[removeDuplicates.name] = { main: [[link(compare.name)]] };
	}
	return { workflow: wf, webhookId };
}

/**
 * Puts the example's two dedupe steps (fresh ids, the given Redis credential) between a trigger and the steps it
 * fed: trigger → Claim delivery → First delivery? (true) → those steps. Those steps must read the trigger's item.
 */
export function insertExampleDedupe(wf: Wf, trigger: string, redis: Cred): void {
	const example = loadExample();
	const claim = { ...node(example, CLAIM), id: randomUUID() };
	claim.credentials = { redis: { id: redis.id, name: redis.name } };
	const first = { ...node(example, FIRST), id: randomUUID() };
	const fed = wf.connections[trigger].main[0];
	wf.nodes.push(claim, first);
	wf.connections[trigger] = { main: [[link(CLAIM)]] };
	wf.connections[CLAIM] = { main: [[link(FIRST)]] };
	wf.connections[FIRST] = { main: [fed, []] };
}
