import type { INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

export type NodeFailure = NodeApiError | NodeOperationError;

/** Any error of one item as n8n's node error, keeping an API error's code and description. */
export function itemError(node: INode, error: unknown, itemIndex: number): NodeFailure {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/**
 * The item for a failed input under "continue on fail", paired to its input. What went wrong
 * and what to do both stay in the data (n8n would reduce an item carrying `error` to the message
 * alone), and `error`/`details` are the keys n8n routes to the error output.
 */
export function errorItem(error: NodeFailure, itemIndex: number): INodeExecutionData {
	return {
		json: { error: error.message, ...(error.description ? { details: error.description } : {}) },
		pairedItem: { item: itemIndex },
	};
}
