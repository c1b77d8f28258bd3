/**
 * The webhook create body is uncertain (`target` per one source, `target_url` per another). What worked
 * is remembered per credential (base URL + public key, kept only as a fingerprint).
 */
export type WebhookTargetField = 'target' | 'target_url';

/** Remembers per credential which create-body field PartnerStack accepted. Bounded; keys are fingerprints. */
export class WebhookFieldMemory {
	private readonly known = new Map<string, WebhookTargetField>();
	constructor(private readonly max = 1000) {}
	get(id: string): WebhookTargetField | undefined {
		return this.known.get(id);
	}
	set(id: string, field: WebhookTargetField): void {
		this.known.delete(id);
		this.known.set(id, field);
		if (this.known.size > this.max) this.known.delete(this.known.keys().next().value as string);
	}
	clear(): void {
		this.known.clear();
	}
}

export const defaultWebhookFieldMemory = new WebhookFieldMemory();
