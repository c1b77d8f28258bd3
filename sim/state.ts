import type { PartneroProgramType } from '../core/partnero/events';
import type { PartneroWebhook } from '../core/partnero/types';
import { ProgramStore } from './resources/store';

export interface DeliveryAttempt {
	id: number;
	/** Shared by all attempts of one delivery. */
	deliveryId: number;
	webhookKey: string;
	event: string;
	url: string;
	attempt: number;
	status?: number;
	error?: string;
	at: string;
	body: string;
	signature: string;
	/** 'pending' while a retry is scheduled, 'failed' after the last one. */
	outcome: 'delivered' | 'retrying' | 'failed';
}

export interface ApiCallRecord {
	method: string;
	path: string;
	status: number;
	at: string;
}

export interface Fault {
	remaining: number;
	status?: number;
	retryAfterSeconds?: number;
	delayMs?: number;
}

export interface DroppedRetry {
	deliveryId: number;
	webhookKey: string;
	event: string;
	/** The attempt that was not sent. */
	attempt: number;
	at: string;
}

/** Everything the simulated Partnero account holds. */
export class SimState {
	webhooks = new Map<string, PartneroWebhook>();
	/** Partners, customers, transactions and the rest of the program's records. */
	store = new ProgramStore();
	attempts: DeliveryAttempt[] = [];
	calls: ApiCallRecord[] = [];
	faults: Fault[] = [];
	/** Retries not sent because their webhook had been deleted by then. */
	dropped: DroppedRetry[] = [];
	programType: PartneroProgramType;
	/**
	 * Events this Partnero does not know, refused on webhook create/update as unknown names are. Partnero
	 * may not accept the events only its outgoing-webhooks guide lists; tests set them to see that case.
	 */
	refusedEvents = new Set<string>();
	nextAttemptId = 1;
	nextDeliveryId = 1;

	constructor(programType: PartneroProgramType) {
		this.programType = programType;
	}

	/** The fault that applies to the next API call, consuming one use of it. */
	takeFault(): Fault | undefined {
		const fault = this.faults[0];
		if (!fault) return undefined;
		fault.remaining--;
		if (fault.remaining <= 0) this.faults.shift();
		return fault;
	}

	reset(): void {
		this.webhooks.clear();
		this.store.clear();
		this.attempts = [];
		this.calls = [];
		this.faults = [];
		this.dropped = [];
		this.refusedEvents.clear();
	}
}
