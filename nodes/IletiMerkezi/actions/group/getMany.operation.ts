import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { readLimit } from '../../helpers/parameters';
import { optionsCollection, returnAllAndLimit } from '../descriptions';
import type { GroupEntry } from './tree';
import { readGroups } from './tree';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['getMany'] } },
	[...returnAllAndLimit, optionsCollection()],
);

/**
 * One item per group, nested ones too (parents first), each with its parent's ID and its
 * "Parent / Child" path. The API lists every group in one answer, so Limit only trims it.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	let groups: GroupEntry[] | undefined;
	return await perItem(readLimit, async (client, limit, itemIndex) => {
		// One list for the whole execution, however many items ask for it.
		groups ??= await readGroups(client, itemIndex);
		return groups.slice(0, limit).map((group) => ({ ...group }));
	}).call(this, items);
}
