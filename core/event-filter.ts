/** The selection that lets every event through, in both vendors' pickers. */
export const ALL_EVENTS = '*';

/** Whether `event` passes the selection: an empty selection or one containing '*' lets everything through. */
export function eventSelected(selected: readonly string[], event: string): boolean {
	return selected.length === 0 || selected.includes(ALL_EVENTS) || selected.includes(event);
}
