import type { INodeProperties } from 'n8n-workflow';
import { operationProperty } from './shared';

export const programOperations: INodeProperties[] = [
	operationProperty(
		'program',
		[
			{
				name: 'Get',
				value: 'get',
				description: 'Get the program of the API key, with its statistics',
				action: 'Get the program',
			},
		],
		'get',
	),
];
