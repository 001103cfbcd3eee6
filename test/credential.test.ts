import type { IHttpRequestOptions } from 'n8n-workflow';

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

	it('keeps the public field names and defaults', () => {
		const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		expect(Object.keys(byName)).toEqual(['authMode', 'apiKey', 'secretKey', 'apiHashSecret', 'baseUrl']);
		expect(byName.authMode.default).toBe('secretKey');
		expect(byName.baseUrl.default).toBe('https://api.iletimerkezi.com/v1');
		expect(byName.secretKey.typeOptions?.password).toBe(true);
		expect(byName.apiHashSecret.typeOptions?.password).toBe(true);
		expect(credential.test.request).toMatchObject({ url: '/get-balance/json', method: 'POST' });
	});
});
