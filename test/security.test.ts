/**
 * Security: the hash never leaves for another host or in clear, and hostile answers cannot freeze
 * n8n, flood a run or leak the key. Our node in n8n's engine against the emulator; the harness's
 * network guard keeps every request on this machine.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { Emulator, Fault } from '../dev/emulator';
import { DEFAULT_ACCOUNT, startEmulator } from '../dev/emulator';
import type { CredentialStore } from '../dev/engine';
import {
	credentialData,
	createIletiMerkeziEngine,
	HASH,
	iletiMerkeziNode,
	requestsTo,
	SECRET,
	secretKeyCredentials,
} from '../dev/fixtures';
import { redactor, SECRET_PART } from '../nodes/IletiMerkezi/secrets/redact';

const engine = createIletiMerkeziEngine();
let emulator: Emulator;
/** Another host a hostile answer would send the request to: it must never hear from us. */
let elsewhere: Emulator;

beforeAll(async () => {
	[emulator, elsewhere] = await Promise.all([startEmulator(), startEmulator()]);
});
beforeEach(() => {
	emulator.clear();
	elsewhere.clear();
	emulator.generateContacts(2500, (i) => ({
		name: `Kişi${i}`,
		gsm: `53${String(i).padStart(8, '0')}`,
	}));
});
afterEach(() => expect(elsewhere.requests).toEqual([]));
afterAll(async () => await Promise.all([emulator.close(), elsewhere.close()]));

const SEARCH = { resource: 'contact', operation: 'search', searchKey: 'Kişi', returnAll: true };

function run(parameters: INodeParameters, credentials = secretKeyCredentials(emulator)) {
	return engine.runWorkflow({
		credentials,
		nodes: [iletiMerkeziNode(parameters, { continueOnFail: true })],
	});
}

const withBaseUrl = (baseUrl: string): CredentialStore =>
	secretKeyCredentials({ url: baseUrl } as Emulator);

/** Every way the key, the hash and the secret could be written into an answer. */
const SECRETS = [DEFAULT_ACCOUNT.apiKey, HASH, SECRET].flatMap((secret) => [
	secret,
	secret.toUpperCase(),
	encodeURIComponent(secret),
]);

describe('https only', () => {
	it('the node refuses a plain-http Base URL that is not this machine, saying to use https, before any request', async () => {
		const { output } = await run(SEARCH, withBaseUrl('http://api.example.invalid/v1'));
		expect(output('iletiMerkezi')[0].json.error).toMatch(
			/^The Base URL must use https: over plain http the API hash would travel in clear/,
		);
	});

	it('the credential Test refuses it too', async () => {
		const verdict = await engine.testCredentials({
			...credentialData(emulator),
			baseUrl: 'http://api.example.invalid/v1',
		});
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toMatch(/must use https/);
	});

	it.each([
		['a query', 'https://api.example.invalid/v1?x=1', /query/],
		['a fragment', 'https://api.example.invalid/v1#x', /fragment/],
		['a user', 'https://me:pw@api.example.invalid/v1', /user name or password/],
		['another scheme', 'ftp://api.example.invalid/v1', /must start with https:\/\//],
	])('refuses a Base URL with %s', async (_, baseUrl, problem) => {
		const { output } = await run(SEARCH, withBaseUrl(baseUrl));
		expect(output('iletiMerkezi')[0].json.error).toMatch(problem);
	});
});

describe('redirects are not followed', () => {
	it.each([301, 302, 303, 307, 308])(
		'a %i is an error naming the host it pointed to; nothing is sent there',
		async (status) => {
			const location = `${elsewhere.url}/search-contacts/json`;
			emulator.failNext({ apiMethod: 'search-contacts', status, location });
			const { output } = await run(SEARCH);
			const [item] = output('iletiMerkezi');
			expect(item.json.error).toBe(
				`iletiMerkezi’s address redirected the request to ${new URL(elsewhere.url).host}`,
			);
			expect(item.json.message).toMatch(/nothing was sent there/);
			// Not a retry either: a redirect is the server's answer.
			expect(requestsTo(emulator, 'search-contacts')).toHaveLength(1);
		},
	);

	it('the credential Test fails on a redirect, and sends nothing to where it points', async () => {
		emulator.failNext({ apiMethod: 'get-balance', status: 307, location: `${elsewhere.url}/x` });
		const verdict = await engine.testCredentials(credentialData(emulator));
		expect(verdict.status).toBe('Error');
	});
});

describe('nothing taken from an answer carries the key, the hash or the secret', () => {
	it.each<[string, Fault]>([
		['an API message quoting the request', { echo: 'message' }],
		['an HTML error page quoting it, URL-encoded and upper-cased', { echo: 'html', times: 4 }],
	])('%s', async (_, fault) => {
		// The group list's request is the shortest, so the quote would begin with the key.
		emulator.failNext({ apiMethod: 'get-groups', ...fault });
		const result = await run({ resource: 'group', operation: 'getMany', returnAll: true });
		const [item] = result.output('iletiMerkezi');
		expect(item.json.error).toBeDefined();
		const seen = JSON.stringify([result.run, result.error]);
		for (const secret of SECRETS) expect(seen).not.toContain(secret);
		// The request it quoted did reach the answer: there was something to take out.
		expect(requestsTo(emulator, 'get-groups')[0].rawBody).toContain(HASH);
	});

	it('a contact whose values quote the hash comes out without it', async () => {
		emulator.clear();
		emulator.seedContacts([{ name: `x ${HASH.toUpperCase()} y`, email: `${HASH}@example.com` }]);
		const { output } = await run({ ...SEARCH, searchKey: 'example' });
		expect(output('iletiMerkezi')[0].json).toMatchObject({
			name: 'x [redacted] y',
			email: '[redacted]@example.com',
		});
	});
});

/** The request a proxy page would quote, folded at `columns` with `newline`. */
function folded(text: string, columns: number, newline = '\n') {
	const lines: string[] = [];
	for (let at = 0; at < text.length; at += columns) lines.push(text.slice(at, at + columns));
	return lines.join(newline);
}

/** Runs of SECRET_PART characters of `secret` found in `text` read without whitespace, any case. */
function partsIn(text: string, secret: string): string[] {
	const compact = text.replace(/\s+/g, '').toLowerCase();
	const found = new Set<string>();
	for (let at = 0; at + SECRET_PART <= secret.length; at++) {
		const part = secret.slice(at, at + SECRET_PART).toLowerCase();
		if (compact.includes(part)) found.add(part);
	}
	return [...found];
}

describe('the hash and the secret are taken out in parts too', () => {
	const request = JSON.stringify({
		request: { authentication: { key: DEFAULT_ACCOUNT.apiKey, hash: HASH } },
	});

	it.each([
		['folded at 60 columns', folded(request, 60)],
		['folded at 60 with CRLF and an indent', folded(request, 60, '\r\n    ')],
		['folded at 60, upper-cased', folded(request, 60).toUpperCase()],
		['wrapped every 8 characters', folded(request, 8, ' ')],
	])(
		'a proxy page quoting the request %s: no 8 characters of the hash in a row reach the error',
		async (_, quote) => {
			const page = `<html><body><h1>502 Bad Gateway</h1><pre>${quote}</pre></body></html>`;
			// On main, the page's quote showed 61 of the hash's 64 characters.
			expect(partsIn(page, HASH).length).toBeGreaterThan(40);
			emulator.failNext({ apiMethod: 'get-groups', page, times: 4 });
			const result = await run({ resource: 'group', operation: 'getMany', returnAll: true });
			const [item] = result.output('iletiMerkezi');
			expect(item.json.error).toBe('iletiMerkezi answered with HTTP 502 and no API response');
			expect(item.json.message).toContain('[redacted]');
			expect(partsIn(JSON.stringify([result.run, result.error]), HASH)).toEqual([]);
		},
	);

	it('a message quoting the secret key and the hash, folded: both taken out', () => {
		const message = `Geçersiz anahtar: ${folded(SECRET, 6)} (${folded(HASH, 20, '\n')})`;
		const clean = redactor([SECRET, HASH], [SECRET, HASH]);
		const cleaned = String(clean(message));
		expect(partsIn(cleaned, SECRET)).toEqual([]);
		expect(partsIn(cleaned, HASH)).toEqual([]);
		expect(cleaned).toBe('Geçersiz anahtar: [redacted] ([redacted])');
	});

	it('fewer than 8 characters in a row, or other text, stay as they are', () => {
		const clean = redactor([], [HASH]);
		const seven = HASH.slice(10, 17);
		const text = `sipariş ${seven} ${HASH.slice(20, 27)}-${HASH.slice(40, 47)} 5321234567`;
		expect(clean(text)).toBe(text);
		const value = { a: [text, { [text]: 1 }] };
		expect(clean(value)).toBe(value);
		expect(clean({ n: `x${HASH.slice(3, 11)}y` })).toEqual({ n: 'x[redacted]y' });
	});

	it('only the run is cut, the text around it and its whitespace-free neighbours kept', () => {
		const clean = redactor([], [HASH]);
		const text = `önce ${HASH.slice(0, 30)}\n${HASH.slice(30)} sonra`;
		expect(clean(text)).toBe('önce [redacted] sonra');
		expect(clean(`${HASH.slice(0, 8)}${HASH.slice(30, 38)}`)).toBe('[redacted]');
	});

	it.each([
		['the hash’s characters, folded at 60', folded(HASH.repeat(16_000), 60)],
		['8-character runs of the hash, spaced', HASH.slice(0, 8).concat(' ').repeat(111_000)],
		['"<" repeated', '<'.repeat(1_000_000)],
		['hex that is not the hash', 'abcdef0123456789'.repeat(62_500)],
	])('a 1 MB page of %s is cleaned in linear time', (_, page) => {
		const clean = redactor([DEFAULT_ACCOUNT.apiKey, HASH, SECRET], [HASH, SECRET]);
		const started = performance.now();
		const cleaned = String(clean(page));
		// Milliseconds on an idle machine (npm run bench: the hostile part); a quadratic search would
		// take minutes. The bound is loose for a loaded CI machine.
		expect(performance.now() - started).toBeLessThan(5000);
		expect(partsIn(cleaned.slice(0, 100_000), HASH)).toEqual([]);
	});
});

describe('hostile pages', () => {
	it('a 160 kB page of "<" on every attempt is a short, clear error after the retries', async () => {
		emulator.failNext({ apiMethod: 'search-contacts', htmlFlood: 160_000, times: 4 });
		const { output } = await run(SEARCH);
		const [item] = output('iletiMerkezi');
		expect(item.json.error).toBe('iletiMerkezi answered with HTTP 502 and no API response');
		expect(item.json.message).toMatch(/It was tried 4 times/);
		expect(JSON.stringify(item.json).length).toBeLessThan(1000);
	});
});

describe('paging ends', () => {
	it.each<[string, Fault['pages']]>([
		['pages that wrap around to earlier ones', 2],
		['an API that ignores the page number', 'first'],
	])('%s: a clear error, never a repeated contact', async (_, pages) => {
		emulator.failNext({ apiMethod: 'search-contacts', pages, times: Infinity });
		const { output } = await run(SEARCH);
		const items = output('iletiMerkezi');
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toMatch(
			/^iletiMerkezi returned page \d with only rows already read/,
		);
	});

	it.each<[string, Fault['rows']]>([
		['rows without an id', 'noId'],
		['ids that are objects', 'objectId'],
	])('%s are all kept, never taken for repeats', async (_, rows) => {
		emulator.failNext({ apiMethod: 'search-contacts', rows, times: Infinity });
		const { output } = await run(SEARCH);
		expect(output('iletiMerkezi')).toHaveLength(2500);
		expect(requestsTo(emulator, 'search-contacts')).toHaveLength(3);
	});
});

describe('group trees', () => {
	it('a 20,000-level tree is a clear error, not a stack overflow', async () => {
		emulator.buildGroupChain(20_000, 40);
		const { output } = await run({ resource: 'group', operation: 'getMany', returnAll: true });
		expect(output('iletiMerkezi')[0].json.error).toBe(
			'iletiMerkezi listed groups nested more than 50 deep',
		);
	});

	it('a 50-level tree is read whole, with each group’s path', async () => {
		emulator.buildGroupChain(48, 3, '12');
		const { output } = await run({ resource: 'group', operation: 'getMany', returnAll: true });
		const items = output('iletiMerkezi');
		expect(items).toHaveLength(4 + 48);
		const depths = items.map((item) => String(item.json.path).split(' / ').length);
		expect(Math.max(...depths)).toBe(50);
	});
});

describe('DNS and n8n’s SSRF protection', () => {
	it('a failed lookup is retried, then said plainly', async () => {
		const { output } = await run(SEARCH, withBaseUrl('https://api.example.invalid/v1'));
		const [item] = output('iletiMerkezi');
		expect(item.json.error).toBe('Could not reach iletiMerkezi');
		expect(item.json.message).toMatch(/ENOTFOUND.*It was tried 4 times/);
	});

	it('a request the protection refuses is said so, and never retried', async () => {
		// 192.0.2.0/24 is reserved for documentation; the protection refuses it before sending.
		const { output } = await run(SEARCH, withBaseUrl('https://192.0.2.1/v1'));
		const [item] = output('iletiMerkezi');
		expect(item.json.error).toBe('The request was blocked by n8n’s SSRF protection');
		expect(item.json.message).not.toMatch(/tried/);
	});
});
