/**
 * The statuses and log lines of the nodes in a Node-RED runtime started in this process (support/runtime.ts),
 * as the runtime announces them: its `node-status` events and its log handlers.
 */
import { EventEmitter } from 'node:events';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { events, log } = require('@node-red/util');

export interface Statuses {
	/** The node's latest status, or undefined before its first. */
	of(id: string): { fill?: string; shape?: string; text?: string } | undefined;
	/** Every status the node showed, oldest first. */
	history(id: string): Array<{ fill?: string; shape?: string; text?: string }>;
	stop(): void;
}

export function watchStatuses(): Statuses {
	const seen = new Map<string, Array<Record<string, string>>>();
	const listener = (e: { id: string; status: Record<string, string> }) => {
		const list = seen.get(e.id) ?? [];
		list.push(e.status);
		seen.set(e.id, list);
	};
	events.on('node-status', listener);
	return {
		of: (id) => seen.get(id)?.at(-1),
		history: (id) => seen.get(id) ?? [],
		stop: () => events.removeListener('node-status', listener),
	};
}

export interface LogLine {
	/** Node-RED's numeric level: 20 error, 30 warn, 40 info. */
	level: number;
	/** The node that logged it, if any. */
	id?: string;
	msg: string;
}

/** Node log lines from now on. Call after the runtime's init (which resets the log handlers). */
export function watchLogs(): {
	lines: LogLine[];
	of(id: string, level?: number): string[];
	stop(): void;
} {
	const lines: LogLine[] = [];
	const handler = new EventEmitter();
	handler.on('log', (m: { level: number; id?: string; msg: unknown }) =>
		lines.push({ level: m.level, id: m.id, msg: String(m.msg) }),
	);
	log.addHandler(handler);
	return {
		lines,
		of: (id, level) =>
			lines
				.filter((l) => l.id === id && (level === undefined || l.level === level))
				.map((l) => l.msg),
		stop: () => log.removeHandler(handler),
	};
}
