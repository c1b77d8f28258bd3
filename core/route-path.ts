/**
 * A trigger's path must be literal: the engine registers it as an Express 4 route string (path-to-regexp
 * 0.1.x), where `*`, `:name`, `(`, `)` are patterns and `? + [ ] { } | ^ $ \` pass into a regular expression
 * unescaped. `/partnero/*` then takes every other trigger's deliveries, and `/partnero/h:id` those of
 * `/partnero/hook2`. A space or a non-ASCII letter is registered raw while the sender percent-encodes it,
 * so nothing ever matches. So a path holds only what means the same in a route string and in a URL.
 */

/** What a path segment may hold: unreserved URL characters, none of which a route string treats as a pattern. */
const LITERAL_SEGMENT = /^[A-Za-z0-9._~-]+$/;

export const LITERAL_PATH_RULE =
	'use only letters a-z and A-Z, digits and - _ . ~ between the slashes';

function describe(ch: string): string {
	if (ch === ' ') return 'a space';
	if (/\s/.test(ch)) return 'a whitespace character';
	const code = ch.codePointAt(0) ?? 0;
	if (code > 0x7e) return `"${ch}" (not ASCII)`;
	return `"${ch}"`;
}

/** The same path with each character that is not allowed made a hyphen: a suggestion, not a silent fix. */
export function literalPathSuggestion(path: string): string {
	const segments = path
		.split('/')
		.map((s) =>
			s
				.normalize('NFKD')
				.replace(/[\u0300-\u036f]/g, '')
				.replace(/[^A-Za-z0-9._~-]+/g, '-')
				.replace(/^-+|-+$/g, ''),
		)
		.filter((s) => s !== '' && s !== '.' && s !== '..');
	return segments.join('/');
}

/**
 * Why `path` (relative to the HTTP root, leading slashes allowed) is not a literal path, with what to change,
 * or undefined when it is. One trailing slash is allowed; an empty path means the node's default.
 */
export function literalPathProblem(path: string): string | undefined {
	const trimmed = path.replace(/^\/+/, '').replace(/\/$/, '');
	if (trimmed === '') return undefined;
	const segments = trimmed.split('/');
	const fix = (what: string) => {
		const suggestion = literalPathSuggestion(trimmed);
		const instead = suggestion && suggestion !== trimmed ? `, e.g. "${suggestion}"` : '';
		return `the path "${path}" ${what}. Trigger paths are literal: ${LITERAL_PATH_RULE}${instead}`;
	};
	if (segments.some((s) => s === '')) return fix('has an empty segment ("//")');
	if (segments.some((s) => s === '.' || s === '..'))
		return fix('has a "." or ".." segment, which senders resolve away');
	for (const segment of segments) {
		if (LITERAL_SEGMENT.test(segment)) continue;
		const bad = [...segment].find((ch) => !/[A-Za-z0-9._~-]/.test(ch)) as string;
		const pattern = /[*:()?+[\]{}|^$\\]/.test(bad);
		return fix(
			pattern
				? `contains ${describe(bad)}, which Node-RED's HTTP router reads as a pattern, so the trigger would take other paths' deliveries`
				: `contains ${describe(bad)}, which senders percent-encode, so no delivery would ever match`,
		);
	}
	return undefined;
}
