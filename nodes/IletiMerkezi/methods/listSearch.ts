import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { IletiMerkeziClient } from '../transport';

/**
 * Turkish lower case with dotted and dotless i made one letter: "VIP", "vip" and "vıp" match,
 * as do "İnce" and "ince", whatever keyboard the user types on.
 */
const fold = (text: string) => text.toLocaleLowerCase('tr').replace(/ı/g, 'i');

/** Groups for a resource locator's list, filtered by what the user types (any part of the path). */
export async function searchGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const client = await IletiMerkeziClient.create(this);
	const needle = fold((filter ?? '').trim());
	const results = (await client.groups())
		.filter((group) => fold(group.path).includes(needle))
		.map((group) => ({ name: group.path, value: group.id }));
	return { results };
}
