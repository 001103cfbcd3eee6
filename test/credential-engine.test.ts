import type { Emulator, Fault } from '../dev/emulator';
import { DEFAULT_ACCOUNT, startEmulator } from '../dev/emulator';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../credentials/IletiMerkeziApi.credentials';
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

describe('the credential in n8n’s HTTP Request node', () => {
	// As the HTTP Request node (4.2) asks n8n-core to send a POST with a JSON body: the request
	// library's options, every redirect followed, through requestWithAuthentication.
	const send = async (extra: IDataObject = {}) => {
		const context = engine.executeContext({}, [{}]);
		const options = {
			headers: {},
			method: 'POST',
			uri: `${emulator.url}/get-balance/json`,
			gzip: true,
			rejectUnauthorized: true,
			followRedirect: true,
			followAllRedirects: true,
			resolveWithFullResponse: true,
			timeout: 10_000,
			json: true,
			body: { request: {} },
			...extra,
		} as unknown as IHttpRequestOptions;
		const credentialsDecrypted = {
			id: '1',
			name: 'iletiMerkezi',
			type: CREDENTIAL_TYPE,
			data: data({}),
		};
		return (await context.helpers.requestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			options,
			{ credentialsDecrypted },
		)) as { statusCode: number; body: IDataObject };
	};

	it('calls a method through n8n-core with the hash, never the secret, and gets the answer', async () => {
		const answer = await send();
		expect(answer.statusCode).toBe(200);
		expect(answer.body.response).toMatchObject({ status: { code: 200 }, balance: {} });
		expect(emulator.requests).toHaveLength(1);
		expect(emulator.requests[0].body).toEqual({
			request: { authentication: { key: DEFAULT_ACCOUNT.apiKey, hash: HASH } },
		});
		expect(emulator.requests[0].rawBody).not.toContain(SECRET);
	});

	it('sends a raw JSON-text body as JSON text, signed', async () => {
		const body = '{"request":{"sender":"APITEST"}}';
		const headers = { 'content-type': 'application/json' };
		await send({ body, headers, json: false });
		expect(emulator.requests[0].body).toEqual({
			request: { sender: 'APITEST', authentication: { key: DEFAULT_ACCOUNT.apiKey, hash: HASH } },
		});
	});

	it('does not follow a 307 or 308: nothing, the hash least of all, reaches where it points', async () => {
		const elsewhere = await startEmulator();
		try {
			for (const status of [307, 308]) {
				const location = `${elsewhere.url}/get-balance/json`;
				emulator.failNext({ apiMethod: 'get-balance', status, location });
				// n8n answers a redirect it does not follow with an error naming its status.
				await expect(send()).rejects.toMatchObject({ httpCode: String(status) });
			}
			expect(emulator.requests.map((r) => r.status)).toEqual([307, 308]);
			expect(elsewhere.requests).toEqual([]);
		} finally {
			await elsewhere.close();
		}
	});

	it('refuses a request to another host before anything is sent', async () => {
		await expect(send({ uri: 'http://api.example.invalid/v1/get-balance/json' })).rejects.toThrow(
			'The request does not go to the credential’s Base URL, so it was not sent',
		);
		expect(emulator.requests).toEqual([]);
	});

	it('refuses a form body before anything is sent', async () => {
		await expect(send({ body: undefined, form: { request: 'x' } })).rejects.toThrow(
			/^A form body cannot carry the authentication, so the request was not sent/,
		);
		expect(emulator.requests).toEqual([]);
	});
});
