import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { deleteOnce } from '../../helpers/records';
import { recordId } from '../../helpers/parameters';
import { groupLocator, optionsCollection } from '../descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['delete'] } },
	[groupLocator, optionsCollection()],
);

export const execute = perItem(
	(ctx, itemIndex) => recordId(ctx, 'groupId', itemIndex, 'Group ID'),
	async (client, id, itemIndex) => {
		// After a lost answer, "no such group" (463) means the lost request deleted it.
		await deleteOnce(client, 'delete-group', { group: { id } }, 463, itemIndex);
		return { id, deleted: true };
	},
);
