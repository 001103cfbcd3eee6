import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../../helpers/items';
import { optionsCollection, recordId, text } from '../../helpers/parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Newsletter',
	},
	optionsCollection({
		displayName: 'Parent Group Name or ID',
		name: 'parentGroupId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getGroups' },
		default: '',
		description:
			'The group to create it in. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['create'] } },
	properties,
);

export function groupName(ctx: IExecuteFunctions, itemIndex: number): string {
	const name = text(ctx, 'name', itemIndex, 'Name');
	if (name === '') {
		throw new NodeOperationError(ctx.getNode(), 'The group name is empty', {
			itemIndex,
			description: 'Give the group a name.',
		});
	}
	return name;
}

export const execute = perItem(
	(ctx, itemIndex) => {
		const name = groupName(ctx, itemIndex);
		const given = ctx.getNodeParameter('options.parentGroupId', itemIndex, '') !== '';
		const parentId = given
			? recordId(ctx, 'options.parentGroupId', itemIndex, 'Parent Group ID')
			: '';
		return { name, parentId };
	},
	async (client, { name, parentId }, itemIndex) => {
		const group = await client.addGroup(name, parentId, itemIndex);
		return { ...group, parentId: parentId || null };
	},
);
