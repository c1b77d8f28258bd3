/**
 * What a trigger checks at start, before it may call itself "listening", about the road from the vendor to
 * its route (never green while deaf):
 *
 * - The config node's Public URL: when the vendor's API is not local and the URL is certainly unreachable
 *   from the internet (core/reachability.ts), nothing is registered and the status is red. Plain http:// at
 *   a real vendor still delivers, so it is only warned about.
 * - httpNodeAuth (settings.js): Node-RED puts it in front of every HTTP node route, the trigger's included,
 *   and a vendor sends no credentials. The object form ({user, pass}) refuses every delivery; a function (or
 *   array) is asked once, with a request as a vendor would send it, whether it lets the trigger's path
 *   through. Until it does, the status is yellow with the reason, and the log names the fix.
 */
import type { Node, NodeAPI } from 'node-red';
import { webhookUrlVerdict } from '../../core/reachability';
import { sleep } from '../../core/retry';
import type { Translate } from './locale';

/** How long a function httpNodeAuth may take to answer the test request before it counts as undecided. */
export const NODE_AUTH_WAIT_MS = 1_000;

export type NodeAuthVerdict =
	| { kind: 'none' }
	| { kind: 'exempt' }
	| { kind: 'refuses'; status: number }
	| { kind: 'undecided' };

type Middleware = (req: unknown, res: unknown, next: (error?: unknown) => void) => unknown;

/**
 * Runs `handlers` as Express would on a POST to `path` (relative to httpNodeRoot) from a sender on the
 * internet without credentials, and says whether they let it through. Only in-memory objects are used.
 */
export async function dryRunNodeAuth(
	handlers: Middleware[],
	path: string,
	root: string,
): Promise<NodeAuthVerdict> {
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'user-agent': 'partnerhooks-check',
	};
	for (const handler of handlers) {
		const outcome = await new Promise<NodeAuthVerdict | 'next'>((resolve) => {
			const stop = new AbortController();
			const settle = (v: NodeAuthVerdict | 'next') => {
				stop.abort();
				resolve(v);
			};
			const res = fakeResponse((status) => settle({ kind: 'refuses', status }));
			const req = {
				method: 'POST',
				url: path,
				path,
				originalUrl: root.replace(/\/$/, '') + path,
				baseUrl: root.replace(/\/$/, ''),
				headers,
				query: {},
				params: {},
				// A documentation address (TEST-NET-3): a rule that trusts local senders must not pass it.
				ip: '203.0.113.10',
				ips: [],
				protocol: 'https',
				secure: true,
				hostname: 'localhost',
				socket: { remoteAddress: '203.0.113.10' },
				connection: { remoteAddress: '203.0.113.10' },
				get: (name: string) => headers[name.toLowerCase()],
				header: (name: string) => headers[name.toLowerCase()],
				is: () => false,
				accepts: () => false,
				on: () => req,
				once: () => req,
			};
			void sleep(NODE_AUTH_WAIT_MS, stop.signal).then(() => {
				if (!stop.signal.aborted) settle({ kind: 'undecided' });
			});
			try {
				const returned = handler(req, res, (error?: unknown) =>
					settle(
						error === undefined || error === null || error === 'route'
							? 'next'
							: { kind: 'refuses', status: statusOf(error) },
					),
				);
				if (returned instanceof Promise)
					returned.catch((error: unknown) => settle({ kind: 'refuses', status: statusOf(error) }));
			} catch (error) {
				settle({ kind: 'refuses', status: statusOf(error) });
			}
		});
		if (outcome !== 'next') return outcome;
	}
	return { kind: 'exempt' };
}

function statusOf(error: unknown): number {
	const e = error as { status?: unknown; statusCode?: unknown };
	const status = Number(e?.status ?? e?.statusCode);
	return status >= 400 && status < 600 ? status : 500;
}

/** Just enough of an Express response to see whether, and with what status, a middleware answered. */
function fakeResponse(answered: (status: number) => void): Record<string, unknown> {
	const res: Record<string, unknown> = { statusCode: 200, headersSent: false, locals: {} };
	const chain = () => res;
	const end = (status?: unknown) => () => {
		answered(typeof status === 'number' ? status : Number(res.statusCode) || 200);
		return res;
	};
	Object.assign(res, {
		status: (code: number) => {
			res.statusCode = code;
			return res;
		},
		set: chain,
		header: chain,
		setHeader: chain,
		append: chain,
		type: chain,
		vary: chain,
		getHeader: () => undefined,
		removeHeader: chain,
		end: end(),
		send: end(),
		json: end(),
		jsonp: end(),
		sendFile: end(),
		render: end(),
		redirect: end(302),
		writeHead: (code: number) => end(code)(),
		sendStatus: (code: number) => end(code)(),
	});
	return res;
}

/** httpNodeAuth as red.js applies it (httpAuth is its old name), judged for a trigger at `path`. */
export function nodeAuthVerdict(
	settings: { httpNodeAuth?: unknown; httpAuth?: unknown },
	path: string,
	root: string,
): NodeAuthVerdict | Promise<NodeAuthVerdict> {
	const auth = settings.httpNodeAuth ?? settings.httpAuth;
	if (!auth) return { kind: 'none' };
	if (typeof auth === 'function') return dryRunNodeAuth([auth as Middleware], path, root);
	if (Array.isArray(auth))
		return dryRunNodeAuth(
			auth.filter((h): h is Middleware => typeof h === 'function'),
			path,
			root,
		);
	// {user, pass}: Basic auth on every route, which no vendor delivery passes.
	return { kind: 'refuses', status: 401 };
}

export interface FieldGuard {
	/** False when registering would be pointless (shown red, with an error for Catch). */
	start: boolean;
	/** Why a "listening" status would promise too much (shown yellow instead), else undefined. */
	caveat(): string | undefined;
}

export function guardField(o: {
	RED: NodeAPI;
	node: Node;
	t: Translate;
	provider: string;
	/** The URL that would be registered (no secret in it). */
	url: string;
	/** The route path under httpNodeRoot, with a leading '/'. */
	path: string;
	/** The vendor's API base URL from the config node. */
	apiBaseUrl: string | undefined;
	/** Called when a verdict arrives after start: the status may have to change. */
	refresh(): void;
}): FieldGuard {
	const { node, t, provider } = o;
	const verdict = webhookUrlVerdict(o.url, o.apiBaseUrl ?? '');
	if (verdict.kind === 'unreachable') {
		node.status({
			fill: 'red',
			shape: 'ring',
			text: t('status.unreachable', { host: verdict.host }),
		});
		node.error(
			`${provider} webhook not registered: ${verdict.reason}. Set the config node's Public URL to the address ${provider} reaches this Node-RED at from the internet (your domain through a reverse proxy, with any path prefix it adds, or a tunnel such as cloudflared or ngrok).`,
			{ topic: `${provider.toLowerCase()}/config`, payload: { url: o.url } },
		);
		return { start: false, caveat: () => undefined };
	}
	if (verdict.kind === 'insecure') node.warn(`${provider} webhook: ${verdict.reason}.`);

	const settings = o.RED.settings as { httpNodeAuth?: unknown; httpAuth?: unknown };
	const root = (o.RED.settings as { httpNodeRoot?: unknown }).httpNodeRoot;
	const fullPath = `${typeof root === 'string' ? root.replace(/\/$/, '') : ''}${o.path}`;
	let caveat: string | undefined;
	const judge = (auth: NodeAuthVerdict) => {
		if (auth.kind === 'none' || auth.kind === 'exempt') return;
		const fix = `Exempt the trigger's path: make httpNodeAuth in settings.js a function that calls next() for ${fullPath} (or every path under /${o.path.split('/')[1] ?? ''}/) and applies your check to the rest, or remove httpNodeAuth.`;
		if (auth.kind === 'refuses') {
			caveat = t('status.node-auth', { status: auth.status });
			node.warn(
				`httpNodeAuth answers ${auth.status} to POST ${fullPath} before this trigger runs, so ${provider}'s deliveries (which carry no credentials) never reach it. ${fix}`,
			);
		} else {
			caveat = t('status.node-auth-undecided');
			node.warn(
				`httpNodeAuth did not answer a test request for POST ${fullPath} within ${NODE_AUTH_WAIT_MS / 1000} s, so it may refuse ${provider}'s deliveries. ${fix}`,
			);
		}
		o.refresh();
	};
	const auth = nodeAuthVerdict(settings, o.path, typeof root === 'string' ? root : '/');
	if (auth instanceof Promise) void auth.then(judge);
	else judge(auth);
	return { start: true, caveat: () => caveat };
}
