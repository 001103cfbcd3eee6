import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/items';
import { groupLocator, readLimit, recordId, returnAllAndLimit } from '../../helpers/parameters';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['getMany'] } },
	[{ ...groupLocator, description: 'The group whose contacts to return' }, ...returnAllAndLimit],
);

/** The contacts of a group, read page by page like Search; an empty group gives no items. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runPerItem(
		this,
		items,
		(itemIndex) => ({
			groupId: recordId(this, 'groupId', itemIndex, 'Group ID'),
			limit: readLimit(this, itemIndex),
		}),
		async (client, { groupId, limit }, itemIndex) =>
			await client.groupContacts(groupId, limit, itemIndex),
	);
}
