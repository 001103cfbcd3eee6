/**
 * The answers the live API writes in two ways, read the same: the emulator answers as the reference
 * writes them (`numbers`) or as the provider's SDKs recorded them (`text`: status codes "200",
 * statuses "114" and "111", price "0,0372", balance "10.584" and "67", get-blacklist refusing a
 * bad date with 422 and `errors`); the report, balance and blacklist operations give the same items
 * either way. Our node in n8n's engine against the emulator.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { AnswerForms, Emulator } from '../dev/emulator';
import { ANSWER_FORMS, DEFAULT_ACCOUNT, startEmulator } from '../dev/emulator';
import { HASH, requestsTo, runNode } from '../dev/fixtures';

/** The i-th of a run of distinct mobiles, 5300000000 onwards. */
const mobile = (i: number) => `53${String(i).padStart(8, '0')}`;

describe.each(Object.entries(ANSWER_FORMS) as Array<[string, AnswerForms]>)(
	'the emulator answering in its %s form',
	(name, forms) => {
		let emulator: Emulator;

		beforeAll(async () => {
			emulator = await startEmulator({ backend: 'current', forms });
		});
		beforeEach(() => emulator.clear());
		afterAll(async () => await emulator.close());

		const run = (parameters: INodeParameters) =>
			runNode(emulator, parameters, [{}], { continueOnFail: true });

		/** The API's own answer to `method`, as sent (to see the form it is in). */
		async function answer(method: string, request: IDataObject = {}) {
			const body = {
				request: { authentication: { key: DEFAULT_ACCOUNT.apiKey, hash: HASH }, ...request },
			};
			const response = await fetch(`${emulator.url}/${method}/json`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(body),
			});
			return (await response.json()) as { response: IDataObject & { status: IDataObject } };
		}

		/** An order to three numbers: the first delivered, the second undelivered, the third waiting. */
		function order() {
			const numbers = [mobile(1), mobile(2), mobile(3)];
			const [, sent] = emulator.account.sendSms({
				sender: 'APITEST',
				iys: '0',
				message: { text: 'Kargonuz yola çıktı', receipents: { number: numbers } },
			});
			const id = String(((sent as IDataObject).order as IDataObject).id);
			emulator.account.settle(id, 'delivered', [numbers[0]]);
			emulator.account.settle(id, 'undelivered', [numbers[1]]);
			return id;
		}

		it(`answers in the ${name} form`, async () => {
			const id = order();
			const { response } = await answer('get-report', { order: { id } });
			const report = response.order as IDataObject;
			const text = name === 'text';
			expect(typeof response.status.code).toBe(text ? 'string' : 'number');
			expect(typeof report.status).toBe(text ? 'string' : 'number');
			expect(typeof (report.message as IDataObject[])[0].status).toBe(text ? 'string' : 'number');
			// Two parts' worth charged (the undelivered one is free): credits, or money as text.
			expect(report.price).toBe(text ? '0,0744' : 2);
			const { response: balance } = await answer('get-balance');
			expect(balance.balance).toEqual(
				text ? { amount: '10.584', sms: '65' } : { amount: 10.584, sms: 65 },
			);
			const { response: refused } = await answer('get-blacklist', {
				blacklist: { filter: { start: '2026-13-01 00:00:00' } },
			});
			expect(refused.status.code).toBe(text ? '422' : 400);
			expect(refused.errors).toEqual(
				text ? { start: 'start Y-m-d H:i:s biçimi ile eşleşmiyor.' } : undefined,
			);
		});

		it('Get Report: each number’s state, the same items', async () => {
			const orderId = order();
			const { items } = await run({
				resource: 'message',
				operation: 'getReport',
				orderId,
				returnAll: true,
			});
			expect(items).toEqual([
				{ orderId, number: `+90${mobile(1)}`, status: 'delivered', statusCode: 111 },
				{ orderId, number: `+90${mobile(2)}`, status: 'undelivered', statusCode: 112 },
				{ orderId, number: `+90${mobile(3)}`, status: 'waiting', statusCode: 110 },
			]);
		});

		it('Message › Get Many: each order’s status and counts as numbers', async () => {
			const orderId = order();
			emulator.account.settle(orderId, 'delivered');
			const { items } = await run({ resource: 'message', operation: 'getMany', returnAll: true });
			expect(items).toEqual([
				expect.objectContaining({
					id: Number(orderId),
					status: 114,
					total: 3,
					delivered: 2,
					undelivered: 1,
					waiting: 0,
					sender: 'APITEST',
				}),
			]);
		});

		it('Get Balance: the credit and the SMS as numbers', async () => {
			const { items } = await run({ resource: 'account', operation: 'getBalance' });
			expect(items).toEqual([{ amount: 10.584, sms: 67 }]);
		});

		it('Blacklist › Get Many: every number, page by page, the same items', async () => {
			const numbers = Array.from({ length: 2500 }, (_, i) => mobile(i));
			emulator.account.seedBlacklist(numbers);
			const { items, error } = await run({
				resource: 'blacklist',
				operation: 'getMany',
				returnAll: true,
			});
			expect(error).toBeUndefined();
			expect(requestsTo(emulator, 'get-blacklist')).toHaveLength(3);
			expect(items).toEqual(numbers.map((n) => ({ number: `+90${n}` })));
		});

		it('Blacklist › Get Many: a 422 naming its fields says what each field is refused for', async () => {
			emulator.failNext({
				apiMethod: 'get-blacklist',
				status: 422,
				errors: {
					start: 'start Y-m-d H:i:s biçimi ile eşleşmiyor.',
					end: 'end Y-m-d H:i:s biçimi ile eşleşmiyor.',
				},
			});
			const { items } = await run({ resource: 'blacklist', operation: 'getMany', returnAll: true });
			expect(items).toEqual([
				{
					error: 'iletiMerkezi rejected a value (code 422)',
					message: expect.stringContaining(
						'(start Y-m-d H:i:s biçimi ile eşleşmiyor.; end Y-m-d H:i:s biçimi ile eşleşmiyor.)',
					),
				},
			]);
		});
	},
);
