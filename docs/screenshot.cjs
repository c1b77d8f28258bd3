// Regenerates docs/demo.png from a running `npm start` demo: the editor with the debug sidebar showing the
// delivered partner.created. Not part of the package or the tests. Needs Debian's chromium and playwright-core in a
// scratch folder outside the repo:
//   apt-get install -y chromium && mkdir -p /tmp/pw && npm install --prefix /tmp/pw playwright-core
//   NODE_PATH=/tmp/pw/node_modules node docs/screenshot.cjs http://127.0.0.1:1880/ docs/demo.png
const { chromium } = require('playwright-core');
const [, , url = 'http://127.0.0.1:1880/', out = 'demo.png'] = process.argv;
(async () => {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
		],
		headless: true,
	});
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
		await page.goto(url);
		await page.waitForFunction(
			() =>
				window.RED &&
				RED.sidebar &&
				document.querySelector('#red-ui-workspace-chart .red-ui-flow-node'),
			null,
			{ timeout: 30000 },
		);
		await page.evaluate(() => RED.sidebar.show('debug'));
		await page.waitForSelector('.red-ui-debug-msg', { timeout: 30000 });
		await page.waitForTimeout(1500);
		// Expand the newest "full event" message and its payload so the delivered data is visible.
		const raw = page.locator('.red-ui-debug-msg-node-demo-raw').first();
		const top = raw.locator('.red-ui-debug-msg-top-level > .red-ui-debug-msg-row').first();
		if (await raw.locator('.red-ui-debug-msg-top-level.collapsed').count()) await top.click();
		await page.waitForTimeout(300);
		const payloadRow = raw
			.locator('.red-ui-debug-msg-row.red-ui-debug-msg-expandable', {
				has: page.locator(':scope > .red-ui-debug-msg-object-key', { hasText: /^payload$/ }),
			})
			.first();
		if (await payloadRow.count()) await payloadRow.click();
		await page.mouse.move(700, 600);
		await page.mouse.click(700, 600);
		await page.waitForTimeout(500);
		await page.screenshot({ path: out });
		console.log('saved', out);
	} finally {
		await browser.close();
	}
})().catch((e) => {
	console.error(e);
	process.exit(1);
});
