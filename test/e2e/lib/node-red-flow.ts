/**
 * Our Node-RED node configurations as the editor would deploy them. One place, shared by the e2e suite
 * and the demo, so a renamed property is fixed once.
 */

export function partneroConfigNode(o: { id: string; name: string; baseUrl: string; publicUrl: string; apiKey: string }): Record<string, unknown> {
	return { id: o.id, type: 'partnero-config', name: o.name, baseUrl: o.baseUrl, publicUrl: o.publicUrl, credentials: { apiKey: o.apiKey } };
}

export function partneroTriggerNode(o: { id: string; z: string; account: string; events: string[]; path: string; wires: string[][]; x?: number; y?: number; name?: string }): Record<string, unknown> {
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
		x: o.x ?? 150,
		y: o.y ?? 100,
		wires: o.wires,
	};
}

export function partnerStackConfigNode(o: { id: string; name: string; baseUrl: string; publicUrl: string; publicKey: string; secretKey: string }): Record<string, unknown> {
	return {
		id: o.id,
		type: 'partnerstack-config',
		name: o.name,
		baseUrl: o.baseUrl,
		publicUrl: o.publicUrl,
		credentials: { publicKey: o.publicKey, secretKey: o.secretKey },
	};
}

export function partnerStackTriggerNode(o: { id: string; z: string; account: string; events: string[]; otherEvents?: string; path: string; wires: string[][] }): Record<string, unknown> {
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
