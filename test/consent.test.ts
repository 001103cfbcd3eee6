import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../dev/emulator';
import { startEmulator } from '../dev/emulator';
import { itemIndexOf, json, pairedItems, requestsTo, runNode } from '../dev/fixtures';
import { addBusinessDays } from '../nodes/IletiMerkezi/helpers/istanbul';

let emulator: Emulator;

const BRAND = '696422';

beforeAll(async () => {
	emulator = await startEmulator({ backend: 'current' });
});
beforeEach(() => emulator.clear());
afterAll(async () => await emulator.close());

const run = (
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
	continueOnFail = false,
	on = emulator,
) => runNode(on, { resource: 'consent', ...parameters }, items, { continueOnFail });

const descriptionOf = (error: unknown) => String((error as { description?: string }).description);
const lists = (on = emulator) =>
	requestsTo(on, 'consent/create').map((r) => r.body.request.consent as IDataObject);
/** The i-th of a run of distinct mobiles, 5300000000 onwards. */
const mobile = (i: number) => `53${String(i).padStart(8, '0')}`;

/** Istanbul wall-clock time as the API writes it, worked out apart from the node's own code. */
const inIstanbul = (moment: Date) =>
	new Intl.DateTimeFormat('sv-SE', {
		timeZone: 'Europe/Istanbul',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).format(moment);

/** Create with each field from the item: phone, date; the rest as given. */
const create = (parameters: INodeParameters = {}): INodeParameters => ({
	operation: 'create',
	brandCode: BRAND,
	recipient: '={{ $json.phone }}',
	recipientType: 'BIREYSEL',
	type: 'MESAJ',
	status: 'ONAY',
	source: 'HS_WEB',
	consentDate: '={{ $json.date }}',
	...parameters,
});

const SENT = {
	recipientType: 'BIREYSEL',
	type: 'MESAJ',
	status: 'ONAY',
	source: 'HS_WEB',
};

describe('Consent › Create', () => {
	it('7,000 items go in 2 requests of 5,000 and 2,000, one output item each', async () => {
		const rows = Array.from({ length: 7000 }, (_, i) => ({
			phone: mobile(i),
			date: '2025-05-01 10:30',
		}));
		const { error, output } = await run(create(), rows);
		expect(error).toBeUndefined();
		const sent = lists();
		expect(sent.map((list) => (list.list as unknown[]).length)).toEqual([5000, 2000]);
		expect(sent.every((list) => list.brandCode === BRAND)).toBe(true);
		expect((sent[1].list as IDataObject[])[0]).toEqual({
			recipient: `+90${mobile(5000)}`,
			...SENT,
			consentDate: '2025-05-01 10:30:00',
		});
		expect(emulator.account.consents).toHaveLength(7000);
		const items = output('iletiMerkezi');
		expect(pairedItems(items)).toEqual(rows.map((_, i) => i));
		expect(items[6999].json).toEqual({
			recipient: `+90${mobile(6999)}`,
			...SENT,
			consentDate: '2025-05-01 10:30:00',
			brandCode: BRAND,
			alreadyRegistered: false,
			note: expect.stringMatching(/more than 3 business days ago/),
		});
	});

	it.each([
		['ISO with a zone', '2025-05-01T07:30:00Z'],
		['ISO without a zone (Istanbul time)', '2025-05-01T10:30:00'],
		['day first, as written in Türkiye', '01.05.2025 10:30'],
		['a Date', '={{ new Date("2025-05-01T07:30:00Z") }}'],
		['a Luxon DateTime', '={{ DateTime.fromISO("2025-05-01T07:30:00Z") }}'],
	])('the consent date as %s is sent in Istanbul time', async (_, date) => {
		const fromItem = typeof date === 'string' && date.startsWith('=');
		const { error } = await run(create(fromItem ? { consentDate: date } : {}), [
			{ phone: '5321234567', date },
		]);
		expect(error).toBeUndefined();
		expect((lists()[0].list as IDataObject[])[0].consentDate).toBe('2025-05-01 10:30:00');
	});

	it.each([
		[
			'half an hour from now, Istanbul wall-clock time',
			() => inIstanbul(new Date(Date.now() + 30 * 60_000)),
		],
		['an hour from now, with its zone', () => new Date(Date.now() + 3_600_000).toISOString()],
		['tomorrow', () => inIstanbul(new Date(Date.now() + 86_400_000)).slice(0, 10)],
	])('a consent date %s is refused before any request', async (_, later) => {
		const rows = [
			{ phone: '5321234567', date: '2025-05-01 10:30' },
			{ phone: '5327654321', date: later() },
		];
		const { error } = await run(create(), rows);
		expect(error?.message).toMatch(/^Consent Date .* \(Istanbul time\) is in the future$/);
		expect(itemIndexOf(error)).toBe(1);
		expect(emulator.requests).toHaveLength(0);
	});

	describe('consent dates as İYS takes them', () => {
		it.each([
			['a spreadsheet’s serial day', 45800, '45800'],
			['a date without separators', 20250101, '20250101'],
			['seconds since 1970', 1746084600, '1746084600'],
			['milliseconds since 1970', Date.parse('2025-05-01T07:30:00Z'), '1746084600000'],
			['digits as text', '45800', '45800'],
		])('%s is refused on its own item, its neighbours registered', async (_, date, written) => {
			const rows = [
				{ phone: mobile(1), date: '2025-05-01 10:30' },
				{ phone: mobile(2), date },
				{ phone: mobile(3), date: '2025-05-02T09:00:00Z' },
			];
			const { error, output } = await run(create(), rows, true);
			expect(error).toBeUndefined();
			const items = json(output('iletiMerkezi'));
			expect(items[1].error).toBe(`Consent Date ${written} is a number, not a date`);
			expect(items[1].message).toMatch(/serial day.*2025-05-01 14:30/);
			expect([items[0].recipient, items[2].recipient]).toEqual([
				`+90${mobile(1)}`,
				`+90${mobile(3)}`,
			]);
			expect(lists().map((list) => (list.list as IDataObject[]).length)).toEqual([2]);
			expect(emulator.account.consents.map((c) => c.consentDate)).toEqual([
				'2025-05-01 10:30:00',
				'2025-05-02 12:00:00',
			]);
		});

		it('without Continue, a number as a date stops the run before any request', async () => {
			const { error } = await run(create(), [
				{ phone: mobile(1), date: '2025-05-01 10:30' },
				{ phone: mobile(2), date: 45800 },
			]);
			expect(error?.message).toBe('Consent Date 45800 is a number, not a date');
			expect(itemIndexOf(error)).toBe(1);
			expect(emulator.requests).toHaveLength(0);
		});

		it('before 2015-05-01 is refused, and HS_2015 takes 2015-05-01 00:00:00 alone', async () => {
			const rows = [
				{ phone: mobile(1), date: '2015-05-01 00:00:00', source: 'HS_WEB' },
				{ phone: mobile(2), date: '2015-04-30 23:59:59', source: 'HS_WEB' },
				{ phone: mobile(3), date: '2015-04-30T21:00:00Z', source: 'HS_2015' },
				{ phone: mobile(4), date: '2016-01-01 10:00', source: 'HS_2015' },
				{ phone: mobile(5), date: '1970-01-01 14:43:20', source: 'HS_WEB' },
			];
			const { output } = await run(create({ source: '={{ $json.source }}' }), rows, true);
			const items = json(output('iletiMerkezi'));
			expect(items.map((item) => item.error ?? item.consentDate)).toEqual([
				'2015-05-01 00:00:00',
				'Consent Date 2015-04-30 23:59:59 (Istanbul time) is before 2015-05-01',
				'2015-05-01 00:00:00',
				'Source HS_2015 takes only the Consent Date 2015-05-01 00:00:00, not 2016-01-01 10:00:00',
				'Consent Date 1970-01-01 14:43:20 (Istanbul time) is before 2015-05-01',
			]);
			expect(items[1].message).toMatch(/H155.*HS_2015/);
			expect(lists()).toHaveLength(1);
		});

		it('older than 3 business days is said on the item (İYS may refuse it); within them nothing is said', async () => {
			const rows = [
				{ phone: mobile(1), date: inIstanbul(new Date(Date.now() - 3_600_000)) },
				{ phone: mobile(2), date: inIstanbul(new Date(Date.now() - 8 * 86_400_000)) },
			];
			const { error, output } = await run(create(), rows);
			expect(error).toBeUndefined();
			const items = json(output('iletiMerkezi'));
			expect(items[0].note).toBeUndefined();
			expect(items[1].note).toMatch(
				/^Consent Date .* is more than 3 business days ago: .*İYS .* may refuse this record/,
			);
		});

		it('business days skip the weekend, in Istanbul time', () => {
			const at = (text: string) => new Date(text);
			// Friday 2025-05-02 10:00 in Istanbul.
			const friday = at('2025-05-02T07:00:00Z');
			expect(addBusinessDays(friday, 1).toISOString()).toBe('2025-05-05T07:00:00.000Z');
			expect(addBusinessDays(friday, 3).toISOString()).toBe('2025-05-07T07:00:00.000Z');
			// Saturday 01:30 in Istanbul is still Friday in UTC: Monday, Tuesday, Wednesday 01:30.
			expect(addBusinessDays(at('2025-05-02T22:30:00Z'), 3).toISOString()).toBe(
				'2025-05-06T22:30:00.000Z',
			);
		});
	});

	it('an hour ago in Istanbul, written without a zone, is not in the future wherever n8n runs', async () => {
		const anHourAgo = inIstanbul(new Date(Date.now() - 3_600_000));
		// What the emulator, reading dates in this machine's zone, answers does not matter here.
		await run(create(), [{ phone: '5321234567', date: anHourAgo }], true);
		expect((lists()[0].list as IDataObject[])[0].consentDate).toBe(anHourAgo);
	});

	it('refuses what İYS would refuse, each on its own item, before any request', async () => {
		const rows = [
			{ phone: '5321234567', date: '2025-05-01' },
			{ phone: '12345', date: '2025-05-01' },
			{ phone: '5321234567', date: '' },
			{ phone: '5321234567', date: '2025-05-01', status: 'EVET' },
			{ phone: '5321234567', date: '2025-05-01', type: 'EPOSTA' },
		];
		const { error, output } = await run(
			create({
				status: '={{ $json.status ?? "ONAY" }}',
				type: '={{ $json.type ?? "MESAJ" }}',
			}),
			rows,
			true,
		);
		expect(error).toBeUndefined();
		expect(json(output('iletiMerkezi')).map((item) => item.error ?? 'registered')).toEqual([
			'registered',
			'Recipient "12345" is not a Turkish mobile number',
			'Consent Date is empty',
			'Status "EVET" is not one of İYS’s codes',
			'Recipient "5321234567" is not an email address',
		]);
		expect(json(output('iletiMerkezi'))[3].message).toMatch(/ONAY \(Opt-In\), RET \(Opt-Out\)/);
		expect(lists()).toHaveLength(1);
	});

	it('takes İYS’s codes from the item in any letter case, and an email for the Email channel', async () => {
		const { error } = await run(
			create({
				recipient: '={{ $json.email }}',
				type: '={{ $json.channel }}',
				status: '={{ $json.status }}',
				recipientType: '={{ $json.kind }}',
			}),
			[
				{
					email: 'ayse@example.com',
					channel: 'eposta',
					status: 'ret',
					kind: 'Tacir',
					date: '2025-05-01',
				},
			],
		);
		expect(error).toBeUndefined();
		expect(lists()[0].list).toEqual([
			{
				recipient: 'ayse@example.com',
				recipientType: 'TACIR',
				type: 'EPOSTA',
				status: 'RET',
				source: 'HS_WEB',
				consentDate: '2025-05-01 00:00:00',
			},
		]);
	});

	it('a brand code without an active İYS subscription (403) is a clear error', async () => {
		const { error } = await run(create({ brandCode: '123456' }), [
			{ phone: '5321234567', date: '2025-05-01' },
		]);
		expect(error?.message).toBe('No active İYS subscription for this brand code (code 403)');
		expect(descriptionOf(error)).toMatch(/Brand Code/);
		expect(itemIndexOf(error)).toBe(0);
		expect(emulator.account.consents).toEqual([]);
	});

	it('a brand code that is not a number is refused before any request', async () => {
		const { error } = await run(create({ brandCode: 'MARKA' }), [
			{ phone: '5321234567', date: '2025-05-01' },
		]);
		expect(error?.message).toBe('Brand Code "MARKA" is not an İYS brand code');
		expect(emulator.requests).toHaveLength(0);
	});

	it('each brand code’s records go in lists of their own', async () => {
		const api = await startEmulator({ backend: 'current', brandCodes: ['111', '222'] });
		try {
			const rows = [111, 222, 111].map((brand, i) => ({
				brand,
				phone: mobile(i),
				date: '2025-05-01',
			}));
			const { error, output } = await run(
				create({ brandCode: '={{ $json.brand }}' }),
				rows,
				false,
				api,
			);
			expect(error).toBeUndefined();
			expect(
				lists(api).map((list) => [
					list.brandCode,
					(list.list as IDataObject[]).map((r) => r.recipient),
				]),
			).toEqual([
				['111', [`+90${mobile(0)}`, `+90${mobile(2)}`]],
				['222', [`+90${mobile(1)}`]],
			]);
			expect(json(output('iletiMerkezi')).map((item) => item.brandCode)).toEqual([
				'111',
				'222',
				'111',
			]);
		} finally {
			await api.close();
		}
	});

	describe('a list İYS refuses', () => {
		const rows = Array.from({ length: 4 }, (_, i) => ({ phone: mobile(i), date: '2025-05-01' }));
		const sizes = () => lists().map((list) => (list.list as IDataObject[]).map((r) => r.recipient));

		it('a refused record is its own item’s error; the rest of its list is registered', async () => {
			// The whole list, then its first half, then that half's first record are refused.
			emulator.failNext({ apiMethod: 'consent/create', status: 422, times: 3 });
			const { error, output } = await run(create(), rows, true);
			expect(error).toBeUndefined();
			const r = rows.map((row) => `+90${row.phone}`);
			expect(sizes()).toEqual([r, [r[0], r[1]], [r[0]], [r[1]], [r[2], r[3]]]);
			const items = output('iletiMerkezi');
			expect(items[0].json).toEqual({
				error: 'iletiMerkezi rejected a value (code 422)',
				message: expect.any(String),
			});
			expect(json(items.slice(1)).map((item) => item.recipient)).toEqual(r.slice(1));
			expect(emulator.account.consents.map((c) => c.recipient)).toEqual(r.slice(1));
		});

		it('a record İYS already holds is that item’s answer, not a failure', async () => {
			emulator.account.seedConsents([
				{ recipient: mobile(0), consentDate: '2025-04-01 09:00:00', source: 'HS_FIZIKSEL_ORTAM' },
			]);
			emulator.failNext({ apiMethod: 'consent/create', status: 422, times: 3 });
			const { error, output } = await run(create(), rows);
			expect(error).toBeUndefined();
			expect(output('iletiMerkezi')[0].json).toMatchObject({
				recipient: `+90${mobile(0)}`,
				status: 'ONAY',
				source: 'HS_FIZIKSEL_ORTAM',
				consentDate: '2025-04-01 09:00:00',
				brandCode: BRAND,
				alreadyRegistered: true,
				note: expect.stringMatching(
					/^İYS already holds this consent \(ONAY of 2025-04-01 09:00:00\)/,
				),
			});
			// The 4 records are looked up at once, as the whole list was refused.
			expect(requestsTo(emulator, 'consent/show')).toHaveLength(4);
			expect(json(output('iletiMerkezi').slice(1)).map((item) => item.alreadyRegistered)).toEqual([
				false,
				false,
				false,
			]);
		});

		it('without Continue, the first refused record stops the run once its list is done', async () => {
			emulator.failNext({ apiMethod: 'consent/create', status: 422, times: 3 });
			const { error } = await run(create(), rows);
			expect(error?.message).toBe('iletiMerkezi rejected a value (code 422)');
			expect(itemIndexOf(error)).toBe(0);
			expect(descriptionOf(error)).toMatch(/run again/);
			expect(emulator.account.consents).toHaveLength(3);
		});

		it('past the request budget, the records not told apart say their list was refused', async () => {
			emulator.failNext({ apiMethod: 'consent/create', status: 422, times: 1000 });
			const many = Array.from({ length: 300 }, (_, i) => ({
				phone: mobile(i),
				date: '2025-05-01',
			}));
			const { output } = await run(create(), many, true);
			expect(lists().length).toBeLessThanOrEqual(100);
			const items = output('iletiMerkezi');
			expect(
				items.every((item) => item.json.error === 'iletiMerkezi rejected a value (code 422)'),
			).toBe(true);
			expect(items.at(-1)?.json.message).toMatch(/refused the list of \d+ records this one was in/);
		});
	});

	it('per-record answers: each record’s own result on its item', async () => {
		const api = await startEmulator({ backend: 'current', consentResults: 'record' });
		try {
			const { error, output } = await run(
				create(),
				[
					{ phone: mobile(1), date: '2025-05-01' },
					{ phone: mobile(2), date: '2025-05-01' },
				],
				false,
				api,
			);
			expect(error).toBeUndefined();
			expect(json(output('iletiMerkezi')).map((item) => item.recipient)).toEqual([
				`+90${mobile(1)}`,
				`+90${mobile(2)}`,
			]);
			expect(api.account.consents).toHaveLength(2);
		} finally {
			await api.close();
		}
	});

	it('after a lost answer the identical list is sent again, and each record is held once', async () => {
		emulator.failNext({ apiMethod: 'consent/create', reset: true, afterProcessing: true });
		const { error, output } = await run(create(), [{ phone: mobile(1), date: '2025-05-01' }]);
		expect(error).toBeUndefined();
		const [first, second] = lists();
		expect(second).toEqual(first);
		expect(emulator.account.consents).toHaveLength(1);
		expect(output('iletiMerkezi')[0].json.error).toBeUndefined();
	});

	describe('records İYS holds, and lists refused whole', () => {
		const anHourAgo = () => inIstanbul(new Date(Date.now() - 3_600_000));
		const tenDaysAgo = () => inIstanbul(new Date(Date.now() - 10 * 86_400_000));

		it.each([10, 50])(
			'%i rows İYS refuses among 5,000: every good row registered, each refused one named',
			async (bad) => {
				// The brand is active: İYS refuses consents older than 3 business days, which the
				// node can only note before sending.
				const api = await startEmulator({ backend: 'current', brandActive: true });
				try {
					const badAt = new Set(
						Array.from({ length: bad }, (_, k) => Math.floor((k * 4999) / bad) + 7),
					);
					const recent = anHourAgo();
					const old = tenDaysAgo();
					const rows = Array.from({ length: 5000 }, (_, i) => ({
						phone: mobile(i),
						date: badAt.has(i) ? old : recent,
					}));
					const { error, output } = await run(create(), rows, true, api);
					expect(error).toBeUndefined();
					const items = json(output('iletiMerkezi'));
					const failed = items.flatMap((item, i) => (item.error ? [i] : []));
					expect(failed).toEqual([...badAt].sort((a, b) => a - b));
					expect(api.account.consents).toHaveLength(5000 - bad);
					for (const i of failed) {
						expect(items[i].error).toBe('iletiMerkezi rejected a value (code 422)');
						expect(items[i].message).toMatch(/İYS holds no consent for this recipient/);
						expect(items[i].message).toMatch(/is more than 3 business days ago/);
					}
					const requests = lists(api).length;
					// Measured: 161 requests for 10, 633 for 50 (docs/operations.md); the budget is 1,250.
					expect(requests).toBeLessThanOrEqual(bad === 10 ? 200 : 700);
				} finally {
					await api.close();
				}
			},
			120_000,
		);

		it('a nightly run of the same sheet: every row already registered, no failure, nothing written', async () => {
			const rows = Array.from({ length: 1000 }, (_, i) => ({
				phone: mobile(i),
				date: '2025-05-01 10:30',
			}));
			expect((await run(create(), rows)).error).toBeUndefined();
			const before = JSON.stringify(emulator.account.consents);
			const [creates, shows] = [lists().length, requestsTo(emulator, 'consent/show').length];
			const again = await run(create(), rows);
			expect(again.error).toBeUndefined();
			const items = json(again.output('iletiMerkezi'));
			expect(items.every((item) => item.alreadyRegistered === true)).toBe(true);
			expect(items[999]).toMatchObject({
				recipient: `+90${mobile(999)}`,
				status: 'ONAY',
				consentDate: '2025-05-01 10:30:00',
				note: expect.stringMatching(/^İYS already holds exactly this record/),
			});
			expect(JSON.stringify(emulator.account.consents)).toBe(before);
			// One list refused, each record then looked up once.
			expect(lists().length - creates).toBe(1);
			expect(requestsTo(emulator, 'consent/show').length - shows).toBe(1000);
		}, 120_000);

		it('the same sheet with new rows and changed ones: the new and later ones registered, the rest already', async () => {
			emulator.account.seedConsents([
				...Array.from({ length: 100 }, (_, i) => ({
					recipient: mobile(i),
					consentDate: '2025-05-01 10:30:00',
				})),
				// Opted out in March; opts in again in May: a later date wins.
				{ recipient: mobile(100), status: 'RET', consentDate: '2025-03-01 09:00:00' },
				// Opted out in June: an opt-in dated May does not replace it.
				{ recipient: mobile(101), status: 'RET', consentDate: '2025-06-01 09:00:00' },
			]);
			const rows = Array.from({ length: 110 }, (_, i) => ({
				phone: mobile(i),
				date: '2025-05-01 10:30',
			}));
			const { error, output } = await run(create(), rows);
			expect(error).toBeUndefined();
			const items = json(output('iletiMerkezi'));
			const already = items.flatMap((item, i) => (item.alreadyRegistered ? [i] : []));
			expect(already).toEqual([...Array.from({ length: 100 }, (_, i) => i), 101]);
			expect(items[101]).toMatchObject({
				status: 'RET',
				consentDate: '2025-06-01 09:00:00',
				note: expect.stringMatching(
					/^İYS holds a later record for this recipient \(RET of 2025-06-01 09:00:00\)/,
				),
			});
			expect(items[100]).toMatchObject({ status: 'ONAY', alreadyRegistered: false });
			const held = (i: number) =>
				emulator.account.consents.find((c) => c.recipient === `+90${mobile(i)}`);
			expect([held(100)?.status, held(101)?.status, held(109)?.status]).toEqual([
				'ONAY',
				'RET',
				'ONAY',
			]);
			// The whole list, then what İYS does not hold.
			expect(lists().map((list) => (list.list as unknown[]).length)).toEqual([110, 9]);
		});

		it('an opt-out for a recipient İYS holds nothing for names why it was refused', async () => {
			const api = await startEmulator({ backend: 'current', consentResults: 'record' });
			try {
				api.failNext({ apiMethod: 'consent/create', status: 422 });
				const { output } = await run(
					create({ status: 'RET' }),
					[{ phone: mobile(1), date: anHourAgo() }],
					true,
					api,
				);
				expect(output('iletiMerkezi')[0].json.message).toMatch(
					/takes an opt-out \(RET\) only where it holds an opt-in \(ONAY\)/,
				);
			} finally {
				await api.close();
			}
		});

		it.each(['batch', 'record'] as const)(
			'a lost list sent again (%s answers): İYS refuses what it registered the first time, and each item says it is registered',
			async (consentResults) => {
				const api = await startEmulator({ backend: 'current', consentResults });
				try {
					api.account.seedConsents([{ recipient: mobile(2), consentDate: '2025-06-01 09:00:00' }]);
					api.failNext({ apiMethod: 'consent/create', reset: true, afterProcessing: true });
					const rows = [1, 2, 3].map((i) => ({ phone: mobile(i), date: '2025-05-01 10:30' }));
					const { error, output } = await run(create(), rows, false, api);
					expect(error).toBeUndefined();
					const sent = lists(api);
					expect(sent[1]).toEqual(sent[0]);
					// The first sending registered 1 and 3 (batch: nothing, as 2 is held already).
					const items = json(output('iletiMerkezi'));
					expect(items.map((item) => [item.recipient, item.alreadyRegistered])).toEqual([
						[`+90${mobile(1)}`, consentResults === 'record'],
						[`+90${mobile(2)}`, true],
						[`+90${mobile(3)}`, consentResults === 'record'],
					]);
					expect(api.account.consents.map((c) => c.recipient).sort()).toEqual(
						[1, 2, 3].map((i) => `+90${mobile(i)}`),
					);
				} finally {
					await api.close();
				}
			},
		);
	});
});

describe('Consent › Get', () => {
	const get = (parameters: INodeParameters = {}): INodeParameters => ({
		operation: 'get',
		brandCode: BRAND,
		recipient: '={{ $json.phone }}',
		recipientType: 'BIREYSEL',
		type: 'MESAJ',
		...parameters,
	});

	it('reads back a record Create registered', async () => {
		await run(create({ status: 'RET', source: 'HS_CAGRI_MERKEZI' }), [
			{ phone: '0532 123 45 67', date: '2025-05-01 10:30' },
		]);
		const { error, output } = await run(get(), [{ phone: '+90 532 123 45 67' }]);
		expect(error).toBeUndefined();
		expect(requestsTo(emulator, 'consent/show')[0].body.request.consent).toEqual({
			brandCode: BRAND,
			recipient: '+905321234567',
			recipientType: 'BIREYSEL',
			type: 'MESAJ',
		});
		expect(output('iletiMerkezi')[0].json).toEqual({
			found: true,
			recipient: '+905321234567',
			recipientType: 'BIREYSEL',
			type: 'MESAJ',
			status: 'RET',
			source: 'HS_CAGRI_MERKEZI',
			consentDate: '2025-05-01 10:30:00',
			brandCode: BRAND,
		});
	});

	it('no record is an item that says so, not an error', async () => {
		emulator.account.seedConsents([{ recipient: '5321234567', type: 'ARAMA' }]);
		const { error, output } = await run(get(), [{ phone: '5321234567' }]);
		expect(error).toBeUndefined();
		expect(output('iletiMerkezi')[0].json).toEqual({
			found: false,
			brandCode: BRAND,
			recipient: '+905321234567',
			recipientType: 'BIREYSEL',
			type: 'MESAJ',
			message: expect.stringMatching(/^İYS holds no consent/),
		});
	});

	it('a brand code without a subscription is that item’s clear error', async () => {
		const { output } = await run(get({ brandCode: '999' }), [{ phone: '5321234567' }], true);
		expect(output('iletiMerkezi')[0].json.error).toBe(
			'No active İYS subscription for this brand code (code 403)',
		);
	});
});
