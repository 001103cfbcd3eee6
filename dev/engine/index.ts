/**
 * Runs real workflows in n8n's own engine: n8n-workflow's Workflow executed by n8n-core's
 * WorkflowExecute, with n8n-core's node contexts and HTTP helpers, credentials resolved and
 * signed through the credential type, and the credential test and loadOptions paths of the
 * editor. Free of jest so scripts can use it too.
 */
import { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionBaseError,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	IDataObject,
	INode,
	INodeCredentials,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeParameters,
	INodeListSearchResult,
	INodePropertyOptions,
	IRun,
	IWorkflowBase,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeConnectionTypes, Workflow, createRunExecutionData, deepCopy } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { testCredentials } from './credential-tester';
import type { CredentialStore } from './credentials-helper';
import { CredentialTypeRegistry, HarnessCredentialsHelper } from './credentials-helper';
import { prepareCoreServices } from './di';
import type { NamedNodeType } from './node-types';
import { NodeTypeRegistry, START_NODE_NAME, START_NODE_TYPE, latestVersion } from './node-types';

export type { CredentialStore, StoredCredential } from './credentials-helper';
export type { NamedNodeType } from './node-types';

export interface EngineNode {
	name: string;
	/** Full type name, e.g. `n8n-nodes-iletimerkezi.iletiMerkezi`. */
	type: string;
	parameters: INodeParameters;
	/** Defaults to the type's latest version. */
	typeVersion?: number;
	credentials?: INodeCredentials;
	continueOnFail?: boolean;
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
}

export interface RunWorkflowOptions {
	/** The start node's output, i.e. the first node's input. Defaults to one empty item. */
	items?: IDataObject[];
	/** Chained in order from output 0: Start → nodes[0] → nodes[1] → ... */
	nodes: EngineNode[];
	/** Stored credentials by id, as `EngineNode.credentials` entries refer to them. */
	credentials?: CredentialStore;
	/** Defaults to 'manual', as when a workflow is run from the editor. */
	mode?: WorkflowExecuteMode;
	/**
	 * The workflow's timezone setting ($now, $today). Defaults to 'UTC' rather than the
	 * instance's default (America/New_York), for results that do not depend on the date and
	 * because a named zone costs luxon an Intl lookup in every expression.
	 */
	timezone?: string;
}

export interface RunWorkflowResult {
	run: IRun;
	/** The workflow's error if it failed (`run.data.resultData.error`). */
	error?: ExecutionBaseError | Error;
	/** Items of that node's last run on that output, [] if it did not run. */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
}

export interface EngineRegistry {
	nodeTypes: NamedNodeType[];
	credentialTypes: ICredentialType[];
}

export interface LoadOptionsArgs {
	nodeType: string;
	method: string;
	parameters: INodeParameters;
	/** Stored credentials by id; the temporary node gets each one under its type. */
	credentials?: CredentialStore;
	typeVersion?: number;
	/** Path of the parameter whose options are loaded, e.g. `parameters.groupId`. */
	path?: string;
}

export interface Engine {
	runWorkflow(options: RunWorkflowOptions): Promise<RunWorkflowResult>;
	loadOptions(args: LoadOptionsArgs): Promise<INodePropertyOptions[]>;
	/** A resource locator's list, as the editor asks for it while the user types `filter`. */
	listSearch(args: LoadOptionsArgs & { filter?: string }): Promise<INodeListSearchResult>;
	testCredentials(args: {
		type: string;
		data: ICredentialDataDecryptedObject;
	}): Promise<INodeCredentialTestResult>;
}

let executionCounter = 0;

function chainConnections(nodes: INode[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = {
			[NodeConnectionTypes.Main]: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]],
		};
	}
	return connections;
}

function nodeCredentialsFor(store: CredentialStore): INodeCredentials {
	const credentials: INodeCredentials = {};
	for (const [id, { type, name }] of Object.entries(store)) {
		credentials[type] = { id, name: name ?? id };
	}
	return credentials;
}

export function createEngine(registry: EngineRegistry): Engine {
	prepareCoreServices();
	const nodeTypes = new NodeTypeRegistry(registry.nodeTypes);
	const credentialTypes = new CredentialTypeRegistry(registry.credentialTypes);

	async function runWorkflow(options: RunWorkflowOptions): Promise<RunWorkflowResult> {
		const mode = options.mode ?? 'manual';
		// Workflow keys nodes by name, so a repeated name would silently drop a node.
		const names = new Set([START_NODE_NAME]);
		for (const { name } of options.nodes) {
			if (names.has(name)) throw new Error(`Node name "${name}" is used twice (or is the start's)`);
			names.add(name);
		}
		const startNode: INode = {
			id: 'start',
			name: START_NODE_NAME,
			type: START_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const nodes: INode[] = [
			startNode,
			...options.nodes.map(
				(node, index): INode => ({
					id: `node-${index + 1}`,
					name: node.name,
					type: node.type,
					typeVersion: node.typeVersion ?? latestVersion(nodeTypes.getByName(node.type)),
					position: [(index + 1) * 220, 0],
					// Workflow fills in defaults in place; keep the caller's object as given.
					parameters: deepCopy(node.parameters),
					...(node.credentials && { credentials: node.credentials }),
					...(node.continueOnFail !== undefined && { continueOnFail: node.continueOnFail }),
					...(node.onError && { onError: node.onError }),
				}),
			),
		];
		const connections = chainConnections(nodes);
		const settings = { executionOrder: 'v1' as const, timezone: options.timezone ?? 'UTC' };
		const workflow = new Workflow({
			id: 'engine-harness',
			name: 'Engine harness',
			nodes,
			connections,
			active: false,
			nodeTypes,
			settings,
		});

		const executionId = String(++executionCounter);
		const workflowData: IWorkflowBase = {
			id: 'engine-harness',
			name: 'Engine harness',
			active: false,
			isArchived: false,
			activeVersionId: null,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes,
			connections,
			settings,
		};
		const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
		const additionalData = createAdditionalData({
			credentialsHelper: new HarnessCredentialsHelper(
				credentialTypes,
				deepCopy(options.credentials ?? {}),
			),
			hooks,
			executionId,
		});
		const items: INodeExecutionData[] = (options.items ?? [{}]).map((json) => ({ json }));
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node: startNode, data: { main: [items] }, source: null }],
			},
		});

		const run = await new WorkflowExecute(
			additionalData,
			mode,
			runExecutionData,
		).processRunExecutionData(workflow);

		const { runData } = run.data.resultData;
		return {
			run,
			error: run.data.resultData.error,
			output(nodeName, outputIndex = 0) {
				const taskData = runData[nodeName]?.at(-1);
				return taskData?.data?.[NodeConnectionTypes.Main]?.[outputIndex] ?? [];
			},
		};
	}

	/** As the editor's loadOptions request: a one-node workflow and n8n-core's context. */
	function pickerContext(args: LoadOptionsArgs, kind: 'loadOptions' | 'listSearch') {
		const nodeType = nodeTypes.getByNameAndVersion(args.nodeType, args.typeVersion);
		if (typeof nodeType.methods?.[kind]?.[args.method] !== 'function') {
			throw new Error(`Node type "${args.nodeType}" has no ${kind} method "${args.method}"`);
		}
		const store = args.credentials ?? {};
		const node: INode = {
			id: 'temp-node',
			name: 'Temp-Node',
			type: args.nodeType,
			typeVersion: args.typeVersion ?? latestVersion(nodeTypes.getByName(args.nodeType)),
			position: [0, 0],
			parameters: deepCopy(args.parameters),
			credentials: nodeCredentialsFor(store),
		};
		// Workflow fills in the defaults, as the editor's copy of the node has them.
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		const additionalData = createAdditionalData({
			credentialsHelper: new HarnessCredentialsHelper(credentialTypes, deepCopy(store)),
			currentNodeParameters: node.parameters,
		});
		const context = new LoadOptionsContext(
			workflow,
			node,
			additionalData,
			args.path ?? 'parameters',
		);
		return { methods: nodeType.methods!, context };
	}

	async function loadOptions(args: LoadOptionsArgs): Promise<INodePropertyOptions[]> {
		const { methods, context } = pickerContext(args, 'loadOptions');
		return await methods.loadOptions![args.method].call(context);
	}

	async function listSearch(
		args: LoadOptionsArgs & { filter?: string },
	): Promise<INodeListSearchResult> {
		const { methods, context } = pickerContext(args, 'listSearch');
		return await methods.listSearch![args.method].call(context, args.filter);
	}

	return {
		runWorkflow,
		loadOptions,
		listSearch,
		testCredentials: async (args) => await testCredentials(credentialTypes, args),
	};
}
