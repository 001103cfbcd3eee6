/**
 * What the iletiMerkezi emulator does, spec by spec, over real HTTP with node's fetch. The other
 * suites trust it to behave like the API (docs/api.md), so its behaviour is pinned down here.
 */

import type { Emulator, EmulatorOptions } from './emulator';
import { DEFAULT_ACCOUNT, hashFor, startEmulator } from './emulator';

const AUTH = {
	key: DEFAULT_ACCOUNT.apiKey,
	hash: hashFor(DEFAULT_ACCOUNT.apiKey, DEFAULT_ACCOUNT.secretKey),
};

interface Answer {
	status: number;
	contentType: string | null;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON as received
	json: any;
}

async function post(emulator: Emulator, apiMethod: string, body: unknown): Promise<Answer> {
	const response = await fetch(`${emulator.url}/${apiMethod}/json`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, contentType: response.headers.get('content-type'), text, json };
}

/** A call with the default account's authentication block added. */
const call = (emulator: Emulator, apiMethod: string, request: object = {}) =>
	post(emulator, apiMethod, { request: { authentication: AUTH, ...request } });

const addContacts = (emulator: Emulator, contact: unknown) =>
	call(emulator, 'add-contacts', { contacts: { contact } });

const search = (emulator: Emulator, search: object) =>
	call(emulator, 'search-contacts', { search });

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator();
});
afterEach(() => emulator.clear());
afterAll(async () => await emulator.close());

async function withEmulator(options: EmulatorOptions, run: (e: Emulator) => Promise<void>) {
	const other = await startEmulator(options);
	try {
		await run(other);
	} finally {
		await other.close();
	}
}

describe('transport', () => {
	it('serves POST <base>/<method>/json on 127.0.0.1 with a /v1 base URL', async () => {
		expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
		const answer = await call(emulator, 'get-balance');
		expect(answer.status).toBe(200);
		expect(answer.contentType).toBe('application/json; charset=utf-8');
		expect(answer.json.response.status).toEqual({ code: 200, message: 'İşlem başarılı' });
	});

	it('answers an unknown method with 404 and the envelope', async () => {
		const answer = await call(emulator, 'send-fax');
		expect(answer.status).toBe(404);
		expect(answer.json.response.status).toEqual({
			code: 404,
			message: 'API istek yapılan yönteme sahip değil',
		});
	});

	it('answers anything but POST with 405', async () => {
		const response = await fetch(`${emulator.url}/get-balance/json`);
		expect(response.status).toBe(405);
		expect(await response.json()).toMatchObject({ response: { status: { code: 405 } } });
	});

	it('answers unparseable JSON or a body without `request` with 400', async () => {
		for (const body of ['{"request": {', '', '[1]', JSON.stringify({ authentication: AUTH })]) {
			const answer = await post(emulator, 'get-balance', body);
			expect(answer.status).toBe(400);
			expect(answer.json.response.status).toEqual({ code: 400, message: 'İstek çözümlenemedi' });
		}
	});

	it('records every request in order, with path, method, headers, body and status answered', async () => {
		await call(emulator, 'get-balance');
		await post(emulator, 'get-groups', 'not json');
		await call(emulator, 'nope');
		expect(
			emulator.requests.map(({ method, path, apiMethod, status }) => ({
				method,
				path,
				apiMethod,
				status,
			})),
		).toEqual([
			{ method: 'POST', path: '/v1/get-balance/json', apiMethod: 'get-balance', status: 200 },
			{ method: 'POST', path: '/v1/get-groups/json', apiMethod: 'get-groups', status: 400 },
			{ method: 'POST', path: '/v1/nope/json', apiMethod: 'nope', status: 404 },
		]);
		expect(emulator.requests[0].headers['content-type']).toBe('application/json');
		expect(emulator.requests[0].body).toEqual({ request: { authentication: AUTH } });
		expect(emulator.requests[1].rawBody).toBe('not json');
		expect(emulator.requests[1].body).toBeUndefined();
	});
});

describe('authentication', () => {
	it('computes the hash as lowercase hex HMAC-SHA256 of the API key keyed by the secret', () => {
		// Independent vector: printf test-api-key | openssl dgst -sha256 -hmac test-secret-key
		expect(hashFor('test-api-key', 'test-secret-key')).toBe(
			'db9a0aaa874de507fa144f2a5efba8ee79bcb989bd9d14437fe0bed05bfc5f28',
		);
	});

	it('accepts the right key and hash', async () => {
		expect((await call(emulator, 'get-balance')).status).toBe(200);
	});

	it.each([
		['a wrong hash', { key: AUTH.key, hash: hashFor(AUTH.key, 'wrong-secret') }],
		['an unknown key', { key: 'other-key', hash: AUTH.hash }],
		['the secret sent as the hash', { key: AUTH.key, hash: DEFAULT_ACCOUNT.secretKey }],
		['no hash', { key: AUTH.key }],
	])('answers %s with 401, as HTTP 401 with a readable envelope', async (_, authentication) => {
		const answer = await post(emulator, 'get-balance', { request: { authentication } });
		expect(answer.status).toBe(401);
		expect(answer.contentType).toBe('application/json; charset=utf-8');
		expect(answer.json).toEqual({
			response: { status: { code: 401, message: 'Üyelik bilgileri hatalı' } },
		});
	});

	it('answers a missing authentication block with 401', async () => {
		const answer = await post(emulator, 'get-groups', { request: {} });
		expect(answer.status).toBe(401);
	});

	it('checks authentication before the method validates its input', async () => {
		const answer = await post(emulator, 'search-contacts', {
			request: { authentication: { key: AUTH.key, hash: 'x' }, search: { key: 'ab' } },
		});
		expect(answer.json.response.status.code).toBe(401);
		expect(emulator.contacts).toHaveLength(0);
	});

	it('knows several accounts when given them', async () => {
		const accounts = [
			{ apiKey: 'k1', secretKey: 's1' },
			{ apiKey: 'k2', secretKey: 's2' },
		];
		await withEmulator({ accounts }, async (other) => {
			const as = (key: string, secret: string) =>
				post(other, 'get-balance', {
					request: { authentication: { key, hash: hashFor(key, secret) } },
				});
			expect((await as('k1', 's1')).status).toBe(200);
			expect((await as('k2', 's2')).status).toBe(200);
			expect((await as('k1', 's2')).status).toBe(401);
			expect((await as(AUTH.key, DEFAULT_ACCOUNT.secretKey)).status).toBe(401);
		});
	});
});

describe('get-balance', () => {
	it('answers the balance as numbers', async () => {
		const answer = await call(emulator, 'get-balance');
		expect(answer.json.response.balance).toEqual({ amount: 10.584, sms: 67 });
	});
});

describe('get-groups', () => {
	it('answers the nested group tree with member counts from the address book', async () => {
		emulator.seedContacts([
			{ name: 'A', groups: ['1'] },
			{ name: 'B', groups: ['1', '11'] },
			{ name: 'C', groups: ['12'] },
		]);
		const answer = await call(emulator, 'get-groups');
		expect(answer.status).toBe(200);
		expect(answer.json.response.groups).toEqual([
			{
				id: '1',
				name: 'Customers',
				count: 2,
				children: [
					{ id: '11', name: 'VIP', count: 1, children: [] },
					{ id: '12', name: 'Newsletter', count: 1, children: [] },
				],
			},
			{ id: '2', name: 'Suppliers', count: 0, children: [] },
		]);
	});

	it('serves the groups it is given, a fixed count included', async () => {
		const groups = [
			{ id: '7', name: 'Bayiler', count: 42, children: [{ id: '70', name: 'İzmir' }] },
		];
		await withEmulator({ groups }, async (other) => {
			const answer = await call(other, 'get-groups');
			expect(answer.json.response.groups).toEqual([
				{
					id: '7',
					name: 'Bayiler',
					count: 42,
					children: [{ id: '70', name: 'İzmir', count: 0, children: [] }],
				},
			]);
		});
	});
});

describe('add-contacts', () => {
	it('takes one person as a single object, with single custom_field and group objects', async () => {
		const answer = await addContacts(emulator, {
			name: 'Ayşe',
			surname: 'Yılmaz',
			email: 'ayse@example.com',
			gsm: '5321234567',
			custom_fields: { custom_field: { id: '2', value: 'İstanbul' } },
			groups: { group: { id: '11' } },
		});
		expect(answer.status).toBe(200);
		expect(answer.json.response).toEqual({
			status: { code: 200, message: 'İşlem başarılı' },
			contacts: {
				contact: [{ id: '1', gsm: '5321234567', status: { code: 200, message: 'İşlem başarılı' } }],
			},
		});
		expect(emulator.contacts).toEqual([
			{
				id: '1',
				name: 'Ayşe',
				surname: 'Yılmaz',
				email: 'ayse@example.com',
				gsm: '5321234567',
				custom_fields: [{ id: '2', value: 'İstanbul' }],
				groups: ['11'],
			},
		]);
	});

	it('takes several people as an array, with arrays inside, and answers one status each in order', async () => {
		const answer = await addContacts(emulator, [
			{
				name: 'Mehmet',
				gsm: '05321234567',
				custom_fields: {
					custom_field: [
						{ id: '1', value: 'a' },
						{ id: '3', value: 'c' },
					],
				},
				groups: { group: [{ id: '1' }, { id: '2' }] },
			},
			{ email: 'only@example.com' },
			{ surname: 'Öztürk', gsm: '+90 532 765 43 21' },
		]);
		expect(answer.json.response.contacts.contact.map((c: { id: string }) => c.id)).toEqual([
			'1',
			'2',
			'3',
		]);
		expect(emulator.contacts.map((c) => [c.id, c.groups, c.custom_fields.length])).toEqual([
			['1', ['1', '2'], 2],
			['2', [], 0],
			['3', [], 0],
		]);
	});

	it.each([
		'5321234567',
		'05321234567',
		'905321234567',
		'+905321234567',
		'+90 532 123 45 67',
		'0532 123 45 67',
		'0 (532) 123-45-67',
	])('accepts the mobile form %s', async (gsm) => {
		const answer = await addContacts(emulator, { gsm });
		expect(answer.json.response.contacts.contact[0].status.code).toBe(200);
	});

	it('reports per-contact errors (472, 466, 463, 473) while storing the others', async () => {
		const answer = await addContacts(emulator, [
			{ name: 'Ok', gsm: '5320000001' },
			{ name: '  ', surname: '', gsm: '', email: '' },
			{ name: 'Bad phone', gsm: '212 555 12 12' },
			{ name: 'Bad group', groups: { group: [{ id: '11' }, { id: '99' }] } },
			{ name: 'Bad field', custom_fields: { custom_field: { id: '9', value: 'x' } } },
			{ name: 'Also ok', groups: { group: { id: '12' } } },
		]);
		expect(answer.status).toBe(200);
		expect(answer.json.response.status.code).toBe(200);
		expect(answer.json.response.contacts.contact).toEqual([
			{ id: '1', gsm: '5320000001', status: { code: 200, message: 'İşlem başarılı' } },
			{ id: '', gsm: '', status: { code: 472, message: expect.any(String) } },
			{ id: '', gsm: '212 555 12 12', status: { code: 466, message: 'Geçersiz numara' } },
			{ id: '', gsm: '', status: { code: 463, message: expect.any(String) } },
			{ id: '', gsm: '', status: { code: 473, message: expect.any(String) } },
			{ id: '2', gsm: '', status: { code: 200, message: 'İşlem başarılı' } },
		]);
		expect(emulator.contacts.map((c) => c.name)).toEqual(['Ok', 'Also ok']);
	});

	it.each([
		['an empty array', { contacts: { contact: [] } }],
		['no contacts tag', {}],
	])('answers %s with 400', async (_, request) => {
		const answer = await call(emulator, 'add-contacts', request);
		expect(answer.status).toBe(400);
		expect(answer.json.response.status.code).toBe(400);
	});

	it('survives odd contacts (null, a string) by rejecting them with 472', async () => {
		const answer = await addContacts(emulator, [null, 'text', { name: 'Ok' }]);
		expect(
			answer.json.response.contacts.contact.map((c: { status: { code: number } }) => c.status.code),
		).toEqual([472, 472, 200]);
	});

	it('takes 1,000 contacts (a ~200 KB body) in one request', async () => {
		const contacts = Array.from({ length: 1000 }, (_, i) => ({
			name: `Kişi ${i}`,
			surname: 'Çalışkan',
			email: `kisi.${i}@ornek.com.tr`,
			gsm: `53${String(i).padStart(8, '0')}`,
			custom_fields: { custom_field: [{ id: '1', value: 'x'.repeat(40) }] },
			groups: { group: [{ id: '1' }, { id: '11' }] },
		}));
		const answer = await addContacts(emulator, contacts);
		expect(emulator.requests[0].rawBody.length).toBeGreaterThan(150_000);
		expect(answer.json.response.contacts.contact).toHaveLength(1000);
		expect(emulator.contacts).toHaveLength(1000);
	});

	it('handles concurrent requests without losing or duplicating contacts', async () => {
		await Promise.all(
			Array.from({ length: 20 }, (_, batch) =>
				addContacts(
					emulator,
					Array.from({ length: 50 }, (__, i) => ({ name: `B${batch}-${i}` })),
				),
			),
		);
		expect(emulator.contacts).toHaveLength(1000);
		expect(new Set(emulator.contacts.map((c) => c.id)).size).toBe(1000);
		expect(new Set(emulator.contacts.map((c) => c.name)).size).toBe(1000);
	});
});

describe('search-contacts', () => {
	const seedMatches = () => {
		// 2,345 matches interleaved with 500 others, so paging must skip the non-matches.
		emulator.generateContacts(2845, (i) =>
			i < 2500 && i % 5 === 4
				? { name: 'Ali', surname: 'Kaya', gsm: `54${String(i).padStart(8, '0')}` }
				: { name: 'Zeynep', surname: 'Yılmaz', gsm: `53${String(i).padStart(8, '0')}` },
		);
		return emulator.contacts.filter((c) => c.surname === 'Yılmaz').map((c) => c.id);
	};

	it('pages 2,345 matches by 1,000 as 1,000, 1,000 and 345 rows in id order; page 4 is 465', async () => {
		const ids = seedMatches();
		expect(ids).toHaveLength(2345);
		const pages = [];
		for (const page of [1, 2, 3]) {
			const answer = await search(emulator, { key: 'yılmaz', page, rowCount: 1000 });
			expect(answer.status).toBe(200);
			pages.push(answer.json.response.contacts.map((c: { id: string }) => c.id));
		}
		expect(pages.map((p) => p.length)).toEqual([1000, 1000, 345]);
		expect(pages.flat()).toEqual(ids);

		const past = await search(emulator, { key: 'yılmaz', page: 4, rowCount: 1000 });
		expect(past.status).toBe(465);
		expect(past.json).toEqual({ response: { status: { code: 465, message: 'Kişi bulunamadı.' } } });
	});

	it('defaults to page 1 and rowCount 1000, and serves at most 1000 rows', async () => {
		seedMatches();
		const byDefault = await search(emulator, { key: 'Yılmaz' });
		expect(byDefault.json.response.contacts).toHaveLength(1000);
		expect(byDefault.json.response.contacts[0].id).toBe('1');
		const tooMany = await search(emulator, { key: 'Yılmaz', page: 3, rowCount: 5000 });
		expect(tooMany.json.response.contacts).toHaveLength(345);
	});

	it('answers a page below 1 with 464', async () => {
		seedMatches();
		const answer = await search(emulator, { key: 'Yılmaz', page: 0 });
		expect(answer.status).toBe(464);
		expect(answer.json.response.status.code).toBe(464);
	});

	it.each(['ab', '  ab  ', ''])(
		'answers the key %p (under 3 characters trimmed) with 471',
		async (key) => {
			emulator.seedContacts([{ name: 'ab' }]);
			const answer = await search(emulator, { key });
			expect(answer.status).toBe(471);
			expect(answer.json.response.status).toEqual({
				code: 471,
				message: 'Arama terimi en az 3 karakter olmalıdır.',
			});
		},
	);

	it('matches a substring of gsm, name, surname or email, case-insensitively (Turkish I/ı, İ/i)', async () => {
		emulator.seedContacts([
			{ name: 'Işıl', surname: 'Irmak', gsm: '5320000001', email: 'isil@example.com' },
			{ name: 'İlker', surname: 'İnce', gsm: '5330000002', email: 'ilker@ornek.com' },
			{ name: 'Can', surname: 'Kara', gsm: '5440000003', email: 'can@example.com' },
		]);
		const ids = async (key: string) => {
			const answer = await search(emulator, { key });
			return answer.status === 465
				? []
				: answer.json.response.contacts.map((c: { id: string }) => c.id);
		};
		expect(await ids('IŞIL')).toEqual(['1']);
		expect(await ids('ırmak')).toEqual(['1']);
		expect(await ids('ilker')).toEqual(['2']);
		expect(await ids('İNCE')).toEqual(['2']);
		expect(await ids('0000')).toEqual(['1', '2', '3']);
		expect(await ids('EXAMPLE.COM')).toEqual(['1', '3']);
		expect(await ids('ornek')).toEqual(['2']);
		expect(await ids('nobody')).toEqual([]);
	});

	it('answers no match with 465 and no contacts', async () => {
		emulator.seedContacts([{ name: 'Zeynep' }]);
		const answer = await search(emulator, { key: 'Mustafa' });
		expect(answer.status).toBe(465);
		expect(answer.json.response.contacts).toBeUndefined();
	});

	it('answers rows with custom fields and group ids as numbers', async () => {
		emulator.seedContacts([
			{
				name: 'Elif',
				surname: 'Şahin',
				email: 'elif@example.com',
				gsm: '5321112233',
				custom_fields: [{ id: '1', value: 'Ankara' }],
				groups: ['1', '12'],
			},
		]);
		const answer = await search(emulator, { key: 'elif' });
		expect(answer.json.response).toEqual({
			status: { code: 200, message: 'İşlem başarılı' },
			contacts: [
				{
					id: '1',
					name: 'Elif',
					surname: 'Şahin',
					email: 'elif@example.com',
					gsm: '5321112233',
					custom_fields: [{ id: '1', value: 'Ankara' }],
					groups: [1, 12],
				},
			],
		});
	});

	it('finds what add-contacts stored', async () => {
		await addContacts(emulator, { name: 'Deniz', gsm: '5329998877' });
		const answer = await search(emulator, { key: '99887' });
		expect(answer.json.response.contacts.map((c: { name: string }) => c.name)).toEqual(['Deniz']);
	});

	it('seeds 100,000 contacts and pages through their matches', async () => {
		emulator.generateContacts(100_000, (i) => ({
			name: `Kişi${i}`,
			surname: i % 2 ? 'Yılmaz' : 'Demir',
			email: `kisi${i}@example.com`,
			gsm: `5${300000000 + i}`,
		}));
		for (const [page, rows] of [
			[1, 1000],
			[50, 1000],
			[51, 0],
		]) {
			const answer = await search(emulator, { key: 'YILMAZ', page, rowCount: 1000 });
			expect(answer.json.response.contacts?.length ?? 0).toBe(rows);
		}
	});
});

describe('codeAsString', () => {
	it('sends every status code, and the balance, as strings', async () => {
		await withEmulator({ codeAsString: true }, async (other) => {
			const balance = await call(other, 'get-balance');
			expect(balance.json.response).toEqual({
				status: { code: '200', message: 'İşlem başarılı' },
				balance: { amount: '10.584', sms: '67' },
			});
			const added = await addContacts(other, [{ name: 'Ok' }, { gsm: '123' }]);
			expect(added.json.response.status.code).toBe('200');
			expect(
				added.json.response.contacts.contact.map(
					(c: { status: { code: number } }) => c.status.code,
				),
			).toEqual(['200', '466']);
			const missing = await search(other, { key: 'nobody' });
			expect(missing.status).toBe(465);
			expect(missing.json.response.status.code).toBe('465');
		});
	});
});

describe('faults', () => {
	it('answers a queued status as the envelope and the HTTP status, then recovers', async () => {
		emulator.failNext({ status: 503 });
		const failed = await call(emulator, 'get-balance');
		expect(failed.status).toBe(503);
		expect(failed.contentType).toBe('application/json; charset=utf-8');
		expect(failed.json.response.status).toEqual({
			code: 503,
			message: 'Servis geçici olarak kullanılamıyor',
		});
		expect((await call(emulator, 'get-balance')).status).toBe(200);
		expect(emulator.requests.map((r) => r.status)).toEqual([503, 200]);
	});

	it('answers an HTML page (502 unless told) as a proxy would', async () => {
		emulator.failNext({ html: true });
		emulator.failNext({ html: true, status: 504 });
		const first = await call(emulator, 'get-balance');
		expect(first.status).toBe(502);
		expect(first.contentType).toBe('text/html; charset=utf-8');
		expect(first.text).toContain('<title>502 Bad Gateway</title>');
		expect(first.json).toBeUndefined();
		const second = await call(emulator, 'get-balance');
		expect(second.status).toBe(504);
		expect(second.text).toContain('504 Gateway Timeout');
	});

	it('answers an empty body (500 unless told)', async () => {
		emulator.failNext({ empty: true });
		emulator.failNext({ empty: true, status: 200 });
		const first = await call(emulator, 'get-balance');
		expect([first.status, first.text]).toEqual([500, '']);
		const second = await call(emulator, 'get-balance');
		expect([second.status, second.text]).toEqual([200, '']);
	});

	it('drops the connection without an answer, recorded with status 0', async () => {
		emulator.failNext({ reset: true });
		await expect(call(emulator, 'get-balance')).rejects.toThrow();
		expect(emulator.requests.map((r) => [r.apiMethod, r.status])).toEqual([['get-balance', 0]]);
		expect((await call(emulator, 'get-balance')).status).toBe(200);
	});

	it('with afterProcessing, stores the contacts and only then fails', async () => {
		emulator.failNext({ apiMethod: 'add-contacts', status: 500, afterProcessing: true });
		const failed = await addContacts(emulator, [{ name: 'A' }, { name: 'B' }]);
		expect(failed.status).toBe(500);
		expect(failed.json.response.contacts).toBeUndefined();
		expect(emulator.contacts.map((c) => c.name)).toEqual(['A', 'B']);

		emulator.failNext({ apiMethod: 'add-contacts', reset: true, afterProcessing: true });
		await expect(addContacts(emulator, { name: 'C' })).rejects.toThrow();
		expect(emulator.contacts.map((c) => c.name)).toEqual(['A', 'B', 'C']);
	});

	it('without afterProcessing, stores nothing', async () => {
		emulator.failNext({ apiMethod: 'add-contacts', status: 500 });
		expect((await addContacts(emulator, { name: 'A' })).status).toBe(500);
		expect(emulator.contacts).toHaveLength(0);
	});

	it('hits only the apiMethod it names', async () => {
		emulator.failNext({ apiMethod: 'search-contacts', status: 429 });
		expect((await call(emulator, 'get-balance')).status).toBe(200);
		expect((await addContacts(emulator, { name: 'Ali Veli' })).status).toBe(200);
		expect((await search(emulator, { key: 'Ali' })).status).toBe(429);
		expect((await search(emulator, { key: 'Ali' })).status).toBe(200);
	});

	it('hits `times` matching requests, then lets them through', async () => {
		emulator.failNext({ status: 503, times: 3 });
		const statuses = [];
		for (let i = 0; i < 5; i++) statuses.push((await call(emulator, 'get-balance')).status);
		expect(statuses).toEqual([503, 503, 503, 200, 200]);
	});

	it('is taken in FIFO order by matching requests', async () => {
		emulator.failNext({ status: 502, apiMethod: 'get-groups' });
		emulator.failNext({ status: 503 });
		emulator.failNext({ status: 504 });
		expect((await call(emulator, 'get-balance')).status).toBe(503);
		expect((await call(emulator, 'get-groups')).status).toBe(502);
		expect((await call(emulator, 'get-groups')).status).toBe(504);
		expect((await call(emulator, 'get-groups')).status).toBe(200);
	});

	it('applies before authentication and routing, and is recorded like any request', async () => {
		emulator.failNext({ status: 503 });
		const answer = await post(emulator, 'unknown-method', 'garbage');
		expect(answer.status).toBe(503);
		expect(emulator.requests[0]).toMatchObject({ apiMethod: 'unknown-method', status: 503 });
	});
});

describe('lifecycle', () => {
	it('clear() empties contacts, requests and faults, keeps groups, and restarts ids', async () => {
		emulator.seedContacts([{ name: 'A', groups: ['1'] }]);
		emulator.failNext({ status: 503 });
		await call(emulator, 'get-groups');
		emulator.failNext({ status: 503 });
		emulator.clear();
		expect(emulator.contacts).toHaveLength(0);
		expect(emulator.requests).toHaveLength(0);
		const groups = await call(emulator, 'get-groups');
		expect(groups.status).toBe(200);
		expect(
			groups.json.response.groups.map((g: { id: string; count: number }) => [g.id, g.count]),
		).toEqual([
			['1', 0],
			['2', 0],
		]);
		expect(emulator.seedContacts([{ name: 'B' }])[0].id).toBe('1');
	});

	it('generateContacts() numbers contacts by default and returns what it stored', () => {
		const made = emulator.generateContacts(3);
		expect(made.map((c) => c.id)).toEqual(['1', '2', '3']);
		expect(made[0]).toMatchObject({
			name: expect.any(String),
			gsm: expect.stringMatching(/^5\d{9}$/),
		});
		expect(emulator.contacts).toEqual(made);
	});
});
