import type { IDataObject } from 'n8n-workflow';

import { emailKey, phoneKey, plainText } from '../../../helpers/rules';
import { records } from '../../../helpers/records';
import { groupIdsOf } from '../contacts';

/**
 * What edit-contact must change so the stored contact holds what the person gives: only the
 * fields the person gives, so a field left empty is never cleared. Groups are added to the
 * contact's own, or replace them when `replaceGroups`. Undefined when nothing differs.
 */
export function changes(
	person: IDataObject,
	stored: IDataObject,
	replaceGroups: boolean,
): IDataObject | undefined {
	const edit: IDataObject = {};
	for (const field of ['name', 'surname'] as const) {
		if (plainText(person[field]) && plainText(person[field]) !== plainText(stored[field])) {
			edit[field] = person[field];
		}
	}
	const email = plainText(person.email);
	if (email && emailKey(email) !== emailKey(stored.email)) edit.email = email;
	if (plainText(person.gsm) && phoneKey(person.gsm) !== phoneKey(stored.gsm)) edit.gsm = person.gsm;

	const storedFields = new Map(
		records(stored.custom_fields, 'custom_field').map((field) => [
			plainText(field.id),
			plainText(field.value),
		]),
	);
	const fields = records(person.custom_fields, 'custom_field').filter(
		(field) => plainText(field.value) && storedFields.get(plainText(field.id)) !== plainText(field.value),
	);
	if (fields.length) edit.custom_fields = { custom_field: fields };

	const given = groupIdsOf(person.groups);
	const own = groupIdsOf(stored.groups);
	const groups = replaceGroups ? given : [...new Set([...own, ...given])];
	const same = groups.length === own.length && groups.every((id) => own.includes(id));
	// edit-contact takes groups as {id: [...]}; none given leaves them as they are.
	if (given.length && !same) edit.groups = { id: groups };

	return Object.keys(edit).length ? edit : undefined;
}
