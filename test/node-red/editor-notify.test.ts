/**
 * The shared editor script's notifications, without a browser: RED.notify renders its message as HTML, so a
 * node name or an event name the server echoes must reach it escaped. The browser check of the same is in the
 * `editor` e2e scenario (headless Chromium); this one runs everywhere.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';

const script = readFileSync(join(__dirname, '../../resources/partnerhooks-editor.js'), 'utf8');
const NAME = '<img src=x onerror="alert(1)">';
const EVENT = '<script>alert(2)</script>';

/** Loads the script with a RED whose notify is recorded and an ajax call settled as `settle` says. */
function editor(settle: { done?: unknown; fail?: unknown }) {
	const notified: unknown[] = [];
	const ajax = () => {
		const call = {
			done(cb: (r: unknown) => void) {
				if (settle.done) cb(settle.done);
				return call;
			},
			fail(cb: (xhr: unknown) => void) {
				if (settle.fail) cb(settle.fail);
				return call;
			},
		};
		return call;
	};
	const window: Record<string, any> = {};
	const RED = { notify: (msg: unknown) => notified.push(msg) };
	runInNewContext(script, { window, RED, $: Object.assign(() => undefined, { ajax }) });
	return { api: window.PartnerHooksEditor, notified };
}

test('the sample notification shows a node name and an event name with HTML as text', () => {
	const { api, notified } = editor({ done: { event: EVENT } });
	api.emitSample({ id: 'n1', name: NAME, changed: false }, 'partnero-trigger', 'partner.created');
	expect(notified).toEqual([
		'Sample &lt;script&gt;alert(2)&lt;/script&gt; sent by &lt;img src=x onerror=&quot;alert(1)&quot;&gt;',
	]);
});

test("the server's refusal, which echoes the event name, is shown as text", () => {
	const { api, notified } = editor({
		fail: { responseJSON: { message: `No Partnero sample for event "${EVENT}".` } },
	});
	api.emitSample({ id: 'n1', name: 'ok', changed: false }, 'partnero-trigger', EVENT);
	expect(notified).toEqual([
		'Sample not sent: No Partnero sample for event &quot;&lt;script&gt;alert(2)&lt;/script&gt;&quot;.',
	]);
});
