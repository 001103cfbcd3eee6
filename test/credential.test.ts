/* eslint-disable @n8n/community-nodes/no-restricted-imports -- spec code, never shipped */
import { Readable } from 'node:stream';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { IletiMerkeziApi, computeHash } from '../credentials/IletiMerkeziApi.credentials';

describe('iletiMerkezi credential', () => {
	const credential = new IletiMerkeziApi();

	it('computes the hash as lowercase hex HMAC-SHA256 keyed with the secret over the API key', () => {
		// The published HMAC-SHA256 test vector: key "key", message "The quick brown fox ...".
		expect(computeHash('The quick brown fox jumps over the lazy dog', 'key')).toBe(
			'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
		);
	});

	it('writes {key, hash} into body.request.authentication and never the secret', async () => {
		const body = { request: { search: { key: 'ali', page: 1, rowCount: 5 } } };
		const options: IHttpRequestOptions = {
			url: 'https://api.iletimerkezi.com/v1/search-contacts/json',
			method: 'POST',
			body,
		};
		const result = await credential.authenticate(
			{ authMode: 'secretKey', apiKey: 'my-key', secretKey: 'my-secret', baseUrl: '' },
			options,
		);
		expect(result.body).toEqual({
			request: {
				search: { key: 'ali', page: 1, rowCount: 5 },
				authentication: { key: 'my-key', hash: computeHash('my-key', 'my-secret') },
			},
		});
		expect(JSON.stringify(result)).not.toContain('my-secret');
	});

	it('does not change the caller’s body object', async () => {
		const body = { request: { contacts: { contact: [{ name: 'Ali' }] } } };
		const snapshot = JSON.stringify(body);
		await credential.authenticate(
			{ authMode: 'secretKey', apiKey: 'k', secretKey: 's' },
			{ url: 'https://api.iletimerkezi.com/v1/add-contacts/json', body },
		);
		expect(JSON.stringify(body)).toBe(snapshot);
	});

	it('sends the ready-made hash unchanged in API hash mode', async () => {
		const result = await credential.authenticate(
			{ authMode: 'apiHash', apiKey: 'k', apiHashSecret: 'ready-made-hash', secretKey: 'unused' },
			{ url: '/get-balance/json', baseURL: 'https://api.iletimerkezi.com/v1' },
		);
		expect(result.body).toEqual({
			request: { authentication: { key: 'k', hash: 'ready-made-hash' } },
		});
	});

	const sign = (baseUrl: string, url = `${baseUrl}/get-balance/json`) =>
		credential.authenticate(
			{ authMode: 'secretKey', apiKey: 'k', secretKey: 's', baseUrl },
			{ url },
		);

	it.each([
		[
			'http://api.iletimerkezi.com/v1',
			/must use https: over plain http the API hash would travel in clear/,
		],
		['http://10.0.0.5.invalid/v1', /must use https/],
		['ftp://api.iletimerkezi.com/v1', /must start with https:\/\//],
		['https://api.iletimerkezi.com/v1?token=1', /must not have a query/],
		['https://api.iletimerkezi.com/v1#top', /fragment/],
		['https://user:pw@api.iletimerkezi.com/v1', /user name or password/],
		['api.iletimerkezi.com/v1', /not a web address/],
	])('refuses the Base URL %s before the hash is written', async (baseUrl, problem) => {
		await expect(sign(baseUrl)).rejects.toThrow(problem);
	});

	it.each([
		'https://api.iletimerkezi.com/v1',
		'https://proxy.example.com/iletimerkezi/v1/',
		'http://127.0.0.1:8080/v1',
		'http://localhost/v1',
		'http://[::1]:3000/v1',
	])('takes the Base URL %s', async (baseUrl) => {
		const signed = await sign(baseUrl, `${baseUrl.replace(/\/$/, '')}/get-balance/json`);
		expect(signed.body).toMatchObject({ request: { authentication: { key: 'k' } } });
	});

	it('writes the hash only into requests for the Base URL', async () => {
		await expect(
			sign(
				'https://api.iletimerkezi.com/v1',
				'https://api.iletimerkezi.com.evil.invalid/v1/x/json',
			),
		).rejects.toThrow(/does not go to the credential’s Base URL/);
	});

	describe('in n8n’s HTTP Request node (the request library’s options)', () => {
		const BASE = 'https://api.iletimerkezi.com/v1';
		const credentials = { authMode: 'secretKey', apiKey: 'k', secretKey: 's', baseUrl: BASE };
		const AUTHENTICATION = { key: 'k', hash: computeHash('k', 's') };
		// What the HTTP Request node (4.2) hands over for a POST with a JSON body, redirects on.
		const fromNode = (extra: IDataObject = {}) =>
			({
				headers: {},
				method: 'POST',
				uri: `${BASE}/get-balance/json`,
				gzip: true,
				rejectUnauthorized: true,
				followRedirect: true,
				followAllRedirects: true,
				resolveWithFullResponse: true,
				timeout: 300_000,
				json: true,
				body: { request: {} },
				...extra,
			}) as unknown as IHttpRequestOptions;
		const sign = async (options: IHttpRequestOptions) =>
			(await credential.authenticate(credentials, options)) as IHttpRequestOptions & IDataObject;

		it('signs a request given as `uri` (text), keeping `uri` as given', async () => {
			const signed = await sign(fromNode());
			expect(signed.body).toEqual({ request: { authentication: AUTHENTICATION } });
			expect(signed.uri).toBe(`${BASE}/get-balance/json`);
			expect(signed.url).toBeUndefined();
		});

		it('signs a request given as `uri` (a URL object)', async () => {
			const uri = new URL(`${BASE}/get-balance/json`);
			const signed = await sign(fromNode({ uri: uri as unknown as IDataObject }));
			expect(signed.body).toEqual({ request: { authentication: AUTHENTICATION } });
			expect(signed.uri).toBe(uri);
		});

		it.each([
			['/get-balance/json', `${BASE}/`],
			['get-balance/json', BASE],
			['get-balance/json', new URL(`${BASE}/`)],
		])('resolves the relative url %s against baseURL %s', async (url, baseURL) => {
			const options = { url, baseURL: baseURL as string, body: { request: {} } };
			expect((await sign(options)).body).toEqual({ request: { authentication: AUTHENTICATION } });
		});

		it('refuses an absolute url to another host even with the Base URL as baseURL', async () => {
			const options = { url: 'https://api.example.invalid/v1/get-balance/json', baseURL: BASE };
			await expect(sign(options)).rejects.toThrow(
				'The request does not go to the credential’s Base URL, so it was not sent',
			);
		});

		it.each([
			['another host', 'http://api.example.invalid/v1/get-balance/json'],
			[
				'another host, the Base URL’s as its user',
				`https://api.iletimerkezi.com@api.example.invalid/v1/x/json`,
			],
			['another port', 'https://api.iletimerkezi.com:8443/v1/get-balance/json'],
			['plain http to the same host', 'http://api.iletimerkezi.com/v1/get-balance/json'],
			['a path beside the Base URL’s', 'https://api.iletimerkezi.com/v2/get-balance/json'],
			['a path sharing its first letters', 'https://api.iletimerkezi.com/v10/get-balance/json'],
			['the Base URL itself', BASE],
			['a path climbing out of it', `${BASE}/../v2/get-balance/json`],
			['a path climbing out of it, encoded', `${BASE}/%2e%2e/v2/get-balance/json`],
			['a path climbing out of it with backslashes', `${BASE}\\..\\v2\\get-balance\\json`],
			['no address at all', undefined],
		])('refuses %s, sending nothing', async (_, uri) => {
			await expect(sign(fromNode({ uri }))).rejects.toThrow(
				'The request does not go to the credential’s Base URL, so it was not sent',
			);
		});

		it('refuses a path outside a Base URL with a path of its own', async () => {
			const options = fromNode({ uri: 'https://x.example.invalid/v2/get-balance/json' });
			await expect(
				credential.authenticate(
					{ ...credentials, baseUrl: 'https://x.example.invalid/v1' },
					options,
				),
			).rejects.toThrow(/does not go to the credential’s Base URL/);
		});

		it('writes into a JSON-text body and gives JSON text back, other fields kept', async () => {
			const body = '{"request":{"order":{"sender":"APITEST"}},"extra":[1]}';
			const signed = await sign(
				fromNode({ body, json: false, headers: { 'content-type': 'application/json' } }),
			);
			expect(typeof signed.body).toBe('string');
			expect(JSON.parse(signed.body as string)).toEqual({
				request: { order: { sender: 'APITEST' }, authentication: AUTHENTICATION },
				extra: [1],
			});
		});

		it.each([undefined, null, ''])(
			'gives a body of its own when there is none (%p)',
			async (body) => {
				const signed = await sign(fromNode({ body }));
				const written = typeof signed.body === 'string' ? JSON.parse(signed.body) : signed.body;
				expect(written).toEqual({ request: { authentication: AUTHENTICATION } });
			},
		);

		it('replaces an authentication block already in the body', async () => {
			const body = { request: { authentication: { key: 'other', hash: 'other' } } };
			expect((await sign(fromNode({ body }))).body).toEqual({
				request: { authentication: AUTHENTICATION },
			});
		});

		it.each<[string, IDataObject, RegExp]>([
			['a form (form)', { form: { a: '1' }, body: undefined }, /^A form body cannot carry/],
			[
				'a form (content type)',
				{ headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
				/^A form body cannot carry/,
			],
			[
				'multipart (formData)',
				{ formData: { a: '1' }, body: undefined },
				/^A multipart body cannot carry/,
			],
			[
				'multipart (content type)',
				{ headers: { 'content-type': 'multipart/form-data' } },
				/^A multipart body cannot carry/,
			],
			[
				'a Buffer',
				{ body: Buffer.from('{"request":{}}') as unknown as IDataObject },
				/^A binary body cannot carry/,
			],
			[
				'a stream',
				{ body: Readable.from(['{}']) as unknown as IDataObject },
				/^A binary body cannot carry/,
			],
			[
				'URLSearchParams',
				{ body: new URLSearchParams('a=1') as unknown as IDataObject },
				/^A binary body cannot carry/,
			],
			['text that is not JSON', { body: 'request=1' }, /^The body is not valid JSON/],
			['a JSON array', { body: '[{"request":{}}]' }, /^The body is not a JSON object/],
			[
				'an array',
				{ body: [{ request: {} }] as unknown as IDataObject },
				/^The body is not a JSON object/,
			],
			[
				'a request that is not an object',
				{ body: { request: 'x' } },
				/^The body’s "request" is not an object/,
			],
		])('refuses %s as the body, saying to send JSON', async (_, extra, problem) => {
			const refusal = sign(fromNode(extra));
			await expect(refusal).rejects.toThrow(problem);
			await expect(refusal).rejects.toThrow(
				/so the request was not sent: iletiMerkezi takes a JSON object such as \{"request":\{\}\} \(in the HTTP Request node, Body Content Type › JSON\)$/,
			);
		});

		it.each([
			['the HTTP Request node’s (following every redirect)', fromNode()],
			['n8n’s own', { url: `${BASE}/get-balance/json`, body: { request: {} } }],
		])('turns every redirect off in %s options', async (_, options) => {
			const signed = await sign(options as IHttpRequestOptions);
			expect([
				signed.disableFollowRedirect,
				signed.followRedirect,
				signed.followAllRedirects,
			]).toEqual([true, false, false]);
		});

		it('returns a copy and leaves the caller’s options as they were', async () => {
			const options = fromNode({ body: { request: { order: { sender: 'APITEST' } } } });
			const snapshot = JSON.stringify(options);
			const signed = await sign(options);
			expect(JSON.stringify(options)).toBe(snapshot);
			expect(signed).not.toBe(options);
			expect(signed.body).not.toBe(options.body);
			expect((signed.body as IDataObject).request).not.toBe((options.body as IDataObject).request);
		});

		it('is offered in the HTTP Request node, with the API’s docs and Base URL', () => {
			expect(credential.httpRequestNode).toEqual({
				name: 'iletiMerkezi',
				docsUrl: 'https://www.iletimerkezi.com/en/docs/api',
				apiBaseUrl: 'https://api.iletimerkezi.com/v1/',
			});
		});
	});

	it('keeps the public field names and defaults', () => {
		const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		expect(Object.keys(byName)).toEqual([
			'authMode',
			'apiKey',
			'secretKey',
			'apiHashSecret',
			'baseUrl',
		]);
		expect(byName.authMode.default).toBe('secretKey');
		expect(byName.baseUrl.default).toBe('https://api.iletimerkezi.com/v1');
		expect(byName.secretKey.typeOptions?.password).toBe(true);
		expect(byName.apiHashSecret.typeOptions?.password).toBe(true);
		expect(credential.test.request).toMatchObject({ url: '/get-balance/json', method: 'POST' });
	});
});
