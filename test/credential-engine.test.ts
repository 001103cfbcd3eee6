import type { Emulator } from './emulator';
import { DEFAULT_ACCOUNT, startEmulator } from './emulator';
import { CREDENTIAL_TYPE, NODE_TYPE, createIletiMerkeziEngine } from './engine/iletimerkezi';
import { HASH, SECRET, secretKeyCredentials } from './support/fixtures';

const engine = createIletiMerkeziEngine();
let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator();
});
afterEach(() => emulator.clear());
afterAll(async () => await emulator.close());

const data = (overrides: Record<string, string>) => ({
	authMode: 'secretKey',
	apiKey: DEFAULT_ACCOUNT.apiKey,
	secretKey: DEFAULT_ACCOUNT.secretKey,
	baseUrl: emulator.url,
	...overrides,
});

describe('the credential in the editor', () => {
	it('Test succeeds with the right key and secret, calling get-balance with the hash', async () => {
		const result = await engine.testCredentials({ type: CREDENTIAL_TYPE, data: data({}) });
		expect(result.status).toBe('OK');
		expect(emulator.requests.map((r) => r.apiMethod)).toEqual(['get-balance']);
		expect(emulator.requests[0].body.request.authentication).toEqual({
			key: DEFAULT_ACCOUNT.apiKey,
			hash: HASH,
		});
		expect(emulator.requests[0].rawBody).not.toContain(SECRET);
	});

	it('Test fails with a wrong secret', async () => {
		const result = await engine.testCredentials({
			type: CREDENTIAL_TYPE,
			data: data({ secretKey: 'wrong-secret' }),
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^iletiMerkezi rejected the credentials: check the API key/);
	});

	it('Test succeeds with the ready-made API hash, and fails with a wrong one', async () => {
		const ok = await engine.testCredentials({
			type: CREDENTIAL_TYPE,
			data: data({ authMode: 'apiHash', apiHash: HASH, secretKey: '' }),
		});
		expect(ok.status).toBe('OK');
		const wrong = await engine.testCredentials({
			type: CREDENTIAL_TYPE,
			data: data({ authMode: 'apiHash', apiHash: 'f'.repeat(64), secretKey: '' }),
		});
		expect(wrong.status).toBe('Error');
	});

	it('the group picker lists nested groups as "Parent / Child"', async () => {
		const options = await engine.loadOptions({
			nodeType: NODE_TYPE,
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
