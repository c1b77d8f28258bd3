/**
 * The one way the Node-RED suites set up: start the simulators a suite names, load our nodes into the test
 * helper's runtime (with the en-US messages and RED handed back), build the usual flow from a config node, a
 * node under test and helper sinks, wait for a status, and tear it all down between tests.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const helper = require('node-red-node-test-helper');
import { forgetAll } from '../../../node-red/lib/webhook-owners';
import type { Simulator } from '../../../sim/server';
import type { PartnerStackSimulator } from '../../../sim/partnerstack/server';
import { withLocale } from '../locale';
import { failOnNodeRedErrors } from './node-red-errors';
import { until, useSimulators, type Simulators } from '../../support/simulators';

export { until };

helper.init(require.resolve('node-red'));

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const catchNode = require('@node-red/nodes/core/common/25-catch.js');

/** The public URL the config nodes hand out; nothing listens there, deliveries are posted to RED.httpNode. */
export const PUBLIC = 'http://127.0.0.1:1880';

type NodeModule = (red: any) => unknown;
type FlowNode = Record<string, unknown>;

export interface NodeRedFixture extends Simulators {
	/** The RED the nodes of the last load saw, for RED.httpNode and RED.httpAdmin. */
	readonly RED: any;
	/** Loads the node modules and the flow; our modules see the translating RED._. */
	load(
		nodes: NodeModule[],
		flow: unknown[],
		credentials?: Record<string, Record<string, string>>,
	): Promise<void>;
	/** `{ acct: { apiKey } }` for a flow built with partneroAccount(). */
	partneroCredentials(apiKey?: string): Record<string, Record<string, string>>;
	/** `{ psacct: { publicKey, secretKey } }`, for a flow built with partnerStackAccount(). */
	partnerStackCredentials(
		id?: string,
		extra?: Record<string, string>,
	): Record<string, Record<string, string>>;
}

/**
 * Registers the suite's jest hooks: the simulators (reset before each test), and after each test the helper's
 * flows unloaded and the webhook ownership registry cleared, as a new process would have it. A JavaScript error
 * Node-RED reports during a test fails it (support/node-red-errors.ts).
 */
export function useNodeRed(o: { partnero?: boolean; partnerStack?: boolean }): NodeRedFixture {
	const sims = useSimulators(o);
	failOnNodeRedErrors();
	let RED: any;
	afterEach(async () => {
		await helper.unload();
		forgetAll();
	});
	return {
		get sim() {
			return sims.sim;
		},
		get ps() {
			return sims.ps;
		},
		get RED() {
			return RED;
		},
		async load(nodes, flow, credentials = {}) {
			// The helper hands one RED to every module; Node-RED's own nodes (preloaded by type) keep its stubs.
			await helper.load(
				[
					withLocale(
						() => undefined,
						(red) => (RED = red),
					),
					...nodes,
				],
				flow,
				credentials,
			);
		},
		partneroCredentials(apiKey = sims.sim.apiKey) {
			return { acct: { apiKey } };
		},
		partnerStackCredentials(id = 'psacct', extra = {}) {
			return { [id]: { publicKey: sims.ps.publicKey, secretKey: sims.ps.secretKey, ...extra } };
		},
	};
}

export const tab = (o: FlowNode = {}): FlowNode => ({ id: 'tab', type: 'tab', ...o });

/** A test sink on the tab: its `input` events are what the node under test sent. */
export const sink = (id = 'out'): FlowNode => ({ id, z: 'tab', type: 'helper' });

/** A Catch node on the tab wired to the `caught` sink. */
export const catchAll = (): FlowNode[] => [
	{ id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
	sink('caught'),
];

export function partneroAccount(sim: Simulator, o: FlowNode = {}): FlowNode {
	return {
		id: 'acct',
		type: 'partnero-config',
		name: 'sim',
		baseUrl: sim.apiBaseUrl,
		publicUrl: PUBLIC,
		...o,
	};
}

export function partnerStackAccount(ps: PartnerStackSimulator, o: FlowNode = {}): FlowNode {
	return {
		id: 'psacct',
		type: 'partnerstack-config',
		name: 'sim',
		baseUrl: ps.apiBaseUrl,
		publicUrl: PUBLIC,
		...o,
	};
}

/** A Partnero trigger at /partnero/hook on account `acct`, wired to the `out` sink. */
export function partneroTrigger(o: FlowNode = {}): FlowNode {
	return {
		id: 'trig',
		z: 'tab',
		type: 'partnero-trigger',
		account: 'acct',
		events: ['partner.created'],
		path: 'partnero/hook',
		wires: [['out']],
		...o,
	};
}

/** A PartnerStack trigger at /ps/hook on account `psacct`, wired to the `out` sink. */
export function partnerStackTrigger(o: FlowNode = {}): FlowNode {
	return {
		id: 'trig',
		z: 'tab',
		type: 'partnerstack-trigger',
		account: 'psacct',
		events: ['partnership.created'],
		otherEvents: '',
		path: 'ps/hook',
		wires: [['out']],
		...o,
	};
}

/** Collects what reaches a sink from now on. */
export function collect(id = 'out'): any[] {
	const msgs: any[] = [];
	helper.getNode(id).on('input', (m: any) => msgs.push(m));
	return msgs;
}

/** The next message to reach a sink. */
export function next(id = 'out'): Promise<any> {
	return new Promise((resolve) => helper.getNode(id).once('input', resolve));
}

export const statusOf = (id = 'trig'): Record<string, any> | undefined =>
	helper.getNode(id)?.status.lastCall?.args[0];

/** Waits for the node's green status: registered and verifying. */
export const listening = (id = 'trig', ms?: number): Promise<void> =>
	until(() => statusOf(id)?.fill === 'green', `${id} listening`, ms);
