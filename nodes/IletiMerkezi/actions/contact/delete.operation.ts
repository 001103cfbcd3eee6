import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { deleteOnce } from '../../helpers/records';
import { recordId } from '../../helpers/parameters';
import { contactIdProperty, optionsCollection } from '../descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['delete'] } },
	[contactIdProperty, optionsCollection()],
);

export const execute = perItem(
	(ctx, itemIndex) => recordId(ctx, 'contactId', itemIndex, 'Contact ID'),
	async (client, id, itemIndex) => {
		// After a lost answer, "no such contact" (465) means the lost request deleted it.
		await deleteOnce(client, 'delete-contact', { contact: { id } }, 465, itemIndex);
		return { id, deleted: true };
	},
);
