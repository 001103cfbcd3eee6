import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { IletiMerkeziClient } from '../transport';
import { mapConcurrently } from '../helpers/concurrency';
import { readTimeout } from '../helpers/parameters';

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
 * go on; otherwise no item starts after one failed, and its error stops the node.
 */
export function perItem<T>(
	read: (ctx: IExecuteFunctions, itemIndex: number) => T,
	run: RunItem<T>,
): Execute {
	return async function (this: IExecuteFunctions, items: INodeExecutionData[]) {
		return await runPerItem(this, items, (itemIndex) => read(this, itemIndex), run);
	};
}

type RunItem<T> = (
	client: IletiMerkeziClient,
	input: T,
	itemIndex: number,
) => Promise<IDataObject | IDataObject[]>;

/** `perItem`'s work, with up to `concurrency` items' requests in flight at once. */
export async function runPerItem<T>(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	read: (itemIndex: number) => T,
	run: RunItem<T>,
	concurrency = 1,
): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const timeoutMs = readTimeout(ctx);
	const node = ctx.getNode();
	const inputs = items.map((_, itemIndex): { input: T } | NodeFailure => {
		try {
			return { input: read(itemIndex) };
		} catch (error) {
			const failure = itemError(node, error, itemIndex);
			if (!continueOnFail) throw failure;
			return failure;
		}
	});

	// Made at the first item that needs it: input that all failed reads no credential.
	let client: Promise<IletiMerkeziClient> | undefined;
	let first: NodeFailure | undefined;
	const answer = async (entry: (typeof inputs)[number], itemIndex: number) => {
		if (entry instanceof Error) return [errorItem(entry, itemIndex)];
		try {
			client ??= clientFor(ctx, timeoutMs);
			const answered = await run(await client, entry.input, itemIndex);
			const records = Array.isArray(answered) ? answered : [answered];
			return records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
		} catch (error) {
			const failure = itemError(node, error, itemIndex);
			if (!first || (failure.context.itemIndex as number) < (first.context.itemIndex as number)) {
				first = failure;
			}
			return [errorItem(failure, itemIndex)];
		}
	};
	const stopped = () => first !== undefined && !continueOnFail;
	const output = await mapConcurrently(inputs, concurrency, answer, stopped);
	if (first && !continueOnFail) throw first;
	return output.flatMap((answered) => answered ?? []);
}
