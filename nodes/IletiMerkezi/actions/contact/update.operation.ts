import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../../helpers/items';
import { contactIdProperty, optionsCollection, recordId } from '../../helpers/parameters';
import { parameterReader } from '../../helpers/reader';
import {
	checkContact,
	contactFields,
	contactInputReader,
	normalizePhoneOption,
	toApiContact,
} from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['update'] } },
	[
		contactIdProperty,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: contactFields.map((field) =>
				field.name === 'groupIds'
					? { ...field, hint: `Replaces the contact’s groups. ${field.hint}` }
					: field,
			),
		},
		optionsCollection(normalizePhoneOption),
	],
);

/** The edit-contact body: only the fields given; groups, when given, replace the contact's. */
function readUpdate(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const id = recordId(ctx, 'contactId', itemIndex, 'Contact ID');
	const evaluate = parameterReader(ctx, [], false);
	const normalizePhone = ctx.getNodeParameter('options.normalizePhone', itemIndex, true) as boolean;
	const read = contactInputReader(ctx, evaluate, 'updateFields.');
	const input = checkContact(ctx.getNode(), read(itemIndex), itemIndex, normalizePhone);
	// edit-contact takes groups as {id: [...]}, unlike add-contact's {group: [{id}]}.
	const contact: IDataObject = { id, ...toApiContact({ ...input, groupIds: undefined }) };
	// An empty pick leaves the groups alone rather than taking the contact out of all of them.
	if (input.groupIds?.length) contact.groups = { id: input.groupIds };
	if (Object.keys(contact).length === 1) {
		throw new NodeOperationError(ctx.getNode(), 'Nothing to update', {
			itemIndex,
			description: 'Add at least one field under Update Fields, and give it a value.',
		});
	}
	return contact;
}

export const execute = perItem(
	readUpdate,
	async (client, contact, itemIndex) => await client.editContact(contact, itemIndex),
);
