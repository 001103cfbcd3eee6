import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { recordId } from '../../helpers/parameters';
import { groupLocator, optionsCollection } from '../descriptions';

import { groupName } from './create.operation';
import { records } from '../../helpers/records';

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
		optionsCollection(),
	],
);

export const execute = perItem(
	(ctx, itemIndex) => ({
		id: recordId(ctx, 'groupId', itemIndex, 'Group ID'),
		name: groupName(ctx, itemIndex),
	}),
	async (client, { id, name }, itemIndex) => {
		const envelope = await client.request('edit-group', { group: { id, name } }, itemIndex);
		return records(envelope?.response.group, 'group')[0] ?? { id, name };
	},
);
