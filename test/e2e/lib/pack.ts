import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const pexec = promisify(execFile);

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

export interface Packed {
	tarball: string;
	name: string;
	version: string;
}

/** `npm pack` of the already-built repo: the same bytes a user would download from the registry. */
export async function packRepo(destDir: string): Promise<Packed> {
	if (!existsSync(join(REPO_ROOT, 'dist'))) {
		throw new Error(
			`No dist/ in ${REPO_ROOT}. Run "npm run build" first (npm test does it for you).`,
		);
	}
	const { stdout } = await pexec(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destDir],
		{
			cwd: REPO_ROOT,
			maxBuffer: 64 * 1024 * 1024,
		},
	);
	const info = (
		JSON.parse(stdout) as Array<{ filename: string; name: string; version: string }>
	)[0];
	return { tarball: join(destDir, info.filename), name: info.name, version: info.version };
}

export function describeTarball(file: string): Packed {
	const tarball = resolve(file);
	const pkg = JSON.parse(
		execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
	) as { name: string; version: string };
	return { tarball, name: pkg.name, version: pkg.version };
}

/**
 * Install a tarball into a folder the way the engines' own installers do. Node-RED's palette manager and
 * n8n's community-package installer both run plain `npm install` in their folder; these are their flags.
 */
export async function npmInstallTarball(
	dir: string,
	tarball: string,
	flavour: 'node-red' | 'n8n',
	env: NodeJS.ProcessEnv,
): Promise<string> {
	const args =
		flavour === 'node-red'
			? [
					'install',
					'--no-audit',
					'--no-update-notifier',
					'--no-fund',
					'--save',
					'--save-prefix=~',
					'--omit=dev',
					'--engine-strict',
					tarball,
				]
			: ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=dev', tarball];
	const { stdout, stderr } = await pexec('npm', args, {
		cwd: dir,
		env,
		maxBuffer: 64 * 1024 * 1024,
	});
	return stdout + stderr;
}
