// Renders bench/ingestion.png from the ingestion figures: vega-lite → SVG → PNG (resvg, WebAssembly), with
// a bundled font so the picture is the same on any machine. ESM, because vega is published as ESM only.
// Usage: node chart.mjs <figures.json> <out.png>   figures: [{ label, rps }]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import * as vega from 'vega';
import * as vl from 'vega-lite';

const require = createRequire(import.meta.url);
const [figuresFile, out] = process.argv.slice(2);
const figures = JSON.parse(readFileSync(figuresFile, 'utf8'));

const spec = vl.compile({
	width: 560,
	height: 40 * figures.length,
	title: { text: 'Node-RED ingestion: signed 1 KB deliveries, 50 connections', anchor: 'start' },
	data: { values: figures },
	layer: [
		{ mark: { type: 'bar', color: '#4c78a8' } },
		{
			mark: { type: 'text', align: 'left', dx: 4 },
			encoding: { text: { field: 'rps', type: 'quantitative', format: ',.0f' } },
		},
	],
	encoding: {
		y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 500 } },
		x: { field: 'rps', type: 'quantitative', title: 'requests/s (median round)' },
	},
	config: { font: 'DejaVu Sans', background: 'white' },
}).spec;

const svg = await new vega.View(vega.parse(spec), { renderer: 'none' }).toSVG();
await initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
const font = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
const png = new Resvg(svg, {
	font: { fontBuffers: [font], defaultFontFamily: 'DejaVu Sans', loadSystemFonts: false },
	fitTo: { mode: 'zoom', value: 2 },
})
	.render()
	.asPng();
writeFileSync(out, png);
