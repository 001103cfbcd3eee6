import type { IDataObject } from 'n8n-workflow';

import { plainText } from '../../helpers/rules';
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

/** Group IDs however a backend lists them: [7, 12], [{id}], {group: [...]} or {id: [...]}. */
export function groupIdsOf(value: unknown): string[] {
	const inner = isObject(value) ? (value.group ?? value.id) : value;
	const ids = asArray(inner as unknown[]).map((entry) =>
		plainText(isObject(entry) ? entry.id : entry),
	);
	return [...new Set(ids.filter((id) => id !== ''))];
}
