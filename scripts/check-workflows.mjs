#!/usr/bin/env node
// Lints .github/workflows: each file must parse as YAML, and the keys a release depends on must be there.
// ci.yml runs .ci/run on pushes and pull requests; publish.yml runs on a v* tag and publishes with npm provenance,
// which n8n's verification requires (id-token: write, npm publish --provenance --access public).
// Exits 1 listing every problem, so a broken workflow fails `npm run lint` rather than the first release.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const dir = resolve(
	new URL('..', import.meta.url).pathname,
	process.argv[2] ?? '.github/workflows',
);
const problems = [];

function load(name) {
	try {
		// uniqueKeys and strict parsing: a duplicated key silently overrides the first in GitHub's loader.
		return parse(readFileSync(join(dir, name), 'utf8'), {
			prettyErrors: true,
			uniqueKeys: true,
			strict: true,
		});
	} catch (error) {
		problems.push(`${name}: ${error.message.split('\n')[0]}`);
		return undefined;
	}
}

/** Every `run:` script of every job, in order. */
function runs(workflow) {
	return Object.values(workflow?.jobs ?? {}).flatMap((job) =>
		(job?.steps ?? []).map((s) => (typeof s?.run === 'string' ? s.run : '')),
	);
}

function check(name, condition, message) {
	if (!condition) problems.push(`${name}: ${message}`);
}

const ci = load('ci.yml');
if (ci) {
	const on = ci.on ?? {};
	check(
		'ci.yml',
		on && typeof on === 'object' && 'push' in on && 'pull_request' in on,
		'must run on push and pull_request',
	);
	check(
		'ci.yml',
		runs(ci).some((r) => /(^|\s)\.ci\/run(\s|$)/.test(r.trim())),
		'a step must run .ci/run',
	);
	const node = Object.values(ci.jobs ?? {})
		.flatMap((j) => j?.steps ?? [])
		.find((s) => String(s?.uses ?? '').startsWith('actions/setup-node@'));
	check(
		'ci.yml',
		String(node?.with?.['node-version']) === '20',
		'actions/setup-node must use node-version 20',
	);
	check(
		'ci.yml',
		Object.values(ci.jobs ?? {}).every((j) => String(j?.['runs-on']).startsWith('ubuntu')),
		'jobs must run on ubuntu',
	);
}

const publish = load('publish.yml');
if (publish) {
	const tags = publish.on?.push?.tags;
	check('publish.yml', Array.isArray(tags) && tags.includes('v*'), "must run on push of tags 'v*'");
	check(
		'publish.yml',
		publish.on && !('pull_request' in publish.on) && !publish.on.push?.branches,
		'must run on version tags only',
	);
	check(
		'publish.yml',
		publish.permissions?.['id-token'] === 'write',
		'permissions must grant id-token: write (npm provenance)',
	);
	check(
		'publish.yml',
		publish.permissions?.contents === 'read',
		'permissions must limit contents to read',
	);
	const scripts = runs(publish);
	const at = (pattern) => scripts.findIndex((r) => pattern.test(r));
	const publishAt = at(/\bnpm publish\b/);
	check('publish.yml', publishAt >= 0, 'a step must run npm publish');
	const command = scripts[publishAt] ?? '';
	check('publish.yml', /--provenance\b/.test(command), 'npm publish must pass --provenance');
	check(
		'publish.yml',
		/--access\s+public\b/.test(command),
		'npm publish must pass --access public',
	);
	check(
		'publish.yml',
		at(/\bnpm ci\b/) >= 0 && at(/\bnpm ci\b/) < publishAt,
		'npm ci must run before npm publish',
	);
	check(
		'publish.yml',
		at(/\bnpm test\b/) >= 0 && at(/\bnpm test\b/) < publishAt,
		'npm test must run before npm publish',
	);
	const step = Object.values(publish.jobs ?? {})
		.flatMap((j) => j?.steps ?? [])
		.find((s) => /\bnpm publish\b/.test(String(s?.run)));
	check(
		'publish.yml',
		/secrets\.NPM_TOKEN/.test(String(step?.env?.NODE_AUTH_TOKEN)),
		'npm publish needs NODE_AUTH_TOKEN from secrets.NPM_TOKEN',
	);
	const node = Object.values(publish.jobs ?? {})
		.flatMap((j) => j?.steps ?? [])
		.find((s) => String(s?.uses ?? '').startsWith('actions/setup-node@'));
	check(
		'publish.yml',
		node?.with?.['registry-url'] === 'https://registry.npmjs.org',
		'setup-node needs registry-url https://registry.npmjs.org',
	);
}

if (problems.length) {
	console.error(`workflows: ${problems.length} problem(s)\n- ${problems.join('\n- ')}`);
	process.exit(1);
}
console.error('workflows: ci.yml and publish.yml pass');
