import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { ensureChromium } from '../test/engines';
import { freePort } from '../test/e2e/lib/net';
import { REPO_ROOT } from '../test/e2e/lib/pack';
import { installCleanupHandlers, startProcess, type ManagedProcess } from '../test/e2e/lib/proc';

/**
 * `npm run docs:pictures`: the pictures in docs/images, taken from the real editors. It runs the two demos as a user
 * would (`npm start`'s Node-RED and `npm run demo:n8n`'s n8n, each with the simulator), drives them in headless
 * Chromium and writes one PNG per view. Needs a build and the engine cache (n8n, Chromium); not part of `npm test`.
 * `-- node-red` or `-- n8n` takes only that engine's pictures.
 */

const OUT = join(REPO_ROOT, 'docs', 'images');
const VIEWPORT = { width: 1280, height: 800 };
const N8N_OWNER = { email: 'demo@partnerhooks.invalid', password: 'Partnerhooks-demo1' };

function chromiumArgs(profile: string): string[] {
	return [
		'--no-sandbox',
		'--headless',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run',
		'--hide-scrollbars',
		`--user-data-dir=${profile}`,
		`--window-size=${VIEWPORT.width},${VIEWPORT.height}`,
	];
}

function delay(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

async function shot(page: Page, name: string): Promise<void> {
	const path = join(OUT, name);
	await page.screenshot({ path });
	process.stdout.write(`  wrote docs/images/${name}\n`);
}

/** Starts one of the repo's demos and returns it with the URL it printed. */
async function startDemo(
	work: string,
	script: string,
	env: NodeJS.ProcessEnv,
	urlLine: RegExp,
	timeoutMs: number,
): Promise<{ demo: ManagedProcess; url: string }> {
	const demo = startProcess(
		script,
		process.execPath,
		[join(REPO_ROOT, 'build', 'scripts', script)],
		{
			cwd: REPO_ROOT,
			env: { ...process.env, ...env },
			logFile: join(work, `${script}.log`),
		},
	);
	await demo.waitForOutput(urlLine, timeoutMs);
	const url = urlLine.exec(demo.output())?.[1];
	if (!url) throw new Error(`${script} printed no editor URL`);
	return { demo, url };
}

async function nodeRedPictures(browser: Browser, work: string): Promise<void> {
	process.stdout.write('Node-RED: starting the `npm start` demo ...\n');
	const { demo, url } = await startDemo(
		work,
		'demo.js',
		{ PORT: String(await freePort()), PARTNERO_SIM_PORT: String(await freePort()) },
		/Node-RED editor:\s+(\S+)/,
		120_000,
	);
	try {
		const page = await browser.newPage();
		await page.setViewport(VIEWPORT);
		page.setDefaultTimeout(30_000);
		await page.goto(url, { waitUntil: 'domcontentloaded' });
		await page.waitForFunction(() => {
			const RED = (window as unknown as { RED?: { nodes?: { node(id: string): unknown } } }).RED;
			return Boolean(
				RED?.nodes?.node('demo-trigger') && document.querySelector('[id="demo-trigger"]'),
			);
		});
		// The demo fires a sample 2 s after an editor connects; its status then counts one event.
		await page.waitForFunction(
			() => /listening/.test(document.querySelector('[id="demo-trigger"]')?.textContent ?? ''),
			{ timeout: 30_000 },
		);
		await page.evaluate(() => {
			const RED = (window as unknown as { RED: { sidebar: { show(id: string): void } } }).RED;
			RED.sidebar.show('info');
		});
		await delay(1000);
		await shot(page, 'node-red-flow.png');

		await page.evaluate(() => {
			const RED = (window as unknown as { RED: { sidebar: { show(id: string): void } } }).RED;
			RED.sidebar.show('debug');
		});
		await page.waitForSelector('.red-ui-debug-msg-node-demo-raw', { timeout: 30_000 });
		await delay(500);
		// Open the full event and its payload, so the delivered partner is readable.
		await page.evaluate(() => {
			const raw = document.querySelector('.red-ui-debug-msg-node-demo-raw');
			const top = raw?.querySelector<HTMLElement>(
				'.red-ui-debug-msg-top-level.collapsed > .red-ui-debug-msg-row',
			);
			top?.click();
		});
		await delay(300);
		await page.evaluate(() => {
			const raw = document.querySelector('.red-ui-debug-msg-node-demo-raw');
			for (const row of Array.from(
				raw?.querySelectorAll<HTMLElement>('.red-ui-debug-msg-row.red-ui-debug-msg-expandable') ??
					[],
			)) {
				const key = row.querySelector(':scope > .red-ui-debug-msg-object-key');
				if (key?.textContent === 'payload') {
					row.click();
					break;
				}
			}
		});
		await delay(500);
		await shot(page, 'node-red-debug-sidebar.png');

		await page.evaluate(() => {
			const RED = (
				window as unknown as {
					RED: { nodes: { node(id: string): unknown }; editor: { edit(n: unknown): void } };
				}
			).RED;
			RED.editor.edit(RED.nodes.node('demo-trigger'));
		});
		await page.waitForSelector('#partnero-trigger-events .partnerhooks-picker-event', {
			visible: true,
		});
		await delay(1000);
		await shot(page, 'node-red-trigger-dialog.png');
		await page.close();
	} finally {
		// The demo removes its flow on SIGTERM, so the simulator ends with no webhook.
		await demo.stop(30_000);
	}
}

/** Signs in through n8n's own form, as a person would (the session is bound to the browser). */
async function n8nSignIn(page: Page, base: string): Promise<void> {
	await page.goto(`${base}/signin`, { waitUntil: 'networkidle2' });
	await page.type('[data-test-id="emailOrLdapLoginId"] input', N8N_OWNER.email);
	await page.type('[data-test-id="password"] input', N8N_OWNER.password);
	await page.click('[data-test-id="form-submit-button"]');
	// n8n routes on the client side: wait until it has left the sign-in page.
	await page
		.waitForFunction(() => !location.pathname.includes('/signin'), { timeout: 30_000 })
		.catch(() => undefined);
	if (page.url().includes('/signin')) throw new Error('n8n did not accept the demo login');
}

async function openNode(page: Page, name: string): Promise<void> {
	const node = await page.waitForSelector(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	await node!.click({ count: 2 });
	await page.waitForSelector('[data-test-id="ndv"]', { visible: true });
	await delay(1500);
}

async function n8nPictures(browser: Browser, work: string): Promise<void> {
	process.stdout.write('n8n: starting the `npm run demo:n8n` demo (a minute or two) ...\n');
	const { demo, url } = await startDemo(
		work,
		'demo-n8n.js',
		{ PARTNERO_SIM_PORT: String(await freePort()) },
		/n8n editor:\s+(\S+)/,
		600_000,
	);
	try {
		const base = new URL(url).origin;
		const page = await browser.newPage();
		await page.setViewport(VIEWPORT);
		page.setDefaultTimeout(60_000);
		await n8nSignIn(page, base);

		// The nodes panel of a new workflow, searching for Partnero.
		await page.goto(`${base}/workflow/new`, { waitUntil: 'networkidle2' });
		await delay(2000);
		await page.click('[data-test-id="node-creator-plus-button"]');
		// The panel opens with the focus in its search box.
		await page.waitForSelector('[data-test-id="node-creator"]', { visible: true });
		await delay(1000);
		await page.keyboard.type('Partnero', { delay: 50 });
		await page.waitForSelector('[data-test-id="node-creator-item-name"]', { visible: true });
		await delay(1000);
		// Choosing the node lists its triggers, one per event, as the quick start describes.
		await page.click('[data-test-id="node-creator-item-name"]');
		await page.waitForFunction(() => /On partner created/.test(document.body.textContent ?? ''));
		await delay(1000);
		await shot(page, 'n8n-node-search.png');

		// The demo workflow's trigger panel.
		await page.goto(url, { waitUntil: 'networkidle2' });
		await openNode(page, 'Partnero Trigger');
		await shot(page, 'n8n-trigger-panel.png');
		await page.keyboard.press('Escape');

		// The newest execution: the demo's partner.created, shown as JSON in the trigger's output.
		await page.click('[data-test-id="radio-button-executions"]');
		await page.waitForSelector('[data-test-id="execution-preview-label"]');
		await openNode(page, 'Partnero Trigger');
		await page.click('[data-test-id="ndv"] [data-test-id="radio-button-json"]');
		await page.waitForFunction(() =>
			/partner\.created/.test(document.querySelector('[data-test-id="ndv"]')?.textContent ?? ''),
		);
		await delay(1000);
		await shot(page, 'n8n-execution.png');
		await page.close();
	} finally {
		// The demo deactivates its workflow (n8n deletes the webhook) and stops n8n on SIGTERM.
		await demo.stop(60_000);
	}
}

async function main(): Promise<void> {
	const wanted = process.argv.slice(2);
	const want = (engine: string): boolean => wanted.length === 0 || wanted.includes(engine);
	const chromium = await ensureChromium();
	if (!chromium) throw new Error('no Chromium: run `npm run engines -- chromium` first');
	mkdirSync(OUT, { recursive: true });
	const work = mkdtempSync(join(tmpdir(), 'partnerhooks-pictures-'));
	installCleanupHandlers();
	process.stdout.write(`Logs go to ${work} (removed after a run that succeeds).\n`);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const puppeteer = require('puppeteer-core') as typeof import('puppeteer-core');
	const browser = await puppeteer.launch({
		executablePath: chromium.bin,
		headless: true,
		args: chromiumArgs(join(work, 'chromium-profile')),
		defaultViewport: VIEWPORT,
	});
	try {
		if (want('node-red')) await nodeRedPictures(browser, work);
		if (want('n8n')) await n8nPictures(browser, work);
	} finally {
		await browser.close();
	}
	rmSync(work, { recursive: true, force: true });
}

main().catch((e: Error) => {
	process.stderr.write(`docs:pictures failed: ${e.stack ?? e.message}\n`);
	process.exit(1);
});
