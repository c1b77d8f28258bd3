/**
 * The test helper stubs RED._ as identity, so status texts would be bare message keys. This puts back the
 * lookup the runtime does: our en-US catalogues, with Node-RED's __name__ interpolation.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, '../../node-red/locales/en-US');
const catalogue: Record<string, unknown> = Object.assign(
	{},
	...readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8'))),
);

export function translate(key: string, vars: Record<string, unknown> = {}): string {
	// Node-RED's own nodes keep the helper's identity stub; a key of ours that is missing still fails.
	if (!(key.split('.')[0] in catalogue)) return key;
	const found = key
		.split('.')
		.reduce<unknown>(
			(node, part) => (node as Record<string, unknown> | undefined)?.[part],
			catalogue,
		);
	if (typeof found !== 'string')
		throw new Error(`missing message ${key} in node-red/locales/en-US`);
	return found.replace(/__(\w+)__/g, (_m, name: string) => String(vars[name]));
}

/** Wraps a node module so it sees the translating RED._ (and hands RED to the test). */
export function withLocale<R>(
	nodeModule: (red: any) => R,
	onRed?: (red: any) => void,
): (red: any) => R {
	return (red: any) => {
		red._ = translate;
		onRed?.(red);
		return nodeModule(red);
	};
}
