// Runs the lint leg of n8n's community-package scanner offline, on what would be published:
// the source files the scanner attests and every .js in the packed tarball (Node-RED files included).
// The scanner's registry and provenance legs need the network and a published version, so they are not run here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const work = mkdtempSync(path.join(tmpdir(), 'partnerhooks-scan-'));
try {
	const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
		cwd: repo,
		encoding: 'utf8',
	});
	const tarball = path.join(work, out.trim().split('\n').pop());
	execFileSync('tar', ['-xzf', tarball, '-C', work]);
	const legs = [
		['source', await analyzePackage(repo, SOURCE_FILE_PATTERNS)],
		['tarball', await analyzePackage(path.join(work, 'package'), ['**/*.js', 'package.json'])],
	];
	let failed = false;
	for (const [leg, result] of legs) {
		console.log(`n8n scanner (${leg}): ${result.passed ? 'passed' : 'FAILED'}`);
		if (!result.passed) {
			failed = true;
			console.log(result.details ?? result.message);
		}
	}
	process.exitCode = failed ? 1 : 0;
} finally {
	rmSync(work, { recursive: true, force: true });
}
