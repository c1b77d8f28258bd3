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
