import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { recordId } from '../../helpers/parameters';
import { contactIdProperty, optionsCollection } from '../descriptions';

import {
	checkContact,
	contactFields,
	contactInput,
	groupIdsReader,
	normalizePhoneOption,
	toApiContact,
} from './fields';
import { records } from '../../helpers/records';

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
			description: 'Only the fields to change; those left out stay as they are',
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
	const node = ctx.getNode();
	const id = recordId(ctx, 'contactId', itemIndex, 'Contact ID');
	const fields = ctx.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const normalizePhone = ctx.getNodeParameter('options.normalizePhone', itemIndex, true) as boolean;
	const rows = (fields.customFields as IDataObject | undefined)?.field;
	const values = {
		...fields,
		// Not among the fields given: the contact's groups stay as they are.
		groupIds: groupIdsReader(node, () => fields.groupIds ?? null)(itemIndex) ?? undefined,
		customFields: Array.isArray(rows) ? (rows as Array<{ id: unknown; value: unknown }>) : [],
	};
	const input = checkContact(
		node,
		contactInput(node, values, itemIndex),
		itemIndex,
		normalizePhone,
	);
	// edit-contact takes groups as {id: [...]}, unlike add-contact's {group: [{id}]}.
	const contact: IDataObject = { id, ...toApiContact({ ...input, groupIds: undefined }) };
	// An empty pick leaves the groups alone rather than taking the contact out of all of them.
	if (input.groupIds?.length) contact.groups = { id: input.groupIds };
	if (Object.keys(contact).length === 1) {
		throw new NodeOperationError(node, 'Nothing to update', {
			itemIndex,
			description: 'Add at least one field under Update Fields, and give it a value.',
		});
	}
	return contact;
}

/** Edits a contact; the same edit sent twice leaves the same contact, so it may be retried. */
export const execute = perItem(readUpdate, async (client, contact, itemIndex) => {
	const envelope = await client.request('edit-contact', { contact }, itemIndex);
	return records(envelope?.response.contact, 'contact')[0] ?? { id: contact.id };
});
