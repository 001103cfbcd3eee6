import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../../helpers/items';
import { contactIdProperty, optionsCollection, recordId } from '../../helpers/parameters';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['delete'] } },
	[contactIdProperty, optionsCollection()],
);

export const execute = perItem(
	(ctx, itemIndex) => recordId(ctx, 'contactId', itemIndex, 'Contact ID'),
	async (client, id, itemIndex) => {
		await client.deleteContact(id, itemIndex);
		return { id, deleted: true };
	},
);
