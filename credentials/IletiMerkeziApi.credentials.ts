import { createHmac } from 'node:crypto';
import type {
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

export const DEFAULT_BASE_URL = 'https://api.iletimerkezi.com/v1';

/** The credential type's name: what nodes ask for, and what stored credentials are typed as. */
export const CREDENTIAL_TYPE = 'iletiMerkeziApi';

/**
 * The connection test's verdicts, read from the API's envelope: any HTTP status is let through,
 * so a 401 gets the same message in n8n 1.x and 2.x (1.x drops the response of a failed request
 * before the rules run) and is not sent a second time (n8n re-sends after a failed 401).
 * The code may come as a number or a string. Only get-balance's own success carries a balance,
 * so any other answer fails the test, with a specific message where one helps.
 */
function whenCode(code: number, message: string): IAuthenticateRuleResponseSuccessBody[] {
	return [code, String(code)].map((value) => ({
		type: 'responseSuccessBody',
		properties: { key: 'response.status.code', value, message },
	}));
}

const TEST_RULES: IAuthenticateRuleResponseSuccessBody[] = [
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'response.status.code',
			value: undefined,
			message: `The Base URL did not answer like the iletiMerkezi API: check it (the default is ${DEFAULT_BASE_URL})`,
		},
	},
	...whenCode(
		401,
		'iletiMerkezi rejected the credentials: check the API key and the secret key (or API hash); if the panel allows only fixed IPs, add this server’s IP',
	),
	...whenCode(
		404,
		`iletiMerkezi does not know this address: check the Base URL (the default is ${DEFAULT_BASE_URL})`,
	),
	...whenCode(503, 'iletiMerkezi is temporarily unavailable (code 503): try again in a minute'),
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'response.balance',
			value: undefined,
			message:
				'iletiMerkezi answered with an error instead of the balance: try again; if it persists, check the API key, the secret key and the Base URL',
		},
	},
];

/** The API's hash: lowercase hex HMAC-SHA256 of the API key, keyed with the secret key. */
export function computeHash(apiKey: string, secretKey: string): string {
	return createHmac('sha256', secretKey).update(apiKey).digest('hex');
}

/** The `{key, hash}` block every request carries; the secret key itself never leaves n8n. */
export function authenticationBlock(credentials: ICredentialDataDecryptedObject): IDataObject {
	const key = String(credentials.apiKey ?? '').trim();
	const hash =
		credentials.authMode === 'apiHash'
			? String(credentials.apiHash ?? '').trim()
			: computeHash(key, String(credentials.secretKey ?? '').trim());
	return { key, hash };
}

export class IletiMerkeziApi implements ICredentialType {
	name = CREDENTIAL_TYPE;

	displayName = 'iletiMerkezi API';

	icon: Icon = {
		light: 'file:../nodes/IletiMerkezi/iletimerkezi.svg',
		dark: 'file:../nodes/IletiMerkezi/iletimerkezi.dark.svg',
	};

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-iletimerkezi#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authMode',
			type: 'options',
			options: [
				{
					name: 'API Key and Secret Key',
					value: 'secretKey',
					description: 'The hash is computed in n8n; the secret key is never sent',
				},
				{
					name: 'API Key and API Hash',
					value: 'apiHash',
					description: 'The ready-made hash that newer panels show beside the key',
				},
			],
			default: 'secretKey',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'In the iletiMerkezi panel: Settings › API',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Shown once when the API key is created in the panel (Settings › API)',
			displayOptions: { show: { authMode: ['secretKey'] } },
		},
		// The ready-made hash authenticates on its own, so it is kept as secret as the secret key.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'API Hash',
			name: 'apiHash',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The hash shown beside the API key in newer panels (Settings › API)',
			displayOptions: { show: { authMode: ['apiHash'] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description: 'Change only to go through a proxy or to reach a local emulator',
		},
	];

	// The API authenticates in the JSON body, so this writes a new body rather than a header.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const body = (requestOptions.body ?? {}) as IDataObject;
		const request = (body.request ?? {}) as IDataObject;
		return {
			...requestOptions,
			body: {
				...body,
				request: { ...request, authentication: authenticationBlock(credentials) },
			},
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ String($credentials.baseUrl || "' + DEFAULT_BASE_URL + '").replace(/\\/+$/, "") }}',
			url: '/get-balance/json',
			method: 'POST',
			json: true,
			body: { request: {} },
			ignoreHttpStatusErrors: true,
		},
		rules: TEST_RULES,
	};
}
