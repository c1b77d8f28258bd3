#!/usr/bin/env node
// Fails when the TypeScript import graph has a circle, type-only imports included.
// A circle makes load order matter (a half-initialised module at require time) and ties two files so that
// neither can change or be tested alone; the type-only ones become value imports with one edit.
// Uses TypeScript's own pre-processor, so `import type`, `export ... from`, `import()` and `require()` all count.
// Usage: node scripts/check-circles.mjs [folder ...]   (default: every folder that holds TypeScript we write)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(new URL('..', import.meta.url).pathname);
const folders = process.argv.slice(2);
const scanned = folders.length
	? folders
	: ['core', 'credentials', 'nodes', 'node-red', 'sim', 'scripts', 'test', 'bench'];

function walk(dir, out) {
	if (!existsSync(dir)) return out;
	for (const name of readdirSync(dir)) {
		if (name === 'node_modules') continue;
		const path = join(dir, name);
		if (statSync(path).isDirectory()) walk(path, out);
		else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
	}
	return out;
}

/** The file a relative specifier names, as TypeScript's `node` resolution finds it; undefined when outside. */
function resolveSpecifier(from, specifier) {
	if (!specifier.startsWith('.')) return undefined;
	const base = resolve(dirname(from), specifier);
	const candidates = [`${base}.ts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')];
	return candidates.find((c) => c.endsWith('.ts') && existsSync(c) && statSync(c).isFile());
}

const files = scanned.flatMap((folder) => walk(join(root, folder), []));
const edges = new Map();
for (const file of files) {
	const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
	const targets = new Set();
	for (const ref of info.importedFiles) {
		const target = resolveSpecifier(file, ref.fileName);
		if (target) targets.add(target);
	}
	edges.set(file, [...targets]);
}

// Tarjan's strongly connected components: every component with more than one file is a circle.
let index = 0;
const order = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
function visit(v) {
	order.set(v, index);
	low.set(v, index);
	index++;
	stack.push(v);
	onStack.add(v);
	for (const w of edges.get(v) ?? []) {
		if (!order.has(w)) {
			visit(w);
			low.set(v, Math.min(low.get(v), low.get(w)));
		} else if (onStack.has(w)) {
			low.set(v, Math.min(low.get(v), order.get(w)));
		}
	}
	if (low.get(v) === order.get(v)) {
		const component = [];
		let w;
		do {
			w = stack.pop();
			onStack.delete(w);
			component.push(w);
		} while (w !== v);
		const selfLoop = (edges.get(v) ?? []).includes(v);
		if (component.length > 1 || selfLoop) components.push(component);
	}
}
for (const file of files) if (!order.has(file)) visit(file);

if (components.length === 0) {
	console.log(`check-circles: ${files.length} files, no import circles`);
	process.exit(0);
}
console.error(`check-circles: ${components.length} import circle(s):`);
for (const component of components) {
	const names = component.map((f) => relative(root, f)).sort();
	console.error(`  ${names.join(' <-> ')}`);
	const inside = new Set(component);
	for (const from of component) {
		for (const to of edges.get(from) ?? []) {
			if (inside.has(to)) console.error(`    ${relative(root, from)} -> ${relative(root, to)}`);
		}
	}
}
process.exit(1);
