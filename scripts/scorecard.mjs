#!/usr/bin/env node
// Node-RED Flow Library scorecard, offline and reproducible: runs `node-red-dev validate` (what flows.nodered.org
// runs on the published tarball) against `npm pack` of this repo, with the catalogue download stubbed.
//
//   npm install --prefix /tmp/nrdev node-red-dev@0.1.6     # once, outside the repo
//   npm run build && node scripts/scorecard.mjs --node-red-dev /tmp/nrdev [--tarball x.tgz] [--out score.json]
//
// Prints the scorecard JSON; exits 1 when a check fails, an editor file cannot be parsed (node-red-dev then drops
// that node's types silently and N02 can still pass), or N02 did not see every non-config node type.
// With the stub, P08 and N01 (name clashes with other catalogue packages) always pass: check those by hand.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const repo = resolve(new URL('..', import.meta.url).pathname);
const nrdev = resolve(option('node-red-dev', process.env.NODE_RED_DEV ?? '/tmp/nrdev'));
const out = option('out');
const keep = args.includes('--keep');

const cli = [join(nrdev, 'node_modules/node-red-dev/bin/run'), join(nrdev, 'bin/run')].find((p) =>
	existsSync(p),
);
if (!cli) {
	console.error(
		`node-red-dev not found under ${nrdev}. Install it with: npm install --prefix ${nrdev} node-red-dev@0.1.6`,
	);
	process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'partnerhooks-scorecard-'));
try {
	let tarball = option('tarball');
	if (!tarball) {
		const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
		for (const file of Object.values(pkg['node-red']?.nodes ?? {})) {
			if (!existsSync(join(repo, file))) {
				console.error(`${file} is missing: run npm run build first.`);
				process.exit(2);
			}
		}
		const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
			cwd: repo,
			encoding: 'utf8',
		})
			.trim()
			.split('\n')
			.pop();
		tarball = join(work, name);
	}
	const unpacked = join(work, 'unpacked');
	mkdirSync(unpacked);
	execFileSync('tar', ['xzf', resolve(tarball), '-C', unpacked]);
	const pkgDir = join(unpacked, 'package');

	// node-red-dev asks catalogue.nodered.org (P08, N01), which is not reachable here: answer with an empty catalogue.
	const stub = join(work, 'stub-catalogue.cjs');
	writeFileSync(
		stub,
		`const Module = require('module'); const load = Module._load;
Module._load = function (request) { const m = load.apply(this, arguments);
  if (request === 'axios' && !m.__partnerhooksStub) { const get = m.get.bind(m);
    m.get = (u, ...a) => String(u).includes('catalogue.nodered.org') ? Promise.resolve({ data: { modules: [] } }) : get(u, ...a);
    m.__partnerhooksStub = true; }
  return m; };
`,
	);
	const scoreFile = join(work, 'scorecard.json');
	const run = spawnSync(process.execPath, [cli, 'validate', '-p', pkgDir, '-o', scoreFile], {
		cwd: pkgDir,
		encoding: 'utf8',
		env: {
			...process.env,
			NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${stub}`.trim(),
		},
		timeout: 180_000,
	});
	const log = `${run.stdout ?? ''}${run.stderr ?? ''}`;
	process.stderr.write(log);
	if (!existsSync(scoreFile)) {
		console.error('node-red-dev wrote no scorecard');
		process.exit(1);
	}
	const score = JSON.parse(readFileSync(scoreFile, 'utf8'));
	if (out) writeFileSync(out, `${JSON.stringify(score, null, 2)}\n`);
	console.log(JSON.stringify(score));

	const problems = [];
	for (const [id, result] of Object.entries(score)) {
		if (id !== 'package' && result && result.test !== true)
			problems.push(`${id} failed: ${JSON.stringify(result)}`);
	}
	if (/Unable to parse/.test(log))
		problems.push('node-red-dev could not parse an editor .html (its types were skipped)');

	// Every type the editor files register, and which are config nodes, read the same way the Flow Library does.
	const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
	const flowTypes = [];
	for (const file of Object.values(pkg['node-red'].nodes)) {
		const html = readFileSync(join(pkgDir, file.replace('.js', '.html')), 'utf8');
		for (const m of html.matchAll(
			/<script[^>]+type=['"]text\/javascript['"][^>]*>([\S\s]*?)<\/script>/gi,
		)) {
			for (const def of m[1].matchAll(
				/registerType\(\s*['"]([^'"]+)['"]\s*,\s*\{([\S\s]*?)\n\s*\}\s*\)/g,
			)) {
				if (!/\bcategory\s*:\s*['"]config['"]/.test(def[2])) flowTypes.push(def[1]);
			}
		}
	}
	const covered = score.N02?.nodes ?? [];
	const missing = flowTypes.filter((t) => !covered.includes(t));
	if (flowTypes.length === 0) problems.push('found no non-config node types in the editor files');
	if (missing.length) problems.push(`N02 did not see examples for: ${missing.join(', ')}`);

	if (problems.length) {
		console.error(`scorecard: ${problems.length} problem(s)\n- ${problems.join('\n- ')}`);
		process.exit(1);
	}
	console.error(
		`scorecard: all ${Object.keys(score).length - 1} checks passed; example coverage: ${flowTypes.join(', ')}`,
	);
} finally {
	if (!keep) rmSync(work, { recursive: true, force: true });
	else console.error(`kept ${work}`);
}
