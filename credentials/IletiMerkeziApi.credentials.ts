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

/** Hosts of this machine: a Base URL there may use plain http (a local proxy, an emulator). */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The Base URL every request goes to, without a trailing slash, or why it may not carry the
 * hash: it must be https (plain http only on this machine), with no query, fragment or user.
 */
export function checkBaseUrl(value: unknown): { url: string } | { problem: string } {
	const raw = String(value ?? '').trim() || DEFAULT_BASE_URL;
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return { problem: `The Base URL is not a web address: use ${DEFAULT_BASE_URL}` };
	}
	if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
		return {
			problem: `The Base URL must use https: over plain http the API hash would travel in clear. Use ${DEFAULT_BASE_URL}`,
		};
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return {
			problem: `The Base URL must start with https:// (the default is ${DEFAULT_BASE_URL})`,
		};
	}
	if (url.search || url.hash || raw.includes('?') || raw.includes('#')) {
		return { problem: 'The Base URL must not have a query (?…) or a fragment (#…)' };
	}
	if (url.username || url.password) {
		return { problem: 'The Base URL must not hold a user name or password' };
	}
	return { url: raw.replace(/\/+$/, '') };
}

/**
 * Request options as n8n hands them to `authenticate`: its own (`url`, `baseURL`), or, from the
 * HTTP Request node, the request library's, with `uri` instead of `url`, form bodies of their own,
 * and redirects in two switches of their own.
 */
type IncomingRequestOptions = Omit<IHttpRequestOptions, 'url' | 'baseURL'> & {
	url?: string | URL;
	uri?: string | URL;
	baseURL?: string | URL;
	form?: unknown;
	formData?: unknown;
	followRedirect?: boolean;
	followAllRedirects?: boolean;
};

/** An address with a scheme, or starting with `//`: the HTTP client then leaves `baseURL` aside. */
const ABSOLUTE = /^([a-z][a-z\d+\-.]*:)?\/\//i;

/**
 * Where a request goes, as n8n's HTTP client (axios) works it out: `url`, else `uri`; a relative
 * one joined to `baseURL` with one slash between them.
 */
function requestTarget(options: IncomingRequestOptions): string {
	const address = String(options.url ?? options.uri ?? '');
	if (options.baseURL === undefined || ABSOLUTE.test(address)) return address;
	const baseURL = String(options.baseURL);
	return address ? `${baseURL.replace(/\/?\/$/, '')}/${address.replace(/^\/+/, '')}` : baseURL;
}

/**
 * Whether `target` is on the Base URL's origin and under its path, read as the HTTP client sends
 * it (dot segments, encoded or not, resolved).
 */
function goesUnder(target: string, baseUrl: string): boolean {
	if (!URL.canParse(target)) return false;
	const to = new URL(target);
	const base = new URL(baseUrl);
	return (
		to.origin === base.origin && to.pathname.startsWith(`${base.pathname.replace(/\/+$/, '')}/`)
	);
}

/** Why a body cannot carry the authentication, and what the API takes instead. */
const notSent = (why: string) =>
	new Error(
		`${why}, so the request was not sent: iletiMerkezi takes a JSON object such as {"request":{}} (in the HTTP Request node, Body Content Type › JSON)`,
	);

/** A body n8n sends as JSON: an object of its own (not a Buffer, stream, form or other class). */
function isPlainObject(value: unknown): value is IDataObject {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const prototype: unknown = Object.getPrototypeOf(value);
	return prototype === Object.prototype || prototype === null;
}

/**
 * The body with `{key, hash}` at `request.authentication`, as a new object (or JSON text when it
 * came as JSON text); an absent body becomes `{request: {authentication}}`. A form, multipart or
 * binary body cannot carry it in the API's shape, so the request is refused.
 */
function withAuthentication(
	options: IncomingRequestOptions,
	authentication: IDataObject,
): IDataObject | string {
	const headers = options.headers ?? {};
	const contentType = Object.keys(headers)
		.filter((name) => name.toLowerCase() === 'content-type')
		.map((name) => String(headers[name]).toLowerCase())
		.join(' ');
	if (options.formData !== undefined || contentType.includes('multipart/')) {
		throw notSent('A multipart body cannot carry the authentication');
	}
	if (options.form !== undefined || contentType.includes('x-www-form-urlencoded')) {
		throw notSent('A form body cannot carry the authentication');
	}
	const { body } = options;
	const text = typeof body === 'string' ? body : undefined;
	let parsed: unknown = body ?? {};
	if (text !== undefined) {
		try {
			parsed = text.trim() === '' ? {} : JSON.parse(text);
		} catch {
			throw notSent('The body is not valid JSON');
		}
	} else if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
		if (!isPlainObject(body)) throw notSent('A binary body cannot carry the authentication');
	}
	if (!isPlainObject(parsed)) throw notSent('The body is not a JSON object');
	const request = parsed.request ?? {};
	if (!isPlainObject(request)) throw notSent('The body’s "request" is not an object');
	const signed = { ...parsed, request: { ...request, authentication } };
	return text === undefined ? signed : JSON.stringify(signed);
}

/** The API's hash: lowercase hex HMAC-SHA256 of the API key, keyed with the secret key. */
export function computeHash(apiKey: string, secretKey: string): string {
	return createHmac('sha256', secretKey).update(apiKey).digest('hex');
}

/** The `{key, hash}` block every request carries; the secret key itself never leaves n8n. */
export function authenticationBlock(credentials: ICredentialDataDecryptedObject): IDataObject {
	const key = String(credentials.apiKey ?? '').trim();
	const hash =
		credentials.authMode === 'apiHash'
			? String(credentials.apiHashSecret ?? '').trim()
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
			description: 'In the iletiMerkezi panel: Settings › Security › API Access',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Shown once when the API key is created in the panel (Settings › Security › API Access)',
			displayOptions: { show: { authMode: ['secretKey'] } },
		},
		// The ready-made hash authenticates on its own, so it is kept as secret as the secret key.
		{
			displayName: 'API Hash',
			name: 'apiHashSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The hash shown beside the API key in newer panels (Settings › Security › API Access)',
			displayOptions: { show: { authMode: ['apiHash'] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description:
				'Change only to go through a proxy or to reach a local emulator. It must use https; plain http only on this machine (localhost, 127.0.0.1).',
		},
	];

	/**
	 * The API authenticates in the JSON body, so this writes a new body rather than a header.
	 * Every request carrying the hash passes here — the nodes', the Test's, and n8n's HTTP Request
	 * node's — so the hash goes only to the Base URL, only over https (or on this machine), and
	 * never follows a redirect.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const base = checkBaseUrl(credentials.baseUrl);
		if ('problem' in base) throw new Error(base.problem);
		const incoming: IncomingRequestOptions = requestOptions;
		if (!goesUnder(requestTarget(incoming), base.url)) {
			throw new Error('The request does not go to the credential’s Base URL, so it was not sent');
		}
		const signed: IncomingRequestOptions = {
			...incoming,
			body: withAuthentication(incoming, authenticationBlock(credentials)),
			// A 307 or 308 would carry the body, the hash with it, to wherever it points.
			disableFollowRedirect: true,
			followRedirect: false,
			followAllRedirects: false,
		};
		// The caller's own shape handed back: `url`, or the request library's `uri`.
		return signed as IHttpRequestOptions;
	}

	httpRequestNode = {
		name: 'iletiMerkezi',
		docsUrl: 'https://www.iletimerkezi.com/en/docs/api',
		apiBaseUrl: `${DEFAULT_BASE_URL}/`,
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ String($credentials.baseUrl || "' + DEFAULT_BASE_URL + '").replace(/\\/+$/, "") }}',
			url: '/get-balance/json',
			method: 'POST',
			json: true,
			body: { request: {} },
			ignoreHttpStatusErrors: true,
			// A redirect would take the hash to another address: it fails the Test instead.
			disableFollowRedirect: true,
		},
		rules: TEST_RULES,
	};
}
