import type { IDataObject } from 'n8n-workflow';

import { MIN_SEARCH_KEY, phoneKey, plainText } from '../../../helpers/rules';
import type { IletiMerkeziClient } from '../../../transport';
import { groupContacts, searchContacts } from '../contacts';
import { identityKeys, phoneTerms } from '../identity';

/** More contacts for one search than this: the person cannot be told apart. */
const MAX_MATCH_ROWS = 10_000;

/**
 * Contacts by the keys they can be matched by (identity's phone and email keys), each in the
 * newest version put. A contact keeps the keys of its older versions: matching checks the keys.
 */
export class ContactIndex {
	private readonly byKey = new Map<string, Set<string>>();
	private readonly byId = new Map<string, IDataObject>();

	put(contact: IDataObject) {
		const id = plainText(contact.id);
		this.byId.set(id, contact);
		for (const key of identityKeys(contact)) {
			const ids = this.byKey.get(key) ?? new Set<string>();
			ids.add(id);
			this.byKey.set(key, ids);
		}
	}

	get(id: unknown): IDataObject | undefined {
		return this.byId.get(plainText(id));
	}

	/** The contacts sharing a phone number or an email with `person`. */
	sharing(person: IDataObject): IDataObject[] {
		const ids = new Set(identityKeys(person).flatMap((key) => [...(this.byKey.get(key) ?? [])]));
		return [...ids].map((id) => this.byId.get(id)!);
	}
}

/** A group's members, read once (paged), by the keys they can be matched by. */
export async function groupIndex(
	client: IletiMerkeziClient,
	groupId: string,
): Promise<ContactIndex> {
	const index = new ContactIndex();
	for (const member of await groupContacts(client, groupId, Infinity)) index.put(member);
	return index;
}

/**
 * The stored contacts that may be this person, from the whole address book: those found by their
 * phone number (as written and as a whole number), and, unless one of those has the very number,
 * by their email. Undefined when one search finds too many to tell.
 */
export async function searchCandidates(
	client: IletiMerkeziClient,
	person: IDataObject,
	itemIndex: number,
): Promise<IDataObject[] | undefined> {
	const rows = new Map<string, IDataObject>();
	const search = async (term: string) => {
		const page = await searchContacts(client, term, MAX_MATCH_ROWS + 1, itemIndex);
		for (const row of page) rows.set(plainText(row.id), row);
		return page.length <= MAX_MATCH_ROWS;
	};
	for (const term of phoneTerms(person)) if (!(await search(term))) return undefined;
	const phone = phoneKey(person.gsm);
	const phoneFound = phone !== '' && [...rows.values()].some((row) => phoneKey(row.gsm) === phone);
	const email = plainText(person.email);
	if (!phoneFound && email.length >= MIN_SEARCH_KEY && !(await search(email))) return undefined;
	return [...rows.values()];
}
