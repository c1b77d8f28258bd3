import { openSecret, sealSecret } from '../../core/sealed-secret';
import { forgetOpenedSecrets, RECOVERIES_PER_MINUTE } from '../../nodes/shared/sealed';
import { phpJsonEncode } from '../../core/php-json';
import { partneroSample } from '../../core/partnero/samples';
import { partneroSignature } from '../../core/partnero/provider';
import { sign } from '../../core/signature';
import { PartneroApi } from '../../credentials/PartneroApi.credentials';
import { PartneroTrigger } from '../../nodes/Partnero/PartneroTrigger.node';
import { useSimulators } from '../support/simulators';
import { EventEmitter, once } from 'node:events';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { TRIGGER_WEBHOOK } from '../../nodes/shared/respond';
import { FakeResponse, harness, request, type CoreModule } from './support/harness';
import { expectDeliveryLog, expectNoCoreLog } from './support/log';

const sims = useSimulators({ partnero: true });

const HOOK_URL = 'http://127.0.0.1:5678/webhook/c0ffee00-0000-4000-8000-000000000001/webhook';

describe.each<CoreModule>(['n8n-core', 'n8n-core-1'])(
	'Partnero Trigger in real %s contexts',
	(core) => {
		afterEach(() => expectNoCoreLog(core));
		// Opened secrets and recovery rationing are per process: each test starts as a fresh one.
		beforeEach(forgetOpenedSecrets);
		const trigger = new PartneroTrigger();
		const methods = trigger.webhookMethods.default;
		const setup = (
			parameters: Record<string, unknown> = {
				events: ['partner.created', 'customer.created'],
				options: {},
			},
			apiKey = sims.sim.apiKey,
		) => harness(core, trigger, parameters, { apiKey, baseUrl: sims.sim.apiBaseUrl });

		async function activate(h: ReturnType<typeof setup>) {
			const ctx = h.hook();
			if (!(await methods.checkExists.call(ctx))) await methods.create.call(ctx);
		}

		async function deliver(h: ReturnType<typeof setup>, raw: string, signature?: string) {
			const res = new FakeResponse();
			const headers: Record<string, string> =
				signature === undefined ? {} : { Signature: signature };
			const result = await trigger.webhook.call(h.webhook(request(raw, headers), res));
			// n8n logs each refusal as a warning: asserted here rather than printed.
			expectDeliveryLog(h.logged(), 'Partnero Trigger', res.statusCode);
			return { result, res };
		}

		function signedSample(event: string, data?: Record<string, unknown>) {
			const [hook] = sims.sim.webhooks();
			const raw = phpJsonEncode(
				partneroSample(event, {
					url: hook.url,
					webhookKey: hook.key,
					createdAt: new Date().toISOString(),
					data,
				}),
			);
			return { raw, signature: sign(hook.signature, raw, partneroSignature) };
		}

		test('activation registers, deliveries become items, deactivation leaves no webhook', async () => {
			const h = setup();
			await activate(h);
			expect(sims.sim.webhooks()).toEqual([
				expect.objectContaining({
					url: HOOK_URL,
					events: ['partner.created', 'customer.created'],
					name: 'n8n: New partner to Slack',
				}),
			]);
			// Static data travels with every workflow export: the signing secret is kept sealed with the API key.
			const stored = h.staticData();
			expect(stored).toEqual({
				webhookKey: sims.sim.webhooks()[0].key,
				webhookSecret: expect.stringMatching(/^sealed:v1:/),
			});
			expect(JSON.stringify(stored)).not.toContain(sims.sim.webhooks()[0].signature);
			expect(openSecret(stored.webhookSecret, sims.sim.apiKey)).toBe(
				sims.sim.webhooks()[0].signature,
			);

			const { raw, signature } = signedSample('partner.created', { name: 'Zoë' });
			expect(raw).toContain('\\u00eb');
			const { result } = await deliver(h, raw, signature);
			expect(result.workflowData![0]).toHaveLength(1);
			expect(result.workflowData![0][0].json).toMatchObject({
				event: 'partner.created',
				data: { name: 'Zoë' },
			});
			expect(typeof result.workflowData![0][0].json.created_at).toBe('string');
			// The core's dedupe key, next to the envelope, for idempotent downstream steps.
			expect(result.workflowData![0][0].json.deliveryKey).toMatch(/^[0-9a-f]{64}$/);

			const again = h.hook();
			expect(await methods.checkExists.call(again)).toBe(true);
			await methods.delete.call(again);
			expect(sims.sim.webhooks()).toHaveLength(0);
			expect(h.staticData()).toEqual({});
		});

		test('a delivery before activation has stored the secret gets 503 with Retry-After, and is accepted once it has', async () => {
			const h = setup();
			const early = await deliver(
				h,
				'{"event":"partner.created","data":{"id":"p1"}}',
				'a'.repeat(64),
			);
			expect(early.result).toEqual({ noWebhookResponse: true });
			expect(early.res.statusCode).toBe(503);
			expect(early.res.headers['retry-after']).toBe('30');

			await activate(h);
			const { raw, signature } = signedSample('partner.created', { id: 'p1' });
			const { result } = await deliver(h, raw, signature);
			expect(result.workflowData![0]).toHaveLength(1);

			// With signature checks off there is nothing to wait for.
			const open = setup({ events: [], options: { verifySignature: false } });
			expect(
				(await deliver(open, signedSample('partner.created', { id: 'p2' }).raw)).result
					.workflowData![0],
			).toHaveLength(1);
		});

		test('re-activation after the webhook was deleted in Partnero creates it again', async () => {
			const h = setup();
			await activate(h);
			const first = sims.sim.webhooks()[0].key;
			await fetch(`${sims.sim.apiBaseUrl}/webhooks/${first}`, {
				method: 'DELETE',
				headers: { Authorization: `Bearer ${sims.sim.apiKey}` },
			});
			await activate(h);
			expect(sims.sim.webhooks()).toHaveLength(1);
			expect(sims.sim.webhooks()[0].key).not.toBe(first);
		});

		test('a change of events updates the same webhook instead of adding one', async () => {
			const h = setup();
			await activate(h);
			const key = sims.sim.webhooks()[0].key;
			h.node.parameters.events = ['transaction.created'];
			await activate(h);
			expect(sims.sim.webhooks()).toEqual([
				expect.objectContaining({ key, events: ['transaction.created'] }),
			]);
		});

		test('lost static data adopts the existing webhook rather than duplicating it', async () => {
			const h = setup();
			await activate(h);
			const fresh = setup();
			await activate(fresh);
			expect(sims.sim.webhooks()).toHaveLength(1);
		});

		test('bad, missing and re-serialised signatures get 401 and start nothing; uppercase hex passes', async () => {
			const h = setup();
			await activate(h);
			const { raw, signature } = signedSample('partner.created');
			for (const [body, sig] of [
				[raw, undefined],
				[raw, 'deadbeef'],
				[raw, sign('wrong-secret', raw, partneroSignature)],
				[JSON.stringify(JSON.parse(raw)), signature],
			] as Array<[string, string | undefined]>) {
				const { result, res } = await deliver(h, body, sig);
				expect(result).toEqual({ noWebhookResponse: true });
				expect(res.statusCode).toBe(401);
				expect(res.sent).toEqual({ error: 'invalid signature' });
			}
			const upper = await deliver(h, raw, signature.toUpperCase());
			expect(upper.result.workflowData![0]).toHaveLength(1);
		});

		test('malformed JSON 400; unselected event and duplicates 200 with nothing started', async () => {
			const h = setup();
			await activate(h);
			const [hook] = sims.sim.webhooks();
			const broken = '{"event":';
			const bad = await deliver(h, broken, sign(hook.signature, broken, partneroSignature));
			expect(bad.res.statusCode).toBe(400);
			expect(bad.result).toEqual({ noWebhookResponse: true });

			const other = signedSample('transaction.created');
			const skipped = await deliver(h, other.raw, other.signature);
			expect(skipped.res.statusCode).toBe(200);
			expect(skipped.result).toEqual({ noWebhookResponse: true });

			const { raw, signature } = signedSample('customer.created');
			expect((await deliver(h, raw, signature)).result.workflowData![0]).toHaveLength(1);
			const dup = await deliver(h, raw, signature);
			expect(dup.res.sent).toEqual({ ok: true, duplicate: true });
			expect(dup.result).toEqual({ noWebhookResponse: true });
		});

		test('two different updates of one partner in the same second both start the workflow; a retry does not', async () => {
			const h = setup({ events: ['partner.updated'], options: {} });
			await activate(h);
			const [hook] = sims.sim.webhooks();
			// Partnero's times end in .000000Z: two saves within one second carry the same created_at.
			const second = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
			const update = (name: string) => {
				const raw = phpJsonEncode(
					partneroSample('partner.updated', {
						url: hook.url,
						webhookKey: hook.key,
						createdAt: second.replace('.000Z', '.000000Z'),
						data: { id: 'partner_same_second', name },
					}),
				);
				return { raw, signature: sign(hook.signature, raw, partneroSignature) };
			};
			const one = update('Ann');
			const two = update('Anna');
			const first = await deliver(h, one.raw, one.signature);
			const next = await deliver(h, two.raw, two.signature);
			expect(first.result.workflowData![0]).toHaveLength(1);
			expect(next.result.workflowData![0]).toHaveLength(1);
			expect(next.result.workflowData![0][0].json.data).toMatchObject({ name: 'Anna' });
			const retry = await deliver(h, two.raw, two.signature);
			expect(retry.res.sent).toEqual({ ok: true, duplicate: true });
		});

		test('replay: a correctly signed body dated 2019 is refused 400 without any option set', async () => {
			const h = setup();
			await activate(h);
			const [hook] = sims.sim.webhooks();
			const raw = phpJsonEncode(
				partneroSample('partner.created', {
					url: hook.url,
					webhookKey: hook.key,
					createdAt: '2019-03-01T08:00:00.000000Z',
				}),
			);
			const { result, res } = await deliver(h, raw, sign(hook.signature, raw, partneroSignature));
			expect(result).toEqual({ noWebhookResponse: true });
			expect(res.statusCode).toBe(400);
			expect(
				trigger.description.properties
					.find((p) => p.name === 'options')
					?.options?.find((o) => o.name === 'maxAgeSeconds'),
			).toMatchObject({
				default: 24 * 60 * 60,
			});
		});

		test('key rotation: a fresh process with the new key recovers the secret from Partnero and accepts a genuine delivery', async () => {
			const h = setup();
			await activate(h);
			const stored = { ...h.staticData() };
			sims.sim.setApiKeys(['rotated-key-2']);
			// A fresh process (queue-mode webhook worker, restart): same static data, the credential holds the new key.
			const fresh = setup(undefined, 'rotated-key-2');
			fresh.workflow.staticData['node:Partnero Trigger'] = { ...stored };
			const { raw, signature } = signedSample('partner.created', { id: 'after-rotation' });
			const { result, res } = await deliver(fresh, raw, signature);
			expect(res.statusCode).toBe(200);
			expect(result.workflowData![0]).toHaveLength(1);
			// Resealed with the new key, so the next fresh process opens it without asking Partnero.
			expect(openSecret(fresh.staticData().webhookSecret, 'rotated-key-2')).toBe(
				sims.sim.webhooks()[0].signature,
			);
			const gets = sims.sim
				.apiCalls()
				.filter((c) => c.method === 'GET' && c.path.startsWith('/v1/webhooks/')).length;
			const next = signedSample('partner.created', { id: 'second' });
			expect((await deliver(fresh, next.raw, next.signature)).result.workflowData![0]).toHaveLength(
				1,
			);
			expect(
				sims.sim.apiCalls().filter((c) => c.method === 'GET' && c.path.startsWith('/v1/webhooks/')),
			).toHaveLength(gets);
		});

		test('once its secret is open, a delivery reads no credential (n8n decrypts one per read, in an isolate of its own)', async () => {
			const h = setup();
			await activate(h);
			const first = signedSample('partner.created', { id: 'opens-the-secret' });
			expect((await deliver(h, first.raw, first.signature)).res.statusCode).toBe(200);
			const reads = h.credentialReads();
			const second = signedSample('partner.created', { id: 'reads-nothing' });
			const { result, res } = await deliver(h, second.raw, second.signature);
			expect(res.statusCode).toBe(200);
			expect(result.workflowData![0]).toHaveLength(1);
			expect(h.credentialReads()).toBe(reads);
		});

		test('key rotation that cannot be recovered answers 503 with Retry-After and logs one line saying what to do', async () => {
			const h = setup();
			await activate(h);
			const stored = { ...h.staticData() };
			sims.sim.setApiKeys(['someone-elses-key']);
			const fresh = setup(undefined, 'rotated-key-3');
			fresh.workflow.staticData['node:Partnero Trigger'] = { ...stored };
			// Its own workflow id: refusals of other tests in this file are aggregated per workflow and node.
			fresh.workflow.id = `wf-locked-${core}`;
			const { raw, signature } = signedSample('partner.created', { id: 'locked-out' });
			const res = new FakeResponse();
			const ctx = fresh.webhook(request(raw, { Signature: signature }), res);
			expect(await trigger.webhook.call(ctx)).toEqual({ noWebhookResponse: true });
			expect(res.statusCode).toBe(503);
			expect(res.headers['retry-after']).toBe('30');
			// One line, saying what to do, and never the secret.
			const warnings = fresh.logged().filter((e) => e.level === 'warn');
			expect(warnings).toHaveLength(1);
			expect(warnings[0].message).toMatch(/current key.*deactivate and activate the workflow/);
			expect(warnings[0].message).not.toContain(sims.sim.webhooks()[0].signature);
		});

		describe('key-rotation recovery cannot be driven from outside', () => {
			const recoveryCalls = () =>
				sims.sim.apiCalls().filter((c) => c.method === 'GET' && c.path.startsWith('/v1/webhooks/'))
					.length;
			/** A process holding `stored` static data whose seal its credential (`apiKey`) cannot open. */
			async function rotated(apiKey: string, workflowId: string, accepted: string[]) {
				const h = setup();
				await activate(h);
				const stored = { ...h.staticData() };
				sims.sim.setApiKeys(accepted);
				const fresh = setup(undefined, apiKey);
				fresh.workflow.staticData['node:Partnero Trigger'] = stored;
				fresh.workflow.id = workflowId;
				return fresh;
			}
			const unsigned = (h: ReturnType<typeof setup>) => {
				const res = new FakeResponse();
				return trigger.webhook
					.call(h.webhook(request('{"event":"partner.created"}', {}), res))
					.then(() => res);
			};

			test('200 concurrent unsigned requests cause one recovery call, not 200', async () => {
				const h = await rotated('rotated-key-4', `wf-storm-${core}`, ['rotated-key-4']);
				const before = recoveryCalls();
				const answers = await Promise.all(Array.from({ length: 200 }, () => unsigned(h)));
				expect(recoveryCalls() - before).toBe(1);
				// Recovered once for all of them; each is then refused for its missing signature.
				expect(new Set(answers.map((r) => r.statusCode))).toEqual(new Set([401]));
				h.logged();
			});

			test('with the API answering 5xx, 50 requests cause one call, without retries, and are answered 503', async () => {
				const h = await rotated('rotated-key-5', `wf-5xx-${core}`, ['rotated-key-5']);
				sims.sim.injectFaults({ count: 1000, status: 503 });
				const before = recoveryCalls();
				const first = await Promise.all(Array.from({ length: 25 }, () => unsigned(h)));
				const later: FakeResponse[] = [];
				for (let i = 0; i < 25; i++) later.push(await unsigned(h));
				// The old code asked 4 times per request (1 + 3 retries with back-off sleeps): 200 calls for 50.
				expect(recoveryCalls() - before).toBe(1);
				for (const res of [...first, ...later]) {
					expect(res.statusCode).toBe(503);
					expect(res.headers['retry-after']).toBe('30');
				}
				h.logged();
			});

			test('recoveries across many stored secrets are bounded per minute', async () => {
				const h = await rotated('rotated-key-6', `wf-many-${core}`, ['someone-elses-key']);
				const data = h.workflow.staticData['node:Partnero Trigger'];
				const before = recoveryCalls();
				for (let i = 0; i < 3 * RECOVERIES_PER_MINUTE; i++) {
					// A distinct sealed value each time, as many triggers with rotated keys would hold.
					data.webhookSecret = sealSecret(`secret-${i}`, 'the-old-key');
					expect((await unsigned(h)).statusCode).toBe(503);
				}
				expect(recoveryCalls() - before).toBe(RECOVERIES_PER_MINUTE);
				h.logged();
			});
		});

		test("a delivery n8n could not be handed releases its dedupe key, so Partnero's retry is accepted", async () => {
			const h = setup();
			await activate(h);
			const { raw, signature } = signedSample('partner.created', { id: 'flaky' });
			const ctx = h.webhook(request(raw, { Signature: signature }), new FakeResponse());
			ctx.helpers.returnJsonArray = () => {
				throw new Error('out of memory while building the item');
			};
			await expect(trigger.webhook.call(ctx)).rejects.toThrow(/out of memory/);
			const retry = await deliver(h, raw, signature);
			expect(retry.res.sent).not.toEqual({ ok: true, duplicate: true });
			expect(retry.result.workflowData![0]).toHaveLength(1);
		});

		describe('Respond: When Last Node Finishes', () => {
			/**
			 * What n8n does with the connection: the sender may hang up (close) while the execution runs; n8n writes its
			 * answer (status, then end) when the execution is over, whether or not the sender still listens.
			 */
			class AnsweredResponse extends FakeResponse {
				private readonly events = new EventEmitter();
				writableFinished = false;
				once(event: string, listener: () => void) {
					this.events.once(event, listener);
					return this;
				}
				hangUp() {
					this.events.emit('close');
				}
				answer(status: number) {
					this.status(status).json({}).end();
					this.writableFinished = true;
					this.events.emit('close');
				}
			}
			const lastNode = () =>
				setup({ events: ['partner.created'], options: { respond: 'lastNode' } });
			async function retry(h: ReturnType<typeof setup>, raw: string, signature: string) {
				const res = new AnsweredResponse();
				const result = await trigger.webhook.call(
					h.webhook(request(raw, { Signature: signature }), res),
				);
				expectDeliveryLog(h.logged(), 'Partnero Trigger', res.statusCode);
				return { result, res };
			}

			test('n8n reads the mode from the option: after the run only when chosen', () => {
				const modeOf = (h: ReturnType<typeof setup>, what: 'responseMode' | 'responseData') =>
					h.workflow.expression.getSimpleParameterValue(
						h.node,
						TRIGGER_WEBHOOK[what],
						'webhook',
						{},
						undefined,
						'unset',
					);
				expect(modeOf(lastNode(), 'responseMode')).toBe('lastNode');
				expect(modeOf(lastNode(), 'responseData')).toBe('noData');
				expect(modeOf(setup(), 'responseMode')).toBe('onReceived');
				// The immediate answer stays what n8n has always sent for a trigger without responseData.
				expect(modeOf(setup(), 'responseData')).toBe('firstEntryJson');
			});

			test('an execution answered 500 is not acknowledged: its retry runs', async () => {
				const h = lastNode();
				await activate(h);
				const { raw, signature } = signedSample('partner.created', { id: 'failed-run' });
				const res = new AnsweredResponse();
				const first = await trigger.webhook.call(
					h.webhook(request(raw, { Signature: signature }), res),
				);
				expect(first.workflowData![0]).toHaveLength(1);
				res.answer(500);
				const again = await retry(h, raw, signature);
				expect(again.result.workflowData![0]).toHaveLength(1);
			});

			test('a sender that hangs up does not start a second execution: 503 while it runs, duplicate once it succeeded', async () => {
				const h = lastNode();
				await activate(h);
				const { raw, signature } = signedSample('partner.created', { id: 'slow-run' });
				const res = new AnsweredResponse();
				await trigger.webhook.call(h.webhook(request(raw, { Signature: signature }), res));
				// Partnero's 5 s are up: it closes the connection and retries while the execution still runs.
				res.hangUp();
				const during = await retry(h, raw, signature);
				expect(during.result).toEqual({ noWebhookResponse: true });
				expect(during.res.statusCode).toBe(503);
				expect(during.res.headers['retry-after']).toEqual(expect.stringMatching(/^\d+$/));
				// The execution succeeds; n8n writes its 200 to the closed connection.
				res.answer(200);
				const after = await retry(h, raw, signature);
				expect(after.res.sent).toEqual({ ok: true, duplicate: true });
			});

			test('a finished execution keeps its key: the retry is a duplicate', async () => {
				const h = lastNode();
				await activate(h);
				const { raw, signature } = signedSample('partner.created', { id: 'finished' });
				const res = new AnsweredResponse();
				await trigger.webhook.call(h.webhook(request(raw, { Signature: signature }), res));
				res.answer(200);
				const again = await retry(h, raw, signature);
				expect(again.res.sent).toEqual({ ok: true, duplicate: true });
			});

			test('answered immediately, a closed connection keeps the key (n8n already said 200)', async () => {
				const h = setup();
				await activate(h);
				const { raw, signature } = signedSample('partner.created', { id: 'immediate' });
				const res = new AnsweredResponse();
				await trigger.webhook.call(h.webhook(request(raw, { Signature: signature }), res));
				res.hangUp();
				const retry = await deliver(h, raw, signature);
				expect(retry.res.sent).toEqual({ ok: true, duplicate: true });
			});

			test('over real HTTP with express, as n8n serves it: a sender timing out while the run lasts causes one execution', async () => {
				const h = lastNode();
				await activate(h);
				const executions: Array<(status: number) => void> = [];
				let runs = 0;
				// n8n's webhook route: the trigger's webhook(), then (lastNode) the execution, then the answer with its status.
				const app = express();
				app.post('/hook', (req, res) => {
					const chunks: Buffer[] = [];
					req.on('data', (c: Buffer) => chunks.push(c));
					req.on('end', async () => {
						Object.assign(req, { rawBody: Buffer.concat(chunks) });
						const result = await trigger.webhook.call(h.webhook(req as never, res as never));
						if (result.noWebhookResponse) return;
						runs++;
						const status = await new Promise<number>((done) => executions.push(done));
						res.status(status).json(status === 200 ? {} : { message: 'Error in workflow' });
					});
				});
				const server = app.listen(0, '127.0.0.1');
				await once(server, 'listening');
				const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
				const { raw, signature } = signedSample('partner.created', { id: 'over-http' });
				/** One attempt, given up after `waitMs` as Partnero gives up after 5 s: the status, or 'timeout'. */
				const attempt = (waitMs: number) =>
					new Promise<number | 'timeout'>((resolve) => {
						const req = httpRequest(url, {
							method: 'POST',
							headers: { 'content-type': 'application/json', signature },
						});
						req.setTimeout(waitMs, () => {
							req.destroy();
							resolve('timeout');
						});
						req.on('response', (r) => {
							r.resume();
							resolve(r.statusCode ?? 0);
						});
						req.on('error', () => resolve('timeout'));
						req.end(raw);
					});
				try {
					expect(await attempt(300)).toBe('timeout');
					expect(runs).toBe(1);
					// Retries while the execution runs: answered 503, nothing started.
					expect(await attempt(2000)).toBe(503);
					expect(await attempt(2000)).toBe(503);
					expect(runs).toBe(1);
					// The execution ends well, after the sender left; its retry is then a duplicate.
					executions[0](200);
					await new Promise((r) => setImmediate(r));
					expect(await attempt(2000)).toBe(200);
					expect(runs).toBe(1);
					h.logged();
				} finally {
					server.close();
				}
			});
		});

		test('3,000 forged deliveries log one warning line, not 3,000', async () => {
			const h = setup();
			await activate(h);
			h.logged();
			h.workflow.id = `wf-flood-${core}`;
			const { raw } = signedSample('partner.created');
			const res = new FakeResponse();
			await trigger.webhook.call(h.webhook(request(raw, { Signature: 'f'.repeat(64) }), res));
			for (let i = 0; i < 2999; i++)
				await trigger.webhook.call(
					h.webhook(request(raw, { Signature: 'f'.repeat(64) }), new FakeResponse()),
				);
			expect(res.statusCode).toBe(401);
			expect(h.logged().filter((e) => e.level === 'warn')).toHaveLength(1);
		});

		test('a declared Content-Length over the cap is refused 413 before the body is read', async () => {
			const h = setup();
			await activate(h);
			const req = request('{}', {
				Signature: 'a'.repeat(64),
				'Content-Length': String(64 * 1024 * 1024),
			}) as any;
			delete req.rawBody;
			req.readRawBody = jest.fn(async () => {
				req.rawBody = Buffer.alloc(64 * 1024 * 1024);
			});
			const res = new FakeResponse();
			expect(await trigger.webhook.call(h.webhook(req, res))).toEqual({ noWebhookResponse: true });
			expect(res.statusCode).toBe(413);
			expect(req.readRawBody).not.toHaveBeenCalled();
		});

		test('output "data" gives the event data with the event name', async () => {
			const h = setup({ events: ['*'], options: { output: 'data' } });
			await activate(h);
			expect(sims.sim.webhooks()[0].events).toContain('lead.submitted');
			expect(sims.sim.webhooks()[0].events).not.toContain('subscriber.created');
			const { raw, signature } = signedSample('partner.created');
			const { result } = await deliver(h, raw, signature);
			expect(result.workflowData![0][0].json).toMatchObject({
				event: 'partner.created',
				key: 'zoe-muller',
			});
			expect(result.workflowData![0][0].json.data).toBeUndefined();
		});

		test('a refused registration fails activation with a message that says what to change', async () => {
			await expect(activate(setup(undefined, 'wrong-key'))).rejects.toThrow(/rejected the API key/);
			sims.sim.setProgramType('newsletter');
			await expect(activate(setup())).rejects.toThrow(
				/partner\.created is not available in this program/,
			);
			sims.sim.setProgramType('affiliate');
			expect(sims.sim.webhooks()).toHaveLength(0);
		});

		test('test mode ("Listen for test event") registers the test URL and cleans up', async () => {
			const h = setup();
			const ctx = h.hook('manual');
			expect(await methods.checkExists.call(ctx)).toBe(false);
			await methods.create.call(ctx);
			expect(sims.sim.webhooks()[0].url).toContain('/webhook-test/');
			await methods.delete.call(ctx);
			expect(sims.sim.webhooks()).toHaveLength(0);
		});
	},
);

test('the credential authenticates with a Bearer header and tests GET /test on the base URL', () => {
	const credential = new PartneroApi();
	expect(credential.authenticate).toEqual({
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
	});
	expect(credential.test.request).toMatchObject({ url: '/test', method: 'GET' });
	expect(credential.properties.find((p) => p.name === 'apiKey')?.typeOptions).toEqual({
		password: true,
	});
});
