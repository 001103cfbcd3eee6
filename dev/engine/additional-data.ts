import type { ExecutionLifecycleHooks } from 'n8n-core';
import { ExternalSecretsProxy } from 'n8n-core';
import type { ICredentialsHelper, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

// Nothing listens here; the URLs only feed expressions such as $execution.resumeUrl.
const BASE_URL = 'http://127.0.0.1:5678';

function unsupported(what: string): () => never {
	return () => {
		throw new Error(`${what} is not supported by the engine harness`);
	};
}

/**
 * What n8n's WorkflowExecuteAdditionalData.getBase() supplies, reduced to what a single
 * workflow without sub-workflows, AI agents or task runners needs. One per execution: the
 * engine writes per-run state into it (current node index, hooks).
 */
export function createAdditionalData(args: {
	credentialsHelper: ICredentialsHelper;
	hooks?: ExecutionLifecycleHooks;
	executionId?: string;
	currentNodeParameters?: IWorkflowExecuteAdditionalData['currentNodeParameters'];
}): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: args.credentialsHelper,
		hooks: args.hooks,
		executionId: args.executionId,
		currentNodeParameters: args.currentNodeParameters,
		currentNodeExecutionIndex: 0,
		externalSecretsProxy: new ExternalSecretsProxy(),
		variables: {},
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: BASE_URL,
		formBaseUrl: `${BASE_URL}/form`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		formTestBaseUrl: `${BASE_URL}/form-test`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		mcpBaseUrl: `${BASE_URL}/mcp`,
		mcpTestBaseUrl: `${BASE_URL}/mcp-test`,
		executeWorkflow: unsupported('executeWorkflow (sub-workflows)'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: unsupported('startRunnerTask (Code node task runners)'),
	};
}
