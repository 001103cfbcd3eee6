/**
 * Every verdict from proof, and every list whole: an ambiguous "already done" after a lost answer
 * is settled by reading back what is true (Blacklist › Remove, Message › Cancel), and a list's
 * count or total never ends it early (Message › Get Many, Blacklist › Get Many, Message › Get
 * Report); a count that disagrees with the pages is a warning on the run.
 */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import type { Emulator, Fault, StoredOrder } from '../dev/emulator';
import { startEmulator } from '../dev/emulator';
import type { RunResult } from '../dev/engine';
import { itemIndexOf, json, requestsTo, runNode } from '../dev/fixtures';

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ backend: 'current' });
});
beforeEach(() => emulator.clear());
afterAll(async () => await emulator.close());

async function run(
	parameters: INodeParameters,
	onError?: INode['onError'],
	items: IDataObject[] = [{}],
) {
	const result = await runNode(emulator, parameters, items, { onError });
	return { ...result, errors: json(result.output('iletiMerkezi', 1)), hints: hintsOf(result) };
}

/** The warnings n8n shows on the node's output. */
const hintsOf = (result: RunResult) =>
	(result.run.data.resultData.runData.iletiMerkezi?.at(-1)?.hints ?? []).map((h) => h.message);
const descriptionOf = (error: unknown) => String((error as { description?: string }).description);
const listed = () => emulator.account.blacklist.map((entry) => entry.number);
const mobile = (i: number) => `53${String(i).padStart(8, '0')}`;

/** The first request's answer lost without the work done, or after it. */
const LOST: Array<[string, Fault]> = [
	['a proxy’s 502 page', { html: true, status: 502 }],
	['a dropped connection', { reset: true }],
];

describe('A verdict only from proof', () => {
	describe('Blacklist › Remove: a 474 on the repeat after a lost answer is read back', () => {
		const REMOVE = { resource: 'blacklist', operation: 'remove', phoneNumber: '0532 123 45 67' };
		const NUMBER = '+905321234567';

		it.each(LOST)(
			'never listed, the first answer %s: not on the list now, said as read back',
			async (_, fault) => {
				emulator.account.seedBlacklist([mobile(1), mobile(2)]);
				emulator.failNext({ apiMethod: 'delete-blacklist', ...fault });
				const { error, items } = await run(REMOVE);
				expect(error).toBeUndefined();
				expect(items).toEqual([
					{
						number: NUMBER,
						removed: true,
						onBlacklist: false,
						note: expect.stringMatching(
							/read back, does not list the number.*Whether the lost request removed it or it was not listed cannot be told/,
						),
					},
				]);
				expect(requestsTo(emulator, 'delete-blacklist')).toHaveLength(2);
				expect(requestsTo(emulator, 'get-blacklist')).toHaveLength(1);
			},
		);

		it.each(LOST)(
			'a block the account cannot lift, the first answer %s: still listed, removed: false with why',
			async (_, fault) => {
				emulator.account.seedBlacklist([mobile(1), { number: '5321234567', locked: true }]);
				emulator.failNext({ apiMethod: 'delete-blacklist', ...fault });
				const { error, items } = await run(REMOVE);
				expect(error).toBeUndefined();
				expect(items).toEqual([
					{
						number: NUMBER,
						removed: false,
						onBlacklist: true,
						reason: expect.stringMatching(
							/^iletiMerkezi does not let this account lift the block on this number \(code 474\)/,
						),
					},
				]);
				expect(listed()).toContain(NUMBER);
			},
		);

		it('the lost request did remove it: not on the list now, said as read back', async () => {
			emulator.account.seedBlacklist(['5321234567', mobile(1)]);
			emulator.failNext({ apiMethod: 'delete-blacklist', reset: true, afterProcessing: true });
			const { items } = await run(REMOVE);
			expect(items).toEqual([
				{ number: NUMBER, removed: true, onBlacklist: false, note: expect.any(String) },
			]);
			expect(listed()).toEqual([`+90${mobile(1)}`]);
		});

		it('the read-back fails: unclear, an error saying what to check; under Continue on the error output', async () => {
			const fail = () => {
				emulator.clear();
				emulator.account.seedBlacklist([mobile(1)]);
				emulator.failNext({ apiMethod: 'delete-blacklist', html: true, status: 502 });
				emulator.failNext({ apiMethod: 'get-blacklist', status: 503, times: 4 });
			};
			fail();
			const stopped = await run(REMOVE);
			expect(stopped.error?.message).toBe(`Whether ${NUMBER} is still on the blacklist is unclear`);
			expect(itemIndexOf(stopped.error)).toBe(0);
			expect(descriptionOf(stopped.error)).toMatch(
				/repeat answered 474.*could not be read \(iletiMerkezi is temporarily unavailable \(code 503\)\).*Blacklist › Get Many/,
			);
			fail();
			const continued = await run(REMOVE, 'continueErrorOutput');
			expect(continued.error).toBeUndefined();
			expect(continued.items).toEqual([]);
			expect(continued.errors).toEqual([
				{
					error: `Whether ${NUMBER} is still on the blacklist is unclear`,
					message: expect.stringMatching(/Blacklist › Get Many/),
				},
			]);
		});

		it('a blacklist longer than the read-back budget (10,000) without the number: unclear', async () => {
			emulator.account.seedBlacklist(Array.from({ length: 10_001 }, (_, i) => mobile(i)));
			emulator.failNext({ apiMethod: 'delete-blacklist', html: true, status: 502 });
			const { error } = await run(REMOVE);
			expect(error?.message).toBe(`Whether ${NUMBER} is still on the blacklist is unclear`);
			expect(descriptionOf(error)).toMatch(/10,000 numbers or more/);
			expect(requestsTo(emulator, 'get-blacklist')).toHaveLength(10);
		});

		it('a 474 on the first attempt stays that item’s answer, without reading back', async () => {
			const { items } = await run(REMOVE);
			expect(items).toEqual([
				{
					number: NUMBER,
					removed: false,
					reason: 'The number is not on the blacklist, or cannot be removed from it (code 474)',
				},
			]);
			expect(requestsTo(emulator, 'get-blacklist')).toHaveLength(0);
		});
	});

	describe('Message › Cancel: a 455 on the repeat after a lost answer is read back', () => {
		const CANCEL = { resource: 'message', operation: 'cancel', orderId: '7001' };

		/** Order 7001 to two numbers: scheduled for tomorrow, or sent now (delivered, or still going). */
		function seedOrder(state: 'scheduled' | 'sent' | 'sending') {
			const now = Date.now();
			const sendAt = new Date(state === 'scheduled' ? now + 86_400_000 : now);
			const status = state === 'sent' ? 111 : 110;
			const order: StoredOrder = {
				...{ id: '7001', sender: 'eMarka', iys: '0', iysList: '', cancelled: false },
				...{ submitAt: new Date(now), sendAt },
				messages: [1, 2].map((id) => ({
					id,
					number: `+90${mobile(id)}`,
					text: 'x',
					parts: 1,
					status,
				})),
			};
			emulator.account.orders.push(order);
			return order;
		}

		it.each([
			['sent', 'has been sent', 114],
			['sending', 'is being sent', 113],
		] as const)(
			'an order already %s, the first answer a proxy’s 502: not cancelled, and the error says so',
			async (state, says, code) => {
				const order = seedOrder(state);
				emulator.failNext({ apiMethod: 'cancel-order', html: true, status: 502 });
				const { error } = await run(CANCEL);
				expect(error?.message).toBe(`Order 7001 was not cancelled: it ${says}`);
				expect(itemIndexOf(error)).toBe(0);
				expect(descriptionOf(error)).toMatch(new RegExp(`repeat answered 455.*\\(${code}\\)`));
				expect(order.cancelled).toBe(false);
				expect(requestsTo(emulator, 'get-report')).toHaveLength(1);
			},
		);

		it('the lost request did cancel it: cancelled, said as read back (115)', async () => {
			const order = seedOrder('scheduled');
			emulator.failNext({ apiMethod: 'cancel-order', reset: true, afterProcessing: true });
			const { error, items } = await run(CANCEL);
			expect(error).toBeUndefined();
			expect(items).toEqual([
				{ orderId: '7001', cancelled: true, note: expect.stringMatching(/not sent \(115\)/) },
			]);
			expect(order.cancelled).toBe(true);
		});

		it('still scheduled (the repeat refused): not cancelled, and the error says so', async () => {
			const order = seedOrder('scheduled');
			emulator.failNext({ apiMethod: 'cancel-order', html: true, status: 502 });
			emulator.failNext({ apiMethod: 'cancel-order', status: 455 });
			const { error } = await run(CANCEL);
			expect(error?.message).toBe('Order 7001 is still scheduled: it was not cancelled');
			expect(descriptionOf(error)).toMatch(/\(456\)\. Run Cancel again/);
			expect(order.cancelled).toBe(false);
		});

		it.each<[string, Fault, RegExp]>([
			[
				'answers 455 (never had, or cancelled)',
				{ status: 455 },
				/answered 455, which iletiMerkezi gives both/,
			],
			[
				'cannot be read',
				{ status: 503, times: 4 },
				/could not be read: iletiMerkezi is temporarily unavailable/,
			],
		])('the report %s: unclear, on the error output under Continue', async (_, fault, why) => {
			seedOrder('scheduled');
			emulator.failNext({ apiMethod: 'cancel-order', reset: true, afterProcessing: true });
			emulator.failNext({ apiMethod: 'get-report', ...fault });
			const { error, items, errors } = await run(CANCEL, 'continueErrorOutput');
			expect(error).toBeUndefined();
			expect(items).toEqual([]);
			expect(errors).toEqual([
				{ error: 'Whether order 7001 was cancelled is unclear', message: expect.any(String) },
			]);
			expect(errors[0].message).toMatch(why);
			expect(errors[0].message).toMatch(/Message › Get Report or in the iletiMerkezi panel/);
		});

		it('a 455 on the first attempt stays that item’s error, without reading back', async () => {
			seedOrder('sent');
			const { error } = await run(CANCEL);
			expect(error?.message).toBe('No such order, or it can no longer be cancelled (code 455)');
			expect(requestsTo(emulator, 'get-report')).toHaveLength(0);
		});
	});
});

describe('Lists never silently short', () => {
	/** `count` orders submitted today, as get-reports lists them (30 a page). */
	function seedOrders(count: number) {
		const now = new Date();
		for (let i = 0; i < count; i++) {
			emulator.account.orders.push({
				...{ id: String(8000 + i), sender: 'eMarka', iys: '0', iysList: '', cancelled: false },
				...{ submitAt: now, sendAt: now, messages: [] },
			});
		}
	}
	const MESSAGES = { resource: 'message', operation: 'getMany', returnAll: true };
	const BLACKLIST = { resource: 'blacklist', operation: 'getMany', returnAll: true };

	describe('Message › Get Many', () => {
		it.each<[string, Fault['count']]>([
			['missing', null],
			['not a number', 'çok'],
		])('a count %s: 45 orders are 45 items', async (_, count) => {
			seedOrders(45);
			emulator.failNext({ apiMethod: 'get-reports', count, times: Infinity });
			const { items, hints } = await run(MESSAGES);
			expect(items.map((order) => String(order.id))).toEqual(
				emulator.account.orders.map((order) => order.id),
			);
			expect(requestsTo(emulator, 'get-reports')).toHaveLength(2);
			expect(hints).toEqual([]);
		});

		it('a count lower than the orders: every order, and a warning on the run', async () => {
			seedOrders(45);
			emulator.failNext({ apiMethod: 'get-reports', count: 10, times: Infinity });
			const { items, hints } = await run(MESSAGES);
			expect(items).toHaveLength(45);
			expect(hints).toEqual([
				'iletiMerkezi counted 10 orders in the range, but its pages held 45: the list was read by its pages, not cut at the count.',
			]);
		});

		it('a count higher than the orders: one page more, every order, and a warning on the run', async () => {
			seedOrders(45);
			emulator.failNext({ apiMethod: 'get-reports', count: 100, times: Infinity });
			const { items, hints } = await run(MESSAGES);
			expect(items).toHaveLength(45);
			expect(requestsTo(emulator, 'get-reports')).toHaveLength(3);
			expect(hints).toEqual([
				expect.stringMatching(
					/^iletiMerkezi counted 100 orders in the range, but its pages ended after 45/,
				),
			]);
		});

		it('a true count: no warning, no page more than the orders fill', async () => {
			seedOrders(45);
			const { items, hints } = await run(MESSAGES);
			expect(items).toHaveLength(45);
			expect(requestsTo(emulator, 'get-reports')).toHaveLength(2);
			expect(hints).toEqual([]);
		});
	});

	describe('Blacklist › Get Many', () => {
		const seed = (count: number) =>
			emulator.account.seedBlacklist(Array.from({ length: count }, (_, i) => mobile(i)));

		it('3,000 listed and a count of 1,000: 3,000 items, and a warning on the run', async () => {
			seed(3000);
			emulator.failNext({ apiMethod: 'get-blacklist', count: 1000, times: Infinity });
			const { error, items, hints } = await run(BLACKLIST);
			expect(error).toBeUndefined();
			expect(items).toEqual(listed().map((number) => ({ number })));
			expect(items).toHaveLength(3000);
			expect(hints).toEqual([
				'iletiMerkezi counted 1,000 numbers on the blacklist, but its pages held 3,000: the list was read by its pages, not cut at the count.',
			]);
		});

		it('under a Limit, a count below the rows already read is a warning too', async () => {
			seed(3000);
			emulator.failNext({ apiMethod: 'get-blacklist', count: 1000, times: Infinity });
			const { items, hints } = await run({ ...BLACKLIST, returnAll: false, limit: 2000 });
			expect(items).toHaveLength(2000);
			expect(hints).toHaveLength(1);
		});

		it.each<[string, Fault['count'] | undefined]>([
			['true', undefined],
			['true, as text', '3000'],
			['missing', null],
		])(
			'a count %s: the list to its end (one empty page after a full one), no warning',
			async (_, count) => {
				seed(3000);
				if (count !== undefined) {
					emulator.failNext({ apiMethod: 'get-blacklist', count, times: Infinity });
				}
				const { items, hints } = await run(BLACKLIST);
				expect(items).toHaveLength(3000);
				expect(requestsTo(emulator, 'get-blacklist')).toHaveLength(4);
				expect(hints).toEqual([]);
			},
		);
	});

	describe('Message › Get Report', () => {
		it('1,500 numbers and a total of 1,000: 1,500 items, and a warning on the run', async () => {
			const now = new Date();
			emulator.account.orders.push({
				...{ id: '7100', sender: 'eMarka', iys: '0', iysList: '', cancelled: false },
				...{ submitAt: now, sendAt: now },
				messages: Array.from({ length: 1500 }, (_, i) => ({
					...{ id: i + 1, number: `+90${mobile(i)}`, text: 'x', parts: 1 },
					status: 111 as const,
				})),
			});
			emulator.failNext({ apiMethod: 'get-report', count: 1000, times: Infinity });
			const report = { resource: 'message', operation: 'getReport', orderId: '7100' };
			const { items, hints } = await run({ ...report, returnAll: true });
			expect(items).toHaveLength(1500);
			expect(new Set(items.map((item) => item.number)).size).toBe(1500);
			expect(hints).toEqual([
				'iletiMerkezi counted 1,000 numbers in the order, but its pages held 1,500: the list was read by its pages, not cut at the count.',
			]);
		});
	});
});
