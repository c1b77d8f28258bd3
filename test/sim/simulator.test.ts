import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { runCli, parseArgs } from '../../sim/cli';
import { startSimulator, type Simulator } from '../../sim/server';

interface Received {
	headers: http.IncomingHttpHeaders;
	raw: Buffer;
}

/** A real receiver on loopback whose answers the test scripts. */
async function receiver(
	answers: number[] = [],
): Promise<{ url: string; got: Received[]; close: () => Promise<void> }> {
	const got: Received[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			got.push({ headers: req.headers, raw: Buffer.concat(chunks) });
			res.statusCode = answers.shift() ?? 200;
			res.end('ok');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hook`,
		got,
		close: () => new Promise<void>((r) => server.close(() => r())),
	};
}

async function api(
	sim: Simulator,
	method: string,
	path: string,
	body?: unknown,
): Promise<{ status: number; body: any }> {
	const res = await fetch(`${sim.apiBaseUrl}${path}`, {
		method,
		headers: { Authorization: `Bearer ${sim.apiKey}`, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

let sim: Simulator;
beforeEach(async () => {
	sim = await startSimulator({
		timeScale: 0.0001,
		retrySchedule: [60_000, 300_000, 1_800_000, 7_200_000],
	});
});
afterEach(() => sim.close());

describe('management API', () => {
	test("401 on a missing or wrong key, with Laravel's body", async () => {
		const res = await fetch(`${sim.apiBaseUrl}/webhooks`, {
			headers: { Authorization: 'Bearer nope' },
		});
		expect(res.status).toBe(401);
		expect(await res.json()).toEqual({ message: 'Unauthenticated.' });
		expect((await fetch(`${sim.apiBaseUrl}/test`)).status).toBe(401);
	});

	test('422 for missing fields, unknown and unsupported events, duplicate keys', async () => {
		const missing = await api(sim, 'POST', '/webhooks', {});
		expect(missing.status).toBe(422);
		expect(Object.keys(missing.body.errors).sort()).toEqual(['events', 'name', 'url']);
		const unknown = await api(sim, 'POST', '/webhooks', {
			name: 'n',
			url: 'https://a.b',
			events: ['partner.created', 'nope.x'],
		});
		expect(unknown.body.errors).toEqual({ 'events.1': ['The selected events.1 is invalid.'] });
		sim.setProgramType('newsletter');
		const unsupported = await api(sim, 'POST', '/webhooks', {
			name: 'n',
			url: 'https://a.b',
			events: ['lead.submitted'],
		});
		expect(unsupported.body.errors['events.0'][0]).toMatch(
			/lead\.submitted is not available in this program/,
		);
		sim.setProgramType('affiliate');
		expect(
			(
				await api(sim, 'POST', '/webhooks', {
					key: 'mine',
					name: 'n',
					url: 'https://a.b',
					events: ['partner.created'],
				})
			).status,
		).toBe(200);
		const dup = await api(sim, 'POST', '/webhooks', {
			key: 'mine',
			name: 'n',
			url: 'https://a.b',
			events: ['partner.created'],
		});
		expect(dup.body.errors.key).toEqual(['The key has already been taken.']);
	});

	test('malformed JSON gets 400, unknown keys 404, wrong limits 422', async () => {
		const res = await fetch(`${sim.apiBaseUrl}/webhooks`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${sim.apiKey}` },
			body: '{"name":',
		});
		expect(res.status).toBe(400);
		expect((await api(sim, 'GET', '/webhooks/none')).status).toBe(404);
		expect((await api(sim, 'GET', '/webhooks?limit=101')).status).toBe(422);
	});
});

describe('deliveries', () => {
	test('signed PHP-encoded body reaches only active subscribed webhooks', async () => {
		const rx = await receiver();
		const other = await receiver();
		const hook = (
			await api(sim, 'POST', '/webhooks', { name: 'a', url: rx.url, events: ['partner.created'] })
		).body.data;
		await api(sim, 'POST', '/webhooks', {
			name: 'b',
			url: other.url,
			events: ['customer.created'],
		});
		await api(sim, 'POST', '/webhooks', {
			name: 'c',
			url: other.url,
			events: ['partner.created'],
			is_active: false,
		});
		const attempts = await sim.fire('partner.created', { data: { name: 'Zoë' } });
		expect(attempts.map((a) => a.status)).toEqual([200]);
		expect(rx.got).toHaveLength(1);
		expect(other.got).toHaveLength(0);
		const { headers, raw } = rx.got[0];
		expect(headers['content-type']).toBe('application/json');
		expect(headers.signature).toBe(createHmac('sha256', hook.signature).update(raw).digest('hex'));
		const text = raw.toString('utf8');
		expect(text).toContain('http:\\/\\/127.0.0.1');
		expect(text).toContain('Zo\\u00eb');
		const body = JSON.parse(text);
		expect(body).toMatchObject({
			event: 'partner.created',
			url: rx.url,
			webhook_key: hook.key,
			data: { name: 'Zoë' },
		});
		expect(body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
		await Promise.all([rx.close(), other.close()]);
	});

	test('a failed first attempt is retried on the schedule and then delivered once', async () => {
		const rx = await receiver([500]);
		await api(sim, 'POST', '/webhooks', {
			name: 'a',
			url: rx.url,
			events: ['transaction.created'],
		});
		await sim.fire('transaction.created');
		await sim.settle();
		expect(sim.attempts().map((a) => [a.attempt, a.status, a.outcome])).toEqual([
			[1, 500, 'retrying'],
			[2, 200, 'delivered'],
		]);
		expect(rx.got[0].raw.equals(rx.got[1].raw)).toBe(true);
		await rx.close();
	});

	test("deleting a webhook drops its pending retries; a retry is signed with its webhook's own secret", async () => {
		const rx = await receiver([500, 500]);
		const made = await api(sim, 'POST', '/webhooks', {
			name: 'a',
			url: rx.url,
			events: ['reward.paid'],
		});
		const hook = made.body.data;
		// Retries 1 min later (time-scaled): the webhook is deleted before the first retry is due.
		const slow = await startSimulator({ timeScale: 0.01, retrySchedule: [60_000] });
		try {
			const kept = await api(slow, 'POST', '/webhooks', {
				name: 'b',
				url: rx.url,
				events: ['reward.paid'],
			});
			await slow.fire('reward.paid');
			await api(slow, 'DELETE', `/webhooks/${kept.body.data.key}`);
			await slow.settle();
			expect(slow.attempts().map((a) => a.outcome)).toEqual(['retrying']);
			expect(slow.dropped()).toEqual([
				expect.objectContaining({
					webhookKey: kept.body.data.key,
					event: 'reward.paid',
					attempt: 2,
				}),
			]);
			expect(rx.got).toHaveLength(1);
		} finally {
			await slow.close();
		}
		await sim.fire('reward.paid');
		await sim.settle();
		const [first, retry] = sim.attempts();
		expect(retry.signature).toBe(first.signature);
		expect(createHmac('sha256', hook.signature).update(rx.got[2].raw).digest('hex')).toBe(
			retry.signature,
		);
		await rx.close();
	});

	test('a receiver that always fails gets five attempts, then failed', async () => {
		const rx = await receiver([500, 500, 500, 500, 500, 500]);
		await api(sim, 'POST', '/webhooks', { name: 'a', url: rx.url, events: ['reward.paid'] });
		await sim.fire('reward.paid');
		await sim.settle();
		const outcomes = sim.attempts().map((a) => a.outcome);
		expect(outcomes).toEqual(['retrying', 'retrying', 'retrying', 'retrying', 'failed']);
		expect(rx.got).toHaveLength(5);
		await rx.close();
	});
});

describe('control interface and CLI', () => {
	test('control HTTP: fire, webhooks, attempts, faults, reset', async () => {
		const rx = await receiver();
		await api(sim, 'POST', '/webhooks', { name: 'a', url: rx.url, events: ['lead.submitted'] });
		const fire = await fetch(`${sim.url}/_sim/fire`, {
			method: 'POST',
			body: JSON.stringify({ event: 'lead.submitted' }),
		});
		expect((await fire.json())[0].status).toBe(200);
		expect(await (await fetch(`${sim.url}/_sim/webhooks`)).json()).toHaveLength(1);
		expect(await (await fetch(`${sim.url}/_sim/attempts`)).json()).toHaveLength(1);
		await fetch(`${sim.url}/_sim/faults`, {
			method: 'POST',
			body: JSON.stringify({ count: 1, status: 503 }),
		});
		expect((await api(sim, 'GET', '/webhooks')).status).toBe(503);
		expect((await api(sim, 'GET', '/webhooks')).status).toBe(200);
		await fetch(`${sim.url}/_sim/reset`, { method: 'POST' });
		expect(sim.webhooks()).toHaveLength(0);
		await rx.close();
	});

	test('CLI commands talk to a running simulator', async () => {
		const rx = await receiver();
		await api(sim, 'POST', '/webhooks', { name: 'a', url: rx.url, events: ['partner.created'] });
		const lines: string[] = [];
		await runCli(['fire', 'partner.created', '--url', sim.url, '--data', '{"name":"Ana"}'], (l) =>
			lines.push(l),
		);
		expect(lines[0]).toBe(`partner.created → ${rx.url}: 200`);
		expect(JSON.parse(rx.got[0].raw.toString()).data.name).toBe('Ana');
		await runCli(['fault', '--count', '1', '--status', '500', '--url', sim.url], (l) =>
			lines.push(l),
		);
		expect((await api(sim, 'GET', '/test')).status).toBe(500);
		await expect(runCli(['fire', '--url', sim.url], () => undefined)).rejects.toThrow(
			/Which event/,
		);
		const errors: string[] = [];
		expect(
			await runCli(
				['bogus', '--url', sim.url],
				() => undefined,
				(l) => errors.push(l),
			),
		).toBe(2);
		expect(errors[0]).toBe('sim: unknown command "bogus"');
		await expect(
			runCli(['webhooks', '--url', 'http://127.0.0.1:1'], () => undefined),
		).rejects.toThrow(/No simulator answers/);
		expect(parseArgs(['start', '--port=5000', '--x'])).toEqual({
			command: 'start',
			positional: [],
			flags: { port: '5000', x: 'true' },
		});
		await rx.close();
	});
});
