import { postToSink } from '../../test/e2e/lib/node-red-engine';
import { partneroTriggerFlow } from '../../test/e2e/lib/node-red-flow';

export const TAB = 'bench-tab';
export const OURS_PATH = '/bench/ours';
export const DIY_PATH = '/bench/diy';
export const FLOOR_PATH = '/bench/floor';
const ACCOUNT = 'bench-account';
const TRIGGER = 'bench-ours';

/**
 * Case (b): our trigger emitting to a node that does nothing (an inactive Debug node). With `sinkUrl`, a
 * Status node reports the trigger's status with Node-RED's own clock, to time deploy → "listening"; not
 * while measuring ingestion, where it would add a request to the sink per delivery.
 */
export function oursFlow(o: {
	apiBaseUrl: string;
	publicUrl: string;
	apiKey: string;
	sinkUrl?: string;
	withTrigger: boolean;
}): unknown[] {
	return partneroTriggerFlow({
		tab: { id: TAB, label: 'bench' },
		account: { id: ACCOUNT, baseUrl: o.apiBaseUrl, publicUrl: o.publicUrl, apiKey: o.apiKey },
		trigger: o.withTrigger
			? { id: TRIGGER, events: ['partner.created'], path: OURS_PATH, wires: [['bench-noop']] }
			: undefined,
		nodes: [
			{
				id: 'bench-noop',
				type: 'debug',
				z: TAB,
				name: 'no-op',
				active: false,
				tosidebar: false,
				console: false,
				tostatus: false,
				complete: 'false',
				x: 400,
				y: 100,
				wires: [],
			},
			...(o.sinkUrl
				? [
						{
							id: 'bench-status',
							type: 'status',
							z: TAB,
							scope: [TRIGGER],
							x: 100,
							y: 300,
							wires: [['bench-status-at']],
						},
						{
							id: 'bench-status-at',
							type: 'function',
							z: TAB,
							func: 'return { payload: { text: msg.status.text, at: Date.now() } };',
							outputs: 1,
							x: 300,
							y: 300,
							wires: [['bench-status-post']],
						},
						postToSink({ z: TAB, id: 'bench-status-post', sinkUrl: o.sinkUrl, x: 500, y: 300 }),
					]
				: []),
		],
	});
}

/**
 * The function a user would write without our node: check the Signature header against the raw body,
 * then parse the event for the rest of the flow. The secret is pasted in, as a user would paste it.
 */
function diyVerify(secret: string): string {
	return `const expected = crypto.createHmac('sha256', ${JSON.stringify(secret)}).update(msg.payload).digest();
const got = Buffer.from(String(msg.req.headers['signature'] || ''), 'hex');
if (got.length !== expected.length || !crypto.timingSafeEqual(got, expected)) {
    msg.statusCode = 401;
    msg.payload = { error: 'bad signature' };
    return msg;
}
msg.event = JSON.parse(msg.payload.toString('utf8'));
msg.statusCode = 200;
msg.payload = { ok: true };
return msg;`;
}

/** Case (c): `http in` with the raw body option → function computing the HMAC → `http response`. */
export function diyNodes(secret: string): unknown[] {
	return [
		{
			id: 'bench-diy-in',
			type: 'http in',
			z: TAB,
			name: '',
			url: DIY_PATH,
			method: 'post',
			upload: false,
			skipBodyParsing: true,
			swaggerDoc: '',
			x: 100,
			y: 500,
			wires: [['bench-diy-verify']],
		},
		{
			id: 'bench-diy-verify',
			type: 'function',
			z: TAB,
			name: 'verify Partnero signature',
			func: diyVerify(secret),
			outputs: 1,
			libs: [{ var: 'crypto', module: 'crypto' }],
			x: 300,
			y: 500,
			wires: [['bench-diy-out']],
		},
		{
			id: 'bench-diy-out',
			type: 'http response',
			z: TAB,
			name: '',
			statusCode: '',
			headers: {},
			x: 500,
			y: 500,
			wires: [],
		},
	];
}

/**
 * Case (d), Node-RED's own floor: `http in` with "skip body parsing" wired straight to `http response`, no
 * node in between. Every request takes the same route through Node-RED's HTTP stack as (b) and (c); the answer
 * is the received body itself, since nothing sets another payload.
 */
export function floorNodes(): unknown[] {
	return [
		{
			id: 'bench-floor-in',
			type: 'http in',
			z: TAB,
			name: '',
			url: FLOOR_PATH,
			method: 'post',
			upload: false,
			skipBodyParsing: true,
			swaggerDoc: '',
			x: 100,
			y: 700,
			wires: [['bench-floor-out']],
		},
		{
			id: 'bench-floor-out',
			type: 'http response',
			z: TAB,
			name: '',
			statusCode: '',
			headers: {},
			x: 300,
			y: 700,
			wires: [],
		},
	];
}

export const MEMORY_PATH = '/bench/memory';

/** Node-RED settings that hand the memory probe a full GC and the process's memory figures. */
export const MEMORY_SETTINGS =
	'\n\tfunctionGlobalContext: { benchGc: global.gc, benchMemory: () => process.memoryUsage() },';

/** A probe answering with the runtime's memory after a full GC, so a reading shows what is retained. */
export function memoryProbe(): unknown[] {
	return [
		{
			id: 'bench-mem-in',
			type: 'http in',
			z: TAB,
			name: '',
			url: MEMORY_PATH,
			method: 'post',
			upload: false,
			swaggerDoc: '',
			x: 100,
			y: 600,
			wires: [['bench-mem']],
		},
		{
			id: 'bench-mem',
			type: 'function',
			z: TAB,
			name: 'memory after GC',
			func: "global.get('benchGc')();\nmsg.payload = global.get('benchMemory')();\nreturn msg;",
			outputs: 1,
			x: 300,
			y: 600,
			wires: [['bench-mem-out']],
		},
		{
			id: 'bench-mem-out',
			type: 'http response',
			z: TAB,
			name: '',
			statusCode: '',
			headers: {},
			x: 500,
			y: 600,
			wires: [],
		},
	];
}
