import type { Node, NodeDef } from 'node-red';
import type { PartneroClient } from '../../core/partnero/client';
import type { PartnerStackClient } from '../../core/partnerstack/client';

export interface ClientOptions {
	signal?: AbortSignal;
}

export interface PartneroConfigDef extends NodeDef {
	baseUrl: string;
	publicUrl: string;
}

export interface PartneroConfigNode extends Node<{ apiKey?: string }> {
	baseUrl: string;
	publicUrl: string;
	/** `signal` aborts its calls (and their retries), e.g. when a close runs out of time. */
	client(opts?: ClientOptions): PartneroClient;
}

export interface PartneroTriggerDef extends NodeDef {
	account: string;
	events: string[] | string;
	path: string;
	verifySignature: boolean;
	ignoreDuplicates: boolean;
	/** Freshness window in seconds; blank = 24 h, 0 = off. */
	maxAge?: number | string;
	output: 'data' | 'envelope';
	/** 'flow' = the flow answers the sender (HTTP Response node), at least once; missing or 'immediately' = at once. */
	answer?: 'immediately' | 'flow';
	/** Seconds a delivery waits for the flow's answer (answer 'flow'); blank = 10. */
	answerTimeout?: number | string;
}

export interface PartneroApiDef extends NodeDef {
	account: string;
	/** 'msg' (or '') = take msg.resource / msg.operation. */
	resource: string;
	operation: string;
	/** The record's id or key; blank = msg.id, then msg.key. */
	recordId: string;
	/** Transaction create: return the existing transaction with this key instead of paying twice. */
	skipExisting: boolean;
	/** Webhook create/update; each blank one is taken from msg.payload. */
	webhookName?: string;
	url?: string;
	events?: string[] | string;
	/** '' = from msg.payload.is_active (create: active). */
	active?: '' | 'true' | 'false';
}

export interface PartnerStackConfigDef extends NodeDef {
	baseUrl: string;
	publicUrl: string;
}

export interface PartnerStackConfigNode
	extends Node<{ publicKey?: string; secretKey?: string; hmacSecret?: string }> {
	baseUrl: string;
	publicUrl: string;
	client(opts?: ClientOptions): PartnerStackClient;
}

export interface PartnerStackTriggerDef extends NodeDef {
	account: string;
	events: string[] | string;
	/** Free-text event names, comma separated. */
	otherEvents: string;
	path: string;
	ignoreDuplicates: boolean;
	/** Freshness window in seconds; blank = 24 h, 0 = off. */
	maxAge?: number | string;
	verifyHmac: boolean;
	hmacHeader: string;
	hmacEncoding: 'hex' | 'base64';
	hmacPrefix: string;
	/** 'flow' = the flow answers the sender (HTTP Response node), at least once; missing or 'immediately' = at once. */
	answer?: 'immediately' | 'flow';
	/** Seconds a delivery waits for the flow's answer (answer 'flow'); blank = 10. */
	answerTimeout?: number | string;
}

export interface PartnerStackApiDef extends NodeDef {
	account: string;
	/** 'msg' = take msg.resource. */
	resource: string;
	/** 'msg' = take msg.operation. */
	operation: string;
	key: string;
	/** 0 = every item. */
	limit: number | string;
}
