import type { NodeAPI } from 'node-red';
import { abortable } from './lib/abortable';
import { PartnerStackClient, PARTNERSTACK_DEFAULT_BASE_URL } from '../core/partnerstack/client';
import { PARTNERSTACK_EVENTS } from '../core/partnerstack/events';
import { addEventsRoute, addTestRoute } from './lib/config-admin';
import type { PartnerStackConfigDef, PartnerStackConfigNode } from './lib/types';

export = function register(RED: NodeAPI): void {
	function PartnerStackConfig(this: PartnerStackConfigNode, def: PartnerStackConfigDef) {
		RED.nodes.createNode(this, def);
		this.baseUrl = (def.baseUrl || PARTNERSTACK_DEFAULT_BASE_URL).trim();
		this.publicUrl = (def.publicUrl || '').trim();
		this.client = (opts = {}) =>
			new PartnerStackClient({
				baseUrl: this.baseUrl,
				publicKey: this.credentials?.publicKey,
				secretKey: this.credentials?.secretKey,
				...abortable(opts.signal),
			});
	}
	RED.nodes.registerType<
		PartnerStackConfigNode,
		PartnerStackConfigDef,
		unknown,
		PartnerStackConfigNode['credentials']
	>('partnerstack-config', PartnerStackConfig, {
		credentials: {
			publicKey: { type: 'text' },
			secretKey: { type: 'password' },
			hmacSecret: { type: 'password' },
		},
	});

	addEventsRoute(RED, 'partnerstack-config', '/partnerstack/events', PARTNERSTACK_EVENTS);

	addTestRoute(RED, {
		type: 'partnerstack-config',
		route: '/partnerstack/test',
		fields: ['publicKey', 'secretKey'],
		missing: 'Enter the public key and the secret key first (or deploy this configuration).',
		test: (baseUrl, creds, transport) =>
			new PartnerStackClient({
				baseUrl,
				publicKey: creds.publicKey,
				secretKey: creds.secretKey,
				transport,
			}).test(),
	});
};
