import type { IDataObject } from 'n8n-workflow';

import { phoneKey } from '../../helpers/rules';
import type { PagedList } from '../../helpers/records';
import { asArray, readPages, records } from '../../helpers/records';
import type { IletiMerkeziClient } from '../../transport';
import { isObject } from '../../transport';

/** A contact as the API answered it, with the same shape from either backend's add. */
export function storedContact(contact: IDataObject, message: string): IDataObject {
	return {
		...contact,
		id: contact.id === undefined || contact.id === null ? '' : String(contact.id),
		gsm: contact.gsm ?? '',
		status: { code: 200, message },
	};
}

const contactRows = (list: Omit<PagedList, 'rows' | 'emptyCode'>): PagedList => ({
	...list,
	rows: (envelope) => records(envelope.response.contacts, 'contact'),
	// "No contact found": the list ends.
	emptyCode: 465,
});

/** Contacts matching `key` (phone, name, surname or email), up to `limit`. */
export async function searchContacts(
	client: IletiMerkeziClient,
	key: string,
	limit: number,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const list = contactRows({
		method: 'search-contacts',
		payload: (page, rowCount) => ({ search: { key, page, rowCount } }),
	});
	return await readPages(client, list, limit, itemIndex);
}

/** The contacts of one group, up to `limit`. */
export async function groupContacts(
	client: IletiMerkeziClient,
	groupId: string,
	limit: number,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const list = contactRows({
		method: 'get-group-contacts',
		payload: (page, rowCount) => ({ group: { id: groupId, page, rowCount } }),
	});
	return await readPages(client, list, limit, itemIndex);
}

const text = (value: unknown) =>
	value === undefined || value === null || typeof value === 'object' ? '' : String(value).trim();

/** Group IDs however a backend lists them: [7, 12], [{id}], {group: [...]} or {id: [...]}. */
export function groupIdsOf(value: unknown): string[] {
	const inner = isObject(value) ? (value.group ?? value.id) : value;
	const ids = asArray(inner as unknown[]).map((entry) => text(isObject(entry) ? entry.id : entry));
	return [...new Set(ids.filter((id) => id !== ''))];
}

/** Custom field values by ID, empty ones left out: an empty value and no value are one. */
function customValues(value: unknown): Map<string, string> {
	const entries = records(value, 'custom_field').map((field) => [
		text(field.id),
		text(field.value),
	]);
	return new Map(entries.filter(([, fieldValue]) => fieldValue !== '') as Array<[string, string]>);
}

/**
 * Whether a stored contact is this person as sent: every field of both the same, where a field
 * one leaves empty is empty in the other too. Phone numbers are the same only as whole numbers,
 * emails whatever their case.
 */
export function sameContact(sent: IDataObject, stored: IDataObject): boolean {
	if (text(sent.name) !== text(stored.name) || text(sent.surname) !== text(stored.surname)) {
		return false;
	}
	if (text(sent.email).toLowerCase() !== text(stored.email).toLowerCase()) return false;
	if (phoneKey(sent.gsm) !== phoneKey(stored.gsm)) return false;
	const [sentGroups, storedGroups] = [
		new Set(groupIdsOf(sent.groups)),
		new Set(groupIdsOf(stored.groups)),
	];
	if (sentGroups.size !== storedGroups.size) return false;
	if ([...sentGroups].some((id) => !storedGroups.has(id))) return false;
	const [sentFields, storedFields] = [
		customValues(sent.custom_fields),
		customValues(stored.custom_fields),
	];
	if (sentFields.size !== storedFields.size) return false;
	return [...sentFields].every(([id, value]) => storedFields.get(id) === value);
}

/** Whether a stored contact has the person's phone number, or their email when they have none. */
export function sharesContact(sent: IDataObject, stored: IDataObject): boolean {
	const phone = phoneKey(sent.gsm);
	if (phone) return phone === phoneKey(stored.gsm);
	const email = text(sent.email).toLowerCase();
	return email !== '' && email === text(stored.email).toLowerCase();
}
