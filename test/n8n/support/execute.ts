import type { IDataObject, INode, INodeExecutionData, INodeType } from 'n8n-workflow';
import {
	additionalDataFor,
	loadCore,
	nodeTypesOf,
	type CoreModule,
	type NodeIdentity,
} from './harness';
import { captureCoreLog, takeCoreLog, type LogEntry } from './log';

export interface NodeRun {
	status: string;
	/** The node's first output, as n8n recorded it in the run data. */
	items: INodeExecutionData[];
	/** The execution error n8n recorded, if the node failed. */
	error?: { message: string; description?: string | null; httpCode?: string | null };
	/** What n8n logged during the run: its error report of the node's failure, checked against `error` / items. */
	logged: LogEntry[];
}

/**
 * n8n's ErrorReporter logs every node failure (also under Continue On Fail); n8n 1 printed these as the bare
 * `NodeApiError` blocks. Each logged line must be a failure the run reports, as `error` or as an item's `error`;
 * any other line fails the test, so nothing is hidden.
 */
function checkLogged(logged: LogEntry[], run: Omit<NodeRun, 'logged'>): void {
	const reported = [
		run.error?.message,
		...run.items.map((i) => (i.json as { error?: unknown }).error),
	].filter((m): m is string => typeof m === 'string' && m.length > 0);
	for (const entry of logged) {
		// n8n 2 logs the error's message; n8n 1 logs a sanitised report whose first line is only the error class.
		const sanitised = /^Node(Api|Operation)Error$/.test(entry.message.split('\n')[0]);
		if (
			entry.level === 'error' &&
			reported.length > 0 &&
			(sanitised || reported.some((m) => entry.message.startsWith(m)))
		)
			continue;
		throw new Error(`n8n logged a line the run did not report (${entry.level}): ${entry.message}`);
	}
}

let executionCounter = 0;

/**
 * Runs one action node through n8n's real engine (WorkflowExecute + ExecutionLifecycleHooks), the way
 * n8n runs a manual execution, with `input` as the items arriving at the node.
 */
export async function runNode(
	core: CoreModule,
	nodeType: INodeType,
	parameters: Record<string, unknown>,
	credential: Record<string, unknown> & { baseUrl: string },
	opts: {
		input?: IDataObject[];
		continueOnFail?: boolean;
		identity?: NodeIdentity;
		/** The node version a saved workflow carries; the node's default (what the editor adds) if unset. */
		typeVersion?: number;
	} = {},
): Promise<NodeRun> {
	const identity = opts.identity ?? {
		name: 'Partnero',
		type: '@partnerhooks/n8n-nodes-partnerhooks.partnero',
		credentialName: 'partneroApi',
	};
	const { n8nCore, Workflow } = loadCore(core);
	captureCoreLog(core);
	takeCoreLog(core);
	const { WorkflowExecute, ExecutionLifecycleHooks } = n8nCore;
	const node: INode = {
		id: 'node-2',
		name: identity.name,
		type: identity.type,
		typeVersion:
			opts.typeVersion ??
			nodeType.description.defaultVersion ??
			Math.max(...([] as number[]).concat(nodeType.description.version)),
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: { [identity.credentialName]: { id: 'cred-1', name: 'Account' } },
		...(opts.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const workflowData = {
		id: 'wf-2',
		name: 'Partnero actions',
		nodes: [node],
		connections: {},
		active: false,
		settings: {},
	};
	const workflow = new Workflow({
		...workflowData,
		nodeTypes: nodeTypesOf(nodeType),
		staticData: {},
	});
	const executionId = String(++executionCounter);
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	const finished = new Promise<any>((resolve) =>
		hooks.addHandler('workflowExecuteAfter', (run: unknown) => resolve(run)),
	);
	const input = (opts.input ?? [{}]).map((json) => ({ json }));
	const runExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node, data: { main: [input] }, source: null }],
		},
	};
	const additionalData = {
		...additionalDataFor(credential, undefined, identity.credentialType),
		executionId,
		hooks,
	};
	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(
		workflow,
	);
	const run = await finished;
	const task = run.data.resultData.runData[node.name]?.[0];
	const result = {
		status: run.status,
		items: task?.data?.main?.[0] ?? [],
		error: run.data.resultData.error,
	};
	const logged = takeCoreLog(core);
	checkLogged(logged, result);
	return { ...result, logged };
}

/** Calls a `methods.loadOptions` method through n8n's real LoadOptionsContext, as the editor does. */
export async function loadOptions(
	core: CoreModule,
	nodeType: INodeType,
	method: string,
	parameters: Record<string, unknown>,
	credential: { apiKey: string; baseUrl: string },
): Promise<Array<{ name: string; value: string | number | boolean }>> {
	const { n8nCore, Workflow } = loadCore(core);
	const node: INode = {
		id: 'node-3',
		name: 'Partnero',
		type: '@partnerhooks/n8n-nodes-partnerhooks.partnero',
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: { partneroApi: { id: 'cred-1', name: 'Partnero' } },
	};
	const workflow = new Workflow({
		id: 'wf-3',
		name: 'Editor',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypesOf(nodeType),
		staticData: {},
	});
	const context = new n8nCore.LoadOptionsContext(
		workflow,
		node,
		additionalDataFor(credential),
		'parameters',
	);
	const fn = (
		nodeType as { methods?: { loadOptions?: Record<string, (this: unknown) => Promise<any>> } }
	).methods?.loadOptions?.[method];
	if (!fn) throw new Error(`no loadOptions method ${method}`);
	return fn.call(context);
}
