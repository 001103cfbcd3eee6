import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Backend, Emulator } from '../dev/emulator';
import { startEmulator } from '../dev/emulator';
import {
	createIletiMerkeziEngine,
	iletiMerkeziNode,
	SECRET,
	addFromRows,
	pairedItems,
	requestsTo,
	secretKeyCredentials,
	spreadsheetRows,
} from '../dev/fixtures';

const engine = createIletiMerkeziEngine();
const emulators: Partial<Record<Backend, Emulator>> = {};

beforeAll(async () => {
	emulators.classic = await startEmulator({ backend: 'classic' });
	emulators.current = await startEmulator({ backend: 'current' });
});
afterEach(() => {
	for (const emulator of Object.values(emulators)) {
		for (const request of emulator.requests) expect(request.rawBody).not.toContain(SECRET);
		emulator.clear();
	}
});
afterAll(async () => {
	for (const emulator of Object.values(emulators)) await emulator.close();
});

function add(
	emulator: Emulator,
	rows: IDataObject[],
	options: INodeParameters = {},
	settings: { continueOnFail?: boolean; onError?: 'continueErrorOutput' } = {},
) {
	return engine.runWorkflow({
		items: rows,
		credentials: secretKeyCredentials(emulator),
		nodes: [iletiMerkeziNode({ ...addFromRows, options }, settings)],
	});
}

const sentContacts = (emulator: Emulator) =>
	requestsTo(emulator, 'add-contact').map((request) => request.body.request.contact);

describe('Contact › Add on both backends', () => {
	it('Auto on the batch backend sends batches to add-contacts only', async () => {
		const emulator = emulators.classic!;
		const { error, output } = await add(emulator, spreadsheetRows(250));
		expect(error).toBeUndefined();
		expect(emulator.requests.map((r) => r.apiMethod)).toEqual(Array(3).fill('add-contacts'));
		expect(output('iletiMerkezi')).toHaveLength(250);
		expect(emulator.contacts).toHaveLength(250);
	});

	it('Auto on today’s backend: add-contacts answers 404, the same people go through add-contact, and it stays there', async () => {
		const emulator = emulators.current!;
		const rows = spreadsheetRows(250);
		const { error, output } = await add(emulator, rows);
		expect(error).toBeUndefined();

		expect(requestsTo(emulator, 'add-contacts')).toHaveLength(1);
		expect(requestsTo(emulator, 'add-contacts')[0].status).toBe(404);
		expect(requestsTo(emulator, 'add-contact')).toHaveLength(250);
		// Each person stored exactly once, with every field, in the body add-contact documents.
		expect(emulator.contacts.map((c) => c.gsm).sort()).toEqual(rows.map((r) => r.phone).sort());
		const sent = sentContacts(emulator).find((c) => c.gsm === rows[0].phone);
		expect(sent).toEqual({
			name: rows[0].first_name,
			surname: rows[0].last_name,
			email: rows[0].email,
			gsm: rows[0].phone,
			custom_fields: { custom_field: [{ id: '1', value: rows[0].city }] },
			groups: { group: [{ id: '1' }, { id: '11' }] },
		});

		const items = output('iletiMerkezi');
		expect(pairedItems(items)).toEqual(rows.map((_, i) => i));
		items.forEach((item, i) => {
			const stored = emulator.contacts.find((c) => c.id === item.json.id)!;
			expect(stored.gsm).toBe(rows[i].phone);
			expect(item.json).toMatchObject({
				id: stored.id,
				gsm: rows[i].phone,
				name: rows[i].first_name,
				status: { code: 200, message: 'İşlem başarılı' },
			});
		});
	});

	it('gives each person the same shape of item whichever method answered', async () => {
		const rows = spreadsheetRows(1);
		const batchItems = (await add(emulators.classic!, rows)).output('iletiMerkezi');
		const singleItems = (await add(emulators.current!, rows)).output('iletiMerkezi');
		expect([batchItems.length, singleItems.length]).toEqual([1, 1]);
		const [batch, single] = [batchItems[0].json, singleItems[0].json];
		for (const json of [batch, single]) {
			expect(json).toMatchObject({
				id: '1',
				gsm: rows[0].phone,
				status: { code: 200, message: 'İşlem başarılı' },
			});
		}
		expect(single).toMatchObject({ email: rows[0].email, groups: [1, 11] });
	});

	it('One per Request never calls add-contacts; Many per Request never calls add-contact', async () => {
		const single = await add(emulators.current!, spreadsheetRows(3), { addMethod: 'single' });
		expect(single.error).toBeUndefined();
		expect(emulators.current!.requests.map((r) => r.apiMethod)).toEqual(
			Array(3).fill('add-contact'),
		);

		const batch = await add(emulators.current!, spreadsheetRows(3), { addMethod: 'batch' });
		expect(batch.error?.message).toBe(
			'The contact methods are not enabled for this iletiMerkezi account (code 404)',
		);
		expect(requestsTo(emulators.current!, 'add-contact')).toHaveLength(3);
	});

	it('says the contact methods are not enabled when add-contact answers 404 too, and sends no more', async () => {
		const emulator = emulators.current!;
		emulator.failNext({ apiMethod: 'add-contact', status: 404, times: 100 });
		const { error, output } = await add(emulator, spreadsheetRows(5), {}, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(requestsTo(emulator, 'add-contact').length).toBeLessThanOrEqual(4);
		const items = output('iletiMerkezi');
		expect(items).toHaveLength(5);
		for (const item of items) {
			expect(item.json.error).toBe(
				'The contact methods are not enabled for this iletiMerkezi account (code 404)',
			);
			expect(item.json.message).toMatch(/customer representative/);
		}
		expect(emulator.contacts).toHaveLength(0);
	});

	it.each([
		['466', { phone: '2121234567' }, 'Invalid phone number (code 466)'],
		['463', { groups: '99' }, 'Group not found (code 463)'],
	])(
		'a person refused with %s on today’s backend fails only their item',
		async (_, change, message) => {
			const emulator = emulators.current!;
			const rows = spreadsheetRows(6);
			Object.assign(rows[2], change);
			const { error, output } = await add(emulator, rows, {}, { continueOnFail: true });
			expect(error).toBeUndefined();
			const items = output('iletiMerkezi');
			expect(pairedItems(items)).toEqual([0, 1, 2, 3, 4, 5]);
			expect(items[2].json.error).toBe(message);
			expect(items.filter((item) => item.json.status)).toHaveLength(5);
			expect(emulator.contacts).toHaveLength(5);
		},
	);

	it('sends a refused person to the error output, the others to the success output', async () => {
		const emulator = emulators.current!;
		const rows = spreadsheetRows(3);
		rows[1].phone = '2121234567';
		const { error, output } = await add(emulator, rows, {}, { onError: 'continueErrorOutput' });
		expect(error).toBeUndefined();
		expect(pairedItems(output('iletiMerkezi', 0))).toEqual([0, 2]);
		const [refused] = output('iletiMerkezi', 1);
		expect(refused.pairedItem).toEqual({ item: 1 });
		expect(refused.json).toMatchObject({
			error: 'Invalid phone number (code 466)',
			message: expect.stringMatching(/Turkish mobile number/),
		});
	});
});

describe('Contact › Add › Concurrency', () => {
	let slow: Emulator;
	beforeAll(async () => {
		slow = await startEmulator({ backend: 'current', delayMs: 30 });
	});
	afterEach(() => slow.clear());
	afterAll(async () => await slow.close());

	it.each([1, 4, 8])(
		'keeps %i add-contact requests in flight, and every result on its own item',
		async (concurrency) => {
			const rows = spreadsheetRows(24);
			const { error, output } = await add(slow, rows, { addMethod: 'single', concurrency });
			expect(error).toBeUndefined();
			expect(slow.peakInFlight).toBe(concurrency);
			const items = output('iletiMerkezi');
			expect(pairedItems(items)).toEqual(rows.map((_, i) => i));
			items.forEach((item, i) => expect(item.json.gsm).toBe(rows[i].phone));
			expect(slow.contacts).toHaveLength(24);
		},
	);

	it('sends batches in parallel too, in input order on the items', async () => {
		const batchy = await startEmulator({ backend: 'classic', delayMs: 30 });
		try {
			const rows = spreadsheetRows(50);
			const { error, output } = await add(batchy, rows, { batchSize: 5, concurrency: 3 });
			expect(error).toBeUndefined();
			expect(batchy.peakInFlight).toBe(3);
			expect(requestsTo(batchy, 'add-contacts')).toHaveLength(10);
			const items = output('iletiMerkezi');
			items.forEach((item, i) => expect(item.json.gsm).toBe(rows[i].phone));
		} finally {
			await batchy.close();
		}
	});

	it('one failed request fails only its own people', async () => {
		const rows = spreadsheetRows(8);
		slow.failNext({ apiMethod: 'add-contact', status: 402 });
		const { error, output } = await add(
			slow,
			rows,
			{ addMethod: 'single', concurrency: 4 },
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		const failed = output('iletiMerkezi').filter((item) => item.json.error);
		expect(failed).toHaveLength(1);
		expect(failed[0].json.error).toBe('The iletiMerkezi balance is too low (code 402)');
		expect(slow.contacts).toHaveLength(7);
	});

	it('without continue-on-fail starts no new request after a refusal, and says item by item what became of each', async () => {
		const rows = spreadsheetRows(40);
		rows[5].phone = '2121234567';
		const { error } = await add(slow, rows, { addMethod: 'single', concurrency: 4 });
		expect(error?.message).toBe('Invalid phone number (code 466) [item 5]');
		const sent = requestsTo(slow, 'add-contact').length;
		expect(sent).toBeLessThan(40);
		// The items that went out are 0 to sent - 1, in order; the emulator stored all but item 5.
		const stored = rows.flatMap((row, i) =>
			slow.contacts.some((c) => c.gsm === row.phone) ? [i] : [],
		);
		expect(stored).toEqual([...Array(sent).keys()].filter((i) => i !== 5));
		expect((error as { description?: string }).description).toContain(
			`${sent - 1} contact(s) were added (items 0–4, 6–${sent - 1}). Not added: item 5. Not sent: items ${sent}–39.`,
		);
	});

	it('each person’s own answer decides their item, whatever the requests beside it got', async () => {
		// The first request meets a 404; the second, already in flight, stores its person.
		slow.failNext({ apiMethod: 'add-contact', status: 404 });
		const rows = spreadsheetRows(3);
		const { output } = await add(
			slow,
			rows,
			{ addMethod: 'single', concurrency: 2 },
			{ continueOnFail: true },
		);
		const items = output('iletiMerkezi');
		for (const [i, item] of items.entries()) {
			const isStored = slow.contacts.some((c) => c.gsm === rows[i].phone);
			expect([i, item.json.status !== undefined]).toEqual([i, isStored]);
		}
		expect(slow.contacts).toHaveLength(1);
		expect(items[0].json.error).toBe(
			'The contact methods are not enabled for this iletiMerkezi account (code 404)',
		);
	});

	it('a lost answer from add-contact is never re-sent: a lookup finds the person, the others go on', async () => {
		const rows = spreadsheetRows(6);
		slow.failNext({ apiMethod: 'add-contact', reset: true, afterProcessing: true });
		const { error, output } = await add(slow, rows, { addMethod: 'single', concurrency: 1 });
		expect(error).toBeUndefined();
		expect(requestsTo(slow, 'add-contact')).toHaveLength(6);
		expect(requestsTo(slow, 'search-contacts')).toHaveLength(1);
		expect(slow.contacts.map((c) => c.gsm).sort()).toEqual(rows.map((r) => r.phone).sort());
		expect(output('iletiMerkezi').map((item) => item.json.gsm)).toEqual(rows.map((r) => r.phone));
	});

	it('a person who cannot be looked up after a lost answer stops the run as unclear, never re-sent', async () => {
		slow.failNext({ apiMethod: 'add-contact', reset: true, afterProcessing: true });
		const { error } = await add(slow, [{ first_name: 'Al' }, { first_name: 'Veli' }], {
			addMethod: 'single',
			concurrency: 1,
		});
		expect(error?.message).toBe('Could not reach iletiMerkezi');
		const description = (error as { description?: string }).description;
		expect(description).toContain('Whether it was stored could not be checked');
		expect(description).toContain(
			'1 contact(s) were added (item 1). Unclear, the answer was lost: item 0; search for them before running again.',
		);
		expect(description).not.toContain('Run again only');
		expect(requestsTo(slow, 'add-contact')).toHaveLength(2);
		expect(slow.contacts).toHaveLength(2);
	});

	it('Auto moves to add-contact on a later batch’s 404 when the first batch’s answer was unclear', async () => {
		const current = emulators.current!;
		current.failNext({ apiMethod: 'add-contacts', html: true, status: 502 });
		const rows = spreadsheetRows(6);
		const { error, output } = await add(
			current,
			rows,
			{ batchSize: 2, concurrency: 1 },
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		const items = output('iletiMerkezi');
		// The first batch's people were not found (add-contacts stores nothing here): sent once
		// more, one by one, after the rest.
		expect(items.map((item) => item.json.status)).toEqual(
			Array(6).fill({ code: 200, message: 'İşlem başarılı' }),
		);
		expect(requestsTo(current, 'add-contact')).toHaveLength(6);
		expect(current.contacts.map((c) => c.gsm)).toEqual(
			[...rows.slice(2), ...rows.slice(0, 2)].map((r) => r.phone),
		);
	});

	it('refuses a concurrency outside 1–16 before any request', async () => {
		const { error } = await add(slow, spreadsheetRows(2), { concurrency: 17 });
		expect(error?.message).toBe(
			'Concurrency must be a whole number from 1 to 16; it is the number 17',
		);
		expect(slow.requests).toHaveLength(0);
	});
});
