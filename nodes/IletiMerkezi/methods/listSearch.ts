import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { readGroups } from '../actions/group/tree';
import { foldTurkish } from '../helpers/rules';
import { IletiMerkeziClient } from '../transport';

/** Groups for a resource locator's list, filtered by what the user types (any part of the path). */
export async function searchGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const needle = foldTurkish((filter ?? '').trim());
	const groups = await readGroups(await IletiMerkeziClient.create(this));
	const results = groups
		.filter((group) => foldTurkish(group.path).includes(needle))
		.map((group) => ({ name: group.path, value: group.id }));
	return { results };
}
