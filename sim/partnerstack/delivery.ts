/** Deliveries: flat payloads POSTed once to every subscribed webhook (PartnerStack documents no retries). */
import { createHmac } from 'node:crypto';
import { partnerStackSample } from '../../core/partnerstack/samples';
import { postJson } from '../http';
import type { PsDeliveryAttempt, PsState } from './state';

export function fireEvent(
	state: PsState,
	event: string,
	f: { data?: Record<string, unknown>; body?: string },
	timeoutMs: number,
): Promise<PsDeliveryAttempt[]> {
	const targets = state.webhooks().filter((w) => w.events.includes(event));
	return Promise.all(
		targets.map(async (w) => {
			const body =
				f.body ?? JSON.stringify(partnerStackSample(event, { timeMs: Date.now(), data: f.data }));
			const headers: Record<string, string> = { 'User-Agent': 'PartnerStack-Webhooks/sim' };
			if (state.hmac)
				headers[state.hmac.header] = createHmac('sha256', state.hmac.secret)
					.update(body)
					.digest('hex');
			const result = await postJson(w.target, body, headers, timeoutMs);
			const attempt: PsDeliveryAttempt = {
				webhookKey: w.key,
				event,
				url: w.target,
				...result,
				body,
				headers,
				at: new Date().toISOString(),
			};
			state.attempts.push(attempt);
			return attempt;
		}),
	);
}
