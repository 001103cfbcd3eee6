import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { IletiMerkeziClient } from '../transport';

/** Groups for a resource locator's list, filtered by what the user types (any part of the path). */
export async function searchGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const client = await IletiMerkeziClient.create(this);
	const needle = (filter ?? '').trim().toLocaleLowerCase('tr');
	const results = (await client.groups())
		.filter((group) => group.path.toLocaleLowerCase('tr').includes(needle))
		.map((group) => ({ name: group.path, value: group.id }));
	return { results };
}
