import type { IDataObject } from 'n8n-workflow';

import { phoneKey } from '../../../helpers/rules';
import type { IletiMerkeziClient } from '../../../transport';
import { groupContacts, searchContacts } from '../contacts';
import { lookupKeys } from '../add/settle';

/** More contacts for one search than this: the person cannot be told apart. */
const MAX_MATCH_ROWS = 10_000;

const text = (value: unknown) =>
	value === undefined || value === null || typeof value === 'object' ? '' : String(value).trim();

/**
 * What a person is matched by: their whole phone number, else their email (any case); none
 * without either.
 */
export function matchKey(contact: IDataObject): string | undefined {
	const phone = phoneKey(contact.gsm);
	if (phone) return `phone:${phone}`;
	const email = text(contact.email).toLowerCase();
	return email ? `email:${email}` : undefined;
}

/** The keys a stored contact can be found by: its phone number and its email. */
function storedKeys(contact: IDataObject): string[] {
	const phone = phoneKey(contact.gsm);
	const email = text(contact.email).toLowerCase();
	return [phone && `phone:${phone}`, email && `email:${email}`].filter(Boolean);
}

/** A group's members, read once (paged), by the keys they can be matched by. */
export async function groupIndex(
	client: IletiMerkeziClient,
	groupId: string,
): Promise<Map<string, IDataObject[]>> {
	const index = new Map<string, IDataObject[]>();
	for (const member of await groupContacts(client, groupId, Infinity)) {
		for (const key of storedKeys(member)) {
			const found = index.get(key);
			if (found) found.push(member);
			else index.set(key, [member]);
		}
	}
	return index;
}

/**
 * The stored contacts that are this person by their key, looked up in the whole address book:
 * the search finds contacts containing the number (as written and as a whole number) or the
 * email; only those with the very same key count. Undefined when too many match to tell.
 */
export async function searchMatches(
	client: IletiMerkeziClient,
	contact: IDataObject,
	itemIndex: number,
): Promise<IDataObject[] | undefined> {
	const key = matchKey(contact);
	const rows = new Map<string, IDataObject>();
	for (const searchKey of lookupKeys(contact)) {
		const page = await searchContacts(client, searchKey, MAX_MATCH_ROWS + 1, itemIndex);
		if (page.length > MAX_MATCH_ROWS) return undefined;
		for (const row of page) rows.set(String(row.id), row);
	}
	return [...rows.values()].filter((row) => storedKeys(row).includes(key!));
}
