/**
 * The emulator's contract with docs/api.md, over real HTTP: the node's specs trust it to answer as
 * the API does (envelope, hash, codes, paging, both backends, sending and its reports, faults), so
 * that is pinned here.
 */
/* eslint-disable @n8n/community-nodes/no-restricted-imports -- spec code, never shipped */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Emulator } from '../dev/emulator';
import { BACKEND_METHODS, DEFAULT_ACCOUNT, hashFor, startEmulator } from '../dev/emulator';

const AUTH = {
	key: DEFAULT_ACCOUNT.apiKey,
	hash: hashFor(DEFAULT_ACCOUNT.apiKey, DEFAULT_ACCOUNT.secretKey),
};

async function post(emulator: Emulator, apiMethod: string, body: unknown) {
	const response = await fetch(`${emulator.url}/${apiMethod}/json`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	const json = text.startsWith('{') ? JSON.parse(text) : undefined;
	return { status: response.status, type: response.headers.get('content-type'), text, json };
}

/** A call with the default account's authentication block; answers [HTTP status, response]. */
async function call(emulator: Emulator, apiMethod: string, request: object = {}) {
	const answer = await post(emulator, apiMethod, { request: { authentication: AUTH, ...request } });
	return [answer.status, answer.json?.response] as const;
}

const emulators: Record<'classic' | 'current', Emulator> = {} as never;
beforeAll(async () => {
	emulators.classic = await startEmulator({ backend: 'classic' });
	emulators.current = await startEmulator({ backend: 'current' });
});
afterEach(() => Object.values(emulators).forEach((emulator) => emulator.clear()));
afterAll(async () => {
	for (const emulator of Object.values(emulators)) await emulator.close();
});

describe('envelope and authentication', () => {
	it('answers POST <base>/<method>/json with the envelope, its code also the HTTP status', async () => {
		const [status, response] = await call(emulators.classic, 'get-balance');
		expect(status).toBe(200);
		expect(response).toEqual({
			status: { code: 200, message: 'İşlem başarılı' },
			balance: { amount: 10.584, sms: 67 },
		});
		expect(emulators.classic.requests[0]).toMatchObject({
			method: 'POST',
			path: '/v1/get-balance/json',
			apiMethod: 'get-balance',
			status: 200,
		});
	});

	it('hashes as lowercase hex HMAC-SHA256 of the API key keyed by the secret', () => {
		// Independent vector: printf test-api-key | openssl dgst -sha256 -hmac test-secret-key
		expect(hashFor('test-api-key', 'test-secret-key')).toBe(
			'db9a0aaa874de507fa144f2a5efba8ee79bcb989bd9d14437fe0bed05bfc5f28',
		);
	});

	it.each([
		['a wrong hash', { key: AUTH.key, hash: hashFor(AUTH.key, 'wrong') }],
		['an unknown key', { key: 'other', hash: AUTH.hash }],
		['no authentication', undefined],
	])('answers %s with 401, before the method checks its input', async (_, authentication) => {
		const answer = await post(emulators.classic, 'search-contacts', {
			request: { authentication, search: { key: 'x' } },
		});
		expect([answer.status, answer.json.response.status.code]).toEqual([401, 401]);
	});

	it('answers 405 to anything but POST, 400 to a body that is not {request}, 404 to an unknown method', async () => {
		const get = await fetch(`${emulators.classic.url}/get-balance/json`);
		expect(get.status).toBe(405);
		expect((await post(emulators.classic, 'get-balance', '{oops')).status).toBe(400);
		expect((await post(emulators.classic, 'get-balance', { nope: 1 })).status).toBe(400);
		const [status, response] = await call(emulators.classic, 'nope');
		expect([status, response.status.code]).toEqual([404, 404]);
	});

	it('sends codes and the balance as strings when asked to', async () => {
		const stringly = await startEmulator({ codeAsString: true });
		const [, response] = await call(stringly, 'get-balance').finally(() => stringly.close());
		expect(response).toMatchObject({ status: { code: '200' }, balance: { amount: '10.584' } });
	});
});

describe('the two backends', () => {
	it.each(['classic', 'current'] as const)(
		'%s answers 404 to every method it does not know, and only to those',
		async (backend) => {
			for (const method of new Set(Object.values(BACKEND_METHODS).flat())) {
				const [status] = await call(emulators[backend], method);
				expect([method, status === 404]).toEqual([
					method,
					!BACKEND_METHODS[backend].includes(method),
				]);
			}
			expect(BACKEND_METHODS.current).not.toContain('add-contacts');
			expect(BACKEND_METHODS.classic).not.toContain('add-contact');
		},
	);

	it('add-contacts takes one object or a list (XML-shaped tags), answers one result each, in order', async () => {
		const [, one] = await call(emulators.classic, 'add-contacts', {
			contacts: {
				contact: {
					gsm: '5321234567',
					custom_fields: { custom_field: { id: '1', value: 'İzmir' } },
					groups: { group: { id: '11' } },
				},
			},
		});
		expect(one.contacts.contact).toEqual([
			{ id: '1', gsm: '5321234567', status: { code: 200, message: 'İşlem başarılı' } },
		]);
		const [, many] = await call(emulators.classic, 'add-contacts', {
			contacts: {
				contact: [
					{ name: 'A', gsm: '5321234568' },
					{ gsm: '12' },
					{},
					{ name: 'B', groups: { group: [{ id: '99' }] } },
					{ name: 'C', custom_fields: { custom_field: [{ id: '42', value: 'x' }] } },
				],
			},
		});
		expect(many.contacts.contact.map((r: { status: { code: number } }) => r.status.code)).toEqual([
			200, 466, 472, 463, 473,
		]);
		expect(emulators.classic.contacts.map((c) => c.gsm)).toEqual(['5321234567', '5321234568']);
		expect(emulators.classic.contacts[0]).toMatchObject({
			groups: ['11'],
			custom_fields: [{ id: '1', value: 'İzmir' }],
		});
	});

	it('today’s backend: add, get, edit (groups as {id: [...]}), delete a contact, as plain lists', async () => {
		const api = emulators.current;
		const [, added] = await call(api, 'add-contact', {
			contact: { name: 'Ayşe', gsm: '5321234567', groups: { group: [{ id: '1' }, { id: '11' }] } },
		});
		const stored = { id: '1', name: 'Ayşe', surname: '', email: '', gsm: '5321234567' };
		Object.assign(stored, { custom_fields: [], groups: [1, 11] });
		expect(added.contact).toEqual(stored);
		expect((await call(api, 'add-contact', { contact: { gsm: '1' } }))[0]).toBe(466);
		expect((await call(api, 'get-contact', { contact: { id: '1' } }))[1].contact).toEqual(stored);
		const [, edited] = await call(api, 'edit-contact', {
			contact: { id: '1', surname: 'Kaya', groups: { id: [2] } },
		});
		expect(edited.contact).toMatchObject({ name: 'Ayşe', surname: 'Kaya', groups: [2] });
		expect((await call(api, 'delete-contact', { contact: { id: '1' } }))[0]).toBe(200);
		for (const method of ['get-contact', 'edit-contact', 'delete-contact']) {
			expect((await call(api, method, { contact: { id: '1' } }))[0]).toBe(465);
		}
	});

	it('today’s backend: groups nest, are created, renamed and deleted; 461, 462, 463 as documented', async () => {
		const api = emulators.current;
		const [, created] = await call(api, 'add-group', { group: { name: 'Hot', parent: '11' } });
		expect(created.group).toEqual({ id: '13', name: 'Hot' });
		expect((await call(api, 'add-group', { group: { name: '' } }))[0]).toBe(461);
		expect((await call(api, 'add-group', { group: { name: 'X', parent: '99' } }))[0]).toBe(463);
		await call(api, 'edit-group', { group: { id: '13', name: 'Sıcak' } });
		const [, got] = await call(api, 'get-group', { group: { id: '11' } });
		expect(got.group).toEqual({
			id: '11',
			name: 'VIP',
			count: 0,
			children: [{ id: '13', name: 'Sıcak', count: 0, children: [] }],
		});
		await call(api, 'delete-group', { group: { id: '1' } });
		const [, left] = await call(api, 'get-groups');
		expect(left.groups.map((g: { id: string }) => g.id)).toEqual(['2']);
		expect((await call(api, 'get-group', { group: {} }))[0]).toBe(462);
		expect((await call(api, 'get-group', { group: { id: '11' } }))[0]).toBe(463);
	});
});

describe('lists and paging', () => {
	beforeEach(() => {
		// 2,345 Yılmaz in group 12, among 100 others.
		emulators.current.generateContacts(2445, (i) =>
			i < 2345
				? { name: `Ad${i}`, surname: 'Yılmaz', groups: ['12'] }
				: { name: `Ad${i}`, surname: 'Kaya' },
		);
	});

	it.each([
		[
			'search-contacts',
			(page: number, rowCount: number) => ({ search: { key: 'YILMAZ', page, rowCount } }),
		],
		[
			'get-group-contacts',
			(page: number, rowCount: number) => ({ group: { id: '12', page, rowCount } }),
		],
	])(
		'%s pages by (page - 1) × rowCount, in id order; past the end is 465',
		async (method, body) => {
			const rows = async (page: number, rowCount: number) => {
				const [status, response] = await call(emulators.current, method, body(page, rowCount));
				return status === 465 ? 465 : response.contacts.map((c: { id: string }) => c.id);
			};
			const ids = (from: number, to: number) =>
				Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
			expect((await rows(1, 1000)).length).toBe(1000);
			expect(await rows(3, 1000)).toEqual(ids(2001, 2345));
			expect(await rows(2, 5)).toEqual(ids(6, 10));
			expect(await rows(4, 1000)).toBe(465);
			// Asked for more than 1000, it serves 1000.
			expect((await rows(1, 5000)).length).toBe(1000);
		},
	);

	it('search matches phone, name, surname or email with Turkish case; 471 under 3 characters, 464 below page 1', async () => {
		const api = emulators.current;
		expect((await call(api, 'search-contacts', { search: { key: 'ab' } }))[0]).toBe(471);
		expect((await call(api, 'search-contacts', { search: { key: 'kaya', page: 0 } }))[0]).toBe(464);
		const [, found] = await call(api, 'search-contacts', { search: { key: 'KAYA' } });
		expect(found.contacts).toHaveLength(100);
		const empty = { email: '', gsm: '', custom_fields: [], groups: [] };
		expect(found.contacts[0]).toEqual({ id: '2346', name: 'Ad2345', surname: 'Kaya', ...empty });
	});

	it('get-groups counts direct members', async () => {
		const [, tree] = await call(emulators.current, 'get-groups');
		expect(tree.groups[0]).toMatchObject({
			id: '1',
			count: 0,
			children: [
				{ id: '11', count: 0 },
				{ id: '12', count: 2345 },
			],
		});
	});
});

describe('faults', () => {
	const api = () => emulators.classic;
	const add = () => call(api(), 'add-contacts', { contacts: { contact: [{ name: 'A' }] } });

	it('a queued status comes as the envelope and the HTTP status, once, then the API recovers', async () => {
		api().failNext({ apiMethod: 'add-contacts', status: 503 });
		expect((await add())[0]).toBe(503);
		expect((await add())[0]).toBe(200);
		expect(api().contacts).toHaveLength(1);
	});

	it('an HTML page, an empty body, or a dropped connection instead of the API', async () => {
		api().failNext({ html: true });
		const html = await post(api(), 'get-balance', { request: { authentication: AUTH } });
		expect([html.status, html.type, html.text]).toEqual([
			502,
			'text/html; charset=utf-8',
			expect.stringContaining('<title>502 Bad Gateway</title>'),
		]);
		api().failNext({ empty: true });
		const empty = await post(api(), 'get-balance', { request: { authentication: AUTH } });
		expect([empty.status, empty.text]).toEqual([500, '']);
		api().failNext({ reset: true });
		await expect(add()).rejects.toThrow();
		expect(api().requests.map((r) => r.status)).toEqual([502, 500, 0]);
	});

	it('afterProcessing stores first and then fails; without it nothing is stored', async () => {
		api().failNext({ apiMethod: 'add-contacts', reset: true, afterProcessing: true });
		await expect(add()).rejects.toThrow();
		api().failNext({ apiMethod: 'add-contacts', reset: true });
		await expect(add()).rejects.toThrow();
		expect(api().contacts).toHaveLength(1);
	});

	it('faults hit only their method, `times` times, in FIFO order', async () => {
		api().failNext({ apiMethod: 'add-contacts', status: 429, times: 2 });
		api().failNext({ apiMethod: 'add-contacts', status: 503 });
		expect((await call(api(), 'get-balance'))[0]).toBe(200);
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await add())[0]);
		expect(statuses).toEqual([429, 429, 503, 200]);
	});

	it('with a delay, answers requests side by side and counts the most in flight', async () => {
		const slow = await startEmulator({ delayMs: 30 });
		const calls = Promise.all(Array.from({ length: 5 }, () => call(slow, 'get-balance')));
		await calls.finally(() => slow.close());
		expect(slow.peakInFlight).toBe(5);
	});
});

describe('the SMS account, on both backends', () => {
	const backends = ['classic', 'current'] as const;
	const send = (api: Emulator, order: object) =>
		call(api, 'send-sms', {
			order: {
				sender: 'APITEST',
				iys: '0',
				message: { text: 'Merhaba', receipents: { number: ['5321234567'] } },
				...order,
			},
		});
	const report = async (api: Emulator, id: string, extra: object = {}) =>
		(await call(api, 'get-report', { order: { id, ...extra } }))[1].order;
	/** `YYYY-MM-DD HH:MM:SS` on Istanbul's clocks: UTC+3 since 2016, whatever this machine's zone. */
	const istanbul = (ms: number) =>
		new Date(ms + 3 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

	it.each(backends)(
		'%s: the blacklist normalises numbers, lists them as +90…, and refuses what it should',
		async (backend) => {
			const api = emulators[backend];
			for (const number of ['05321234567', '+90 532 123 45 67', '905551112233']) {
				expect((await call(api, 'add-blacklist', { blacklist: { number } }))[0]).toBe(200);
			}
			expect(
				(await call(api, 'add-blacklist', { blacklist: { number: '+4917257448331' } }))[0],
			).toBe(466);
			const [, listed] = await call(api, 'get-blacklist');
			expect(listed.blacklist).toEqual({ count: 2, number: ['+905321234567', '+905551112233'] });
			expect(
				(await call(api, 'delete-blacklist', { blacklist: { number: '5321234567' } }))[0],
			).toBe(200);
			const [status, again] = await call(api, 'delete-blacklist', {
				blacklist: { number: '5321234567' },
			});
			expect([status, again.status.message]).toEqual([
				474,
				'Bu numara üzerindeki engelleme kaldırılamaz',
			]);
		},
	);

	it('get-blacklist pages with a total count and filters on the time each number was added', async () => {
		const api = emulators.current;
		api.account.seedBlacklist(
			Array.from({ length: 25 }, (_, i) => ({
				number: `5${320000000 + i}`,
				addedAt: `2026-04-${String(1 + i).padStart(2, '0')} 12:00:00`,
			})),
		);
		const list = async (blacklist: object) => (await call(api, 'get-blacklist', { blacklist }))[1];
		const page3 = await list({ page: 3, rowCount: 10 });
		expect(page3.blacklist.count).toBe(25);
		expect(page3.blacklist.number).toEqual([
			'+905320000020',
			'+905320000021',
			'+905320000022',
			'+905320000023',
			'+905320000024',
		]);
		const april = await list({
			filter: { start: '2026-04-10 12:00:00', end: '2026-04-12 23:59:59' },
		});
		expect(april.blacklist).toEqual({
			count: 3,
			number: ['+905320000009', '+905320000010', '+905320000011'],
		});
		expect(
			(await call(api, 'get-blacklist', { blacklist: { filter: { start: '10/04/2026' } } }))[0],
		).toBe(400);
	});

	it.each(backends)(
		'%s: İYS consent/create validates each record, 403 without an active brand, consent/show 422 when none',
		async (backend) => {
			const api = emulators[backend];
			const record = {
				recipient: '0532 123 45 67',
				recipientType: 'BIREYSEL',
				type: 'MESAJ',
				status: 'ONAY',
				source: 'HS_WEB',
				consentDate: '2026-01-07 23:50:00',
			};
			const create = (brandCode: unknown, list: unknown) =>
				call(api, 'consent/create', { consent: { brandCode, list } });
			const [forbidden, message] = await create(1234, [record]);
			expect([forbidden, message.status.message]).toEqual([403, 'Aktif abonelik bulunamadı']);
			for (const bad of [
				{ recipientType: 'KISI' },
				{ type: 'SMS' },
				{ status: 'EVET' },
				{ source: 'WEB' },
				{ consentDate: '07/01/2026' },
				{ recipient: '12' },
			]) {
				expect((await create(696422, [record, { ...record, ...bad }]))[0]).toBe(422);
			}
			expect((await create(696422, []))[0]).toBe(422);
			expect(api.account.consents).toEqual([]);
			expect(
				(await create(696422, [record, { ...record, type: 'EPOSTA', recipient: 'a@b.com.tr' }]))[0],
			).toBe(200);
			const show = (consent: object) =>
				call(api, 'consent/show', {
					consent: { brandCode: '696422', recipientType: 'BIREYSEL', type: 'MESAJ', ...consent },
				});
			const [, shown] = await show({ recipient: '+905321234567' });
			expect(shown.consent).toEqual({ ...record, brandCode: 696422, recipient: '+905321234567' });
			expect((await show({ recipient: '5550000000' }))[0]).toBe(422);
			expect(api.requests.map((r) => r.apiMethod)).toContain('consent/create');
			expect(api.requests.find((r) => r.apiMethod === 'consent/show')?.path).toBe(
				'/v1/consent/show/json',
			);
		},
	);

	it('brand codes are configurable, and a per-record reading of consent/create can be chosen', async () => {
		const api = await startEmulator({ brandCodes: ['42'], consentResults: 'record' });
		const good = {
			recipient: '5321234567',
			recipientType: 'TACIR',
			type: 'ARAMA',
			status: 'RET',
			source: 'HS_CAGRI_MERKEZI',
			consentDate: '2026-01-01 10:00:00',
		};
		const [status, answer] = await call(api, 'consent/create', {
			consent: { brandCode: '42', list: [good, { ...good, recipient: 'x' }] },
		}).finally(() => api.close());
		expect(status).toBe(200);
		expect(answer.consent.list.map((r: { status: { code: number } }) => r.status.code)).toEqual([
			200, 422,
		]);
		expect(api.account.consents).toHaveLength(1);
	});

	it.each(backends)(
		'%s: send-sms answers order.id, charges each SMS part, and get-balance follows',
		async (backend) => {
			const api = emulators[backend];
			const [, sent] = await send(api, {
				message: [
					{ text: 'a'.repeat(200), receipents: { number: ['5321234567', '905321234568'] } },
					{ text: 'Kısa', receipents: { number: '+905321234569' } },
				],
			});
			expect(sent.order.id).toEqual(expect.any(String));
			const [, balance] = await call(api, 'get-balance');
			expect(balance.balance).toEqual({ amount: 10.584, sms: 67 - 2 * 2 - 1 });
			const order = await report(api, sent.order.id);
			expect(order).toMatchObject({
				status: 113,
				total: 3,
				waiting: 3,
				price: 5,
				sender: 'APITEST',
			});
			expect(order.message).toEqual(
				['+905321234567', '+905321234568', '+905321234569'].map((number) => ({
					number,
					status: 110,
				})),
			);
			const [, senders] = await call(api, 'get-sender');
			expect(senders.senders).toEqual({ sender: ['APITEST', 'eMarka'] });
		},
	);

	it.each([
		[450, { sender: 'apitest' }],
		[450, { sender: 'NOTMINE' }],
		[468, { iys: undefined }],
		[469, { iys: '1', iysList: 'KISI' }],
		[454, { message: { text: ' ', receipents: { number: ['5321234567'] } } }],
		[452, { message: { text: 'x', receipents: { number: ['5321234567', '212 555 11 22'] } } }],
		[453, { message: { text: 'x'.repeat(153 * 7 + 1), receipents: { number: ['5321234567'] } } }],
		[457, { sendDateTime: '2030-01-01 10:00' }],
	])('send-sms answers %s to %j', async (code, order) => {
		const [status, answer] = await send(emulators.current, order);
		expect([status, answer.status.code]).toEqual([code, code]);
		expect(emulators.current.account.orders).toEqual([]);
	});

	it('send-sms: 470 without an İYS brand, 402 when the balance is short, 451 for the same order within 10 minutes, 453 past 50,000 recipients', async () => {
		const noBrand = await startEmulator({ brandCodes: [] });
		const [noIys] = await send(noBrand, { iys: '1', iysList: 'BIREYSEL' }).finally(() =>
			noBrand.close(),
		);
		expect(noIys).toBe(470);
		const api = emulators.current;
		api.account.balance.sms = 1;
		expect(
			(
				await send(api, {
					message: { text: 'x', receipents: { number: ['5321234567', '5321234568'] } },
				})
			)[0],
		).toBe(402);
		expect((await send(api, {}))[0]).toBe(200);
		expect((await send(api, {}))[0]).toBe(451);
		expect(api.account.balance.sms).toBe(0);
		const many = Array.from({ length: 50_001 }, (_, i) => `5${300000000 + i}`);
		expect((await send(api, { message: { text: 'x', receipents: { number: many } } }))[0]).toBe(
			453,
		);
		const few = await startEmulator({ maxRecipients: 2, senders: ['FIRMA'] });
		const [limited] = await send(few, {
			sender: 'FIRMA',
			message: { text: 'x', receipents: { number: many.slice(0, 3) } },
		}).finally(() => few.close());
		expect(limited).toBe(453);
	});

	it('a blacklisted number is taken but reported undelivered and not charged', async () => {
		const api = emulators.current;
		api.account.seedBlacklist(['5321234568']);
		const [, sent] = await send(api, {
			message: { text: 'x', receipents: { number: ['5321234567', '5321234568'] } },
		});
		const order = await report(api, sent.order.id);
		expect(order).toMatchObject({ waiting: 1, undelivered: 1, price: 1 });
		expect(order.message[1]).toEqual({ number: '+905321234568', status: 112 });
		expect(api.account.balance.sms).toBe(66);
	});

	it('a commercial order (iys "1") reports numbers without an ONAY consent on its list undelivered', async () => {
		const api = emulators.current;
		api.account.seedConsents([
			{ recipient: '5321234567' },
			{ recipient: '5321234568', status: 'RET' },
			{ recipient: '5321234569', recipientType: 'TACIR' },
		]);
		const numbers = ['5321234567', '5321234568', '5321234569'];
		const [, sent] = await send(api, {
			iys: '1',
			iysList: 'BIREYSEL',
			message: { text: 'İndirim', receipents: { number: numbers } },
		});
		const order = await report(api, sent.order.id);
		expect(order.message.map((m: { status: number }) => m.status)).toEqual([110, 112, 112]);
		expect(api.account.balance.sms).toBe(66);
	});

	it('get-report pages the numbers; settle() delivers or fails them; get-reports lists orders of at most 10 days', async () => {
		const api = emulators.current;
		const numbers = Array.from({ length: 7 }, (_, i) => `5${321234560 + i}`);
		const [, sent] = await send(api, { message: { text: 'x', receipents: { number: numbers } } });
		const page2 = await report(api, sent.order.id, { page: 2, rowCount: 3 });
		expect(page2.message.map((m: { number: string }) => m.number)).toEqual([
			'+905321234563',
			'+905321234564',
			'+905321234565',
		]);
		expect(page2.total).toBe(7);
		api.account.settle(sent.order.id, 'undelivered', ['5321234560']);
		api.account.settle(sent.order.id, 'delivered');
		expect(await report(api, sent.order.id, { rowCount: 2 })).toMatchObject({
			status: 114,
			delivered: 6,
			undelivered: 1,
			waiting: 0,
			price: 6,
			message: [{ status: 112 }, { status: 111 }],
		});
		expect(api.account.balance.sms).toBe(67 - 6);
		expect((await call(api, 'get-report', { order: { id: '999' } }))[0]).toBe(455);
		const day = (offset: number) => istanbul(Date.now() + offset * 86_400_000).slice(0, 10);
		const [, listed] = await call(api, 'get-reports', { filter: { start: day(-10), end: day(0) } });
		expect(listed.count).toBe(1);
		expect(listed.orders[0]).toMatchObject({
			id: Number(sent.order.id),
			status: 114,
			total: 7,
			delivered: 6,
		});
		expect(listed.orders[0]).not.toHaveProperty('price');
		expect((await call(api, 'get-reports', { filter: { start: day(-11), end: day(0) } }))[0]).toBe(
			458,
		);
		expect((await call(api, 'get-reports', { filter: { start: day(0), end: day(-1) } }))[0]).toBe(
			458,
		);
	});

	describe('dates carry no zone and are Istanbul time, whatever this machine’s zone', () => {
		const hour = 3_600_000;

		it('consent/create takes a consent dated an hour ago in Istanbul and refuses one an hour ahead', async () => {
			const api = emulators.current;
			const consent = (consentDate: string) =>
				call(api, 'consent/create', {
					consent: {
						brandCode: '696422',
						list: [
							{
								...{ recipient: '5321234567', recipientType: 'BIREYSEL', type: 'MESAJ' },
								...{ status: 'ONAY', source: 'HS_WEB', consentDate },
							},
						],
					},
				});
			expect((await consent(istanbul(Date.now() + hour)))[0]).toBe(422);
			const anHourAgo = istanbul(Date.now() - hour);
			expect((await consent(anHourAgo))[0]).toBe(200);
			expect(api.account.consents.map((c) => c.consentDate)).toEqual([anHourAgo]);
			const before = istanbul(Date.now() - 1000);
			api.account.seedConsents([{ recipient: '5321234568' }]);
			expect(api.account.consents[1].consentDate >= before).toBe(true);
			expect(api.account.consents[1].consentDate <= istanbul(Date.now())).toBe(true);
		});

		it('the blacklist filter’s bounds are Istanbul wall-clock times, to the second', async () => {
			const api = emulators.current;
			// 09:00 in Istanbul is 06:00 UTC; a seeded text is read as the filter is.
			api.account.seedBlacklist([
				{ number: '5321234567', addedAt: new Date('2026-05-01T06:00:00Z') },
				{ number: '5321234568', addedAt: '2026-05-01 09:00:01' },
			]);
			expect(api.account.blacklist[1].addedAt.toISOString()).toBe('2026-05-01T06:00:01.000Z');
			const listed = async (filter: object) =>
				(await call(api, 'get-blacklist', { blacklist: { filter } }))[1].blacklist.number;
			expect(await listed({ start: '2026-05-01 09:00:00', end: '2026-05-01 09:00:00' })).toEqual([
				'+905321234567',
			]);
			expect(await listed({ start: '2026-05-01 09:00:01' })).toEqual(['+905321234568']);
			expect(await listed({ end: '2026-05-01 08:59:59' })).toEqual([]);
		});

		it('send-sms schedules sendDateTime (DD/MM/YYYY HH:MM) in Istanbul time; an hour ago there is now', async () => {
			const api = emulators.current;
			const written = (ms: number) => {
				const [, y, mo, d, time] = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2})/.exec(istanbul(ms))!;
				return `${d}/${mo}/${y} ${time}`;
			};
			const [, past] = await send(api, { sendDateTime: written(Date.now() - hour) });
			expect((await call(api, 'get-report', { order: { id: past.order.id } }))[0]).toBe(200);
			const later = Date.now() + 2 * hour;
			const [, ahead] = await send(api, {
				sendDateTime: written(later),
				message: { text: 'Sonra', receipents: { number: ['5321234567'] } },
			});
			expect((await call(api, 'get-report', { order: { id: ahead.order.id } }))[0]).toBe(456);
			const { sendAt } = api.account.order(ahead.order.id)!;
			expect(Math.abs(sendAt.getTime() - later)).toBeLessThan(60_000);
		});

		it('get-reports takes Istanbul days and writes submitAt in Istanbul time', async () => {
			const api = emulators.current;
			const [, sent] = await send(api, {});
			// 22:30 UTC on 1 May is 01:30 on 2 May in Istanbul.
			api.account.order(sent.order.id)!.submitAt = new Date('2026-05-01T22:30:00Z');
			const listed = async (start: string, end = start) =>
				(await call(api, 'get-reports', { filter: { start, end } }))[1];
			expect((await listed('2026-05-01')).count).toBe(0);
			const may2 = await listed('2026-05-02');
			expect([may2.count, may2.orders[0].submitAt]).toEqual([1, '2026-05-02 01:30:00']);
		});
	});

	it('cancel-order takes only a scheduled order, which then reports 115 and is refunded', async () => {
		const api = emulators.current;
		const [, later] = await send(api, { sendDateTime: ['01/01/2099 09:30'] });
		expect(api.account.balance.sms).toBe(66);
		expect((await call(api, 'get-report', { order: { id: later.order.id } }))[0]).toBe(456);
		const [, now] = await send(api, {
			sendDateTime: '01/01/2099 09:30:00',
			message: { text: 'Saniyeli', receipents: { number: ['5321234567'] } },
		});
		expect((await call(api, 'cancel-order', { order: { id: now.order.id } }))[0]).toBe(455);
		expect((await call(api, 'cancel-order', { order: { id: later.order.id } }))[0]).toBe(200);
		expect((await call(api, 'cancel-order', { order: { id: later.order.id } }))[0]).toBe(455);
		expect(await report(api, later.order.id)).toMatchObject({
			status: 115,
			undelivered: 1,
			price: 0,
		});
		expect(api.account.balance.sms).toBe(66);
	});

	it('posts delivery reports {report: {id, packet_id, status, to, body}} to the webhook URL', async () => {
		const received: unknown[] = [];
		const hook = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				received.push({ type: req.headers['content-type'], body: JSON.parse(body) });
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
		const api = emulators.classic;
		api.webhookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
		const [, sent] = await send(api, {
			message: { text: 'Kargonuz yolda', receipents: { number: ['5321234567', '5321234568'] } },
		});
		api.account.settle(sent.order.id, 'delivered', ['+905321234568']);
		const statuses = await api.postReports(sent.order.id).finally(() => hook.close());
		expect(statuses).toEqual([200, 200]);
		const [first, second] = api.account.order(sent.order.id)!.messages;
		const reportOf = (id: number, status: string, to: string) => ({
			type: 'application/json',
			body: {
				report: { id, packet_id: Number(sent.order.id), status, to, body: 'Kargonuz yolda' },
			},
		});
		expect(received).toEqual([
			reportOf(first.id, 'accepted', '+905321234567'),
			reportOf(second.id, 'delivered', '+905321234568'),
		]);
		expect(
			await api.postReports(sent.order.id, { url: 'http://127.0.0.1:1/', status: 'undelivered' }),
		).toEqual([0, 0]);
	});
});

describe('hostile and faulty answers', () => {
	const api = () => emulators.current;
	const raw = (apiMethod: string, request: object, init: RequestInit = {}) =>
		fetch(`${api().url}/${apiMethod}/json`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ request: { authentication: AUTH, ...request } }),
			...init,
		});

	it('add-contacts can leave out the results of the contacts it refused, the others in order', async () => {
		emulators.classic.failNext({ apiMethod: 'add-contacts', dropRefused: true });
		const [, answer] = await call(emulators.classic, 'add-contacts', {
			contacts: { contact: [{ gsm: '5321234567' }, { gsm: '1' }, {}, { gsm: '5321234568' }] },
		});
		expect(answer.contacts.contact.map((r: { gsm: string }) => r.gsm)).toEqual([
			'5321234567',
			'5321234568',
		]);
		expect(emulators.classic.contacts).toHaveLength(2);
	});

	it.each([301, 302, 303, 307, 308])(
		'redirects with %s to the Location given, doing nothing',
		async (status) => {
			api().failNext({ status, location: 'https://api.iletimerkezi.invalid/v1/get-balance/json' });
			const response = await raw('add-contact', { contact: { name: 'A' } }, { redirect: 'manual' });
			expect([response.status, response.headers.get('location')]).toEqual([
				status,
				'https://api.iletimerkezi.invalid/v1/get-balance/json',
			]);
			expect(api().contacts).toEqual([]);
		},
	);

	it('a followed redirect lands on another emulator, which answers', async () => {
		api().failNext({ status: 307, location: `${emulators.classic.url}/get-balance/json` });
		const response = await raw('get-balance', {});
		const { response: answer } = (await response.json()) as { response: { balance: object } };
		expect([response.status, answer.balance]).toEqual([200, { amount: 10.584, sms: 67 }]);
		expect(emulators.classic.requests.map((r) => r.method)).toEqual(['POST']);
	});

	it('echoes the raw request in status.message, or in a 502 page as sent, URL-encoded and upper-cased', async () => {
		api().failNext({ echo: 'message' });
		const [status, answer] = await call(api(), 'get-balance');
		const body = api().requests[0].rawBody;
		expect([status, answer.status.message]).toEqual([400, body]);
		expect(body).toContain(AUTH.hash);
		api().failNext({ echo: 'html' });
		const page = await post(api(), 'get-balance', { request: { authentication: AUTH } });
		expect([page.status, page.type]).toEqual([502, 'text/html; charset=utf-8']);
		for (const form of [body, encodeURIComponent(body), body.toUpperCase()])
			expect(page.text).toContain(form);
	});

	it('a 502 page of N "<" characters', async () => {
		api().failNext({ htmlFlood: 100_000 });
		const page = await post(api(), 'get-balance', { request: { authentication: AUTH } });
		expect([page.status, page.type, page.text.length, /^<+$/.test(page.text)]).toEqual([
			502,
			'text/html; charset=utf-8',
			100_000,
			true,
		]);
	});

	it('paging faults: page 1 whatever is asked, or pages that wrap around forever', async () => {
		api().generateContacts(30, (i) => ({ name: `Ad${i}`, surname: 'Yılmaz', groups: ['12'] }));
		const ids = async (method: string, request: object) =>
			(await call(api(), method, request))[1].contacts.map((c: { id: string }) => c.id);
		api().failNext({ apiMethod: 'search-contacts', pages: 'first', times: 2 });
		const search = (page: number) =>
			ids('search-contacts', { search: { key: 'yılmaz', page, rowCount: 10 } });
		expect(await search(3)).toEqual(await search(1));
		api().failNext({ apiMethod: 'get-group-contacts', pages: 2, times: Infinity });
		const group = (page: number) =>
			ids('get-group-contacts', { group: { id: '12', page, rowCount: 10 } });
		expect(await group(5)).toEqual(await group(1));
		expect(await group(1000)).toEqual(await group(2));
		expect((await group(2))[0]).toBe('11');
		api().account.seedBlacklist(['5321234567', '5321234568']);
		api().failNext({ apiMethod: 'get-blacklist', pages: 'first' });
		const [, listed] = await call(api(), 'get-blacklist', { blacklist: { page: 2, rowCount: 1 } });
		expect(listed.blacklist.number).toEqual(['+905321234567']);
	});

	it('rows without id, or with ids that are objects', async () => {
		api().seedContacts([{ name: 'Ayşe', groups: ['12'] }]);
		api().failNext({ rows: 'noId' });
		const [, bare] = await call(api(), 'get-group-contacts', { group: { id: '12' } });
		expect(bare.contacts[0]).not.toHaveProperty('id');
		api().failNext({ rows: 'objectId' });
		const [, boxed] = await call(api(), 'search-contacts', { search: { key: 'Ayşe' } });
		expect(boxed.contacts[0].id).toEqual({ id: '1' });
	});

	it('a chain of 20,000 nested groups with long names, served as JSON', async () => {
		const chain = api().buildGroupChain(20_000, 250, '2');
		expect(chain.map((g) => g.name.length)).toEqual(Array(20_000).fill(250));
		const [status, tree] = await call(api(), 'get-groups');
		expect(status).toBe(200);
		let depth = 0;
		for (let group = tree.groups[1]; group.children.length > 0; group = group.children[0]) depth++;
		expect([tree.groups[1].id, depth]).toEqual(['2', 20_000]);
		const [, inner] = await call(api(), 'get-group', { group: { id: chain[19_998].id } });
		expect(inner.group.children[0]).toEqual({
			id: chain[19_999].id,
			name: chain[19_999].name,
			count: 0,
			children: [],
		});
	});
});
