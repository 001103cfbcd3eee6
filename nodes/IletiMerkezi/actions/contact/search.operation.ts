import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { readLimit, shown, text } from '../../helpers/parameters';
import { optionsCollection, returnAllAndLimit } from '../descriptions';
import { MIN_SEARCH_KEY } from '../../helpers/rules';
import { searchContacts } from './contacts';

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
	if (key.length < MIN_SEARCH_KEY) {
		throw new NodeOperationError(
			node,
			`The search key must be at least ${MIN_SEARCH_KEY} characters`,
			{
				itemIndex,
				description: `It is "${shown(key)}". Give at least ${MIN_SEARCH_KEY} characters of a phone number, name, surname or email.`,
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
		await searchContacts(client, search.key, search.limit, itemIndex),
);
