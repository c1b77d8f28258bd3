#!/usr/bin/env node
// Every link a reader can follow must land. Checks, in README.md, CHANGELOG.md and docs/**/*.md, every relative link
// and image (the file must exist) and every #anchor (a heading or an <a id> in the target, slugged as GitHub does);
// and every link into this repository on GitHub, from those files, from the n8n nodes' and credentials'
// `documentationUrl` and from the Node-RED help panels. Exits 1 listing every broken one, so `npm run lint` fails.
// Usage: node scripts/check-links.mjs [repo root]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? new URL('..', import.meta.url).pathname);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** https://github.com/<owner>/<repo>, from package.json's homepage. */
const repoUrl = pkg.homepage.replace(/#.*$/, '').replace(/\/$/, '');
const problems = [];

function walk(dir, keep) {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return walk(path, keep);
		return keep(name) ? [path] : [];
	});
}

/** The text with fenced code blocks and inline code spans blanked out, line numbers kept. */
function withoutCode(text) {
	let fenced = false;
	return text
		.split('\n')
		.map((line) => {
			if (/^\s*(```|~~~)/.test(line)) {
				fenced = !fenced;
				return '';
			}
			return fenced ? '' : line.replace(/`[^`]*`/g, (m) => ' '.repeat(m.length));
		})
		.join('\n');
}

/** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered -1, -2, … */
function slug(heading) {
	return heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/<[^>]+>/g, '')
		.replace(/[`*]/g, '')
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
		.replace(/ /g, '-');
}

const anchorCache = new Map();
function anchorsOf(file) {
	if (!anchorCache.has(file)) {
		const anchors = new Set();
		const seen = new Map();
		for (const line of withoutCode(readFileSync(file, 'utf8')).split('\n')) {
			const h = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
			if (h) {
				const base = slug(h[1]);
				const n = seen.get(base) ?? 0;
				seen.set(base, n + 1);
				anchors.add(n === 0 ? base : `${base}-${n}`);
			}
			for (const a of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(a[1]);
		}
		anchorCache.set(file, anchors);
	}
	return anchorCache.get(file);
}

/** Checks one target (a path relative to `base`, with an optional #anchor); `where` names the source. */
function checkTarget(where, base, target) {
	const [rawPath, anchor] = target.split('#', 2);
	const path = decodeURIComponent(rawPath.split('?')[0]);
	const file =
		path === ''
			? base
			: resolve(path.startsWith('/') ? root : dirname(base), path.replace(/^\//, ''));
	if (!existsSync(file)) {
		problems.push(`${where}: ${target}: ${relative(root, file)} does not exist`);
		return;
	}
	if (anchor === undefined || anchor === '') return;
	if (!file.endsWith('.md')) {
		problems.push(`${where}: ${target}: an anchor into a file that is not Markdown`);
		return;
	}
	if (!anchorsOf(file).has(anchor))
		problems.push(`${where}: ${target}: no heading #${anchor} in ${relative(root, file)}`);
}

/** A URL into this repository on GitHub, mapped onto the work tree: #x is README.md#x, /blob/<ref>/p#x is p#x. */
function checkRepoUrl(where, url) {
	const rest = url.slice(repoUrl.length);
	if (rest === '' || rest === '/' || rest === '#readme') return;
	if (rest.startsWith('#')) return checkTarget(where, join(root, 'README.md'), rest);
	const m = /^\/(?:blob|tree)\/[^/]+\/(.+)$/.exec(rest);
	if (!m) {
		problems.push(`${where}: ${url}: not a file in this repository`);
		return;
	}
	checkTarget(where, join(root, 'README.md'), `/${m[1]}`);
}

function checkUrl(where, base, target) {
	if (target.startsWith(repoUrl)) return checkRepoUrl(where, target);
	if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return; // another site, mailto: …
	checkTarget(where, base, target);
}

const markdown = [
	join(root, 'README.md'),
	join(root, 'CHANGELOG.md'),
	...walk(join(root, 'docs'), (n) => n.endsWith('.md')),
].filter((f) => existsSync(f));
let links = 0;
for (const file of markdown) {
	const lines = withoutCode(readFileSync(file, 'utf8')).split('\n');
	// Links may wrap: join each paragraph's lines, then report the line the link starts on.
	lines.forEach((line, i) => {
		const text = line + ' ' + (lines[i + 1] ?? '');
		for (const m of text.matchAll(
			/!?\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
		)) {
			if (m.index >= line.length + 1) continue; // starts on the next line: counted there
			links++;
			checkUrl(`${relative(root, file)}:${i + 1}`, file, m[1]);
		}
		for (const m of line.matchAll(/<(?:img|a)\s[^>]*(?:src|href)="([^"]+)"/g)) {
			links++;
			checkUrl(`${relative(root, file)}:${i + 1}`, file, m[1]);
		}
	});
}

// n8n's "Docs" link on each node and credential.
const sources = [
	...walk(join(root, 'nodes'), (n) => n.endsWith('.ts')),
	...walk(join(root, 'credentials'), (n) => n.endsWith('.ts')),
];
let docUrls = 0;
for (const file of sources) {
	const text = readFileSync(file, 'utf8');
	for (const m of text.matchAll(/documentationUrl\s*[:=]\s*'([^']+)'/g)) {
		docUrls++;
		const where = `${relative(root, file)}: documentationUrl`;
		if (!m[1].startsWith(repoUrl))
			problems.push(`${where}: ${m[1]}: not a page of this repository`);
		else checkRepoUrl(where, m[1]);
	}
}

// The Node-RED help panels link to the docs on GitHub.
for (const file of walk(join(root, 'node-red', 'locales'), (n) => n.endsWith('.html'))) {
	for (const m of readFileSync(file, 'utf8').matchAll(/href="([^"]+)"/g)) {
		links++;
		if (m[1].startsWith(repoUrl)) checkRepoUrl(relative(root, file), m[1]);
	}
}

if (problems.length > 0) {
	process.stderr.write(`check-links: ${problems.length} broken:\n${problems.join('\n')}\n`);
	process.exit(1);
}
process.stdout.write(
	`check-links: ${links} links in ${markdown.length} Markdown files and the help panels, ${docUrls} documentationUrl, all land\n`,
);
