import type { INodeProperties } from 'n8n-workflow';
import { idProperty, operationProperty, returnAllAndLimit } from './shared';

const R = 'payoutRequest';

export const payoutRequestOperations: INodeProperties[] = [
	operationProperty(
		R,
		[
			{
				name: 'Approve',
				value: 'approve',
				description: 'Approve a payout request',
				action: 'Approve a payout request',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a payout request by ID',
				action: 'Get a payout request',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the payout requests of the program',
				action: 'Get many payout requests',
			},
			{
				name: 'Mark as Paid',
				value: 'markAsPaid',
				description: 'Record that a payout request was paid outside Partnero',
				action: 'Mark a payout request as paid',
			},
		],
		'getAll',
	),
];

export const payoutRequestFields: INodeProperties[] = [
	idProperty(
		R,
		['get', 'approve', 'markAsPaid'],
		'Payout Request ID',
		'payoutRequestId',
		'The ID of the payout request',
	),
	...returnAllAndLimit(R, ['getAll']),
];
