import { RefusalLog, refusalReason } from '../../core/refusal-log';

test('3,000 forged requests make two lines, not 3,000: the first in full, then one summary with counts by reason', () => {
	let now = 1_000_000;
	const log = new RefusalLog({ intervalMs: 60_000, now: () => now });
	const lines: string[] = [];
	for (let i = 0; i < 3000; i++) {
		const reason =
			i % 3 === 0
				? { status: 400, reason: 'stale' }
				: { status: 401, reason: 'signature-mismatch' };
		lines.push(
			...log.refused(refusalReason(reason), `Refused a delivery (${reason.status}): detail ${i}`),
		);
		now += 10;
	}
	expect(lines).toEqual(['Refused a delivery (400): detail 0']);
	now += 60_000;
	lines.push(...log.refused('401 signature-mismatch', 'Refused a delivery (401): later'));
	expect(lines).toHaveLength(3);
	expect(lines[1]).toBe(
		'Refused 2999 more deliveries in the last 90 s: 2000 × 401 signature-mismatch, 999 × 400 stale',
	);
	expect(lines[2]).toBe('Refused a delivery (401): later');
});

test('flush writes what is pending and nothing when nothing is', () => {
	let now = 0;
	const log = new RefusalLog({ intervalMs: 1000, now: () => now });
	expect(log.flush()).toEqual([]);
	log.refused('413 too-large', 'first');
	expect(log.dueAt()).toBeUndefined();
	log.refused('413 too-large', 'second');
	expect(log.dueAt()).toBe(1000);
	now = 1000;
	expect(log.flush()).toEqual(['Refused 1 more deliveries in the last 1 s: 1 × 413 too-large']);
	expect(log.flush()).toEqual([]);
	expect(log.refused('413 too-large', 'third')).toEqual(['third']);
});
