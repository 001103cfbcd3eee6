import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../../helpers/items';
import { groupLocator, optionsCollection, recordId } from '../../helpers/parameters';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['get'] } },
	[groupLocator, optionsCollection()],
);

export const execute = perItem(
	(ctx, itemIndex) => recordId(ctx, 'groupId', itemIndex, 'Group ID'),
	async (client, id, itemIndex) => await client.getGroup(id, itemIndex),
);
