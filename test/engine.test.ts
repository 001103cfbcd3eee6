import { createIletiMerkeziEngine } from '../dev/fixtures';

// The harness lets requests reach this machine only, whatever a spec points the node at.
describe('engine harness: the network guard', () => {
	const engine = createIletiMerkeziEngine();
	const credential = (baseUrl: string) => ({
		authMode: 'secretKey',
		apiKey: 'k',
		secretKey: 's',
		baseUrl,
	});

	it('blocks a request off this machine before it is sent', async () => {
		// 192.0.2.0/24 is reserved for documentation: nothing would answer there anyway.
		await expect(engine.testCredentials(credential('https://192.0.2.1/v1'))).resolves.toEqual({
			status: 'Error',
			message: 'The request was blocked because it resolves to a restricted IP address',
		});
	});

	it('lets a request to 127.0.0.1 through', async () => {
		const result = await engine.testCredentials(credential('http://127.0.0.1:9/v1'));
		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});
});
