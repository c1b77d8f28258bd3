import type { NodeAPI } from 'node-red';

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** Status texts of one node type from its locale catalogue; log and error texts stay in code. */
export function translator(RED: NodeAPI, type: string): Translate {
	return (key, vars) => RED._(`${type}.${key}`, vars);
}
