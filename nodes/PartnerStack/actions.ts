import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { PartnerStackClient } from '../../core/partnerstack/client';
import {
	PARTNERSTACK_OPERATIONS,
	runPartnerStackOperation,
	type PartnerStackOperationInput,
} from '../../core/partnerstack/operations';
import type { PerOperation } from '../../core/operations';
import type { PartnerStackResource } from '../../core/partnerstack/resources';
import { ValidationError } from '../../core/errors';
import { tableActions, type Action } from '../shared/execute';
import {
	collectionDefaults,
	createParams,
	TRANSACTION_CUSTOMER_BY,
} from './descriptions/resources';

type PsAction = Action<PartnerStackClient>;
/** Turns the node parameters of item `i` into the core's operation input. */
type InputBuilder = (ctx: IExecuteFunctions, i: number) => PartnerStackOperationInput;

function parseJson(value: unknown, field: string): IDataObject {
	if (value === undefined || value === '') return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			parsed = undefined;
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new ValidationError(`${field} must be a JSON object such as {"name": "x"}.`, field);
	}
	return parsed as IDataObject;
}

/** Collection values minus blanks, with the JSON field merged over them. */
function bodyFrom(fields: IDataObject, jsonLabel: string): IDataObject {
	const { json, ...rest } = fields;
	const body: IDataObject = {};
	for (const [name, value] of Object.entries(rest))
		if (value !== '' && value !== undefined) body[name] = value;
	return { ...body, ...parseJson(json, jsonLabel) };
}

const text = (ctx: IExecuteFunctions, i: number, name: string): string =>
	ctx.getNodeParameter(name, i, '') as string;

/** Return All → every item (the core's undefined); otherwise the Limit, which the core checks. */
const list: InputBuilder = (ctx, i) => {
	const o = ctx.getNodeParameter('listOptions', i, {}) as IDataObject;
	return {
		limit: ctx.getNodeParameter('returnAll', i)
			? undefined
			: (ctx.getNodeParameter('limit', i) as number),
		pageSize: typeof o.pageSize === 'number' ? o.pageSize : undefined,
		startingAfter: (o.startingAfter as string | undefined) || undefined,
		fields: parseJson(o.query, 'Query Parameters'),
	};
};
const byKey: InputBuilder = (ctx, i) => ({ key: text(ctx, i, 'key') });

/** The "one of" choices on Create, as the documented body fields (see CREATE_CHOICES). */
function choices(resource: PartnerStackResource, ctx: IExecuteFunctions, i: number): IDataObject {
	if (resource === 'action')
		return { target_type: ctx.getNodeParameter('target_type', i, 'customer') };
	if (resource === 'transaction') {
		const by = ctx.getNodeParameter(TRANSACTION_CUSTOMER_BY, i, 'customer_key') as string;
		return { [by]: ctx.getNodeParameter('customer_key', i, '') };
	}
	return {};
}

function resourceBuilders(resource: PartnerStackResource): Record<string, InputBuilder> {
	const params = createParams(resource);
	const defaults = collectionDefaults(resource);
	return {
		list,
		get: byKey,
		// Friendly parameters in, the reference's body out: the core checks it against the same reference.
		create: (ctx, i) => {
			const fields = {
				...defaults,
				...bodyFrom(
					ctx.getNodeParameter('additionalFields', i, {}) as IDataObject,
					'Other Fields (JSON)',
				),
			};
			for (const p of params) {
				const value = ctx.getNodeParameter(p.param, i, '') as string | number;
				if (p.required || value !== '') fields[p.field] = value;
			}
			return { fields: { ...fields, ...choices(resource, ctx, i) } };
		},
		update: (ctx, i) => ({
			key: text(ctx, i, 'key'),
			fields: bodyFrom(
				ctx.getNodeParameter('updateFields', i, {}) as IDataObject,
				'Other Fields (JSON)',
			),
		}),
		delete: byKey,
	};
}

type Builders = PerOperation<typeof PARTNERSTACK_OPERATIONS, InputBuilder>;

/** Only the operations the core table has for each resource, so the types check both sides. */
function only<R extends PartnerStackResource>(resource: R): Builders[R] {
	const all = resourceBuilders(resource);
	return Object.fromEntries(
		Object.keys(PARTNERSTACK_OPERATIONS[resource]).map((op) => [op, all[op]]),
	) as Builders[R];
}

const BUILDERS: Builders = {
	partnership: only('partnership'),
	customer: only('customer'),
	transaction: only('transaction'),
	deal: only('deal'),
	lead: only('lead'),
	action: only('action'),
	reward: only('reward'),
	group: only('group'),
	webhook: {
		list,
		get: byKey,
		create: (ctx, i) => ({
			fields: {
				target: text(ctx, i, 'target'),
				events: ctx.getNodeParameter('events', i, []) as string[],
				otherEvents: text(ctx, i, 'otherEvents'),
			},
		}),
		delete: byKey,
	},
};

/** Every operation runs through the core's table; this node only reads its parameters. */
export const partnerStackActions: Record<string, Record<string, PsAction>> = tableActions<
	PartnerStackClient,
	PartnerStackOperationInput
>(BUILDERS as Record<string, Record<string, InputBuilder>>, runPartnerStackOperation);
