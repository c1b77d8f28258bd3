/**
 * Our Node-RED node configurations as the editor would deploy them, and the one trigger flow built from them.
 * Shared by the e2e suite, the reliability targets, the demo and the benchmark, so a renamed property is fixed once.
 */

export function partneroConfigNode(o: {
	id: string;
	name: string;
	baseUrl: string;
	publicUrl: string;
	apiKey: string;
}): Record<string, unknown> {
	return {
		id: o.id,
		type: 'partnero-config',
		name: o.name,
		baseUrl: o.baseUrl,
		publicUrl: o.publicUrl,
		credentials: { apiKey: o.apiKey },
	};
}

export function partneroTriggerNode(o: {
	id: string;
	z: string;
	account: string;
	events: string[];
	path: string;
	wires: string[][];
	x?: number;
	y?: number;
	name?: string;
	/** 'flow': an HTTP Response node in the flow answers Partnero (at least once); default: the trigger, at once. */
	answer?: 'immediately' | 'flow';
}): Record<string, unknown> {
	return {
		id: o.id,
		type: 'partnero-trigger',
		z: o.z,
		name: o.name ?? '',
		account: o.account,
		events: o.events,
		path: o.path,
		verifySignature: true,
		ignoreDuplicates: true,
		output: 'data',
		...(o.answer ? { answer: o.answer } : {}),
		x: o.x ?? 150,
		y: o.y ?? 100,
		wires: o.wires,
	};
}

export function partnerStackConfigNode(o: {
	id: string;
	name: string;
	baseUrl: string;
	publicUrl: string;
	publicKey: string;
	secretKey: string;
}): Record<string, unknown> {
	return {
		id: o.id,
		type: 'partnerstack-config',
		name: o.name,
		baseUrl: o.baseUrl,
		publicUrl: o.publicUrl,
		credentials: { publicKey: o.publicKey, secretKey: o.secretKey },
	};
}

export function partnerStackTriggerNode(o: {
	id: string;
	z: string;
	account: string;
	events: string[];
	otherEvents?: string;
	path: string;
	wires: string[][];
}): Record<string, unknown> {
	return {
		id: o.id,
		type: 'partnerstack-trigger',
		z: o.z,
		name: '',
		account: o.account,
		events: o.events,
		otherEvents: o.otherEvents ?? '',
		path: o.path,
		ignoreDuplicates: true,
		verifyHmac: false,
		hmacHeader: '',
		hmacEncoding: 'hex',
		hmacPrefix: '',
		x: 150,
		y: 100,
		wires: o.wires,
	};
}

interface TabOptions {
	id: string;
	label: string;
	info?: string;
}

/**
 * The flow every Node-RED scenario, the demo and the benchmark deploy: a tab holding one account (config node),
 * its trigger wired to `trigger.wires`, and the caller's own nodes on that tab. `trigger: undefined` leaves the
 * account without a trigger; `removed: true` gives the bare tab, which is what deploying a removal sends.
 */
function triggerFlow(
	tab: TabOptions,
	account: Record<string, unknown>,
	trigger: Record<string, unknown> | undefined,
	nodes: unknown[] | undefined,
	removed: boolean | undefined,
): unknown[] {
	const tabNode = {
		id: tab.id,
		type: 'tab',
		label: tab.label,
		...(tab.info ? { info: tab.info } : {}),
	};
	if (removed) return [tabNode];
	return [tabNode, account, ...(trigger ? [trigger] : []), ...(nodes ?? [])];
}

type TriggerPlacement = { id: string; events: string[]; path: string; wires: string[][] };

export function partneroTriggerFlow(o: {
	tab: TabOptions;
	account: { id: string; name?: string; baseUrl: string; publicUrl: string; apiKey: string };
	trigger?: TriggerPlacement & { name?: string; x?: number; y?: number };
	nodes?: unknown[];
	removed?: boolean;
}): unknown[] {
	return triggerFlow(
		o.tab,
		partneroConfigNode({ name: 'Simulated Partnero', ...o.account }),
		o.trigger && partneroTriggerNode({ z: o.tab.id, account: o.account.id, ...o.trigger }),
		o.nodes,
		o.removed,
	);
}

export function partnerStackTriggerFlow(o: {
	tab: TabOptions;
	account: {
		id: string;
		name?: string;
		baseUrl: string;
		publicUrl: string;
		publicKey: string;
		secretKey: string;
	};
	trigger?: TriggerPlacement & { otherEvents?: string };
	nodes?: unknown[];
	removed?: boolean;
}): unknown[] {
	return triggerFlow(
		o.tab,
		partnerStackConfigNode({ name: 'Simulated PartnerStack', ...o.account }),
		o.trigger && partnerStackTriggerNode({ z: o.tab.id, account: o.account.id, ...o.trigger }),
		o.nodes,
		o.removed,
	);
}
