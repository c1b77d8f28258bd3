/**
 * A trigger's delivery secret (PartnerStack's URL secret, Partnero's signing secret), kept sealed in the
 * node's context so that after a restart the trigger verifies deliveries at once, even while the vendor's
 * API is down and the webhook cannot be looked up. n8n does the same with workflow static data.
 *
 * Only with a context store configured (`contextStorage` in settings.js, its `localfilesystem` store if
 * there is one): Node-RED's default memory context is gone after a restart anyway, and within one process
 * a successor takes the secret from its predecessor (webhook-owners.ts).
 *
 * The seal's key is derived from the account's API key and everything that makes up the webhook URL, so a
 * context file alone lets nobody forge deliveries, and a secret kept for another account or URL does not
 * open (it is then simply not used).
 */
import type { Node, NodeAPI } from 'node-red';
import { openSecret, sealSecret } from '../../core/sealed-secret';
import { contextStore } from './dedupe-context';

const CONTEXT_KEY = 'partnerhooks-webhook-secret';

type Callback = (error: Error | undefined, value?: unknown) => void;

export interface SealedSecret {
	/** Hands the kept secret to `use`, if there is one for this material; a read from disk may answer later. */
	restore(use: (secret: string) => void): void;
	/** Keeps `secret` (when it changed). */
	keep(secret: string): void;
}

/** `material` is the account's API key and the webhook URL's parts; blank material keeps nothing. */
export function sealedSecret(RED: NodeAPI, node: Node, material: string[]): SealedSecret {
	const store = contextStore(RED);
	const key = material.join('\u0000');
	const usable = store !== undefined && material[0] !== '';
	let kept: string | undefined;
	const context = () => node.context();
	return {
		restore(use) {
			if (!usable) return;
			const done: Callback = (error, value) => {
				if (error) {
					node.warn(`Could not read the kept webhook secret from the context: ${error.message}`);
					return;
				}
				const secret = openSecret(value, key);
				if (secret === undefined) return;
				kept = secret;
				use(secret);
			};
			if (store) context().get(CONTEXT_KEY, store, done);
			else context().get(CONTEXT_KEY, done);
		},
		keep(secret) {
			if (!usable || secret === kept) return;
			kept = secret;
			const done = (error?: Error) => {
				if (error) node.warn(`Could not keep the webhook secret in the context: ${error.message}`);
			};
			const sealed = sealSecret(secret, key);
			if (store) context().set(CONTEXT_KEY, sealed, store, done);
			else context().set(CONTEXT_KEY, sealed, done);
		},
	};
}
