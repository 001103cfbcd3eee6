/* eslint-disable @n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals -- development harness, never shipped */
/**
 * Our node in n8n's own engine, as n8n runs it for this package: workflows through n8n-core's
 * WorkflowExecute with its node contexts and HTTP helpers, requests signed by our credential's
 * `authenticate`, the editor's pickers, and the credential Test. Free of jest, for scripts too.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	ErrorReporter,
	ExecuteContext,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	InstanceSettings,
	LoadOptionsContext,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ExecutionBaseError,
	ICredentialDataDecryptedObject,
	IConnections,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import {
	Expression,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	createEmptyRunExecutionData,
	createRunExecutionData,
	deepCopy,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE, IletiMerkeziApi } from '../credentials/IletiMerkeziApi.credentials';
import { IletiMerkezi } from '../nodes/IletiMerkezi/IletiMerkezi.node';

export const PACKAGE_NAME = 'n8n-nodes-iletimerkezi';
/** How n8n names a community package's node: `<package name>.<description.name>`. */
export const NODE_TYPE = `${PACKAGE_NAME}.${new IletiMerkezi().description.name}`;
const START = 'Start';
const NO_OP = 'n8n-nodes-base.noOp';

/** Stored credentials by id, decrypted, as a node's `credentials` entry refers to them. */
export type CredentialStore = Record<
	string,
	{ name: string; data: ICredentialDataDecryptedObject }
>;

export interface EngineNode {
	name: string;
	parameters: INodeParameters;
	credentials?: INode['credentials'];
	continueOnFail?: boolean;
	onError?: INode['onError'];
}

export interface RunResult {
	run: IRun;
	error?: ExecutionBaseError | Error;
	/** Items of that node's last run on that output; [] if it did not run. */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
}

export interface PickerArgs {
	method: string;
	parameters: INodeParameters;
	credentials: CredentialStore;
	/** The parameter whose options are loaded, e.g. `parameters.groupId`. */
	path?: string;
	filter?: string;
}

const credentialType = new IletiMerkeziApi();

/** The data as the credential form saves it: the type's defaults filled in, in a copy. */
const withDefaults = (data: ICredentialDataDecryptedObject) =>
	NodeHelpers.getNodeParameters(
		credentialType.properties,
		deepCopy(data) as INodeParameters,
		true,
		false,
		null,
		null,
	) as ICredentialDataDecryptedObject;

/** n8n's credentials side for our one credential type, signed by its function; no database. */
function credentialsHelper(store: CredentialStore): ICredentialsHelper {
	const unsupported = async (): Promise<never> => {
		throw new Error('Not supported in the engine harness');
	};
	return {
		getDecrypted: async (_, { id, name }, type) => {
			const stored = id ? store[id] : undefined;
			if (!stored || type !== CREDENTIAL_TYPE) {
				throw new Error(`Credential "${name}" (ID "${id}") does not exist for type "${type}".`);
			}
			return withDefaults(stored.data);
		},
		authenticate: async (data, _, request) =>
			await credentialType.authenticate(data, request as IHttpRequestOptions),
		getCredentialsProperties: () => credentialType.properties,
		getParentTypes: () => [],
		isCredentialUsableByNode: () => true,
		preAuthentication: async () => undefined,
		runPreAuthentication: async () => undefined,
		getCredentials: unsupported,
		updateCredentials: unsupported,
		updateCredentialsOauthTokenData: unsupported,
	};
}

/** What n8n's additional data supplies, for one workflow without sub-workflows or runners. */
function additionalData(
	store: CredentialStore,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	// Nothing listens here; the URLs only feed expressions such as $execution.resumeUrl.
	const url = (route: string) => `http://127.0.0.1:5678/${route}`;
	const unsupported = () => Promise.reject(new Error('Not supported in the engine harness'));
	return {
		credentialsHelper: credentialsHelper(deepCopy(store)),
		currentNodeExecutionIndex: 0,
		externalSecretsProxy: new ExternalSecretsProxy(),
		variables: {},
		instanceBaseUrl: url(''),
		restApiUrl: url('rest'),
		formBaseUrl: url('form'),
		formWaitingBaseUrl: url('form-waiting'),
		formTestBaseUrl: url('form-test'),
		webhookBaseUrl: url('webhook'),
		webhookWaitingBaseUrl: url('webhook-waiting'),
		webhookTestBaseUrl: url('webhook-test'),
		mcpBaseUrl: url('mcp'),
		mcpTestBaseUrl: url('mcp-test'),
		executeWorkflow: unsupported,
		startRunnerTask: unsupported,
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		...extra,
	};
}

const noOp = (description: Partial<INodeType['description']> = {}): INodeType => ({
	description: {
		displayName: 'No Operation',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: '',
		defaults: { name: 'No Operation' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
		...description,
	},
	// Passes its input on: the start node hands the run's items to the next one this way.
	async execute(this: IExecuteFunctions) {
		return [this.getInputData()];
	},
});

/**
 * The node the credential Test runs the type's `test` request through, as n8n does: a property
 * routed to it, so `={{$credentials.x}}` resolves and `authenticate` signs it.
 */
const testNode = noOp({
	credentials: [{ name: CREDENTIAL_TYPE, required: true }],
	properties: [
		{
			displayName: 'Test',
			name: 'test',
			type: 'string',
			default: '',
			routing: { request: credentialType.test.request },
		},
	],
});

const types: Record<string, INodeType> = { [NODE_TYPE]: new IletiMerkezi(), [NO_OP]: noOp() };
const nodeTypes: INodeTypes = {
	getByName: (type) => types[type],
	getByNameAndVersion: (type) => types[type],
	getKnownTypes: () => ({}),
};

let prepared = false;

/**
 * n8n-core outside n8n's CLI, once per process: instance settings that keep the home folder
 * untouched, errors left in the run's result instead of reported, the in-process expression
 * evaluator (isolated-vm is not built here), and n8n's SSRF guard turned around to let requests
 * reach this machine only, so nothing a spec points at leaves it.
 */
function prepareCore() {
	if (prepared) return;
	prepared = true;
	Expression.setExpressionEngine('legacy');
	// n8n-core's own copy of these: the hoisted `@n8n/di` may be another version.
	const fromCore = (id: string) =>
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		require(require.resolve(id, { paths: [path.dirname(require.resolve('n8n-core'))] }));
	const { Container } = fromCore('@n8n/di') as typeof import('@n8n/di');
	const folder = path.join(tmpdir(), 'n8n-engine-harness');
	Container.set(
		InstanceSettings,
		Object.assign(Object.create(InstanceSettings.prototype) as InstanceSettings, {
			n8nFolder: folder,
			staticCacheDir: path.join(folder, 'cache'),
			customExtensionDir: path.join(folder, 'custom'),
			nodesDownloadDir: path.join(folder, 'nodes'),
			instanceType: 'main',
			instanceRole: 'leader',
			hostId: 'main-engine-harness',
			instanceId: 'engine-harness',
			hmacSignatureSecret: randomBytes(32).toString('hex'),
			settings: { encryptionKey: randomBytes(24).toString('base64') },
		}),
	);
	Container.set(
		ErrorReporter,
		Object.assign(Object.create(ErrorReporter.prototype) as ErrorReporter, { report: () => {} }),
	);
	if (process.env.N8N_SSRF_PROTECTION_ENABLED === undefined) {
		const { SsrfProtectionConfig } = fromCore('@n8n/config') as { SsrfProtectionConfig: object };
		Object.assign(Container.get(SsrfProtectionConfig as new () => object), {
			enabled: true,
			blockedIpRanges: ['0.0.0.0/0', '::/0'],
			allowedIpRanges: ['127.0.0.0/8', '::1/128'],
			allowedHostnames: ['localhost'],
			blockedHostnames: [],
		});
	}
}

const asNode = (node: EngineNode | { name: string; type: string }, index: number): INode => ({
	id: `node-${index}`,
	type: NODE_TYPE,
	typeVersion: 1,
	position: [index * 220, 0],
	...deepCopy(node),
	parameters: deepCopy('parameters' in node ? node.parameters : {}),
});

let executions = 0;

/** Runs Start → nodes[0] → nodes[1] → …, each one our node, on `items`, as a manual run does. */
async function runWorkflow(options: {
	items?: IDataObject[];
	nodes: EngineNode[];
	credentials?: CredentialStore;
}): Promise<RunResult> {
	const nodes = [{ name: START, type: NO_OP }, ...options.nodes].map(asNode);
	const connections: IConnections = {};
	nodes.slice(1).forEach(({ name }, i) => {
		connections[nodes[i].name] = { main: [[{ node: name, type: 'main', index: 0 }]] };
	});
	// The workflow's timezone, not the instance's: results do not depend on where tests run.
	const settings = { executionOrder: 'v1' as const, timezone: 'UTC' };
	const id = 'engine-harness';
	const workflow = new Workflow({ id, nodes, connections, active: false, nodeTypes, settings });
	const executionId = String(++executions);
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		...{ id, name: id, nodes, connections, settings, active: false, isArchived: false },
		...{ activeVersionId: null, createdAt: new Date(), updatedAt: new Date() },
	});
	const data = additionalData(options.credentials ?? {}, { hooks, executionId });
	const items = (options.items ?? [{}]).map((json) => ({ json }));
	const runData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: nodes[0], data: { main: [items] }, source: null }],
		},
	});
	const run = await new WorkflowExecute(data, 'manual', runData).processRunExecutionData(workflow);
	return {
		run,
		error: run.data.resultData.error,
		output: (name, outputIndex = 0) =>
			run.data.resultData.runData[name]?.at(-1)?.data?.main?.[outputIndex] ?? [],
	};
}

type Picker = (this: unknown, filter?: string) => Promise<unknown>;

/** As the editor asks for a picker's options: our node alone, in n8n-core's context. */
async function picker(kind: 'loadOptions' | 'listSearch', args: PickerArgs) {
	const credentials = Object.fromEntries(
		Object.entries(args.credentials).map(([id, { name }]) => [CREDENTIAL_TYPE, { id, name }]),
	);
	const node = asNode({ name: 'Temp-Node', parameters: args.parameters, credentials }, 0);
	// Workflow fills in the defaults, as the editor's copy of the node has them.
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const data = additionalData(args.credentials, { currentNodeParameters: node.parameters });
	const context = new LoadOptionsContext(workflow, node, data, args.path ?? 'parameters');
	const methods = new IletiMerkezi().methods[kind] as Record<string, Picker | undefined>;
	const method = methods[args.method];
	if (!method) throw new Error(`Our node has no ${kind} method "${args.method}"`);
	return await method.call(context, args.filter);
}

/**
 * The credential's Test button, as n8n's CredentialsTester runs a `test` request: defaults
 * filled in, the request run by n8n-core's RoutingNode, then the `responseSuccessBody` rules.
 */
async function testCredentials(data: ICredentialDataDecryptedObject) {
	const decrypted = { id: 'test', name: 'Test', type: CREDENTIAL_TYPE, data: withDefaults(data) };
	const node: INode = {
		...asNode({ name: 'Temp-Node', type: NO_OP }, 0),
		credentials: { [CREDENTIAL_TYPE]: { id: 'test', name: 'Test' } },
	};
	const testTypes: INodeTypes = { ...nodeTypes, getByNameAndVersion: () => testNode };
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: testTypes,
	});
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData({}),
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	let body: unknown;
	try {
		body = (await new RoutingNode(context, testNode, decrypted).runNode())?.[0]?.[0]?.json;
	} catch (caught) {
		// The test request lets every HTTP status through, so what is thrown got no answer.
		const error = caught as { message?: string; cause?: { code?: string } };
		return { status: 'Error', message: error.cause?.code ?? String(error.message) };
	}
	for (const rule of credentialType.test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const value = rule.properties.key
			.split('.')
			.reduce<unknown>((at, key) => (at as IDataObject | undefined)?.[key], body);
		if (value === rule.properties.value)
			return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * Our node's context for `items`, as n8n makes it for a run: for specs that hold what the node
 * reads against what n8n's own evaluation of its parameters gives.
 */
function executeContext(parameters: INodeParameters, items: IDataObject[]): IExecuteFunctions {
	const node = asNode({ name: 'iletiMerkezi', parameters }, 0);
	const settings = { timezone: 'UTC' };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes, settings });
	const data = items.map((json) => ({ json }));
	return new ExecuteContext(
		workflow,
		workflow.getNode(node.name)!,
		additionalData({}),
		'manual',
		createEmptyRunExecutionData(),
		0,
		data,
		{ main: [data] },
		{ node, data: { main: [data] }, source: null },
		[],
	);
}

export type Engine = ReturnType<typeof createEngine>;

export function createEngine() {
	prepareCore();
	return {
		runWorkflow,
		loadOptions: async (args: PickerArgs) =>
			(await picker('loadOptions', args)) as INodePropertyOptions[],
		/** A resource locator's list, as the editor asks for it while the user types `filter`. */
		listSearch: async (args: PickerArgs) =>
			(await picker('listSearch', args)) as INodeListSearchResult,
		executeContext,
		testCredentials: async (data: ICredentialDataDecryptedObject) =>
			(await testCredentials(data)) as INodeCredentialTestResult,
	};
}
