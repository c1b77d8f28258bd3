import type { NodeAPI } from 'node-red';
import type { PartneroConfigDef, PartneroConfigNode } from './lib/types';
import { abortable } from './lib/abortable';
import { PartneroClient, PARTNERO_DEFAULT_BASE_URL } from '../core/partnero/client';
import { PARTNERO_EVENTS } from '../core/partnero/events';
import { addEventsRoute, addTestRoute } from './lib/config-admin';

export = function register(RED: NodeAPI): void {
	function PartneroConfig(this: PartneroConfigNode, def: PartneroConfigDef) {
		RED.nodes.createNode(this, def);
		this.baseUrl = (def.baseUrl || PARTNERO_DEFAULT_BASE_URL).trim();
		this.publicUrl = (def.publicUrl || '').trim();
		this.client = (opts = {}) =>
			new PartneroClient({
				baseUrl: this.baseUrl,
				apiKey: this.credentials?.apiKey,
				warn: (message) => this.warn(message),
				...abortable(opts.signal),
			});
	}
	RED.nodes.registerType<
		PartneroConfigNode,
		PartneroConfigDef,
		unknown,
		PartneroConfigNode['credentials']
	>('partnero-config', PartneroConfig, { credentials: { apiKey: { type: 'password' } } });

	addEventsRoute(RED, 'partnero-config', '/partnero/events', PARTNERO_EVENTS);

	// "Test connection": a deployed config's stored key, or the key typed into the dialog. Never echoes the key.
	addTestRoute(RED, {
		type: 'partnero-config',
		route: '/partnero/test',
		fields: ['apiKey'],
		missing: 'Enter an API key first (or deploy this configuration).',
		test: (baseUrl, creds, transport) =>
			new PartneroClient({ baseUrl, apiKey: creds.apiKey, transport }).test(),
	});
};
