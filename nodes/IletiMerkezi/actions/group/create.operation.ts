import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/items';
import { recordId, text } from '../../helpers/parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Newsletter',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Parent Group Name or ID',
				name: 'parentGroupId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getGroups' },
				default: '',
				description:
					'The group to create it in. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
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

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runPerItem(
		this,
		items,
		(itemIndex) => {
			const name = groupName(this, itemIndex);
			const given = this.getNodeParameter('options.parentGroupId', itemIndex, '') !== '';
			const parentId = given
				? recordId(this, 'options.parentGroupId', itemIndex, 'Parent Group ID')
				: '';
			return { name, parentId };
		},
		async (client, { name, parentId }, itemIndex) => {
			const group = await client.addGroup(name, parentId, itemIndex);
			return { ...group, parentId: parentId || null };
		},
	);
}
