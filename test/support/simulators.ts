/**
 * The simulators a suite (n8n or Node-RED) runs against, started once per suite, and the one way the suites wait.
 * Free of any engine, so a suite that starts a real runtime can use it without loading a test helper.
 */
import { startSimulator, type Simulator } from '../../sim/server';
import {
	startPartnerStackSimulator,
	type PartnerStackSimulator,
} from '../../sim/partnerstack/server';

export interface Simulators {
	/** The Partnero simulator (when the suite asked for it). */
	readonly sim: Simulator;
	/** The PartnerStack simulator (when the suite asked for it). */
	readonly ps: PartnerStackSimulator;
}

/**
 * Starts the simulators a suite names once, closes them at the end and, unless `reset` is false (a suite whose
 * tests check that the previous one left nothing behind), resets them before each test.
 */
export function useSimulators(o: {
	partnero?: boolean;
	partnerStack?: boolean;
	reset?: boolean;
}): Simulators {
	let sim: Simulator | undefined;
	let ps: PartnerStackSimulator | undefined;
	beforeAll(async () => {
		if (o.partnero) sim = await startSimulator();
		if (o.partnerStack) ps = await startPartnerStackSimulator();
	});
	afterAll(async () => {
		await sim?.close();
		await ps?.close();
	});
	if (o.reset !== false) {
		beforeEach(() => {
			sim?.reset();
			ps?.reset();
		});
	}
	return {
		get sim() {
			return started(sim, 'Partnero');
		},
		get ps() {
			return started(ps, 'PartnerStack');
		},
	};
}

function started<T>(what: T | undefined, name: string): T {
	if (!what) throw new Error(`the ${name} simulator was not asked for`);
	return what;
}

/** Polls until `check` holds; fails the test with `what` after `ms`. */
export async function until(
	check: () => boolean | Promise<boolean>,
	what: string,
	ms = 10000,
): Promise<void> {
	const end = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}
