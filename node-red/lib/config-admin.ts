import type { Node, NodeAPI } from 'node-red';
import { fetchTransport, type Transport } from '../../core/http';
import { errorMessage } from '../../core/errors';

/** The placeholder Node-RED's editor sends for a stored password it does not reveal. */
const STORED = '__PWRD__';

/** The editor's event picker reads the catalogue from here, so it never drifts from the runtime's. */
export function addEventsRoute(
	RED: NodeAPI,
	type: string,
	route: string,
	events: readonly unknown[],
): void {
	RED.httpAdmin.get(route, RED.auth.needsPermission(`${type}.read`), (_req, res) => {
		res.json(events);
	});
}

/** The base URL as a stored one is compared with a typed one: no trailing slashes, no case in scheme and host. */
function sameBase(a: string, b: string): boolean {
	const norm = (u: string) => {
		const text = u.trim().replace(/\/+$/, '');
		return URL.canParse(text) ? new URL(text).toString().replace(/\/+$/, '') : text;
	};
	return norm(a) === norm(b);
}

/**
 * "Test connection" for a config node: credentials typed into the dialog win, blanks fall back to the
 * deployed node's stored ones. Stored credentials go only to the stored base URL: anyone who can reach the
 * editor could otherwise send a deployed key to a server of their choosing. The answer is {ok, message};
 * credentials are never echoed.
 */
export function addTestRoute(
	RED: NodeAPI,
	o: {
		type: string;
		route: string;
		/** Credential fields that must all be present. */
		fields: string[];
		missing: string;
		test: (
			baseUrl: string | undefined,
			creds: Record<string, string>,
			transport: Transport,
		) => Promise<{ message: string }>;
	},
): void {
	RED.httpAdmin.post(o.route, RED.auth.needsPermission(`${o.type}.write`), (req, res) => {
		const body = (req.body ?? {}) as Record<string, string | undefined>;
		const deployed = body.id
			? (RED.nodes.getNode(body.id) as (Node<Record<string, string>> & { baseUrl?: string }) | null)
			: null;
		const baseUrl = body.baseUrl || deployed?.baseUrl;
		const storedUsable =
			deployed !== null && (!body.baseUrl || sameBase(body.baseUrl, deployed.baseUrl ?? ''));
		const creds: Record<string, string> = {};
		let usedStored = false;
		for (const field of o.fields) {
			const typed = body[field] && body[field] !== STORED ? body[field] : undefined;
			const stored = storedUsable ? deployed?.credentials?.[field] : undefined;
			if (!typed && stored) usedStored = true;
			const value = typed ?? stored;
			if (value) creds[field] = value;
		}
		if (o.fields.some((f) => !creds[f])) {
			const moved = deployed !== null && !storedUsable && !usedStored;
			res.status(400).json({
				ok: false,
				message: moved
					? 'The base URL differs from the deployed one: type the credentials again to test against it.'
					: o.missing,
			});
			return;
		}
		// Inside the chain: a malformed base URL throws in a constructor and must become an answer, not a 500 page.
		Promise.resolve()
			.then(() => o.test(baseUrl, creds, fetchTransport({ timeoutMs: 10000 })))
			.then(
				(r) => res.json({ ok: true, message: r.message }),
				(error: unknown) => res.json({ ok: false, message: errorMessage(error) }),
			);
	});
}
