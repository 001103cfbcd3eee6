import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/items';
import { groupLocator, recordId } from '../../helpers/parameters';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['get'] } },
	[groupLocator],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runPerItem(
		this,
		items,
		(itemIndex) => recordId(this, 'groupId', itemIndex, 'Group ID'),
		async (client, id, itemIndex) => await client.getGroup(id, itemIndex),
	);
}
