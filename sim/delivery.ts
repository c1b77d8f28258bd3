import { phpJsonEncode } from '../core/php-json';
import { partneroSample } from '../core/partnero/samples';
import type { PartneroWebhook } from '../core/partnero/types';
import { partneroSignature } from '../core/partnero/provider';
import { sign } from '../core/signature';
import { postJson } from './http';
import type { DeliveryAttempt, SimState } from './state';

/** Partnero's documented schedule after the first attempt: 1 min, 5 min, 30 min, 2 h, then failed. */
export const PARTNERO_RETRY_SCHEDULE_MS = [60_000, 300_000, 1_800_000, 7_200_000];

export interface DeliveryOptions {
	timeScale: number;
	timeoutMs: number;
	schedule: number[];
}

export interface FireOptions {
	data?: Record<string, unknown>;
	/** A raw body sent as-is instead of the sample envelope. */
	body?: string;
	createdAt?: string;
}

/** Laravel's timestamp shape: microseconds and a Z. */
export function laravelNow(): string {
	return new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Sends deliveries and keeps their retries; close() cancels what is still scheduled. */
export class Deliverer {
	private timers = new Set<NodeJS.Timeout>();
	private inFlight = new Set<Promise<unknown>>();
	private closed = false;

	constructor(
		private readonly state: SimState,
		private readonly opts: DeliveryOptions,
	) {}

	/** Signed deliveries to every active webhook subscribed to the event; resolves after the first attempts. */
	async fire(event: string, o: FireOptions = {}): Promise<DeliveryAttempt[]> {
		const targets = [...this.state.webhooks.values()].filter(
			(w) => w.is_active && w.events.includes(event),
		);
		const createdAt = o.createdAt ?? laravelNow();
		return Promise.all(
			targets.map((webhook) => {
				const body =
					o.body ??
					phpJsonEncode(
						partneroSample(event, {
							url: webhook.url,
							webhookKey: webhook.key,
							createdAt,
							data: o.data,
						}),
					);
				return this.attempt(webhook, event, body, this.state.nextDeliveryId++, 1);
			}),
		);
	}

	private async attempt(
		webhook: PartneroWebhook,
		event: string,
		body: string,
		deliveryId: number,
		attempt: number,
	): Promise<DeliveryAttempt> {
		const signature = sign(webhook.signature, body, partneroSignature);
		const pending = postJson(
			webhook.url,
			body,
			{ Signature: signature, 'User-Agent': 'Partnero-Webhooks/sim' },
			this.opts.timeoutMs,
		);
		this.inFlight.add(pending);
		const result = await pending.finally(() => this.inFlight.delete(pending));
		const ok = result.status !== undefined && result.status >= 200 && result.status < 300;
		const canRetry = !ok && attempt <= this.opts.schedule.length && !this.closed;
		const record: DeliveryAttempt = {
			id: this.state.nextAttemptId++,
			deliveryId,
			webhookKey: webhook.key,
			event,
			url: webhook.url,
			attempt,
			status: result.status,
			error: result.error,
			at: new Date().toISOString(),
			body,
			signature,
			outcome: ok ? 'delivered' : canRetry ? 'retrying' : 'failed',
		};
		this.state.attempts.push(record);
		if (canRetry) {
			const delay = Math.round(this.opts.schedule[attempt - 1] * this.opts.timeScale);
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				const current = this.state.webhooks.get(webhook.key);
				// Deleting a webhook ends its pending retries, as at Partnero: they have nowhere to go.
				if (!current) {
					this.state.dropped.push({
						deliveryId,
						webhookKey: webhook.key,
						event,
						attempt: attempt + 1,
						at: new Date().toISOString(),
					});
					return;
				}
				const next = this.attempt(current, event, body, deliveryId, attempt + 1);
				this.inFlight.add(next);
				void next.finally(() => this.inFlight.delete(next));
			}, delay);
			this.timers.add(timer);
		}
		return record;
	}

	get pending(): number {
		return this.timers.size + this.inFlight.size;
	}

	/** Resolves once no delivery is in flight or scheduled. */
	async settle(): Promise<void> {
		while (this.pending > 0) {
			if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
			else await new Promise((r) => setTimeout(r, 5));
		}
	}

	close(): void {
		this.closed = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
	}
}
