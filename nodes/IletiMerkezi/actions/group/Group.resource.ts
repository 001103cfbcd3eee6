import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteGroup from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export { create, deleteGroup as delete, get, getMany, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['group'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a group, at the top or inside another group',
				action: 'Create group',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a group',
				action: 'Delete group',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a group with its member count and subgroups',
				action: 'Get group',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get every group, nested ones too',
				action: 'Get many groups',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Rename a group',
				action: 'Update group',
			},
		],
		default: 'getMany',
	},
	...create.description,
	...deleteGroup.description,
	...get.description,
	...getMany.description,
	...update.description,
];
