import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
	cacheRoot,
	chromiumPath,
	ensureChromium,
	ensureN8n,
	ensureNode24,
	ensureNodeRed5,
	ensureQueueServices,
	N8N_1_VERSION,
	N8N_VERSION,
	NODE_MAJOR,
	NODE_RED_5_VERSION,
} from './index';

/** `node build/test/engines/cli.js [status|node24|n8n|n8n1|node-red-5|queue-services|chromium|all]`: pre-warm or inspect the engine cache. */
async function main(): Promise<void> {
	const what = process.argv[2] ?? 'status';
	switch (what) {
		case 'status': {
			const root = cacheRoot();
			console.log(`cache: ${root}`);
			for (const name of [
				`node-${NODE_MAJOR}`,
				`n8n-${N8N_VERSION}`,
				`n8n-${N8N_1_VERSION}`,
				`node-red-${NODE_RED_5_VERSION}`,
			]) {
				const dir = join(root, name);
				const state = existsSync(join(dir, '.complete'))
					? 'installed'
					: existsSync(dir)
						? 'incomplete'
						: 'absent';
				console.log(`  ${name.padEnd(20)} ${state}`);
			}
			console.log(
				`  ${'chromium'.padEnd(20)} ${existsSync(chromiumPath()) ? `installed (${chromiumPath()})` : 'absent'}`,
			);
			return;
		}
		case 'node24':
			console.log((await ensureNode24()).bin);
			return;
		case 'n8n':
			console.log((await ensureN8n()).dir);
			return;
		case 'n8n1':
			console.log((await ensureN8n(undefined, N8N_1_VERSION)).dir);
			return;
		case 'node-red-5':
			console.log((await ensureNodeRed5()).dir);
			return;
		case 'chromium':
			console.log((await ensureChromium())?.bin ?? 'not installed');
			return;
		case 'queue-services': {
			const s = await ensureQueueServices();
			console.log(`${s.pgBin}\n${s.redisServer}`);
			return;
		}
		case 'all':
			await ensureNode24();
			// apt-get holds one lock for the whole machine, so the Debian packages install one after the other.
			await Promise.all([
				ensureNodeRed5(),
				ensureN8n(),
				ensureN8n(undefined, N8N_1_VERSION),
				ensureQueueServices().then(() => ensureChromium()),
			]);
			console.log('all engines installed');
			return;
		default:
			console.error(
				`Unknown command "${what}". Use one of: status, node24, n8n, n8n1, node-red-5, queue-services, chromium, all.`,
			);
			process.exitCode = 2;
	}
}

main().catch((e: Error) => {
	console.error(e.message);
	process.exitCode = 1;
});
