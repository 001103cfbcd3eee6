import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/items';
import { contactIdProperty, recordId } from '../../helpers/parameters';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['delete'] } },
	[contactIdProperty],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runPerItem(
		this,
		items,
		(itemIndex) => recordId(this, 'contactId', itemIndex, 'Contact ID'),
		async (client, id, itemIndex) => {
			await client.deleteContact(id, itemIndex);
			return { id, deleted: true };
		},
	);
}
