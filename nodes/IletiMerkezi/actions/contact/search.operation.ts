import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../../helpers/items';
import { optionsCollection, readLimit, returnAllAndLimit, text } from '../../helpers/parameters';

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
	...returnAllAndLimit,
	optionsCollection(),
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
	const limit = readLimit(ctx, itemIndex);
	return { key, limit };
}

/**
 * Reads every item's search first, so a bad key fails before any request. Then, per item, reads
 * pages until the limit or the last page; one output item per contact, paired to its search.
 */
export const execute = perItem(
	readSearch,
	async (client, search, itemIndex) =>
		await client.searchContacts(search.key, search.limit, itemIndex),
);
