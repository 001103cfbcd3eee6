import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { recordId } from '../../helpers/parameters';
import { contactIdProperty, optionsCollection } from '../descriptions';
import { records } from '../../helpers/records';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['get'] } },
	[contactIdProperty, optionsCollection()],
);

/** One contact per item; an ID the address book does not have is that item's error (465). */
export const execute = perItem(
	(ctx, itemIndex) => recordId(ctx, 'contactId', itemIndex, 'Contact ID'),
	async (client, id, itemIndex) => {
		const envelope = await client.request('get-contact', { contact: { id } }, itemIndex);
		return records(envelope?.response.contact, 'contact')[0] ?? { id };
	},
);
