import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ICredentialType, INode, INodeType } from 'n8n-workflow';
import { captureCoreLog, takeCoreLog, type CoreModule, type LogEntry } from './log';

// n8n-core writes its instance settings under N8N_USER_FOLDER when first loaded.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'partnerhooks-n8n-'));

export type { CoreModule };

export interface Harness {
	workflow: any;
	node: INode;
	/** Static data n8n would persist between activations. */
	staticData: () => Record<string, unknown>;
	/** What n8n's logger received since the last call (recorded, not printed; see ./log). */
	logged(): LogEntry[];
	/** How often the node read its credential (n8n decrypts it on every read). */
	credentialReads(): number;
	hook(mode?: 'activate' | 'manual'): any;
	webhook(req: FakeRequest, res: FakeResponse): any;
}

export interface FakeRequest {
	method: string;
	rawBody: Buffer;
	headers: Record<string, string>;
	body: unknown;
	params: Record<string, string>;
	query: Record<string, string>;
	header(name: string): string | undefined;
}

export class FakeResponse {
	statusCode = 200;
	sent: unknown;
	headers: Record<string, string> = {};
	set(name: string, value: string) {
		this.headers[name.toLowerCase()] = value;
		return this;
	}
	status(code: number) {
		this.statusCode = code;
		return this;
	}
	json(body: unknown) {
		this.sent = body;
		return this;
	}
	send(body: unknown) {
		this.sent = body;
		return this;
	}
	end() {
		return this;
	}
}

export function request(raw: string | Buffer, headers: Record<string, string> = {}): FakeRequest {
	const rawBody = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8');
	let body: unknown = {};
	try {
		body = JSON.parse(rawBody.toString('utf8'));
	} catch {
		body = {};
	}
	const lower = Object.fromEntries(
		Object.entries({ 'content-type': 'application/json', ...headers }).map(([k, v]) => [
			k.toLowerCase(),
			v,
		]),
	);
	return {
		method: 'POST',
		rawBody,
		headers: lower,
		body,
		params: {},
		query: {},
		header: (n) => lower[n.toLowerCase()],
	};
}

/** n8n-core and the n8n-workflow it was built with (the 1.x alias keeps its own copy). */
export function loadCore(core: CoreModule): { n8nCore: any; Workflow: any } {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const n8nCore = require(core);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Workflow } = require(
		core === 'n8n-core' ? 'n8n-workflow' : 'n8n-core-1/node_modules/n8n-workflow',
	);
	return { n8nCore, Workflow };
}

export function nodeTypesOf(nodeType: INodeType) {
	return {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
}

/** Resolves `={{$credentials.x}}` expressions the way n8n does for a generic `authenticate` block. */
function resolveCredentialExpressions(value: unknown, creds: Record<string, unknown>): unknown {
	if (typeof value === 'string') {
		const text = value.startsWith('=') ? value.slice(1) : value;
		return text.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_m, name: string) =>
			String(creds[name] ?? ''),
		);
	}
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [k, resolveCredentialExpressions(v, creds)]),
		);
	}
	return value;
}

/**
 * Applies a credential type's declarative generic `authenticate` block (headers, auth, qs) to request
 * options, as n8n's CredentialsHelper does; n8n-core then turns `auth` into a Basic header.
 */
export function applyGenericAuth(
	type: ICredentialType,
	creds: Record<string, unknown>,
	opts: Record<string, any>,
): Record<string, any> {
	const block = type.authenticate as
		| { type: string; properties: Record<string, unknown> }
		| undefined;
	if (!block || block.type !== 'generic')
		throw new Error(`${type.name} has no generic authenticate block`);
	const p = resolveCredentialExpressions(block.properties, creds) as Record<string, any>;
	const out: Record<string, any> = { ...opts };
	if (p.headers) out.headers = { ...opts.headers, ...p.headers };
	if (p.qs) out.qs = { ...opts.qs, ...p.qs };
	if (p.auth) out.auth = p.auth;
	return out;
}

/**
 * What n8n hands every context. Only the credentials store is faked: it decrypts to the given values and
 * authenticates the way the credential's declarative `authenticate` block says (Bearer header, or with
 * `credentialType` whatever that type declares).
 */
export function additionalDataFor(
	credential: Record<string, unknown> & { baseUrl: string },
	webhookBase = 'http://127.0.0.1:5678',
	credentialType?: ICredentialType,
) {
	return {
		webhookBaseUrl: `${webhookBase}/webhook`,
		webhookTestBaseUrl: `${webhookBase}/webhook-test`,
		instanceBaseUrl: webhookBase,
		restApiUrl: '',
		formWaitingBaseUrl: '',
		webhookWaitingBaseUrl: '',
		variables: {},
		currentNodeParameters: undefined,
		credentialsHelper: {
			getParentTypes: () => [],
			isCredentialUsableByNode: () => true,
			getDecrypted: async () => ({ ...credential }),
			authenticate: async (
				creds: Record<string, unknown>,
				_type: string,
				opts: { headers?: Record<string, string> },
			) =>
				credentialType
					? applyGenericAuth(credentialType, creds, opts)
					: {
							...opts,
							headers: { ...opts.headers, Authorization: `Bearer ${String(creds.apiKey)}` },
						},
			preAuthentication: async () => undefined,
			getCredentialsProperties: () => [],
			updateCredentials: async () => undefined,
		},
	};
}

/** Real n8n-core contexts (the ones n8n's webhook service builds) around one trigger node. */
/** Which node and credential a harness builds; the defaults are the Partnero Trigger's. */
export interface NodeIdentity {
	name: string;
	type: string;
	credentialName: string;
	credentialType?: ICredentialType;
}

const PARTNERO_TRIGGER: NodeIdentity = {
	name: 'Partnero Trigger',
	type: '@partnerhooks/n8n-nodes-partnerhooks.partneroTrigger',
	credentialName: 'partneroApi',
};

export function harness(
	core: CoreModule,
	nodeType: INodeType,
	parameters: Record<string, unknown>,
	credential: Record<string, unknown> & { baseUrl: string },
	webhookBase = 'http://127.0.0.1:5678',
	identity: NodeIdentity = PARTNERO_TRIGGER,
): Harness {
	const { n8nCore, Workflow } = loadCore(core);
	captureCoreLog(core);
	const { HookContext, WebhookContext } = n8nCore;
	const node: INode = {
		id: 'node-1',
		name: identity.name,
		type: identity.type,
		typeVersion: 1,
		position: [0, 0],
		webhookId: 'c0ffee00-0000-4000-8000-000000000001',
		parameters: parameters as INode['parameters'],
		credentials: { [identity.credentialName]: { id: 'cred-1', name: 'Account' } },
	};
	const workflow = new Workflow({
		id: 'wf-1',
		name: 'New partner to Slack',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: nodeTypesOf(nodeType),
		staticData: {},
	});
	const additionalData = additionalDataFor(credential, webhookBase, identity.credentialType);
	let reads = 0;
	const decrypt = additionalData.credentialsHelper.getDecrypted;
	additionalData.credentialsHelper.getDecrypted = async () => {
		reads++;
		return decrypt();
	};
	return {
		workflow,
		node,
		staticData: () => workflow.staticData[`node:${node.name}`] ?? {},
		logged: () => takeCoreLog(core),
		credentialReads: () => reads,
		// n8n's test-webhook service passes webhookData with isTest, which switches the URL to /webhook-test/.
		hook: (mode = 'activate') =>
			mode === 'manual'
				? new HookContext(workflow, node, additionalData, 'manual', 'manual', { isTest: true })
				: new HookContext(workflow, node, additionalData, 'trigger', mode),
		webhook: (req, res) =>
			new WebhookContext(
				workflow,
				node,
				{ ...additionalData, httpRequest: req, httpResponse: res },
				'webhook',
				{ webhookDescription: nodeType.description.webhooks![0] },
				[],
				null,
			),
	};
}

/**
 * n8n-core 1.x starts two un-unref'd intervals in DI singletons the first time an execution context is
 * built (2.x unrefs them). n8n clears them on shutdown; a test run does the same, or jest never exits.
 */
export function shutdownCore(core: CoreModule): void {
	if (core !== 'n8n-core-1') return;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Container } = require('n8n-core-1/node_modules/@n8n/di');
	const scheduledTasks = 'n8n-core-1/dist/execution-engine/scheduled-task-manager';
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { ScheduledTaskManager } = require(scheduledTasks);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { SSHClientsManager } = require('n8n-core-1/dist/execution-engine/ssh-clients-manager');
	if (Container.has(ScheduledTaskManager)) Container.get(ScheduledTaskManager).deregisterAllCrons();
	if (Container.has(SSHClientsManager)) Container.get(SSHClientsManager).onShutdown();
}
