import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { readLimit, recordId } from '../../helpers/parameters';
import { groupLocator, optionsCollection, returnAllAndLimit } from '../descriptions';
import { groupContacts } from './contacts';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['getMany'] } },
	[
		{ ...groupLocator, description: 'The group whose contacts to return' },
		...returnAllAndLimit,
		optionsCollection(),
	],
);

/** The contacts of a group, read page by page like Search; an empty group gives no items. */
export const execute = perItem(
	(ctx, itemIndex) => ({
		groupId: recordId(ctx, 'groupId', itemIndex, 'Group ID'),
		limit: readLimit(ctx, itemIndex),
	}),
	async (client, { groupId, limit }, itemIndex) =>
		await groupContacts(client, groupId, limit, itemIndex),
);
