import type { NodeAPI } from 'node-red';
import type { PartneroConfigDef, PartneroConfigNode } from './lib/types';
import { fetchTransport } from '../core/http';
import { PartneroClient, PARTNERO_DEFAULT_BASE_URL } from '../core/partnero/client';
import { PARTNERO_EVENTS } from '../core/partnero/events';


export = function register(RED: NodeAPI): void {
	function PartneroConfig(this: PartneroConfigNode, def: PartneroConfigDef) {
		RED.nodes.createNode(this, def);
		this.baseUrl = (def.baseUrl || PARTNERO_DEFAULT_BASE_URL).trim();
		this.publicUrl = (def.publicUrl || '').trim();
		this.client = () =>
			new PartneroClient({ baseUrl: this.baseUrl, apiKey: this.credentials?.apiKey, transport: fetchTransport() });
	}
	RED.nodes.registerType('partnero-config', PartneroConfig as unknown as Parameters<NodeAPI['nodes']['registerType']>[1], { credentials: { apiKey: { type: 'password' } } });

	// The editor's event picker reads the catalogue from here, so it never drifts from the runtime's.
	RED.httpAdmin.get('/partnero/events', RED.auth.needsPermission('partnero-config.read'), (_req, res) => {
		res.json(PARTNERO_EVENTS);
	});

	// "Test connection": a deployed config's stored key, or the key typed into the dialog. Never echoes the key.
	RED.httpAdmin.post('/partnero/test', RED.auth.needsPermission('partnero-config.write'), (req, res) => {
		const body = (req.body ?? {}) as { id?: string; baseUrl?: string; apiKey?: string };
		const deployed = body.id ? (RED.nodes.getNode(body.id) as PartneroConfigNode | null) : null;
		const typed = body.apiKey && body.apiKey !== '__PWRD__' ? body.apiKey : undefined;
		const apiKey = typed ?? deployed?.credentials?.apiKey;
		if (!apiKey) {
			res.status(400).json({ ok: false, message: 'Enter an API key first (or deploy this configuration).' });
			return;
		}
		// Inside the chain: a malformed base URL throws in the constructor and must become an answer, not a 500 page.
		Promise.resolve()
			.then(() =>
				new PartneroClient({ baseUrl: body.baseUrl || deployed?.baseUrl, apiKey, transport: fetchTransport({ timeoutMs: 10000 }) }).test(),
			)
			.then(
				(r) => res.json({ ok: true, message: r.message }),
				(error: Error) => res.json({ ok: false, message: error.message }),
			);
	});
};
