import { hostClass, ipv6Groups, webhookUrlVerdict } from '../../core/reachability';

const REAL_API = 'https://api.partnero.com/v1';

/** The class of the host in `url`, as the URL parser hands it over (so hex, octal and IPv6 forms are normalised). */
const classOf = (url: string) => hostClass(new URL(url).hostname);

describe('address classes: IPv4', () => {
	test.each([
		['127.0.0.1', 'loopback'],
		['127.255.255.254', 'loopback'],
		['10.0.0.1', 'private'],
		['10.255.255.255', 'private'],
		['172.16.0.1', 'private'],
		['172.31.255.255', 'private'],
		['192.168.1.10', 'private'],
		['100.64.0.1', 'carrier-grade NAT'],
		['100.127.255.255', 'carrier-grade NAT'],
		['169.254.10.20', 'link-local'],
		['0.0.0.0', 'unspecified'],
		// Just outside each range.
		['172.15.255.255', 'public'],
		['172.32.0.1', 'public'],
		['100.63.255.255', 'public'],
		['100.128.0.1', 'public'],
		['192.169.0.1', 'public'],
		['169.253.0.1', 'public'],
		['11.0.0.1', 'public'],
		['8.8.8.8', 'public'],
		['126.255.255.255', 'public'],
		['128.0.0.1', 'public'],
	])('%s is %s', (ip, expected) => {
		expect(hostClass(ip)).toBe(expected);
		expect(classOf(`http://${ip}:1880/hook`)).toBe(expected);
	});

	test.each([
		// Forms the URL parser turns into a dotted quad; the literal URL alone decides.
		['http://0x7f.1/', 'loopback'],
		['http://2130706433/', 'loopback'],
		['http://0177.0.0.1/', 'loopback'],
		['http://10.1/', 'private'],
		['http://0xC0A80001/', 'private'],
	])('%s is %s', (url, expected) => expect(classOf(url)).toBe(expected));
});

describe('address classes: IPv6', () => {
	test.each([
		['::1', 'loopback'],
		['0:0:0:0:0:0:0:1', 'loopback'],
		['::', 'unspecified'],
		['0000:0000::0000', 'unspecified'],
		['fc00::1', 'private'],
		['fd12:3456:789a::1', 'private'],
		['FDFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF', 'private'],
		['fe80::1', 'link-local'],
		['febf:ffff::1', 'link-local'],
		['fe80::1%eth0', 'link-local'],
		// IPv4-mapped addresses belong to their IPv4 class, in dotted and in hex form.
		['::ffff:10.0.0.1', 'private'],
		['::ffff:a00:1', 'private'],
		['::ffff:127.0.0.1', 'loopback'],
		['0:0:0:0:0:ffff:7f00:1', 'loopback'],
		['::ffff:100.64.1.1', 'carrier-grade NAT'],
		['::ffff:169.254.1.1', 'link-local'],
		['::ffff:8.8.8.8', 'public'],
		// Outside the local ranges.
		['fec0::1', 'public'],
		['fbff::1', 'public'],
		['fe00::1', 'public'],
		['2001:db8::1', 'public'],
		['2606:4700:4700::1111', 'public'],
		['::2', 'public'],
		['::ffff:1:0:1', 'public'],
	])('%s is %s', (ip, expected) => {
		expect(hostClass(ip)).toBe(expected);
		expect(hostClass(`[${ip}]`)).toBe(expected);
	});

	test.each([
		['http://[::1]:1880/', 'loopback'],
		['http://[::ffff:10.0.0.1]/', 'private'],
		['http://[::ffff:192.168.0.7]:5678/', 'private'],
		['http://[FD00::ABCD]/', 'private'],
		['http://[2001:db8::1]/', 'public'],
	])('in a URL, %s is %s', (url, expected) => expect(classOf(url)).toBe(expected));

	test.each([
		['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
		['1::', [1, 0, 0, 0, 0, 0, 0, 0]],
		['1:2:3:4:5:6:7:8', [1, 2, 3, 4, 5, 6, 7, 8]],
		['1:2:3:4:5:6:7::', [1, 2, 3, 4, 5, 6, 7, 0]],
		['::ffff:1.2.3.4', [0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]],
		['1:2:3:4:5:6:1.2.3.4', [1, 2, 3, 4, 5, 6, 0x0102, 0x0304]],
	])('groups of %s', (text, groups) => expect(ipv6Groups(text)).toEqual(groups));

	test.each([
		'1:2:3:4:5:6:7:8:9',
		'::1:2:3:4:5:6:7:8',
		'1::2::3',
		':::',
		'12345::1',
		'::ffff:1.2.3',
		'::ffff:1.2.3.256',
		'g::1',
		'1:2:3:4:5:6:7',
	])('%s is not an IPv6 address', (text) => expect(ipv6Groups(text)).toBeUndefined());
});

describe('address classes: names', () => {
	test.each([
		['localhost', 'loopback'],
		['LOCALHOST', 'loopback'],
		['localhost.', 'loopback'],
		['app.localhost', 'loopback'],
		['nodered.local', 'local name'],
		['n8n.corp.internal', 'local name'],
		['n8n.home.arpa', 'local name'],
		['home.arpa', 'local name'],
		['nas', 'local name'],
		['n8n', 'local name'],
		['example.com', 'public'],
		['hooks.example.com.', 'public'],
		['local.example.com', 'public'],
		['internal.example.com', 'public'],
		['mylocal', 'local name'],
		['notlocalhost.com', 'public'],
		['xn--hk-eka.example', 'public'],
	])('%s is %s', (name, expected) => expect(hostClass(name)).toBe(expected));
});

describe('webhookUrlVerdict', () => {
	test.each([
		'http://localhost:5678/webhook/abc/webhook',
		'http://127.0.0.1:1880/partnero/hook',
		'https://192.168.1.10/partnero/hook',
		'https://10.0.0.5/hook',
		'https://[::1]/hook',
		'https://[::ffff:10.0.0.1]/hook',
		'https://[fd00::5]/hook',
		'https://nodered.local/hook',
		'https://n8n.internal/hook',
		'https://n8n/hook',
		'https://100.100.1.1/hook',
		'https://169.254.169.254/hook',
		'http://0.0.0.0:5678/webhook',
	])('%s is certainly unreachable from a vendor on the internet', (url) => {
		const v = webhookUrlVerdict(url, REAL_API);
		expect(v.kind).toBe('unreachable');
		if (v.kind !== 'unreachable') return;
		expect(v.reason).toContain(v.host);
		expect(v.reason).toContain('api.partnero.com');
	});

	test('the reason names the host only, never the path or query (a URL secret stays out of messages)', () => {
		const v = webhookUrlVerdict(
			'http://localhost:5678/webhook/x/webhook?ph_secret=s3cr3t',
			'https://api.partnerstack.com/api/v2',
		);
		expect(v.kind).toBe('unreachable');
		expect(JSON.stringify(v)).not.toContain('s3cr3t');
	});

	test.each([
		// The simulator on loopback: everything local works and nothing is judged.
		['http://127.0.0.1:1880/partnero/hook', 'http://127.0.0.1:4010/v1'],
		['http://localhost:5678/webhook/a/webhook', 'http://localhost:4010/v1'],
		['http://[::1]:5678/webhook', 'http://[::1]:4010/v1'],
		// A stand-in API on the LAN can reach a LAN URL.
		['http://192.168.1.10:1880/hook', 'http://192.168.1.2:8080/v1'],
		['http://nodered.local/hook', 'http://api.internal/v1'],
		// Public https at the real vendor.
		['https://hooks.example.com/partnero/hook', REAL_API],
		['https://[2001:db8::1]/hook', REAL_API],
	])('%s registered with %s is fine', (url, api) =>
		expect(webhookUrlVerdict(url, api)).toEqual({ kind: 'ok' }),
	);

	test('plain http:// at a real vendor is a warning, not a refusal', () => {
		const v = webhookUrlVerdict('http://hooks.example.com/partnero/hook', REAL_API);
		expect(v.kind).toBe('insecure');
		if (v.kind === 'insecure') expect(v.reason).toMatch(/https:\/\//);
	});

	test('plain http:// to a stand-in API on loopback is not warned about', () =>
		expect(webhookUrlVerdict('http://hooks.example.com/hook', 'http://127.0.0.1:4010/v1')).toEqual({
			kind: 'ok',
		}));

	test('unparsable URLs are left to the vendor to refuse', () => {
		expect(webhookUrlVerdict('not a url', REAL_API)).toEqual({ kind: 'ok' });
		expect(webhookUrlVerdict('http://127.0.0.1/hook', '')).toEqual({ kind: 'ok' });
	});
});
