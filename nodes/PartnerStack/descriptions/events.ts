import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { PARTNERSTACK_EVENTS } from '../../../core/partnerstack/events';

const SOURCE: Record<string, string> = {
	docs: 'documented by PartnerStack',
	'third-party': 'seen in third-party examples',
	inferred: 'unconfirmed',
};

/** Catalogue events as n8n options, alphabetical, each saying where the name comes from. */
export function partnerStackEventOptions(): INodePropertyOptions[] {
	return [...PARTNERSTACK_EVENTS]
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((e) => ({
			name: e.name,
			value: e.name,
			description: `${e.description}; ${SOURCE[e.source]}`,
		}));
}

export function eventFields(show?: INodeProperties['displayOptions']): INodeProperties[] {
	return [
		{
			displayName: 'Events',
			name: 'events',
			type: 'multiOptions',
			options: partnerStackEventOptions(),
			default: [],
			displayOptions: show,
			description:
				'Events PartnerStack sends. v2 names use dots, v1 names underscores. Unconfirmed names may be refused by PartnerStack.',
		},
		{
			displayName: 'Other Events',
			name: 'otherEvents',
			type: 'string',
			default: '',
			displayOptions: show,
			placeholder: 'e.g. reward.created, partnership.group_updated',
			description: 'Event names not in the list, separated by commas',
		},
	];
}
