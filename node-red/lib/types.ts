import type { Node, NodeDef } from 'node-red';
import type { PartneroClient } from '../../core/partnero/client';

export interface PartneroConfigDef extends NodeDef {
	baseUrl: string;
	publicUrl: string;
}

export interface PartneroConfigNode extends Node<{ apiKey?: string }> {
	baseUrl: string;
	publicUrl: string;
	client(): PartneroClient;
}

export interface PartneroTriggerDef extends NodeDef {
	account: string;
	events: string[] | string;
	path: string;
	verifySignature: boolean;
	ignoreDuplicates: boolean;
	output: 'data' | 'envelope';
}

export interface PartneroWebhookDef extends NodeDef {
	account: string;
	/** 'msg' = take msg.operation. */
	operation: 'list' | 'get' | 'create' | 'update' | 'delete' | 'msg' | '';
	key: string;
	webhookName: string;
	url: string;
	events: string[] | string;
	/** '' = leave as is / from msg.payload.is_active. */
	active: '' | 'true' | 'false';
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
}
