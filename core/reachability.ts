/**
 * Whether a vendor on the internet can ever reach a webhook URL, judged on the literal URL alone (no DNS: a
 * lookup could hang activation, and a public name may resolve to a private address only inside the LAN).
 *
 * Only addresses and names that the internet can never route are "certainly unreachable": loopback, private,
 * carrier-grade NAT, link-local, unspecified, IPv6 ULA, IPv4-mapped IPv6 of those, and the local names
 * (`localhost`, `*.localhost`, `*.local`, `*.internal`, `*.home.arpa`, a name without a dot).
 *
 * The verdict applies only when the vendor's API is itself not local: a simulator or stand-in API on
 * loopback or on the LAN delivers to local URLs, so a local API base is never judged.
 */

export type AddressClass =
	| 'loopback'
	| 'private'
	| 'carrier-grade NAT'
	| 'link-local'
	| 'unspecified'
	| 'local name'
	| 'public';

/** Dotted quad to its four bytes, or undefined. WHATWG URL already turns hex, octal and short forms into one. */
function ipv4Bytes(host: string): number[] | undefined {
	const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	if (!m) return undefined;
	const bytes = m.slice(1).map(Number);
	return bytes.every((b) => b <= 255) ? bytes : undefined;
}

function ipv4Class([a, b]: number[]): AddressClass {
	if (a === 127) return 'loopback';
	if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
	if (a === 100 && b >= 64 && b <= 127) return 'carrier-grade NAT';
	if (a === 169 && b === 254) return 'link-local';
	if (a === 0) return 'unspecified';
	return 'public';
}

/** The eight 16-bit groups of an IPv6 address (compressed `::` and a trailing dotted quad allowed), or undefined. */
export function ipv6Groups(text: string): number[] | undefined {
	let host = text.toLowerCase();
	if (host.includes('%')) host = host.slice(0, host.indexOf('%'));
	if (!/^[0-9a-f:.]+$/.test(host) || !host.includes(':')) return undefined;
	const lastColon = host.lastIndexOf(':');
	const last = host.slice(lastColon + 1);
	if (last.includes('.')) {
		// A trailing dotted quad (::ffff:10.0.0.1) stands for the last two groups.
		const q = ipv4Bytes(last);
		if (!q) return undefined;
		const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
		host = `${host.slice(0, lastColon + 1)}${hex(q[0], q[1])}:${hex(q[2], q[3])}`;
	}
	const halves = host.split('::');
	if (halves.length > 2) return undefined;
	const part = (s: string) => (s === '' ? [] : s.split(':'));
	const head = part(halves[0]);
	const rest = halves.length === 2 ? part(halves[1]) : [];
	if ([...head, ...rest].some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
	const known = head.length + rest.length;
	if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
	const zeros = new Array<number>(8 - known).fill(0);
	return [...head.map((g) => parseInt(g, 16)), ...zeros, ...rest.map((g) => parseInt(g, 16))];
}

function ipv6Class(g: number[]): AddressClass {
	const allZero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
	if (allZero(0, 7) && g[7] === 1) return 'loopback';
	if (allZero(0, 8)) return 'unspecified';
	// ::ffff:a.b.c.d belongs to its IPv4 class.
	if (allZero(0, 5) && g[5] === 0xffff)
		return ipv4Class([g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255]);
	if ((g[0] & 0xfe00) === 0xfc00) return 'private';
	if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
	return 'public';
}

/** The class of a URL's host (as `new URL().hostname` gives it: IPv6 in brackets allowed). */
export function hostClass(hostname: string): AddressClass {
	const host = hostname
		.toLowerCase()
		.replace(/^\[|\]$/g, '')
		.replace(/\.$/, '');
	const v4 = ipv4Bytes(host);
	if (v4) return ipv4Class(v4);
	const v6 = ipv6Groups(host);
	if (v6) return ipv6Class(v6);
	if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
	if (
		host === '' ||
		!host.includes('.') ||
		/\.(local|internal)$/.test(host) ||
		host === 'home.arpa' ||
		host.endsWith('.home.arpa')
	)
		return 'local name';
	return 'public';
}

export type UrlVerdict =
	| { kind: 'ok' }
	/** The vendor can never deliver here. `reason` names the host and its class, never the rest of the URL. */
	| { kind: 'unreachable'; host: string; addressClass: AddressClass; reason: string }
	/** Reachable, but deliveries would travel unencrypted to a real vendor's webhook. */
	| { kind: 'insecure'; host: string; reason: string };

const DESCRIBED: Record<Exclude<AddressClass, 'public'>, string> = {
	loopback: 'a loopback address (this machine only)',
	private: 'a private network address',
	'carrier-grade NAT': "a carrier-grade NAT address (inside the provider's network)",
	'link-local': 'a link-local address',
	unspecified: 'the unspecified address',
	'local name': 'a local name that only this network resolves',
};

function parsed(url: string): URL | undefined {
	try {
		return new URL(url);
	} catch {
		return undefined;
	}
}

/**
 * The verdict on registering `webhookUrl` with the vendor whose API is at `apiBaseUrl`. An unparsable URL is
 * 'ok' here: registration reports it with the vendor's own answer.
 */
export function webhookUrlVerdict(webhookUrl: string, apiBaseUrl: string): UrlVerdict {
	const target = parsed(webhookUrl);
	const api = parsed(apiBaseUrl);
	if (!target || !api) return { kind: 'ok' };
	// A stand-in API on this machine or the LAN can deliver to local URLs: nothing can be concluded.
	if (hostClass(api.hostname) !== 'public') return { kind: 'ok' };
	const host = target.hostname;
	const addressClass = hostClass(host);
	if (addressClass !== 'public') {
		const shown = host.replace(/^\[|\]$/g, '');
		return {
			kind: 'unreachable',
			host: shown,
			addressClass,
			reason: `${shown} is ${DESCRIBED[addressClass]}, which ${api.hostname} cannot reach from the internet`,
		};
	}
	if (target.protocol === 'http:')
		return {
			kind: 'insecure',
			host,
			reason: `the webhook URL on ${host} uses plain http://, so deliveries (and any secret in the URL) travel unencrypted; use https://`,
		};
	return { kind: 'ok' };
}
