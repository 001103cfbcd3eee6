import type { INodeProperties } from 'n8n-workflow';

import * as add from './add.operation';
import * as getMany from './getMany.operation';
import * as remove from './remove.operation';

export { add, getMany, remove };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['blacklist'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description: 'Stop all messages to a number',
				action: 'Add a number to the blacklist',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the blacklisted numbers, optionally those added in a date range',
				action: 'Get many blacklisted numbers',
			},
			{
				name: 'Remove',
				value: 'remove',
				description: 'Let messages reach a blacklisted number again',
				action: 'Remove a number from the blacklist',
			},
		],
		default: 'add',
	},
	...add.description,
	...getMany.description,
	...remove.description,
];
