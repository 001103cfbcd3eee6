import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapConcurrently } from '../../helpers/concurrency';
import type { NodeFailure } from '../../helpers/items';
import { clientFor, errorItem, itemError } from '../../helpers/items';
import type { IletiMerkeziClient } from '../../transport';

/**
 * Like perItem, with up to `concurrency` items' requests in flight at once. Every item is read
 * first, so bad input fails before any request; the output keeps the input's order and pairing.
 * Under "continue on fail" a failure becomes that item's error item; otherwise no new request
 * starts after one, and the first failed item's error is thrown once those in flight are done.
 */
export async function perItemConcurrently<T>(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	concurrency: number,
	read: (itemIndex: number) => T,
	run: (client: IletiMerkeziClient, input: T, itemIndex: number) => Promise<IDataObject>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const node = ctx.getNode();
	const inputs = items.map((_, itemIndex): { input: T } | NodeFailure => {
		try {
			return { input: read(itemIndex) };
		} catch (error) {
			return itemError(node, error, itemIndex);
		}
	});
	const unreadable = inputs.find((entry): entry is NodeFailure => entry instanceof Error);
	if (unreadable && !continueOnFail) throw unreadable;
	if (inputs.every((entry) => entry instanceof Error)) {
		return inputs.map((entry, itemIndex) => errorItem(entry as NodeFailure, itemIndex));
	}

	const client = await clientFor(ctx);
	let first: { itemIndex: number; failure: NodeFailure } | undefined;
	const output = await mapConcurrently(
		inputs,
		concurrency,
		async (entry, itemIndex): Promise<INodeExecutionData> => {
			if (entry instanceof Error) return errorItem(entry, itemIndex);
			try {
				const json = await run(client, entry.input, itemIndex);
				return { json, pairedItem: { item: itemIndex } };
			} catch (error) {
				const failure = itemError(node, error, itemIndex);
				if (!first || itemIndex < first.itemIndex) first = { itemIndex, failure };
				return errorItem(failure, itemIndex);
			}
		},
		() => (first !== undefined && !continueOnFail) || client.cancelled(),
	);
	if (first && !continueOnFail) throw first.failure;
	return output.filter((item): item is INodeExecutionData => item !== undefined);
}
