import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { NodeFailure } from '../../helpers/items';
import { errorItem, itemError } from '../../helpers/items';
import { text } from '../../helpers/parameters';
import { IletiMerkeziClient } from '../../transport';

export const MIN_KEY_LENGTH = 3;

const properties: INodeProperties[] = [
	{
		displayName: 'Search Key',
		name: 'searchKey',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 532 or Yılmaz',
		description: 'Matched against phone number, name, surname and email. At least 3 characters.',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['search'] } },
	properties,
);

interface SearchInput {
	key: string;
	limit: number;
}

function readSearch(ctx: IExecuteFunctions, itemIndex: number): SearchInput {
	const node = ctx.getNode();
	const key = text(ctx, 'searchKey', itemIndex, 'Search Key');
	if (key.length < MIN_KEY_LENGTH) {
		throw new NodeOperationError(
			node,
			`The search key must be at least ${MIN_KEY_LENGTH} characters`,
			{
				itemIndex,
				description: `It is "${key}". Give at least ${MIN_KEY_LENGTH} characters of a phone number, name, surname or email.`,
			},
		);
	}
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) {
		return { key, limit: Infinity };
	}
	const limit = ctx.getNodeParameter('limit', itemIndex, 50) as number;
	if (!Number.isInteger(limit) || limit < 1) {
		throw new NodeOperationError(node, 'Limit must be a whole number of at least 1', {
			itemIndex,
			description: `It is ${limit}. Set Limit, or switch on Return All.`,
		});
	}
	return { key, limit };
}

/**
 * Reads every item's search first, so a bad key fails before any request. Then, per item, reads
 * pages until the limit or the last page; one output item per contact, paired to its search.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const searches: Array<SearchInput | NodeFailure> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			searches.push(readSearch(this, itemIndex));
		} catch (error) {
			const failure = itemError(this.getNode(), error, itemIndex);
			if (!continueOnFail) throw failure;
			searches.push(failure);
		}
	}

	const output: INodeExecutionData[] = [];
	let client: IletiMerkeziClient | undefined;
	for (let itemIndex = 0; itemIndex < searches.length; itemIndex++) {
		const search = searches[itemIndex];
		if (search instanceof Error) {
			output.push(errorItem(search, itemIndex));
			continue;
		}
		try {
			client ??= await IletiMerkeziClient.create(this);
			const contacts = await client.searchContacts(search.key, search.limit, itemIndex);
			for (const contact of contacts)
				output.push({ json: contact, pairedItem: { item: itemIndex } });
		} catch (error) {
			const failure = itemError(this.getNode(), error, itemIndex);
			if (!continueOnFail) throw failure;
			output.push(errorItem(failure, itemIndex));
		}
	}
	return output;
}
