import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../dev/emulator';
import { startEmulator } from '../dev/emulator';
import {
	createIletiMerkeziEngine,
	iletiMerkeziNode,
	pairedItems,
	requestsTo,
	secretKeyCredentials,
} from '../dev/fixtures';

const engine = createIletiMerkeziEngine();
let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ backend: 'current' });
});
beforeEach(() => emulator.clear());
afterAll(async () => await emulator.close());

function run(
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
	continueOnFail = false,
	on = emulator,
) {
	return engine.runWorkflow({
		items,
		credentials: secretKeyCredentials(on),
		nodes: [iletiMerkeziNode({ resource: 'blacklist', ...parameters }, { continueOnFail })],
	});
}

const json = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json);
const listed = (on = emulator) => on.account.blacklist.map((entry) => entry.number);
/** The i-th of a run of distinct mobiles, 5300000000 onwards. */
const mobile = (i: number) => `53${String(i).padStart(8, '0')}`;
const itemIndexOf = (error: unknown) => (error as { context?: IDataObject }).context?.itemIndex;

describe('Blacklist › Add', () => {
	const add = { operation: 'add', phoneNumber: '={{ $json.phone }}' };

	it('one number written three ways is sent as +90… each time and listed once', async () => {
		const phones = ['5321234567', '+90 532 123 45 67', '0532 123 4567'];
		const { error, output } = await run(
			add,
			phones.map((phone) => ({ phone })),
		);
		expect(error).toBeUndefined();
		expect(listed()).toEqual(['+905321234567']);
		const sent = requestsTo(emulator, 'add-blacklist').map((r) => r.body.request.blacklist);
		expect(sent).toEqual(Array(3).fill({ number: '+905321234567' }));
		const items = output('iletiMerkezi');
		expect(json(items)).toEqual(Array(3).fill({ number: '+905321234567', blacklisted: true }));
		expect(pairedItems(items)).toEqual([0, 1, 2]);
	});

	it.each([
		[1, 1],
		[4, 4],
	])(
		'Concurrency %i: that many requests at once, the output in input order',
		async (concurrency, peak) => {
			const slow = await startEmulator({ backend: 'current', delayMs: 40 });
			try {
				const phones = Array.from({ length: 12 }, (_, i) => ({ phone: mobile(i) }));
				const { error, output } = await run(
					{ ...add, options: { concurrency } },
					phones,
					false,
					slow,
				);
				expect(error).toBeUndefined();
				expect(slow.peakInFlight).toBe(peak);
				expect(json(output('iletiMerkezi')).map((item) => item.number)).toEqual(
					phones.map(({ phone }) => `+90${phone}`),
				);
				expect(listed(slow)).toHaveLength(12);
			} finally {
				await slow.close();
			}
		},
	);

	it.each(['12345', '+49 30 1234567', '4321234567', '={{ "" }}', '={{ ["5321234567"] }}'])(
		'refuses %p before any request',
		async (phoneNumber) => {
			const { error } = await run({ operation: 'add', phoneNumber });
			expect(error?.message).toMatch(/^Phone Number /);
			expect(itemIndexOf(error)).toBe(0);
			expect(emulator.requests).toHaveLength(0);
		},
	);

	it('under Continue, a bad number is its own item’s error and the others are added', async () => {
		const { error, output } = await run(
			add,
			[{ phone: '5321234567' }, { phone: 'yok' }, { phone: '5327654321' }],
			true,
		);
		expect(error).toBeUndefined();
		const items = output('iletiMerkezi');
		expect(pairedItems(items)).toEqual([0, 1, 2]);
		expect(items[1].json).toEqual({
			error: 'Phone Number "yok" is not a Turkish mobile number',
			message: expect.stringContaining('5321234567'),
		});
		expect(listed()).toEqual(['+905321234567', '+905327654321']);
	});

	it('a number the API refuses (466) fails its own item', async () => {
		emulator.failNext({ apiMethod: 'add-blacklist', status: 466 });
		const { output } = await run(add, [{ phone: '5321234567' }, { phone: '5327654321' }], true);
		const items = output('iletiMerkezi');
		expect(items[0].json.error).toBe('Invalid phone number (code 466)');
		expect(items[1].json).toEqual({ number: '+905327654321', blacklisted: true });
	});

	it('a 404 says the method is unknown and points at the Base URL, not at the address book', async () => {
		emulator.failNext({ apiMethod: 'add-blacklist', status: 404 });
		const { error } = await run(add, [{ phone: '5321234567' }]);
		expect(error?.message).toBe(
			'iletiMerkezi does not know the add-blacklist method for this account (code 404)',
		);
		expect((error as { description?: string }).description).toMatch(/Base URL/);
		expect((error as { description?: string }).description).not.toMatch(/address book/);
	});
});

describe('Blacklist › Remove', () => {
	const remove = { operation: 'remove', phoneNumber: '={{ $json.phone }}' };

	it('takes a listed number off, however it is written', async () => {
		emulator.account.seedBlacklist(['5321234567', '5327654321']);
		const { error, output } = await run(remove, [{ phone: '0532 123 45 67' }]);
		expect(error).toBeUndefined();
		expect(json(output('iletiMerkezi'))).toEqual([{ number: '+905321234567', removed: true }]);
		expect(listed()).toEqual(['+905327654321']);
	});

	it('a number not on the list is that item’s clear answer, not an error', async () => {
		emulator.account.seedBlacklist(['5327654321']);
		const { error, output } = await run(remove, [{ phone: '5321234567' }, { phone: '5327654321' }]);
		expect(error).toBeUndefined();
		expect(json(output('iletiMerkezi'))).toEqual([
			{
				number: '+905321234567',
				removed: false,
				reason: 'The number is not on the blacklist, or cannot be removed from it (code 474)',
			},
			{ number: '+905327654321', removed: true },
		]);
	});

	it('after a lost answer, a 474 on the repeat is read back: no longer listed, so removed', async () => {
		emulator.account.seedBlacklist(['5321234567']);
		emulator.failNext({ apiMethod: 'delete-blacklist', reset: true, afterProcessing: true });
		const { error, output } = await run(remove, [{ phone: '5321234567' }]);
		expect(error).toBeUndefined();
		expect(json(output('iletiMerkezi'))).toEqual([
			{ number: '+905321234567', removed: true, onBlacklist: false, note: expect.any(String) },
		]);
		expect(requestsTo(emulator, 'delete-blacklist')).toHaveLength(2);
		expect(listed()).toEqual([]);
	});
});

describe('Blacklist › Get Many', () => {
	const getMany = { operation: 'getMany' };
	const pages = () =>
		requestsTo(emulator, 'get-blacklist').map((r) => r.body.request.blacklist as IDataObject);

	it.each([
		[2500, 3],
		[3000, 4],
	])(
		'Return All over %i numbers: exactly %i requests, one item per number in the API’s order',
		async (count, requests) => {
			const numbers = Array.from({ length: count }, (_, i) => mobile(i));
			emulator.account.seedBlacklist(numbers);
			const { error, output } = await run({ ...getMany, returnAll: true });
			expect(error).toBeUndefined();
			// 3,000 fills its last page: only an empty fourth ends the list, as `count` may be wrong.
			const asked = Array.from({ length: requests }, (_, i) => ({ page: i + 1, rowCount: 1000 }));
			expect(pages()).toEqual(asked);
			expect(json(output('iletiMerkezi'))).toEqual(numbers.map((n) => ({ number: `+90${n}` })));
		},
	);

	it('Limit 5: one request for 5 rows', async () => {
		emulator.account.seedBlacklist(Array.from({ length: 40 }, (_, i) => mobile(i)));
		const { output } = await run({ ...getMany, limit: 5 });
		expect(pages()).toEqual([{ page: 1, rowCount: 5 }]);
		expect(json(output('iletiMerkezi'))).toEqual(
			[0, 1, 2, 3, 4].map((i) => ({ number: `+90${mobile(i)}` })),
		);
	});

	it('an empty blacklist gives no items', async () => {
		const { error, output } = await run({ ...getMany, returnAll: true });
		expect(error).toBeUndefined();
		expect(output('iletiMerkezi')).toEqual([]);
		expect(pages()).toHaveLength(1);
	});

	describe('the date range filter, in Istanbul time', () => {
		// The emulator reads the filter's zoneless text as it reads these: the same wall clock.
		const seed = () =>
			emulator.account.seedBlacklist([
				{ number: mobile(1), addedAt: '2026-05-01 08:00:00' },
				{ number: mobile(2), addedAt: '2026-05-01 10:00:00' },
				{ number: mobile(3), addedAt: '2026-05-01 23:30:00' },
				{ number: mobile(4), addedAt: '2026-05-02 00:30:00' },
			]);

		it.each([
			['Istanbul wall-clock text', '2026-05-01 09:00', '2026-05-01'],
			['n8n’s date picker', '2026-05-01T09:00:00', '2026-05-01T23:59:59'],
			['ISO with a zone', '2026-05-01T06:00:00Z', '2026-05-01T22:59:59+02:00'],
			['day first, as written in Türkiye', '01.05.2026 09:00', '01.05.2026'],
		])('%s: sent as Istanbul time, only numbers added in the range', async (_, from, until) => {
			seed();
			const { error, output } = await run({
				...getMany,
				returnAll: true,
				filters: { addedFrom: from, addedUntil: until },
			});
			expect(error).toBeUndefined();
			expect(pages()[0].filter).toEqual({
				start: '2026-05-01 09:00:00',
				end: '2026-05-01 23:59:59',
			});
			expect(json(output('iletiMerkezi'))).toEqual([
				{ number: `+90${mobile(2)}` },
				{ number: `+90${mobile(3)}` },
			]);
		});

		it('one end alone is sent alone', async () => {
			seed();
			const { output } = await run({ ...getMany, limit: 10, filters: { addedFrom: '2026-05-01' } });
			expect(pages()).toEqual([
				{ filter: { start: '2026-05-01 00:00:00' }, page: 1, rowCount: 10 },
			]);
			expect(output('iletiMerkezi')).toHaveLength(4);
		});

		it.each([
			[
				{ addedFrom: '2026-05-02', addedUntil: '2026-05-01' },
				/^Added From \(2026-05-02 00:00:00\) is later than Added Until/,
			],
			[{ addedFrom: 'dün' }, /^Added From "dün" is not a date/],
			[{ addedUntil: '2026-02-30' }, /^Added Until "2026-02-30" is not a date/],
		])('refuses %p before any request', async (filters, message) => {
			const { error } = await run({ ...getMany, returnAll: true, filters });
			expect(error?.message).toMatch(message);
			expect(itemIndexOf(error)).toBe(0);
			expect(emulator.requests).toHaveLength(0);
		});
	});
});
