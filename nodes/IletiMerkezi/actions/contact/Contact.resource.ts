import type { INodeProperties } from 'n8n-workflow';

import * as add from './add.operation';
import * as search from './search.operation';

export { add, search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description: 'Add contacts to the address book, many per request',
				action: 'Add contact',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find contacts by phone number, name, surname or email',
				action: 'Search contacts',
			},
		],
		default: 'add',
	},
	...add.description,
	...search.description,
];
