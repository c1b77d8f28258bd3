import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { laravelNow } from '../sim/delivery';
import { startSimulator, type Simulator } from '../sim/server';
import { ensureN8n, npmEnv } from '../test/engines';
import { N8nRest } from '../test/e2e/lib/n8n-rest';
import { freePort, waitUntil } from '../test/e2e/lib/net';
import { npmInstallTarball, packRepo } from '../test/e2e/lib/pack';
import { installCleanupHandlers, startProcess } from '../test/e2e/lib/proc';
import { n8nEnv } from '../test/e2e/lib/n8n-engine';
import { triggerWorkflow } from '../test/e2e/scenarios/n8n-workflows';

/**
 * `npm run demo:n8n`: the same demo as `npm start`, in n8n 2 from the engine cache (installed on first use,
 * several minutes). The package is installed as a community package into a throwaway n8n user folder.
 */

const OWNER = { email: 'demo@partnerhooks.invalid', password: 'Partnerhooks-demo1' };

async function startSim(): Promise<Simulator> {
	try {
		return await startSimulator({ port: Number(process.env.PARTNERO_SIM_PORT ?? 4010) });
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
		return startSimulator({ port: 0 });
	}
}

async function portOr(preferred: number): Promise<number> {
	const probe = await fetch(`http://127.0.0.1:${preferred}/`, {
		signal: AbortSignal.timeout(1000),
	}).then(
		() => true,
		() => false,
	);
	return probe ? freePort() : preferred;
}

async function main(): Promise<void> {
	const engine = await ensureN8n();
	const root = mkdtempSync(join(tmpdir(), 'partnerhooks-demo-n8n-'));
	const home = join(root, 'home');
	const nodesDir = join(home, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	process.stdout.write(
		'Packing the package and installing it into n8n as a community package ...\n',
	);
	const packed = await packRepo(root);
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }),
	);
	await npmInstallTarball(nodesDir, packed.tarball, 'n8n', npmEnv(engine.node));

	const sim = await startSim();
	const port = await portOr(5678);
	const base = `http://127.0.0.1:${port}`;
	process.stdout.write(`Starting n8n ${engine.version} on ${base} ...\n`);
	const n8n = startProcess('n8n', engine.node.bin, [engine.bin, 'start'], {
		cwd: home,
		env: n8nEnv(engine, home, port, await freePort()),
		logFile: join(root, 'n8n.log'),
	});
	const rest = new N8nRest(base);
	const active: { workflowId?: string } = {};
	let stopping = false;
	const stop = async (): Promise<void> => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(
			'\nDeactivating the workflow (n8n deletes the webhook) and stopping n8n ...\n',
		);
		// n8n does not call a trigger's delete on shutdown, only on deactivation.
		if (active.workflowId)
			await rest
				.call('POST', `/workflows/${active.workflowId}/deactivate`, {})
				.catch(() => undefined);
		await n8n.stop();
		const left = sim.webhooks().length;
		process.stdout.write(
			left === 0
				? 'Webhook deleted. Bye.\n'
				: `Warning: ${left} webhook(s) left in the simulator.\n`,
		);
		await sim.close();
		rmSync(root, { recursive: true, force: true });
		process.exit(0);
	};
	installCleanupHandlers(stop);
	n8n.exited.then(({ code }) => {
		if (!stopping) {
			process.stderr.write(
				`n8n exited unexpectedly (code ${code}). Log: ${join(root, 'n8n.log')}\n`,
			);
			process.exit(1);
		}
	});

	await n8n.waitForOutput(/Editor is now accessible/, 180_000);
	await rest.setupOwner(OWNER);
	const credential = await rest.call<{ id: string; name: string }>('POST', '/credentials', {
		name: 'Partnero simulator',
		type: 'partneroApi',
		data: { apiKey: sim.apiKey, baseUrl: sim.apiBaseUrl },
	});
	const { workflow, webhookId } = triggerWorkflow({
		credential,
		events: ['partner.created', 'customer.created', 'transaction.created'],
		sinkUrl: '',
	});
	// The demo formats a chat-style message instead of reporting to a test sink.
	workflow.name = 'Partnero: new partner to chat message';
	const nodes = workflow.nodes as Array<Record<string, unknown>>;
	nodes[1] = {
		id: randomUUID(),
		name: 'Format "new partner" message',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [460, 300],
		parameters: {
			assignments: {
				assignments: [
					{
						id: randomUUID(),
						name: 'text',
						type: 'string',
						value:
							'=New partner: {{ $json.data.name }} {{ $json.data.surname }} <{{ $json.data.email }}>',
					},
				],
			},
			options: {},
		},
	};
	workflow.connections = {
		'Partnero Trigger': { main: [[{ node: nodes[1].name, type: 'main', index: 0 }]] },
	};
	const wf = await rest.call<{ id: string; versionId: string }>('POST', '/workflows', workflow);
	await rest.call('POST', `/workflows/${wf.id}/activate`, { versionId: wf.versionId });
	active.workflowId = wf.id;
	await waitUntil(
		'the Partnero Trigger to register its webhook',
		() => sim.webhooks().length === 1,
		30_000,
	);
	// n8n 2 serves the route a moment before the trigger has stored its secret and answers 503 meanwhile; the
	// simulator would retry only after a minute. One fixed timestamp, so a late retry is a duplicate, as in demo.ts.
	const createdAt = laravelNow();
	let attempts = await sim.fire('partner.created', { createdAt });
	for (let i = 0; i < 20 && attempts.some((a) => a.status === 503); i++) {
		await new Promise((r) => setTimeout(r, 500));
		attempts = await sim.fire('partner.created', { createdAt });
	}
	process.stdout.write(
		`Fired a sample partner.created: n8n answered ${attempts.map((a) => a.status ?? a.error).join(', ')}\n`,
	);

	const simCli =
		sim.url === 'http://127.0.0.1:4010'
			? 'npm run sim --'
			: `PARTNERO_SIM_URL=${sim.url} npm run sim --`;
	process.stdout.write(`
  n8n editor:        ${base}/workflow/${wf.id}   (log in as ${OWNER.email} / ${OWNER.password}; see the Executions tab)
  Webhook URL:       ${base}/webhook/${webhookId}/webhook
  Partnero simulator: ${sim.url}   (API ${sim.apiBaseUrl}, key ${sim.apiKey})
  Send more events:  ${simCli} fire partner.created
  Press Ctrl+C to stop (the workflow is deactivated and the webhook deleted on exit).

`);
}

main().catch((e: Error) => {
	process.stderr.write(`demo:n8n failed: ${e.stack ?? e.message}\n`);
	process.exit(1);
});
