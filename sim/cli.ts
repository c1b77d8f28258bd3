/**
 * `npm run sim` — start the Partnero simulator, or talk to a running one:
 *   npm run sim [-- start] [--port 4010] [--key K] [--program affiliate] [--time-scale 1]
 *   npm run sim -- fire <event> [--data '{"name":"X"}'] [--url http://127.0.0.1:4010]
 *   npm run sim -- webhooks | records | attempts | calls | reset
 *   npm run sim -- fault --count 3 [--status 500] [--retry-after 2] [--delay 1000]
 * PartnerStack mode (its own API on /api/v2, Basic auth, flat deliveries):
 *   npm run sim -- start --partnerstack [--port 4020] [--public-key pk] [--secret-key sk] [--field target|target_url]
 *                        [--hmac-header X-Signature --hmac-secret s]
 *   then the same fire / webhooks / attempts / calls / reset / fault commands with --port 4020 (or --url).
 * npm run sim -- help (or --help, -h) prints the usage; an unknown command or option prints it and exits 2.
 */
import { startSimulator } from './server';
import { startPartnerStackSimulator, type WebhookField } from './partnerstack/server';
import type { PartneroProgramType } from '../core/partnero/events';

export const DEFAULT_SIM_PORT = 4010;
export const DEFAULT_PARTNERSTACK_SIM_PORT = 4020;

/** Delivery URLs may carry a trigger's URL secret; the terminal shows it masked. */
const maskSecret = (url: string) => url.replace(/(ph_secret=)[^&]+/, '$1***');

export interface ParsedArgs {
	command: string;
	positional: string[];
	flags: Record<string, string>;
}

export function parseArgs(argv: string[]): ParsedArgs {
	const flags: Record<string, string> = {};
	const positional: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg.startsWith('--')) {
			const [name, inline] = arg.slice(2).split('=', 2);
			if (inline !== undefined) flags[name] = inline;
			else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) flags[name] = argv[++i];
			else flags[name] = 'true';
		} else positional.push(arg);
	}
	return { command: positional.shift() ?? 'start', positional, flags };
}

function number(flags: Record<string, string>, name: string): number | undefined {
	if (flags[name] === undefined) return undefined;
	const n = Number(flags[name]);
	if (!Number.isFinite(n)) throw new Error(`--${name} must be a number`);
	return n;
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<unknown> {
	let res: Response;
	try {
		res = await fetch(`${base}${path}`, {
			method,
			headers: { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	} catch {
		throw new Error(`No simulator answers at ${base}. Start one with "npm run sim" or pass --url.`);
	}
	const text = await res.text();
	const parsed = text ? (JSON.parse(text) as unknown) : undefined;
	if (!res.ok) throw new Error((parsed as { message?: string })?.message ?? `HTTP ${res.status}`);
	return parsed;
}

export const USAGE = `Usage: npm run sim -- [command] [options]

Commands:
  start                 start a simulator (the default when no command is given)
  fire <event>          send a signed delivery of <event> to every subscribed webhook
  webhooks              list the registered webhooks
  records               list the partners, customers, transactions… the simulator holds
  attempts              list every delivery attempt and its answer
  calls                 list the API calls received
  reset                 clear the simulator's state
  fault                 make the next API calls fail
  help                  print this text (also --help, -h)

Options for start:
  --port <n>            port (Partnero 4010, PartnerStack 4020; 0 picks a free one)
  --key <key>           Partnero API key
  --program <type>      Partnero program type (affiliate, refer-a-friend, newsletter)
  --time-scale <n>      speed up Partnero's retry schedule
  --partnerstack        simulate PartnerStack instead of Partnero
  --public-key <pk> --secret-key <sk>           PartnerStack API keys
  --field target|target_url                     the webhook field PartnerStack accepts
  --hmac-header <name> --hmac-secret <secret>   sign PartnerStack deliveries

Options for the other commands:
  --url <url>           the running simulator (default http://127.0.0.1:<port>, or $PARTNERO_SIM_URL)
  --port <n>            shorthand for --url http://127.0.0.1:<n>
  --data <json>         fire: fields merged into the event's sample data
  --count <n> --status <code> --retry-after <s> --delay <ms>   fault: what the next calls get`;

const COMMANDS = new Set([
	'start',
	'fire',
	'webhooks',
	'records',
	'attempts',
	'calls',
	'reset',
	'fault',
]);
const FLAGS = new Set([
	'port',
	'key',
	'program',
	'time-scale',
	'partnerstack',
	'public-key',
	'secret-key',
	'field',
	'hmac-header',
	'hmac-secret',
	'url',
	'data',
	'count',
	'status',
	'retry-after',
	'delay',
	'help',
]);

/**
 * Runs one CLI command. Help, unknown commands and unknown options are answered before anything starts,
 * so a mistyped command never opens a second simulator on a port that is in use.
 * Returns the exit code: 0, or 2 for a command line it does not understand (usage goes to `err`).
 */
export async function runCli(
	argv: string[],
	out: (line: string) => void,
	err: (line: string) => void = out,
): Promise<number> {
	const { command, positional, flags } = parseArgs(argv);
	if (flags.help !== undefined || command === 'help' || argv.includes('-h')) {
		out(USAGE);
		return 0;
	}
	const unknownFlag = Object.keys(flags).find((name) => !FLAGS.has(name));
	if (!COMMANDS.has(command) || unknownFlag !== undefined) {
		err(
			COMMANDS.has(command)
				? `sim: unknown option --${unknownFlag}`
				: `sim: unknown command "${command}"`,
		);
		err(USAGE);
		return 2;
	}
	const base = (
		flags.url ??
		process.env.PARTNERO_SIM_URL ??
		`http://127.0.0.1:${flags.port ?? DEFAULT_SIM_PORT}`
	).replace(/\/+$/, '');
	switch (command) {
		case 'start': {
			if (flags.partnerstack) {
				const field = flags.field as WebhookField | undefined;
				if (field !== undefined && field !== 'target' && field !== 'target_url')
					throw new Error('--field must be target or target_url');
				const ps = await startPartnerStackSimulator({
					port: number(flags, 'port') ?? DEFAULT_PARTNERSTACK_SIM_PORT,
					publicKey: flags['public-key'],
					secretKey: flags['secret-key'],
					webhookField: field,
					hmac: flags['hmac-header']
						? { header: flags['hmac-header'], secret: flags['hmac-secret'] ?? '' }
						: undefined,
				});
				out(
					`PartnerStack simulator listening on ${ps.url} (API base ${ps.apiBaseUrl}, public key ${ps.publicKey}, webhook field ${field ?? 'target'})`,
				);
				out(`Fire events with: npm run sim -- fire partnership.created --url ${ps.url}`);
				await new Promise<void>((resolve) => {
					process.once('SIGINT', resolve);
					process.once('SIGTERM', resolve);
				});
				await ps.close();
				return 0;
			}
			const sim = await startSimulator({
				port: number(flags, 'port') ?? DEFAULT_SIM_PORT,
				apiKey: flags.key,
				programType: flags.program as PartneroProgramType | undefined,
				timeScale: number(flags, 'time-scale'),
			});
			out(
				`Partnero simulator listening on ${sim.url} (API base ${sim.apiBaseUrl}, API key ${sim.apiKey})`,
			);
			out(`Fire events with: npm run sim -- fire partner.created`);
			await new Promise<void>((resolve) => {
				process.once('SIGINT', resolve);
				process.once('SIGTERM', resolve);
			});
			await sim.close();
			return 0;
		}
		case 'fire': {
			const event = positional[0];
			if (!event) throw new Error('Which event? e.g. npm run sim -- fire partner.created');
			const data = flags.data ? (JSON.parse(flags.data) as Record<string, unknown>) : undefined;
			const attempts = (await call(base, 'POST', '/_sim/fire', { event, data })) as Array<{
				url: string;
				status?: number;
				error?: string;
			}>;
			if (attempts.length === 0) out(`No active webhook is subscribed to ${event}.`);
			for (const a of attempts) out(`${event} → ${maskSecret(a.url)}: ${a.status ?? a.error}`);
			return 0;
		}
		case 'webhooks':
		case 'records':
		case 'attempts':
		case 'calls':
			out(JSON.stringify(await call(base, 'GET', `/_sim/${command}`), null, 2));
			return 0;
		case 'reset':
			await call(base, 'POST', '/_sim/reset');
			out('Simulator state cleared.');
			return 0;
		case 'fault':
			await call(base, 'POST', '/_sim/faults', {
				count: number(flags, 'count') ?? 1,
				status: number(flags, 'status'),
				retryAfterSeconds: number(flags, 'retry-after'),
				delayMs: number(flags, 'delay'),
			});
			out('Fault armed.');
			return 0;
		default:
			return 2;
	}
}

if (require.main === module) {
	runCli(
		process.argv.slice(2),
		(line) => console.log(line),
		(line) => console.error(line),
	).then(
		(code) => process.exit(code),
		(error: Error) => {
			console.error(`sim: ${error.message}`);
			process.exit(1);
		},
	);
}
