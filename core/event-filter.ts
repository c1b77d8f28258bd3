/** The selection that lets every event through, in both vendors' pickers. */
export const ALL_EVENTS = '*';

/**
 * Whether `event` passes the selection: an empty selection or one containing '*' lets everything through.
 * `sameForm` maps a name to the form the sender's names are compared in (PartnerStack: `_` = `.`).
 */
export function eventSelected(
	selected: readonly string[],
	event: string,
	sameForm: (name: string) => string = (name) => name,
): boolean {
	if (selected.length === 0 || selected.includes(ALL_EVENTS)) return true;
	const wanted = sameForm(event);
	return selected.some((name) => sameForm(name) === wanted);
}
