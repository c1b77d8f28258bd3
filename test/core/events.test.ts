import {
	ALL_EVENTS,
	PARTNERO_EVENTS,
	PARTNERO_EVENT_NAMES,
	eventSelected,
	isPartneroEvent,
	partneroEventsFor,
} from '../../core/partnero/events';

// The documented union (apis.md §2.1), written out independently of the catalogue.
const DOCUMENTED = [
	'partner.created',
	'partner.updated',
	'partner.deleted',
	'partner.approved',
	'partner.rejected',
	'partner.archived',
	'customer.created',
	'customer.updated',
	'customer.deleted',
	'customer.credited',
	'customer.rewarded',
	'transaction.created',
	'transaction.updated',
	'transaction.deleted',
	'reward.created',
	'reward.approved',
	'reward.paid',
	'lead.submitted',
	'lead.converted',
	'lead.rejected',
	'subscriber.created',
	'subscriber.updated',
	'subscriber.deleted',
	'subscriber.rewarded',
];

describe('Partnero event catalogue', () => {
	it('holds exactly the documented union, without duplicates', () => {
		expect([...PARTNERO_EVENT_NAMES].sort()).toEqual([...DOCUMENTED].sort());
		expect(new Set(PARTNERO_EVENT_NAMES).size).toBe(PARTNERO_EVENT_NAMES.length);
	});

	it('tags every event with its resource, a description and at least one program type', () => {
		for (const info of PARTNERO_EVENTS) {
			expect(info.name.startsWith(info.resource + '.')).toBe(true);
			expect(info.description.length).toBeGreaterThan(5);
			expect(info.programTypes.length).toBeGreaterThan(0);
		}
	});

	it('groups events by program type as Partnero describes', () => {
		const names = (type: Parameters<typeof partneroEventsFor>[0]) =>
			partneroEventsFor(type)
				.map((e) => e.name)
				.sort();
		expect(names('newsletter')).toEqual([
			'subscriber.created',
			'subscriber.deleted',
			'subscriber.rewarded',
			'subscriber.updated',
		]);
		const affiliateResources = new Set(partneroEventsFor('affiliate').map((e) => e.resource));
		expect([...affiliateResources].sort()).toEqual([
			'customer',
			'lead',
			'partner',
			'reward',
			'transaction',
		]);
		const referral = names('refer-a-friend');
		expect(referral).toEqual(
			expect.arrayContaining(['customer.credited', 'customer.rewarded', 'transaction.created']),
		);
		expect(referral.every((n) => n.startsWith('customer.') || n.startsWith('transaction.'))).toBe(
			true,
		);
	});

	it('isPartneroEvent knows catalogue names only', () => {
		expect(isPartneroEvent('partner.created')).toBe(true);
		expect(isPartneroEvent('Partner.Created')).toBe(false);
		expect(isPartneroEvent('partner.exploded')).toBe(false);
		expect(isPartneroEvent('')).toBe(false);
	});
});

describe('eventSelected', () => {
	it('treats an empty selection and the wildcard as all events', () => {
		expect(eventSelected([], 'anything.new')).toBe(true);
		expect(eventSelected([ALL_EVENTS], 'partner.created')).toBe(true);
		expect(eventSelected(['partner.created', '*'], 'lead.rejected')).toBe(true);
	});

	it('otherwise needs an exact match', () => {
		expect(eventSelected(['partner.created'], 'partner.created')).toBe(true);
		expect(eventSelected(['partner.created'], 'partner.updated')).toBe(false);
		expect(eventSelected(['partner.created'], 'partner.*')).toBe(false);
	});
});
