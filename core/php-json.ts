/**
 * Re-creates the bytes PHP 8 `json_encode($value)` (default flags) produces.
 *
 * Partnero signs the body its PHP backend produced, so anything we send in its place (the simulator,
 * sample deliveries, tests) must carry the same bytes or a real receiver would see a different signature.
 */

/** PHP's json_encode gives up beyond this nesting depth (its default `$depth` argument). */
const PHP_MAX_DEPTH = 512;

/** Above this PHP would hold the number as a float rather than an int, and print it differently. */
const PHP_INT_LIMIT = 2 ** 63;

const SHORT_ESCAPES: Record<string, string> = {
	'"': '\\"',
	'\\': '\\\\',
	'/': '\\/',
	'\b': '\\b',
	'\f': '\\f',
	'\n': '\\n',
	'\r': '\\r',
	'\t': '\\t',
};

function hex4(code: number): string {
	return '\\u' + code.toString(16).padStart(4, '0');
}

function encodeString(text: string): string {
	let out = '"';
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		const code = text.charCodeAt(i);
		const short = SHORT_ESCAPES[ch];
		if (short !== undefined) {
			out += short;
		} else if (code < 0x20) {
			out += hex4(code);
		} else if (code < 0x80) {
			out += ch;
		} else if (code >= 0xd800 && code <= 0xdbff) {
			const next = text.charCodeAt(i + 1);
			if (!(next >= 0xdc00 && next <= 0xdfff)) {
				throw new Error(loneSurrogate(i));
			}
			out += hex4(code) + hex4(next);
			i++;
		} else if (code >= 0xdc00 && code <= 0xdfff) {
			throw new Error(loneSurrogate(i));
		} else {
			out += hex4(code);
		}
	}
	return out + '"';
}

function loneSurrogate(index: number): string {
	// PHP would see invalid UTF-8 here and refuse to encode at all, so there are no bytes to imitate.
	return `phpJsonEncode: the string has a lone UTF-16 surrogate at position ${index}; it is not valid Unicode text and PHP json_encode would reject it`;
}

/**
 * Numbers: integral values that fit PHP's int print as plain digits. Everything else is a PHP float,
 * printed the way PHP >= 7.1 does with serialize_precision -1: the shortest round-trip digits (the same
 * digits JavaScript picks), but PHP switches to exponent form when the decimal point sits more than
 * 4 places left or 17 places right, and always keeps one fraction digit in the mantissa ("1.0e-5").
 */
function encodeNumber(value: number): string {
	if (!Number.isFinite(value)) {
		throw new Error(
			`phpJsonEncode: ${String(value)} cannot be written as JSON; replace it with a finite number or null`,
		);
	}
	if (Number.isInteger(value) && Math.abs(value) < PHP_INT_LIMIT) {
		return BigInt(value).toString();
	}
	const [mantissa, exponentText] = value.toExponential().split('e');
	const exponent = Number(exponentText);
	if (exponent >= -4 && exponent <= 16) {
		return String(value);
	}
	const negative = mantissa.startsWith('-');
	const digits = mantissa.replace('-', '').replace('.', '');
	const fraction = digits.length > 1 ? digits.slice(1) : '0';
	const sign = exponent < 0 ? '-' : '+';
	return `${negative ? '-' : ''}${digits[0]}.${fraction}e${sign}${Math.abs(exponent)}`;
}

function isSkipped(value: unknown): boolean {
	return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function encodeValue(input: unknown, depth: number, path: unknown[]): string {
	let value = input;
	if (
		value !== null &&
		typeof value === 'object' &&
		typeof (value as { toJSON?: unknown }).toJSON === 'function'
	) {
		value = (value as { toJSON: () => unknown }).toJSON();
	}
	if (value === null) return 'null';
	switch (typeof value) {
		case 'boolean':
			return value ? 'true' : 'false';
		case 'number':
			return encodeNumber(value);
		case 'bigint':
			return value.toString();
		case 'string':
			return encodeString(value);
		case 'object':
			break;
		default:
			return 'null';
	}
	const container = value as object;
	if (depth >= PHP_MAX_DEPTH) {
		throw new Error(
			`phpJsonEncode: the value is nested deeper than ${PHP_MAX_DEPTH} levels, which PHP json_encode refuses`,
		);
	}
	if (path.includes(container)) {
		throw new Error(
			'phpJsonEncode: the value contains a circular reference; JSON cannot represent it',
		);
	}
	path.push(container);
	let out: string;
	if (Array.isArray(container)) {
		const parts = container.map((item) =>
			isSkipped(item) ? 'null' : encodeValue(item, depth + 1, path),
		);
		out = '[' + parts.join(',') + ']';
	} else {
		const parts: string[] = [];
		for (const [key, item] of Object.entries(container)) {
			if (isSkipped(item)) continue;
			parts.push(encodeString(key) + ':' + encodeValue(item, depth + 1, path));
		}
		out = '{' + parts.join(',') + '}';
	}
	path.pop();
	return out;
}

/** The exact text PHP 8 `json_encode($value)` would produce for this JSON-like value. */
export function phpJsonEncode(value: unknown): string {
	if (isSkipped(value)) {
		throw new Error(
			`phpJsonEncode: a ${typeof value} cannot be encoded as JSON; pass an object, array, string, number, boolean or null`,
		);
	}
	return encodeValue(value, 0, []);
}
