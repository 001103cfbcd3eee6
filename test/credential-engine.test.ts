import type { Emulator, Fault } from '../dev/emulator';
import { DEFAULT_ACCOUNT, startEmulator } from '../dev/emulator';
import {
	createIletiMerkeziEngine,
	credentialData,
	HASH,
	SECRET,
	secretKeyCredentials,
} from '../dev/fixtures';

const engine = createIletiMerkeziEngine();
let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator();
});
afterEach(() => emulator.clear());
afterAll(async () => await emulator.close());

const data = (overrides: Record<string, string>) => ({ ...credentialData(emulator), ...overrides });

describe('the credential in the editor', () => {
	it('Test succeeds with the right key and secret, calling get-balance with the hash', async () => {
		const result = await engine.testCredentials(data({}));
		expect(result.status).toBe('OK');
		expect(emulator.requests.map((r) => r.apiMethod)).toEqual(['get-balance']);
		expect(emulator.requests[0].body.request.authentication).toEqual({
			key: DEFAULT_ACCOUNT.apiKey,
			hash: HASH,
		});
		expect(emulator.requests[0].rawBody).not.toContain(SECRET);
	});

	it('Test fails with a wrong secret', async () => {
		const result = await engine.testCredentials(data({ secretKey: 'wrong-secret' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^iletiMerkezi rejected the credentials: check the API key/);
		expect(emulator.requests).toHaveLength(1);
	});

	it('Test reads status codes sent as strings: "200" passes, "401" fails', async () => {
		const stringly = await startEmulator({ codeAsString: true });
		try {
			const ok = await engine.testCredentials(data({ baseUrl: stringly.url }));
			expect(ok.status).toBe('OK');
			const wrong = await engine.testCredentials(
				data({ baseUrl: stringly.url, secretKey: 'wrong-secret' }),
			);
			expect(wrong.message).toMatch(/^iletiMerkezi rejected the credentials/);
			expect(stringly.requests.map((r) => r.body)).toHaveLength(2);
		} finally {
			await stringly.close();
		}
	});

	const CHECK_BASE_URL =
		'The Base URL did not answer like the iletiMerkezi API: check it (the default is https://api.iletimerkezi.com/v1)';

	it.each<[string, Omit<Fault, 'apiMethod'>, string]>([
		['200 with a web page', { html: true, status: 200 }, CHECK_BASE_URL],
		['200 with an empty body', { empty: true, status: 200 }, CHECK_BASE_URL],
		['404 with a web page', { html: true, status: 404 }, CHECK_BASE_URL],
		[
			'the API’s 404',
			{ status: 404 },
			'iletiMerkezi does not know this address: check the Base URL (the default is https://api.iletimerkezi.com/v1)',
		],
		...[429, 500, 422].map((status): [string, Omit<Fault, 'apiMethod'>, string] => [
			`the API’s ${status}`,
			{ status },
			'iletiMerkezi answered with an error instead of the balance: try again; if it persists, check the API key, the secret key and the Base URL',
		]),
		[
			'the API’s 503',
			{ status: 503 },
			'iletiMerkezi is temporarily unavailable (code 503): try again in a minute',
		],
	])('Test fails when the Base URL answers %s, saying what to do', async (_, fault, message) => {
		emulator.failNext({ apiMethod: 'get-balance', ...fault });
		const result = await engine.testCredentials(data({}));
		expect(result).toEqual({ status: 'Error', message });
		expect(emulator.requests).toHaveLength(1);
	});

	it('Test succeeds with the ready-made API hash, and fails with a wrong one', async () => {
		const ok = await engine.testCredentials(
			data({ authMode: 'apiHash', apiHashSecret: HASH, secretKey: '' }),
		);
		expect(ok.status).toBe('OK');
		const wrong = await engine.testCredentials(
			data({ authMode: 'apiHash', apiHashSecret: 'f'.repeat(64), secretKey: '' }),
		);
		expect(wrong.status).toBe('Error');
	});

	it('the group picker lists nested groups as "Parent / Child"', async () => {
		const options = await engine.loadOptions({
			method: 'getGroups',
			parameters: { resource: 'contact', operation: 'add' },
			credentials: secretKeyCredentials(emulator),
		});
		expect(options).toEqual([
			{ name: 'Customers', value: '1' },
			{ name: 'Customers / VIP', value: '11' },
			{ name: 'Customers / Newsletter', value: '12' },
			{ name: 'Suppliers', value: '2' },
		]);
	});
});
