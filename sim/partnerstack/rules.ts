/**
 * The create-body rules of PartnerStack's v2 reference, written for the simulator on their own (not shared
 * with the client), so a client that drifts from the pages is caught here:
 * - reference/post_v2-actions-1: only external_key, target_key, target_type (partnership | customer), type,
 *   value (integer >= 1). A v1 body (customer_key + key) is a bad request;
 * - reference/post_v2-transactions: currency of exactly 3 characters; exactly one of customer_key,
 *   customer_external_key, customer_email; amount an integer (cents); key 4..255 characters.
 * The answer is what the reference lists for a bad body: 400 with {message, status}.
 */

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

function action(body: Record<string, unknown>): string | undefined {
	const allowed = new Set(['external_key', 'target_key', 'target_type', 'type', 'value']);
	const extra = Object.keys(body).filter((f) => !allowed.has(f));
	if (extra.length) return `Unknown field(s): ${extra.join(', ')}`;
	if (body.target_type !== 'partnership' && body.target_type !== 'customer')
		return 'target_type: must be one of partnership, customer';
	if (!Number.isInteger(body.value) || (body.value as number) < 1)
		return 'value: must be an integer greater than or equal to 1';
	return undefined;
}

function transaction(body: Record<string, unknown>): string | undefined {
	const refs = ['customer_key', 'customer_external_key', 'customer_email'].filter((f) =>
		present(body[f]),
	);
	if (refs.length !== 1)
		return 'Exactly one of customer_key, customer_external_key, customer_email is required';
	if (typeof body.currency !== 'string' || body.currency.length !== 3)
		return 'currency: length must be 3';
	if (
		body.key !== undefined &&
		(typeof body.key !== 'string' || body.key.length < 4 || body.key.length > 255)
	)
		return 'key: length must be between 4 and 255';
	return undefined;
}

const RULES: Record<string, (body: Record<string, unknown>) => string | undefined> = {
	actions: action,
	transactions: transaction,
};

/** Why the reference would refuse this create body, or undefined. */
export function createRefusal(resource: string, body: Record<string, unknown>): string | undefined {
	return RULES[resource]?.(body);
}
