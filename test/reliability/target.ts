import { randomBytes } from 'node:crypto';
import { startSimulator, type Simulator } from '../../sim/server';
import { http, startSink, waitUntil, type Sink } from '../e2e/lib/net';
import type { ScenarioContext } from '../e2e/lib/scenario';
import { startProxy, type FaultyProxy } from './proxy';

/** One engine as the reliability checks see it: a running trigger, its lifecycle, and what it emitted. */
export interface LiveTarget {
	sim: Simulator;
	sink: Sink;
	/** Between the simulator's deliveries and the engine. */
	proxy: FaultyProxy;
	/** Between the engine and the simulated Partnero API. */
	api: FaultyProxy;
	/** The current API key (a rotation replaces it; the secret scan looks for every key used). */
	apiKey: string;
	/** Keys replaced by a rotation. */
	formerApiKeys?: string[];
	/** The trigger's endpoint on the engine itself (deliveries sent by the suite bypass the proxy). */
	hookUrl: string;
	selected: string[];
	unselected: string;
	maxAgeSeconds?: number;
	/**
	 * Failing API calls it takes before a registration is given up and shown to the user: our client's four
	 * tries in Node-RED (which then retries on its own schedule); in n8n 2 also n8n's five activation attempts.
	 */
	callsUntilRefused: number;
	/** See CaseOptions.malformedJsonStatus. */
	malformedJsonStatus: number;
	/** The signing secret of the webhook the trigger registered. */
	secret(): string;
	/** Record ids of the deliveries the flow/workflow reported to the sink, in arrival order. */
	reportedIds(): string[];
	/** Resident memory of the engine's main process, in kB. */
	rssKb(): number;
	alive(): Promise<boolean>;
	/**
	 * Until the trigger holds its webhook's signing secret and takes deliveries: see untilTriggerReady. Every
	 * check that needs a live trigger after a deploy, restart or republish waits here, never on its own probe.
	 */
	ready(what: string, timeoutMs?: number): Promise<void>;
	/** Deploy or activate the trigger (`n` live triggers where the engine can run several). */
	up(n?: number): Promise<void>;
	/** Remove or deactivate it. */
	down(): Promise<void>;
	/** Deploy the same flows again (Node-RED's full deploy) or republish the active workflow (n8n). */
	redeploy?(): Promise<void>;
	/**
	 * Deploys the trigger at another path (`moved`) or back at its own, and resolves once it listens there;
	 * hookUrl, secret() and expectedUrls() follow the path (Node-RED).
	 */
	changePath?(moved: boolean): Promise<void>;
	/**
	 * Feeds the trigger into a flow that reports each delivery's record id (heldIds) and never answers, so its
	 * senders wait in "when the flow answers" mode (`hold(true)`), or back into the usual flow; resolves once the
	 * trigger listens (Node-RED).
	 */
	waitingFlow?: { hold(on: boolean): Promise<void>; heldIds(): string[] };
	/** Republish the active workflow with the trigger's events changed (n8n). */
	changeEvents?(): Promise<void>;
	/** Stop the engine with SIGTERM and start it again on the same data and port. */
	restart?(): Promise<void>;
	/** Whether the workflow is published and active as n8n's editor shows it (n8n). */
	workflowActive?(): Promise<boolean>;
	/**
	 * The flow, not the trigger, answers the sender (Node-RED's "when the flow answers" mode): nothing acknowledged
	 * may be lost at SIGTERM, and an event whose answer SIGTERM cut after the sink had it arrives twice (counted apart).
	 */
	atLeastOnce?: boolean;
	/**
	 * Switches the trigger to answer the sender only once the workflow has run (n8n's Respond: When Last Node
	 * Finishes): the stream measures that mode (engines whose trigger has it), with runs that outlast the sender.
	 */
	answerAfterRun?(): Promise<void>;
	/** The trigger's statuses as the user saw them (Node-RED's node status), oldest first; engines that show one. */
	triggerStatuses?(): Array<{ fill?: string; text?: string }>;
	/** Every restart so far, timed (engines that time them). */
	restarts?: Array<{
		stopSeconds: number;
		exitedBySigterm: boolean;
		exit: string;
		startSeconds: number;
		untilTriggerSeconds: number;
	}>;
	/** What the trigger can be removed by besides down(), each leaving no webhook: e.g. disabling its flow. */
	removals?: Array<{ what: string; run(): Promise<void> }>;
	/** Registered URLs that must exist once the engine has settled. */
	expectedUrls(): string[];
	/** Errors the user is shown, oldest first: Catch messages in Node-RED, activation errors in n8n. */
	userErrors(): Promise<string[]>;
	/** The action node's list operation, run inside the engine; the error text when it failed. */
	listWebhooks(): Promise<{ ok: true; count: number } | { ok: false; error: string }>;
	/** The hardening attacks this engine has (see checks.hardening). */
	hardening?: {
		/** The hook URL with its path in other letter case, where the engine routes case-insensitively. */
		caseVariantUrl?: string;
		/** Whether the package reads the body itself, so a declared oversized or endless body is cut off early. */
		boundsBodies?: boolean;
		/** Deploys triggers at `paths` beside the live one, then deploys again; how many were refused. */
		shadowPaths?(paths: string[]): Promise<{ deployedAgain: boolean; refused: number }>;
		/** The stored account's "test connection" aimed at `baseUrl`; the HTTP status. */
		testConnection?(baseUrl: string): Promise<number>;
		/** A new API key in Partnero and in the credential, then a restart of the engine. */
		rotateKey?(): Promise<void>;
	};
	/** Every text the run produced that a user could see or export: logs, outputs, statuses, flows. */
	texts(): Promise<Record<string, string>>;
	stop(): Promise<void>;
}

export interface Target {
	id: string;
	title: string;
	/** Runs only the stream across restarts and the removals (a second engine of a kind already fully checked). */
	lifecycleOnly?: boolean;
	prepare(): Promise<string>;
	start(ctx: ScenarioContext): Promise<LiveTarget>;
}

/** VmRSS of a process, from /proc (Linux only, like the rest of the suite's process handling). */
export function rssKbOf(pid: number, readFile: (p: string) => string): number {
	const m = /VmRSS:\s+(\d+)/.exec(readFile(`/proc/${pid}/status`));
	return m ? Number(m[1]) : 0;
}

export interface Surroundings {
	apiKey: string;
	sim: Simulator;
	sink: Sink;
	/** Partnero → engine. */
	proxy: FaultyProxy;
	/** Engine → Partnero API. */
	api: FaultyProxy;
	apiBaseUrl: string;
}

/** What every engine under test talks to: the simulated Partnero, the sink its flows report to, and two proxies. */
export async function startSurroundings(ctx: ScenarioContext): Promise<Surroundings> {
	const apiKey = `rel_${randomBytes(16).toString('hex')}`;
	// A fast clock for Partnero's retry schedule: the 1-minute retry comes after 60 ms.
	const sim = await startSimulator({ apiKey, timeScale: 0.001 });
	ctx.defer(() => sim.close());
	const sink = await startSink();
	ctx.defer(() => sink.close());
	const proxy = await startProxy();
	ctx.defer(() => proxy.close());
	// The engine reaches the simulated API through a proxy that can refuse connections on demand.
	const api = await startProxy();
	ctx.defer(() => api.close());
	api.setTarget(sim.url);
	return { apiKey, sim, sink, proxy, api, apiBaseUrl: `${api.url}/v1` };
}

/**
 * A trigger is ready when it refuses an unsigned body with 401: that answer needs the webhook's signing secret.
 * Before (registering, the list that follows a create, n8n activating in the background) it answers 503, and 404
 * while the engine has no route for it.
 */
export async function untilTriggerReady(
	hookUrl: string,
	what: string,
	timeoutMs = 60_000,
): Promise<void> {
	const unsigned = async () =>
		(
			await http('POST', hookUrl, {
				raw: '{}',
				headers: { 'content-type': 'application/json' },
			}).catch(() => ({ status: 0 }))
		).status;
	await waitUntil(
		`${what} (the trigger refuses an unsigned body with 401)`,
		async () => (await unsigned()) === 401,
		timeoutMs,
		100,
	);
}
