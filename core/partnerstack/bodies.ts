/**
 * What PartnerStack's v2 reference says a create body must hold, beyond "these fields are required":
 * - record action (docs.partnerstack.com/reference/post_v2-actions-1): `target_key`, `target_type`
 *   (partnership | customer), `type`, `value` (integer >= 1), optional `external_key`. `customer_key` + `key`
 *   is the v1 shape (v1.0/reference/createactionpu) and is refused with the v2 names;
 * - create transaction (reference/post_v2-transactions): `amount` (integer cents), `currency` (three
 *   letters), and exactly one of `customer_key`, `customer_external_key`, `customer_email`; `key` 4..255.
 * One rule set: the client checks before sending and the simulator answers the same bodies with 400.
 */
import { ValidationError } from '../errors';

export const ACTION_TARGET_TYPES = ['partnership', 'customer'] as const;
export type ActionTargetType = (typeof ACTION_TARGET_TYPES)[number];

/** The documented body of POST /v2/actions; nothing else is accepted there. */
export const ACTION_FIELDS = [
	'external_key',
	'target_key',
	'target_type',
	'type',
	'value',
] as const;

/** The three ways a transaction names its customer; exactly one is given. */
export const TRANSACTION_CUSTOMER_FIELDS = [
	'customer_key',
	'customer_external_key',
	'customer_email',
] as const;

const given = (v: unknown) => v !== undefined && v !== null && v !== '';

/** One refusal: the field it is about and the sentence a user reads. */
export interface BodyProblem {
	field: string;
	message: string;
}

function actionProblem(body: Record<string, unknown>): BodyProblem | undefined {
	const v1 = ['customer_key', 'key'].filter((f) => given(body[f]));
	if (v1.length) {
		return {
			field: v1[0],
			message: `"${v1.join('" and "')}" belong to PartnerStack's v1 action body. The v2 API records an action as {"target_type": "customer" or "partnership", "target_key": "<customer or partner key>", "type": "<action type>", "value": 1}.`,
		};
	}
	const unknown = Object.keys(body).filter(
		(f) => !(ACTION_FIELDS as readonly string[]).includes(f),
	);
	if (unknown.length) {
		return {
			field: unknown[0],
			message: `Unknown action field "${unknown[0]}"; an action has only ${ACTION_FIELDS.join(', ')}.`,
		};
	}
	if (!(ACTION_TARGET_TYPES as readonly unknown[]).includes(body.target_type)) {
		return {
			field: 'target_type',
			message: `"target_type" must be "partnership" or "customer", got ${JSON.stringify(body.target_type)}.`,
		};
	}
	const { value } = body;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
		return {
			field: 'value',
			message: `"value" (how many times the action was performed) must be a whole number of at least 1, got ${JSON.stringify(value)}.`,
		};
	}
	return undefined;
}

function transactionProblem(body: Record<string, unknown>): BodyProblem | undefined {
	const customers = TRANSACTION_CUSTOMER_FIELDS.filter((f) => given(body[f]));
	if (customers.length !== 1) {
		return {
			field: customers[1] ?? 'customer_key',
			message: `Name the customer with exactly one of ${TRANSACTION_CUSTOMER_FIELDS.join(', ')}${customers.length ? ` (got ${customers.join(' and ')})` : ''}.`,
		};
	}
	if (typeof body.currency !== 'string' || !/^[A-Za-z]{3}$/.test(body.currency)) {
		return {
			field: 'currency',
			message: `"currency" must be a three-letter ISO code such as USD, got ${JSON.stringify(body.currency)}.`,
		};
	}
	if (body.key !== undefined && (typeof body.key !== 'string' || !/^.{4,255}$/s.test(body.key))) {
		return {
			field: 'key',
			message: 'A transaction "key" is 4 to 255 characters long.',
		};
	}
	return undefined;
}

/** The first way `body` breaks the reference for creating `resource`, if any (required fields aside). */
export function createBodyProblem(
	resource: string,
	body: Record<string, unknown>,
): BodyProblem | undefined {
	if (resource === 'action') return actionProblem(body);
	if (resource === 'transaction') return transactionProblem(body);
	return undefined;
}

export function checkCreateBody(resource: string, body: Record<string, unknown>): void {
	const problem = createBodyProblem(resource, body);
	if (problem) throw new ValidationError(problem.message, problem.field);
}
