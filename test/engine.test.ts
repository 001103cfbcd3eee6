/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code, never shipped */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { computeHash } from '../credentials/IletiMerkeziApi.credentials';
import type { EngineNode } from './engine';
import { START_NODE_NAME, createEngine } from './engine';
import { NODE_TYPE, createIletiMerkeziEngine, iletiMerkeziRegistry } from './engine/iletimerkezi';

// Stand-ins for a community package's credential and node, small enough to see at a glance.

const GOOD_KEY = 'good-key';

class EchoApi implements ICredentialType {
	name = 'echoApi';

	displayName = 'Echo API';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Region', name: 'region', type: 'string', default: 'eu' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
	];

	// Function form, like ours: a header and a body field, so both are checked at the server.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: { ...requestOptions.headers, 'x-api-key': String(credentials.apiKey) },
		body: {
			...(requestOptions.body as IDataObject),
			auth: { key: credentials.apiKey, region: credentials.region },
		},
	});

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/get-balance/json',
			method: 'POST',
			body: { probe: true },
		},
	};
}

async function callApi(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	url: string,
	body: IDataObject,
): Promise<IDataObject> {
	const { baseUrl } = await this.getCredentials('echoApi');
	return (await this.helpers.httpRequestWithAuthentication.call(this, 'echoApi', {
		method: 'POST',
		url: `${String(baseUrl)}${url}`,
		body,
		json: true,
	})) as IDataObject;
}

class Echo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Echo',
		name: 'echo',
		group: ['transform'],
		version: [1, 2],
		description: 'Sends each item to the echo server',
		defaults: { name: 'Echo' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'echoApi', required: true }],
		properties: [
			{
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				options: [
					{ name: 'Per Item', value: 'perItem' },
					{ name: 'Batch', value: 'batch' },
				],
				default: 'perItem',
			},
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Fail', name: 'fail', type: 'boolean', default: false },
			{
				displayName: 'Group',
				name: 'group',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getGroups' },
				default: '',
			},
		],
	};

	methods = {
		loadOptions: {
			async getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const prefix = this.getCurrentNodeParameter('name') as string;
				const { groups } = await callApi.call(this, '/groups', { prefix });
				return (groups as string[]).map((group) => ({ name: group, value: group }));
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (this.getNodeParameter('mode', 0) === 'batch') {
			const names = items.map((_, i) => this.getNodeParameter('name', i) as string);
			const { echoed } = await callApi.call(this, '/echo', { names });
			return [(echoed as string[]).map((name, i) => ({ json: { name }, pairedItem: { item: i } }))];
		}
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				if (this.getNodeParameter('fail', i) as boolean) {
					throw new NodeOperationError(this.getNode(), `Item ${i} asked to fail`, { itemIndex: i });
				}
				const name = this.getNodeParameter('name', i) as string;
				const response = await callApi.call(this, '/echo', { names: [name] });
				out.push({ json: { name: (response.echoed as string[])[0] }, pairedItem: { item: i } });
			} catch (error) {
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- already n8n's
				if (!this.continueOnFail()) throw error;
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}

// The tiny server: records what arrives and answers 401 unless the stand-in's auth is there.

interface Received {
	url: string;
	headers: IncomingHttpHeaders;
	body: IDataObject;
}

let server: Server;
let baseUrl: string;
const received: Received[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
		req.on('end', () => {
			const body = (raw ? JSON.parse(raw) : {}) as IDataObject;
			received.push({ url: req.url ?? '', headers: req.headers, body });
			const send = (status: number, payload: IDataObject) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(payload));
			};
			const auth = body.auth as IDataObject | undefined;
			if (req.headers['x-api-key'] !== GOOD_KEY || auth?.key !== GOOD_KEY) {
				return send(401, { message: 'bad key' });
			}
			if (req.url === '/echo') return send(200, { echoed: body.names as string[] });
			if (req.url === '/groups') {
				return send(200, { groups: [`${String(body.prefix)}-a`, `${String(body.prefix)}-b`] });
			}
			if (req.url === '/get-balance/json') return send(200, { balance: 1 });
			return send(404, { message: 'not found' });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	received.length = 0;
});

describe('engine harness (n8n-core WorkflowExecute)', () => {
	const engine = createEngine({ nodeTypes: [new Echo()], credentialTypes: [new EchoApi()] });
	const credentials = () => ({
		cred1: { type: 'echoApi', name: 'Echo account', data: { apiKey: GOOD_KEY, baseUrl } },
	});
	const echo = (overrides: Partial<EngineNode> = {}): EngineNode => ({
		name: 'Echo',
		type: 'n8n-nodes-test.echo',
		parameters: { name: '={{ $json.name }}' },
		credentials: { echoApi: { id: 'cred1', name: 'Echo account' } },
		...overrides,
	});

	it('runs items through a chain of nodes, with expressions, auth and pairedItem', async () => {
		const { run, error, output } = await engine.runWorkflow({
			items: [{ name: 'Ali' }, { name: 'Ayşe' }, { name: 'Can' }],
			nodes: [
				echo(),
				echo({ name: 'Echo again', parameters: { name: '={{ $json.name.toUpperCase() }}' } }),
			],
			credentials: credentials(),
		});

		expect(error).toBeUndefined();
		expect(run.status).toBe('success');
		expect(output(START_NODE_NAME)).toHaveLength(3);
		expect(output('Echo').map((item) => item.json.name)).toEqual(['Ali', 'Ayşe', 'Can']);
		expect(output('Echo again')).toEqual([
			{ json: { name: 'ALI' }, pairedItem: { item: 0 } },
			{ json: { name: 'AYŞE' }, pairedItem: { item: 1 } },
			{ json: { name: 'CAN' }, pairedItem: { item: 2 } },
		]);
		// The credential's authenticate ran on every request, with the type's default filled in.
		expect(received).toHaveLength(6);
		for (const request of received) {
			expect(request.headers['x-api-key']).toBe(GOOD_KEY);
			expect(request.body.auth).toEqual({ key: GOOD_KEY, region: 'eu' });
		}
		expect(received.map((request) => request.body.names)).toEqual([
			['Ali'],
			['Ayşe'],
			['Can'],
			['ALI'],
			['AYŞE'],
			['CAN'],
		]);
	});

	it('resolves expressions in stored credential data', async () => {
		const { error } = await engine.runWorkflow({
			items: [{ name: 'Ali' }],
			nodes: [echo()],
			credentials: {
				cred1: {
					type: 'echoApi',
					data: { apiKey: `={{ "${GOOD_KEY}" }}`, region: '={{ "tr" }}', baseUrl },
				},
			},
		});
		expect(error).toBeUndefined();
		expect(received[0].body.auth).toEqual({ key: GOOD_KEY, region: 'tr' });
	});

	it('fails the run with the node’s error when it throws', async () => {
		const { run, error, output } = await engine.runWorkflow({
			items: [{ name: 'Ali' }, { name: 'Veli', fail: true }],
			nodes: [echo({ parameters: { name: '={{ $json.name }}', fail: '={{ !!$json.fail }}' } })],
			credentials: credentials(),
		});

		expect(run.status).toBe('error');
		// n8n records a plain copy of the thrown error (own fields, message, stack): no instanceof.
		expect(error?.name).toBe('NodeOperationError');
		expect(error).toMatchObject({ message: 'Item 1 asked to fail', context: { itemIndex: 1 } });
		expect(run.data.resultData.lastNodeExecuted).toBe('Echo');
		expect(output('Echo')).toEqual([]);
	});

	it('fails the run with the HTTP error when the server rejects the credential', async () => {
		const { error } = await engine.runWorkflow({
			nodes: [echo({ parameters: { name: 'x' } })],
			credentials: { cred1: { type: 'echoApi', data: { apiKey: 'wrong', baseUrl } } },
		});
		expect(error?.name).toBe('NodeApiError');
		expect(error).toMatchObject({ httpCode: '401', description: 'bad key' });
	});

	it('fails the run when the node’s credential id is not stored', async () => {
		const { error } = await engine.runWorkflow({ nodes: [echo()], credentials: {} });
		expect(error?.message).toMatch(/Credential with ID "cred1" does not exist/);
	});

	it('keeps going with continueOnFail and returns the error item', async () => {
		const { run, error, output } = await engine.runWorkflow({
			items: [{ name: 'Ali' }, { name: 'Veli', fail: true }, { name: 'Can' }],
			nodes: [
				echo({
					continueOnFail: true,
					parameters: { name: '={{ $json.name }}', fail: '={{ !!$json.fail }}' },
				}),
				echo({ name: 'After', parameters: { name: '={{ $json.name ?? "none" }}' } }),
			],
			credentials: credentials(),
		});

		expect(error).toBeUndefined();
		expect(run.status).toBe('success');
		expect(output('Echo')).toEqual([
			{ json: { name: 'Ali' }, pairedItem: { item: 0 } },
			{ json: { error: 'Item 1 asked to fail' }, pairedItem: { item: 1 } },
			{ json: { name: 'Can' }, pairedItem: { item: 2 } },
		]);
		expect(output('After').map((item) => item.json.name)).toEqual(['Ali', 'none', 'Can']);
	});

	it('routes a failed run to the error output with onError: continueErrorOutput', async () => {
		const { error, output } = await engine.runWorkflow({
			items: [{ name: 'Ali' }],
			nodes: [echo({ onError: 'continueErrorOutput', parameters: { fail: true } })],
			credentials: credentials(),
		});

		expect(error).toBeUndefined();
		expect(output('Echo', 0)).toEqual([]);
		const [failed] = output('Echo', 1);
		expect(failed.json.error).toBe('Item 0 asked to fail');
		expect(failed.pairedItem).toEqual({ item: 0 });
	});

	it('runs 2,000 items, each paired to its input', async () => {
		const items = Array.from({ length: 2000 }, (_, i) => ({ name: `person-${i}` }));
		const { error, output } = await engine.runWorkflow({
			items,
			nodes: [echo({ parameters: { mode: 'batch', name: '={{ $json.name }}' } })],
			credentials: credentials(),
		});

		expect(error).toBeUndefined();
		expect(output('Echo')).toHaveLength(2000);
		expect(output('Echo')[1999]).toEqual({
			json: { name: 'person-1999' },
			pairedItem: { item: 1999 },
		});
	});

	it('loads options through n8n-core’s LoadOptionsContext with working helpers', async () => {
		const options = await engine.loadOptions({
			nodeType: 'n8n-nodes-test.echo',
			method: 'getGroups',
			parameters: { name: 'team' },
			credentials: credentials(),
		});

		expect(options).toEqual([
			{ name: 'team-a', value: 'team-a' },
			{ name: 'team-b', value: 'team-b' },
		]);
		expect(received[0].url).toBe('/groups');
		expect(received[0].headers['x-api-key']).toBe(GOOD_KEY);
	});

	it('tests credentials like the editor’s Test button', async () => {
		await expect(
			engine.testCredentials({ type: 'echoApi', data: { apiKey: GOOD_KEY, baseUrl } }),
		).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(received[0].url).toBe('/get-balance/json');
		expect(received[0].body).toEqual({ probe: true, auth: { key: GOOD_KEY, region: 'eu' } });

		await expect(
			engine.testCredentials({ type: 'echoApi', data: { apiKey: 'wrong', baseUrl } }),
		).resolves.toEqual({ status: 'Error', message: 'Unauthorized' });
		// The 401 was sent twice: n8n-core retries it once after preAuthentication.
		expect(received).toHaveLength(3);
	});

	it('blocks requests that would leave the machine', async () => {
		// 192.0.2.0/24 is reserved for documentation: nothing would answer there anyway.
		const result = await engine.testCredentials({
			type: 'echoApi',
			data: { apiKey: GOOD_KEY, baseUrl: 'http://192.0.2.1' },
		});
		expect(result).toEqual({
			status: 'Error',
			message: 'The request was blocked because it resolves to a restricted IP address',
		});
	});

	it('reports an unreachable server as a failed credential test', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const { port } = closed.address() as AddressInfo;
		await new Promise((resolve) => closed.close(resolve));

		const result = await engine.testCredentials({
			type: 'echoApi',
			data: { apiKey: GOOD_KEY, baseUrl: `http://127.0.0.1:${port}` },
		});
		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});
});

describe('engine harness with this package registered', () => {
	it('names the node as n8n names a community package’s node', () => {
		const [entry] = iletiMerkeziRegistry().nodeTypes;
		expect(entry).toMatchObject({ type: 'n8n-nodes-iletimerkezi.iletiMerkezi' });
		expect(NODE_TYPE).toBe('n8n-nodes-iletimerkezi.iletiMerkezi');
	});

	it('runs our credential’s test request, signed by its authenticate', async () => {
		const engine = createIletiMerkeziEngine();
		// The tiny server refuses it (it wants the stand-in's header); what arrived is the point.
		const result = await engine.testCredentials({
			type: 'iletiMerkeziApi',
			data: { apiKey: 'k', secretKey: 's', baseUrl: `${baseUrl}/` },
		});
		expect(result.status).toBe('Error');
		// The test lets every HTTP status through to its rules, so n8n-core does not re-send the
		// request after the 401 as it does for a failed one.
		expect(received).toHaveLength(1);
		for (const request of received) {
			expect(request.url).toBe('/get-balance/json');
			expect((request.body.request as IDataObject).authentication).toEqual({
				key: 'k',
				hash: computeHash('k', 's'),
			});
		}
	});
});
