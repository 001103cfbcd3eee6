import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { IletiMerkeziClient } from '../transport';
import { readTimeout } from './parameters';

/** The client for one execution, with the Timeout option read once. */
export async function clientFor(
	ctx: IExecuteFunctions,
	timeoutMs = readTimeout(ctx),
): Promise<IletiMerkeziClient> {
	return await IletiMerkeziClient.create(ctx, timeoutMs);
}

export type NodeFailure = NodeApiError | NodeOperationError;

/** Any error of one item as n8n's node error, keeping an API error's code and description. */
export function itemError(node: INode, error: unknown, itemIndex: number): NodeFailure {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/**
 * The item for a failed input under "continue on fail", paired to its input: `error` says what
 * went wrong, `message` what to do. Exactly these two keys send it to the error output in
 * n8n 1.x as well as 2.x; an item carrying the error object itself would be cut down to the
 * message alone by n8n.
 */
export function errorItem(error: NodeFailure, itemIndex: number): INodeExecutionData {
	return {
		json: { error: error.message, message: error.description || error.message },
		pairedItem: { item: itemIndex },
	};
}

export type Execute = (
	this: IExecuteFunctions,
	items: INodeExecutionData[],
) => Promise<INodeExecutionData[]>;

/**
 * An operation run item by item: every item's input is read first (`read`), so bad input fails
 * before any request; then `run` answers each item with one record or a list of them, each
 * paired to it. Under "continue on fail" a failure becomes that item's error item and the rest
 * go on.
 */
export function perItem<T>(
	read: (ctx: IExecuteFunctions, itemIndex: number) => T,
	run: (
		client: IletiMerkeziClient,
		input: T,
		itemIndex: number,
	) => Promise<IDataObject | IDataObject[]>,
): Execute {
	return async function (this: IExecuteFunctions, items: INodeExecutionData[]) {
		return await runPerItem(this, items, read, run);
	};
}

type PerItemRun<T> = Parameters<typeof perItem<T>>;

async function runPerItem<T>(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	read: PerItemRun<T>[0],
	run: PerItemRun<T>[1],
): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const timeoutMs = readTimeout(ctx);
	const inputs: Array<{ input: T } | NodeFailure> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			inputs.push({ input: read(ctx, itemIndex) });
		} catch (error) {
			const failure = itemError(ctx.getNode(), error, itemIndex);
			if (!continueOnFail) throw failure;
			inputs.push(failure);
		}
	}

	const output: INodeExecutionData[] = [];
	let client: IletiMerkeziClient | undefined;
	for (let itemIndex = 0; itemIndex < inputs.length; itemIndex++) {
		const entry = inputs[itemIndex];
		if (entry instanceof Error) {
			output.push(errorItem(entry, itemIndex));
			continue;
		}
		try {
			client ??= await clientFor(ctx, timeoutMs);
			const answer = await run(client, entry.input, itemIndex);
			for (const json of Array.isArray(answer) ? answer : [answer]) {
				output.push({ json, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			const failure = itemError(ctx.getNode(), error, itemIndex);
			if (!continueOnFail) throw failure;
			output.push(errorItem(failure, itemIndex));
		}
	}
	return output;
}
