/**
 * Message › Send and its reports: shared and personalised texts in few orders, never sent twice;
 * Get Report, Get Many, Cancel; Account › Get Balance.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../dev/emulator';
import { smsParts as partsOf, startEmulator } from '../dev/emulator';
import { itemIndexOf, requestsTo, runNode } from '../dev/fixtures';

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({
		backend: 'current',
		balance: { amount: 1e6, sms: 1e6 },
		duplicateWindowMs: 0,
	});
});
beforeEach(() => emulator.clear());
afterAll(async () => await emulator.close());

const SEND = {
	resource: 'message',
	operation: 'send',
	phoneNumber: '={{ $json.phone }}',
	message: 'Kargonuz yola çıktı.',
	sender: 'eMarka',
	messageType: 'transactional',
};

const run = (parameters: INodeParameters, items: IDataObject[] = [{}], continueOnFail = true) =>
	runNode(emulator, parameters, items, { continueOnFail });

const phones = (count: number) =>
	Array.from({ length: count }, (_, i) => ({
		phone: `53${String(i).padStart(8, '0')}`,
		name: `Kişi${i}`,
	}));
const orders = () => requestsTo(emulator, 'send-sms').map((r) => r.body.request.order);
const recipientsOf = (order: IDataObject) =>
	([] as IDataObject[])
		.concat(order.message as IDataObject)
		.flatMap((m) => (m.receipents as { number: string[] }).number);

describe('Message › Send', () => {
	it('three items with one text: one order with the three numbers', async () => {
		const { items } = await run(SEND, [
			{ phone: '0532 111 11 11' },
			{ phone: '+90 532 222 22 22' },
			{ phone: '5323333333' },
		]);
		expect(orders()).toHaveLength(1);
		expect(orders()[0]).toEqual({
			sender: 'eMarka',
			iys: '0',
			message: {
				text: 'Kargonuz yola çıktı.',
				receipents: { number: ['5321111111', '5322222222', '5323333333'] },
			},
		});
		const [id] = emulator.account.orders.map((order) => order.id);
		expect(items.map((item) => [item.number, item.orderId])).toEqual([
			['5321111111', id],
			['5322222222', id],
			['5323333333', id],
		]);
		expect(items[0]).toMatchObject({ message: 'Kargonuz yola çıktı.', sender: 'eMarka' });
	});

	it('500 personalised texts go in one order, 10,000 in ten', async () => {
		const personal = { ...SEND, message: '=Merhaba {{ $json.name }}, kodunuz {{ $itemIndex }}.' };
		await run(personal, phones(500));
		expect(orders()).toHaveLength(1);
		expect((orders()[0].message as IDataObject[]).length).toBe(500);
		emulator.clear();
		const { items } = await run(personal, phones(10_000));
		expect(orders()).toHaveLength(10);
		expect(orders().flatMap(recipientsOf)).toHaveLength(10_000);
		expect(items.filter((item) => item.orderId)).toHaveLength(10_000);
		expect(emulator.account.orders.flatMap((o) => o.messages)).toHaveLength(10_000);
	});

	it('a commercial message carries iys "1" and its list; a scheduled one the date without seconds', async () => {
		const later = new Date(Date.now() + 2 * 86_400_000);
		await run(
			{
				...SEND,
				messageType: 'commercial',
				iysList: 'TACIR',
				options: { sendAt: later.toISOString() },
			},
			[{ phone: '5321111111' }],
		);
		const [order] = orders();
		expect(order).toMatchObject({ iys: '1', iysList: 'TACIR' });
		expect(order.sendDateTime).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
		// Istanbul time: three hours ahead of UTC.
		const istanbul = new Date(later.getTime() + 3 * 3_600_000);
		expect(order.sendDateTime).toBe(
			`${String(istanbul.getUTCDate()).padStart(2, '0')}/${String(istanbul.getUTCMonth() + 1).padStart(2, '0')}/${istanbul.getUTCFullYear()} ${String(istanbul.getUTCHours()).padStart(2, '0')}:${String(istanbul.getUTCMinutes()).padStart(2, '0')}`,
		);
	});

	it('a lost answer is never followed by a second send-sms for the same people; the items say so', async () => {
		emulator.failNext({ apiMethod: 'send-sms', reset: true, afterProcessing: true });
		const { items } = await run(SEND, phones(3));
		expect(orders()).toHaveLength(1);
		expect(emulator.account.orders).toHaveLength(1);
		for (const item of items) {
			expect(item.error).toBe('Could not reach iletiMerkezi');
			expect(item.message).toMatch(/may have been sent: it was not sent again/);
		}
	});

	it('sends again only what certainly did not arrive (503)', async () => {
		emulator.failNext({ apiMethod: 'send-sms', status: 503 });
		const { items } = await run(SEND, phones(2));
		expect(orders()).toHaveLength(2);
		expect(emulator.account.orders).toHaveLength(1);
		expect(items.every((item) => item.orderId)).toBe(true);
	});

	it('an order the API refuses is the error of each of its items; a number that is no mobile is its own', async () => {
		const { items } = await run({ ...SEND, sender: 'Bilinmeyen' }, [
			{ phone: '5321111111' },
			{ phone: '212 123 45 67' },
			{ phone: '5322222222' },
		]);
		expect(items.map((item) => item.error)).toEqual([
			'The sender is not approved for this account (code 450)',
			'Phone Number "212 123 45 67" is not a Turkish mobile number',
			'The sender is not approved for this account (code 450)',
		]);
		expect(recipientsOf(orders()[0])).toEqual(['5321111111', '5322222222']);
	});

	it('the same text to the same number is sent once; both items get its order', async () => {
		const { items } = await run(SEND, [{ phone: '5321111111' }, { phone: '0532 111 11 11' }]);
		expect(recipientsOf(orders()[0])).toEqual(['5321111111']);
		expect(items.map((item) => item.orderId)).toEqual([items[0].orderId, items[0].orderId]);
	});

	it('refuses before any request: no message type, a schedule in the past, an empty text', async () => {
		const past = new Date(Date.now() - 3_600_000).toISOString();
		// An expression that gives nothing: the editor itself refuses an empty choice.
		const { items } = await run(
			{ ...SEND, messageType: '={{ "" }}', message: '={{ $json.text }}' },
			[{ phone: '5321111111', text: 'x' }],
		);
		expect(items[0].error).toBe('Choose whether the message is commercial or transactional');
		const scheduled = await run({ ...SEND, options: { sendAt: past } }, [{ phone: '5321111111' }]);
		expect(scheduled.items[0].error).toMatch(/^Schedule For .* is in the past$/);
		const empty = await run({ ...SEND, message: '={{ "" }}' }, [{ phone: '5321111111' }]);
		expect(empty.items[0].error).toBe('The message is empty');
		expect(orders()).toEqual([]);
	});

	it('to a group’s members: read once, one order, one item per member', async () => {
		emulator.seedContacts([
			{ name: 'A', gsm: '5321111111', groups: ['2'] },
			{ name: 'B', gsm: '5322222222', groups: ['2'] },
			{ name: 'C', gsm: '2121234567', groups: ['2'] },
		]);
		const { items } = await run({
			...SEND,
			sendTo: 'group',
			groupId: { __rl: true, mode: 'id', value: '2' },
		});
		expect(requestsTo(emulator, 'get-group-contacts')).toHaveLength(1);
		expect(recipientsOf(orders()[0])).toEqual(['5321111111', '5322222222']);
		expect(items).toEqual([
			expect.objectContaining({ number: '2121234567', sent: false }),
			expect.objectContaining({ number: '5321111111', orderId: expect.any(String) }),
			expect.objectContaining({ number: '5322222222', orderId: expect.any(String) }),
		]);
	});

	it('a 404 says the method is unknown to the account, not that contact methods are missing', async () => {
		emulator.failNext({ apiMethod: 'send-sms', status: 404 });
		const { items } = await run(SEND, phones(1));
		expect(items[0].error).toBe(
			'iletiMerkezi does not know the send-sms method for this account (code 404)',
		);
		expect(items[0].message).toMatch(/Base URL/);
	});

	it('without Continue, a refused order stops the node and says what became of every message', async () => {
		const { error } = await run({ ...SEND, sender: 'Bilinmeyen' }, phones(2), false);
		expect(error?.message).toBe('The sender is not approved for this account (code 450)');
		expect((error as { description?: string }).description).toMatch(
			/0 item\(s\) were sent\. Refused, not sent: items 0–1\./,
		);
	});

	it.each([
		['a proxy’s 400 page', { html: true, status: 400 }],
		['a proxy’s 429 page', { html: true, status: 429, retryAfter: 1 }],
		['an empty 403', { empty: true, status: 403 }],
	])(
		'%s after the order went through: “may have been sent”, never sent again',
		async (_, fault) => {
			emulator.failNext({ apiMethod: 'send-sms', afterProcessing: true, ...fault });
			const { items } = await run(SEND, phones(2));
			expect(orders()).toHaveLength(1);
			expect(emulator.account.orders).toHaveLength(1);
			for (const item of items) {
				expect(item.error).toMatch(/no API response/);
				expect(item.message).toContain('The order may have been sent');
			}
		},
	);

	it('the API’s own 429 refuses the order: sent again after the wait, once', async () => {
		emulator.failNext({ apiMethod: 'send-sms', status: 429, retryAfter: 1 });
		const { items } = await run(SEND, phones(1));
		expect(orders()).toHaveLength(2);
		expect(emulator.account.orders).toHaveLength(1);
		expect(items[0].error).toBeUndefined();
	});

	it('to a group with no members: the item says so, paired to its input, and the workflow goes on', async () => {
		const { output, items } = await run(
			{ ...SEND, sendTo: 'group', groupId: { __rl: true, mode: 'id', value: '2' } },
			[{}],
			false,
		);
		expect(items).toEqual([
			{
				sent: false,
				groupId: '2',
				recipients: 0,
				reason: 'The group has no members: nothing was sent',
			},
		]);
		expect(output('iletiMerkezi')[0].pairedItem).toEqual({ item: 0 });
		expect(orders()).toEqual([]);
	});

	it('an order id that is not a number or text: the items say the order may have been sent, never “[object Object]”', async () => {
		emulator.failNext({ apiMethod: 'send-sms', orderId: { id: 7 } });
		const { items } = await run(SEND, phones(1));
		expect(JSON.stringify(items)).not.toContain('[object Object]');
		expect(items[0].error).toBe('iletiMerkezi returned no result for this record');
		expect(items[0].message).toContain('The order may have been sent');
	});
});

describe('Message › Get Report, Get Many, Cancel; Account › Get Balance', () => {
	it('Get Report gives each number’s delivery state, page by page', async () => {
		const { items: sent } = await run({ ...SEND, options: { orderSize: 2000 } }, phones(1500));
		const orderId = String(sent[0].orderId);
		emulator.account.settle(orderId, 'delivered');
		emulator.account.settle(orderId, 'undelivered', ['5300000003']);
		const { items } = await run({
			resource: 'message',
			operation: 'getReport',
			orderId,
			returnAll: true,
		});
		expect(items).toHaveLength(1500);
		expect(requestsTo(emulator, 'get-report')).toHaveLength(2);
		expect(items.find((item) => String(item.number).endsWith('5300000003'))?.status).toBe(
			'undelivered',
		);
		expect(items.filter((item) => item.status === 'delivered')).toHaveLength(1499);
	});

	it('Get Many lists the orders of a date range; more than 10 days is refused before any request', async () => {
		await run(SEND, phones(1));
		await run({ ...SEND, message: 'İkinci' }, phones(1));
		const { items } = await run({ resource: 'message', operation: 'getMany', returnAll: true });
		expect(items).toHaveLength(2);
		const wide = await run({
			resource: 'message',
			operation: 'getMany',
			from: '2026-01-01',
			until: '2026-01-20',
			returnAll: true,
		});
		expect(wide.items[0].error).toBe('From and Until must be 0 to 10 days apart');
		expect(requestsTo(emulator, 'get-reports')).toHaveLength(1);
	});

	it('Cancel cancels a scheduled order; a sent one is that item’s clear error', async () => {
		const later = new Date(Date.now() + 86_400_000).toISOString();
		const scheduled = await run({ ...SEND, options: { sendAt: later } }, phones(1));
		const now = await run({ ...SEND, message: 'Şimdi' }, phones(1));
		const { items } = await run(
			{ resource: 'message', operation: 'cancel', orderId: '={{ $json.id }}' },
			[{ id: scheduled.items[0].orderId }, { id: now.items[0].orderId }],
		);
		expect(items[0]).toEqual({ orderId: scheduled.items[0].orderId, cancelled: true });
		expect(items[1].error).toMatch(/code 455/);
	});

	it('Get Balance gives the credit and the SMS it buys', async () => {
		const { items } = await run({ resource: 'account', operation: 'getBalance' });
		expect(items[0]).toEqual({ amount: 1e6, sms: 1e6 });
	});
});

describe('Message › Send: SMS parts counted before sending, and a repeated order', () => {
	const personal = { ...SEND, message: '={{ $json.text }}' };
	const cost = () => 1e6 - emulator.account.balance.sms;
	beforeEach(() => {
		emulator.account.balance.sms = 1e6;
	});

	it('one personalised text over 7 parts is its own error before sending; the others are sent, each with its parts', async () => {
		// 620 characters with one emoji: UCS-2, 67 UTF-16 units a part.
		const long = `Merhaba 😀 ${'x'.repeat(609)}`;
		const texts = ['Kargonuz yola çıktı.', long, `Sayın müşterimiz, ${'a'.repeat(300)}`];
		expect(partsOf(long)).toBeGreaterThan(7); // the emulator, counting apart, would refuse it (453)
		const { items } = await run(
			personal,
			texts.map((text, i) => ({ phone: `532000000${i}`, text })),
		);
		expect(items[1].error).toBe(
			'The message takes 10 SMS parts; at most 7: shorten it, or take out “😀”, which makes it UCS-2',
		);
		expect(items[1].message).toMatch(/Nothing was sent for this item\.$/);
		expect(orders()).toHaveLength(1);
		expect(orders().flatMap(recipientsOf)).toEqual(['5320000000', '5320000002']);
		expect([items[0].parts, items[2].parts]).toEqual([partsOf(texts[0]), partsOf(texts[2])]);
		expect([items[0].parts, items[2].parts]).toEqual([1, 3]);
		expect(cost()).toBe(4);
	});

	it('without Continue, the over-long text stops the node before anything is sent, naming its item', async () => {
		const { error } = await run(
			personal,
			[
				{ phone: '5321111111', text: 'Tamam' },
				{ phone: '5322222222', text: 'ş'.repeat(600) },
			],
			false,
		);
		expect(error?.message).toBe('The message takes 9 SMS parts; at most 7: shorten it');
		expect(itemIndexOf(error)).toBe(1);
		expect(orders()).toEqual([]);
	});

	it.each([
		['plain GSM', 'a'.repeat(153 * 7 - 5), 7],
		['plain GSM, one letter more', 'a'.repeat(153 * 7 - 4), 8],
		['with a Turkish letter', `ş${'a'.repeat(149 * 7 - 7)}`, 7],
		['with a Turkish letter, one more', `ş${'a'.repeat(149 * 7 - 6)}`, 8],
		['UCS-2', `😀${'a'.repeat(67 * 7 - 7)}`, 7],
		['UCS-2, one more', `😀${'a'.repeat(67 * 7 - 6)}`, 8],
		['an escape pair at the last part’s edge', `${'a'.repeat(153 * 6 - 1)}€${'a'.repeat(147)}`, 8],
	])('%s: sent in 7 parts at most, refused past them', async (_, text, expected) => {
		expect(partsOf(text)).toBe(expected);
		const { items } = await run(personal, [{ phone: '5321111111', text }]);
		if (expected <= 7) {
			expect(items[0]).toMatchObject({ parts: expected, orderId: expect.any(String) });
			expect(cost()).toBe(expected);
		} else {
			expect(items[0].error).toMatch(
				new RegExp(`^The message takes ${expected} SMS parts; at most 7`),
			);
			expect(orders()).toEqual([]);
		}
	});

	it('taking out the emoji is offered only when that alone would bring the text under 7 parts', async () => {
		const { items } = await run(personal, [
			{ phone: '5321111111', text: `${'x'.repeat(1100)}😀` },
			{ phone: '5322222222', text: `${'x'.repeat(1000)}😀 ` },
		]);
		expect(items.map((item) => item.error)).toEqual([
			'The message takes 17 SMS parts; at most 7: shorten it',
			'The message takes 16 SMS parts; at most 7: shorten it, or take out “😀”, which makes it UCS-2',
		]);
		expect(items[0].message).toMatch(
			/^“😀” is outside the GSM alphabet and makes the whole text UCS-2/,
		);
	});

	it('over 1,000 plain letters in 7 parts are sent', async () => {
		const { items } = await run({ ...SEND, message: 'a'.repeat(1066) }, [{ phone: '5321111111' }]);
		expect(items[0]).toMatchObject({ parts: 7, orderId: expect.any(String) });
	});

	it('the summary of a stopped run says the parts sent', async () => {
		const { error } = await run(
			{ ...SEND, message: 'b'.repeat(200), sender: '={{ $json.sender }}' },
			[
				{ phone: '5321111111', sender: 'eMarka' },
				{ phone: '5322222222', sender: 'eMarka' },
				{ phone: '5323333333', sender: 'Bilinmeyen' },
			],
			false,
		);
		expect((error as { description?: string }).description).toMatch(
			/2 item\(s\) were sent as 4 SMS part\(s\) \(items 0–1\)\. Refused, not sent: item 2\./,
		);
	});

	it('451: the same text to the same numbers within 10 minutes is each item’s clear error; nothing is sent again', async () => {
		const strict = await startEmulator({ backend: 'current' });
		try {
			const send = async () =>
				(
					await runNode(strict, SEND, [{ phone: '5321111111' }, { phone: '5322222222' }], {
						continueOnFail: true,
					})
				).items;
			expect((await send())[0].orderId).toEqual(expect.any(String));
			const again = await send();
			for (const item of again) {
				expect(item.error).toBe(
					'The same text went to these numbers less than 10 minutes ago: nothing was sent now (code 451)',
				);
				expect(item.message).toMatch(/an earlier run, or an earlier attempt of this one/);
			}
			expect(strict.account.orders).toHaveLength(1);
			expect(requestsTo(strict, 'send-sms')).toHaveLength(2);
		} finally {
			await strict.close();
		}
	});
});
