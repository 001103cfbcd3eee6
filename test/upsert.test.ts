/**
 * Contact › Create or Update: a sheet synced every night finds each person by phone number (else
 * email), writes only what differs, adds only who is new, and says per item what it did.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Backend, Emulator } from '../dev/emulator';
import { startEmulator } from '../dev/emulator';
import { addFromRows, requestsTo, runNode } from '../dev/fixtures';

const emulators: Partial<Record<Backend, Emulator>> = {};
let emulator: Emulator;

beforeAll(async () => {
	for (const backend of ['current', 'classic'] as const) {
		emulators[backend] = await startEmulator({ backend });
	}
	emulator = emulators.current!;
});
beforeEach(() => {
	for (const each of Object.values(emulators)) each.clear();
	emulator.seedContacts([
		{
			name: 'Ayşe',
			surname: 'Yılmaz',
			gsm: '5321111111',
			email: 'ayse@example.com',
			groups: ['1'],
		},
		{ name: 'Mehmet', surname: 'Demir', gsm: '5322222222', groups: ['2'] },
	]);
});
afterAll(async () => await Promise.all(Object.values(emulators).map((each) => each.close())));

const UPSERT = { ...addFromRows, operation: 'upsert', groupIds: '', customFields: {} };

async function sync(
	rows: IDataObject[],
	parameters: INodeParameters = {},
	on: Emulator = emulator,
	continueOnFail = true,
) {
	return await runNode(on, { ...UPSERT, ...parameters }, rows, { continueOnFail });
}

/** Requests that wrote (Auto's first add-contacts on today's backend answers 404, writing nothing). */
const writes = (on: Emulator = emulator) =>
	on.requests.filter(
		(r) =>
			['add-contact', 'add-contacts', 'edit-contact'].includes(r.apiMethod) && r.status === 200,
	);

const THREE = [
	// Ayşe's phone written another way, her surname changed.
	{ phone: '+90 532 111 11 11', first_name: 'Ayşe', last_name: 'Kaya' },
	{ phone: '5333333333', first_name: 'Zeynep' },
	{ phone: '5322222222', first_name: 'Mehmet', last_name: 'Demir' },
];

describe('Contact › Create or Update', () => {
	it('updates the changed, adds the new, leaves the identical: one edit and one add', async () => {
		const { error, items } = await sync(THREE);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.result)).toEqual(['updated', 'created', 'unchanged']);
		expect(
			writes()
				.map((r) => r.apiMethod)
				.sort(),
		).toEqual(['add-contact', 'edit-contact']);
		expect(requestsTo(emulator, 'edit-contact')[0].body.request.contact).toEqual({
			id: '1',
			surname: 'Kaya',
		});
		expect(items[0]).toMatchObject({ id: '1', surname: 'Kaya', email: 'ayse@example.com' });
		expect(emulator.contacts.map((c) => c.gsm)).toEqual(['5321111111', '5322222222', '5333333333']);
	});

	it('run again, writes nothing and says unchanged', async () => {
		await sync(THREE);
		emulator.requests.length = 0;
		const { items } = await sync(THREE);
		expect(items.map((item) => item.result)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(writes()).toEqual([]);
		expect(emulator.contacts).toHaveLength(3);
	});

	it('never clears a field the item leaves empty', async () => {
		const { items } = await sync([{ phone: '5321111111', first_name: 'Ayşe' }]);
		expect(items[0].result).toBe('unchanged');
		expect(emulator.contacts[0]).toMatchObject({ surname: 'Yılmaz', email: 'ayse@example.com' });
	});

	it('matches by email when the item has no phone number', async () => {
		const { items } = await sync([{ email: 'AYSE@example.com', first_name: 'Ayşegül' }]);
		expect(items[0]).toMatchObject({ id: '1', name: 'Ayşegül', result: 'updated' });
	});

	it('adds groups to the contact’s own by default, and replaces them when asked', async () => {
		await sync([{ phone: '5321111111', groups: '11' }], { groupIds: '={{ $json.groups }}' });
		expect(emulator.contacts[0].groups).toEqual(['1', '11']);
		await sync([{ phone: '5321111111', groups: '12' }], {
			groupIds: '={{ $json.groups }}',
			options: { groupHandling: 'replace' },
		});
		expect(emulator.contacts[0].groups).toEqual(['12']);
	});

	it('handles items sharing a number one after the other: the second sees the first’s contact', async () => {
		const { items } = await sync([
			{ phone: '5334444444', first_name: 'Can' },
			{ phone: '0533 444 44 44', first_name: 'Can', last_name: 'Öztürk' },
		]);
		expect(items.map((item) => item.result)).toEqual(['created', 'updated']);
		expect(emulator.contacts.filter((c) => c.gsm === '5334444444')).toHaveLength(1);
	});

	it('two contacts with the number: that item’s clear error, nothing written', async () => {
		emulator.seedContacts([{ name: 'İkiz', gsm: '5322222222' }]);
		const { items } = await sync([{ phone: '5322222222', first_name: 'Mehmet', last_name: 'X' }]);
		expect(items[0].error).toBe('More than one contact matches');
		expect(writes()).toEqual([]);
	});

	it('an item without phone number or email is its own error; the others go on', async () => {
		const { items } = await sync([{ first_name: 'Adsız' }, THREE[1]]);
		expect(items[0].error).toBe('The item has no phone number or email to match by');
		expect(items[1].result).toBe('created');
	});

	it('a lost answer to the add stores the person once', async () => {
		emulator.failNext({ apiMethod: 'add-contact', reset: true, afterProcessing: true });
		const { items } = await sync([THREE[1]], { options: { addMethod: 'single' } });
		expect(items[0]).toMatchObject({ gsm: '5333333333' });
		expect(items[0].error).toBeUndefined();
		expect(emulator.contacts.filter((c) => c.gsm === '5333333333')).toHaveLength(1);
	});

	it('in a group read once: the members found there cost no search, the others are searched before being added', async () => {
		emulator.generateContacts(2500, (i) => ({
			name: `Üye${i}`,
			gsm: `54${String(i).padStart(8, '0')}`,
			groups: ['12'],
		}));
		const rows = [
			{ phone: '5400000007', first_name: 'Üye7' },
			{ phone: '5400000008', first_name: 'Yeni Ad' },
			{ phone: '5321111111', first_name: 'Ayşe' },
			{ phone: '5335555555', first_name: 'Yeni' },
		];
		const { items } = await sync(rows, {
			matchIn: 'group',
			matchGroupId: { __rl: true, mode: 'id', value: '12' },
		});
		expect(items.map((item) => item.result)).toEqual([
			'unchanged',
			'updated',
			'unchanged',
			'created',
		]);
		expect(requestsTo(emulator, 'get-group-contacts')).toHaveLength(3);
		expect(requestsTo(emulator, 'search-contacts').map((r) => r.body.request.search.key)).toEqual([
			'5321111111',
			'5335555555',
		]);
	});

	it('Map Automatically works the same way', async () => {
		const { items } = await sync(
			[{ 'Cep Telefonu': '0532 222 22 22', Ad: 'Mehmet', Soyad: 'Demir' }],
			{
				mappingMode: 'autoMapInputData',
			},
		);
		expect(items[0]).toMatchObject({ id: '2', result: 'unchanged' });
	});

	it('on the earlier backend a found person who differs is a clear error; the rest works', async () => {
		const classic = emulators.classic!;
		classic.seedContacts([{ name: 'Ayşe', gsm: '5321111111' }]);
		const { items } = await sync(
			[
				{ phone: '5321111111', first_name: 'Ayşe', last_name: 'Kaya' },
				{ phone: '5321111111', first_name: 'Ayşe' },
				{ phone: '5333333333', first_name: 'Zeynep' },
			],
			{},
			classic,
		);
		expect(items[0].error).toBe(
			'The contact methods are not enabled for this iletiMerkezi account (code 404)',
		);
		expect(items[0].message).toMatch(
			/needs edit-contact, which this account’s backend does not have/,
		);
		expect(items.slice(1).map((item) => item.result)).toEqual(['unchanged', 'created']);
		expect(classic.contacts).toHaveLength(2);
	});
});

describe('Contact › Create or Update: one person, one contact (docs/operations.md, matching)', () => {
	const withPhone = { phone: '5339990001', first_name: 'Ali', email: 'ali@example.org' };
	const emailOnly = { first_name: 'Ali', email: 'ALI@example.org' };
	const stored = (email: string) =>
		emulator.contacts.filter((c) => c.email.toLowerCase() === email);

	it.each([
		// The email-only row adds nothing to the contact the row with a phone made.
		['the row with a phone first', [withPhone, emailOnly], 1, 'unchanged'],
		// The row with a phone adds its phone to the contact the email-only row made.
		['the email-only row first', [emailOnly, withPhone], 1, 'updated'],
		['the row with a phone first, four at a time', [withPhone, emailOnly], 4, 'unchanged'],
		['the email-only row first, four at a time', [emailOnly, withPhone], 4, 'updated'],
	])(
		'two rows sharing an email, one without a phone (%s): one contact, and a run again is unchanged',
		async (_, rows, concurrency, second) => {
			const first = await sync(rows, { options: { concurrency } });
			expect(first.items.map((item) => item.error)).toEqual([undefined, undefined]);
			expect(first.items.map((item) => item.result)).toEqual(['created', second]);
			expect(stored('ali@example.org')).toHaveLength(1);
			expect(stored('ali@example.org')[0].gsm).toBe('5339990001');
			expect(first.items[1].id).toBe(first.items[0].id);
			const again = await sync(rows, { options: { concurrency } });
			expect(again.items.map((item) => item.result)).toEqual(['unchanged', 'unchanged']);
			expect(stored('ali@example.org')).toHaveLength(1);
		},
	);

	it('a stored contact with the email and no phone gets the item’s phone: updated, not a second contact', async () => {
		emulator.seedContacts([{ name: 'Ali', email: 'ali@example.org' }]);
		const [before] = stored('ali@example.org');
		const { items } = await sync([withPhone]);
		expect(items[0]).toMatchObject({ result: 'updated', id: before.id, gsm: '5339990001' });
		expect(stored('ali@example.org')).toHaveLength(1);
	});

	it('a stored contact with the email and another phone is someone else: a new contact, with a note', async () => {
		const { items } = await sync([
			{ phone: '5339990002', first_name: 'Can', email: 'ayse@example.com' },
		]);
		const ayse = emulator.contacts.find((c) => c.gsm === '5321111111')!;
		expect(items[0]).toMatchObject({ result: 'created', gsm: '5339990002' });
		expect(items[0].note).toContain(`Contact ${ayse.id} has this email with another phone number`);
		expect(stored('ayse@example.com')).toHaveLength(2);
	});

	it('two stored contacts with the email and no phone: that item’s clear error, nothing written', async () => {
		emulator.seedContacts([
			{ name: 'Bir', email: 'ortak@example.org' },
			{ name: 'İki', email: 'ortak@example.org' },
		]);
		const { items } = await sync([{ phone: '5339990003', email: 'ortak@example.org' }]);
		expect(items[0].error).toBe('More than one contact matches');
		expect(writes()).toEqual([]);
	});

	it('in a group: an email-only row after the row with the phone finds the contact the run made', async () => {
		const { items } = await sync([withPhone, emailOnly], {
			matchIn: 'group',
			matchGroupId: { __rl: true, mode: 'id', value: '12' },
		});
		expect(items.map((item) => item.result)).toEqual(['created', 'unchanged']);
		expect(stored('ali@example.org')).toHaveLength(1);
	});
});
