import type { INodePropertyOptions } from 'n8n-workflow';
import { ALL_EVENTS, PARTNERO_EVENTS } from '../../../core/partnero/events';

/** Catalogue events as n8n options, alphabetical (n8n's lint wants it), each naming the program types that send it. */
export function partneroEventOptions(withWildcard: boolean): INodePropertyOptions[] {
	const events = [...PARTNERO_EVENTS]
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((e) => ({
			name: e.name,
			value: e.name,
			description: `${e.description} (${e.programTypes.join(', ')} programs)`,
		}));
	if (!withWildcard) return events;
	return [
		{
			name: '*',
			value: ALL_EVENTS,
			description: 'All events: every event the program type of the API key sends',
		},
		...events,
	];
}
