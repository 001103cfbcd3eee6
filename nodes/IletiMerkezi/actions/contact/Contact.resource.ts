import type { INodeProperties } from 'n8n-workflow';

import * as add from './add.operation';
import * as deleteContact from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as search from './search.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

export { add, deleteContact as delete, get, getMany, search, update, upsert };

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
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update a contact',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a contact',
				action: 'Delete contact',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a contact by ID',
				action: 'Get contact',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get the contacts of a group',
				action: 'Get many contacts',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find contacts by phone number, name, surname or email',
				action: 'Search contacts',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change a contact’s fields or groups',
				action: 'Update contact',
			},
		],
		default: 'add',
	},
	...add.description,
	...deleteContact.description,
	...get.description,
	...getMany.description,
	...search.description,
	...update.description,
	...upsert.description,
];
