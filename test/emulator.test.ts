/**
 * The emulator's contract with docs/api.md, over real HTTP: the node's specs trust it to answer as
 * the API does (envelope, hash, codes, paging, both backends, faults), so that is pinned here.
 */
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
