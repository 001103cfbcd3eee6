import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestRequest,
	IDataObject,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypes,
} from 'n8n-workflow';
import { NodeConnectionTypes, Workflow, createEmptyRunExecutionData } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import type { CredentialTypeRegistry } from './credentials-helper';
import { HarnessCredentialsHelper } from './credentials-helper';

// n8n runs a credential's own `test` through a temporary No-Op node of this type.
const TEMP_NODE_TYPE = 'n8n-nodes-base.noOp';

interface ErrorWithResponse {
	message?: string;
	cause?: { code?: string };
}

function getPath(data: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(value, key) =>
				value !== null && typeof value === 'object' ? (value as IDataObject)[key] : undefined,
			data,
		);
}

/**
 * The credential "Test" button, as n8n's CredentialsTester does it for a credential type with a
 * `test` request: defaults applied and expressions resolved in the data, then the request run
 * by n8n-core's RoutingNode on a temporary node (so `={{$credentials.x}}` in the request resolves
 * and the type's `authenticate` signs it), then the status rules applied. Tests defined as a
 * node method (`testedBy`), and `responseCode` rules, are not covered: this package uses neither.
 */
export async function testCredentials(
	credentialTypes: CredentialTypeRegistry,
	args: { type: string; data: ICredentialDataDecryptedObject },
): Promise<INodeCredentialTestResult> {
	const credentialType = credentialTypes.getByName(args.type);
	const testRequest: ICredentialTestRequest | undefined = credentialType.test;
	if (testRequest === undefined) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes);
	const additionalData = createAdditionalData({ credentialsHelper });
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'credential-test',
		name: `${credentialType.displayName} (test)`,
		type: args.type,
		data: args.data,
	};
	credentialsDecrypted.data = credentialsHelper.withDefaults(args.data, args.type);

	const tempNodeType: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: TEMP_NODE_TYPE,
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: args.type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const nodeTypes: INodeTypes = {
		getByName: () => tempNodeType,
		getByNameAndVersion: () => tempNodeType,
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: TEMP_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [args.type]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, tempNodeType, credentialsDecrypted).runNode();
	} catch (caught) {
		// Our test request lets every HTTP status through, so what is thrown here got no answer.
		const error = caught as ErrorWithResponse;
		return { status: 'Error', message: error.cause?.code ?? String(error.message) };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const body = response?.[0]?.[0]?.json;
		if (getPath(body, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
