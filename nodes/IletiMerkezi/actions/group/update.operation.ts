import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/items';
import { groupLocator, recordId } from '../../helpers/parameters';
import { groupName } from './create.operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['update'] } },
	[
		groupLocator,
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			description: 'The group’s new name',
		},
	],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runPerItem(
		this,
		items,
		(itemIndex) => ({
			id: recordId(this, 'groupId', itemIndex, 'Group ID'),
			name: groupName(this, itemIndex),
		}),
		async (client, { id, name }, itemIndex) => await client.editGroup(id, name, itemIndex),
	);
}
