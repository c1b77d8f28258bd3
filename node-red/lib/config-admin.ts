import type { Node, NodeAPI } from 'node-red';
import { fetchTransport, type Transport } from '../../core/http';

/** The placeholder Node-RED's editor sends for a stored password it does not reveal. */
const STORED = '__PWRD__';

/** The editor's event picker reads the catalogue from here, so it never drifts from the runtime's. */
export function addEventsRoute(RED: NodeAPI, type: string, route: string, events: readonly unknown[]): void {
	RED.httpAdmin.get(route, RED.auth.needsPermission(`${type}.read`), (_req, res) => {
		res.json(events);
	});
}

/**
 * "Test connection" for a config node: credentials typed into the dialog win, blanks fall back to the
 * deployed node's stored ones. The answer is {ok, message}; credentials are never echoed.
 */
export function addTestRoute(
	RED: NodeAPI,
	o: {
		type: string;
		route: string;
		/** Credential fields that must all be present. */
		fields: string[];
		missing: string;
		test: (baseUrl: string | undefined, creds: Record<string, string>, transport: Transport) => Promise<{ message: string }>;
	},
): void {
	RED.httpAdmin.post(o.route, RED.auth.needsPermission(`${o.type}.write`), (req, res) => {
		const body = (req.body ?? {}) as Record<string, string | undefined>;
		const deployed = body.id ? (RED.nodes.getNode(body.id) as (Node<Record<string, string>> & { baseUrl?: string }) | null) : null;
		const creds: Record<string, string> = {};
		for (const field of o.fields) {
			const typed = body[field] && body[field] !== STORED ? body[field] : undefined;
			const value = typed ?? deployed?.credentials?.[field];
			if (value) creds[field] = value;
		}
		if (o.fields.some((f) => !creds[f])) {
			res.status(400).json({ ok: false, message: o.missing });
			return;
		}
		// Inside the chain: a malformed base URL throws in a constructor and must become an answer, not a 500 page.
		Promise.resolve()
			.then(() => o.test(body.baseUrl || deployed?.baseUrl, creds, fetchTransport({ timeoutMs: 10000 })))
			.then(
				(r) => res.json({ ok: true, message: r.message }),
				(error: Error) => res.json({ ok: false, message: error.message }),
			);
	});
}
