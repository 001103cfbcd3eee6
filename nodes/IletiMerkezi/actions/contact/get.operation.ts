import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../../helpers/items';
import { contactIdProperty, optionsCollection, recordId } from '../../helpers/parameters';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['get'] } },
	[contactIdProperty, optionsCollection()],
);

/** One contact per item; an ID the address book does not have is that item's error (465). */
export const execute = perItem(
	(ctx, itemIndex) => recordId(ctx, 'contactId', itemIndex, 'Contact ID'),
	async (client, id, itemIndex) => await client.getContact(id, itemIndex),
);
