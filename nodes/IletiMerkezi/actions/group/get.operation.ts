import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { recordId } from '../../helpers/parameters';
import { groupLocator, optionsCollection } from '../descriptions';
import { records } from '../../helpers/records';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['get'] } },
	[groupLocator, optionsCollection()],
);

export const execute = perItem(
	(ctx, itemIndex) => recordId(ctx, 'groupId', itemIndex, 'Group ID'),
	async (client, id, itemIndex) => {
		const envelope = await client.request('get-group', { group: { id } }, itemIndex);
		return records(envelope?.response.group, 'group')[0] ?? { id };
	},
);
