/**
 * Who is the same person, in one place: the lookup after a lost answer, Create or Update's
 * matching and the grouping of one run's items all ask here. Phone numbers are the same only as
 * whole numbers (a Turkish mobile however written), emails whatever their case.
 */
import type { IDataObject } from 'n8n-workflow';

import { emailKey, MIN_SEARCH_KEY, phoneKey, plainText } from '../../helpers/rules';
import { records } from '../../helpers/records';
import { groupIdsOf } from './contacts';

/** Custom field values by ID, empty ones left out: an empty value and no value are one. */
function customValues(value: unknown): Map<string, string> {
	const entries = records(value, 'custom_field').map((field) => [
		plainText(field.id),
		plainText(field.value),
	]);
	return new Map(entries.filter(([, fieldValue]) => fieldValue !== '') as Array<[string, string]>);
}

const sameSet = (a: string[], b: string[]) => {
	const [left, right] = [new Set(a), new Set(b)];
	return left.size === right.size && [...left].every((value) => right.has(value));
};

/**
 * Whether a stored contact is this person as sent, field for field: the proof, after a lost
 * answer, that the lost request stored them. A field one leaves empty is empty in the other too.
 */
export function sameContact(sent: IDataObject, stored: IDataObject): boolean {
	if (plainText(sent.name) !== plainText(stored.name)) return false;
	if (plainText(sent.surname) !== plainText(stored.surname)) return false;
	if (emailKey(sent.email) !== emailKey(stored.email)) return false;
	if (phoneKey(sent.gsm) !== phoneKey(stored.gsm)) return false;
	if (!sameSet(groupIdsOf(sent.groups), groupIdsOf(stored.groups))) return false;
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
	const email = emailKey(sent.email);
	return email !== '' && email === emailKey(stored.email);
}

/**
 * What to search the address book for to find a person (the search matches phone, name, surname
 * or email): the phone number as sent and as its whole number (the API stores what it is sent),
 * else the email, else the longer name; none when too short.
 */
export function searchTerms(contact: IDataObject): string[] {
	if (plainText(contact.gsm)) return phoneTerms(contact);
	const email = plainText(contact.email);
	if (email) return [email];
	const name = [plainText(contact.name), plainText(contact.surname)].sort(
		(a, b) => b.length - a.length,
	)[0];
	return name.length >= MIN_SEARCH_KEY ? [name] : [];
}

/** The phone number as sent and as its whole number, long enough to search for. */
export function phoneTerms(contact: IDataObject): string[] {
	const phone = plainText(contact.gsm);
	if (!phone) return [];
	const keys = [...new Set([phone, phoneKey(phone)])];
	return keys.filter((key) => key.length >= MIN_SEARCH_KEY);
}

/** Whom a stored contact may be, for Create or Update: one contact, several, or nobody. */
export type Match =
	| { contact: IDataObject }
	| { ambiguous: number }
	/** Nobody; `note` when a contact shares the email but has another phone (a family, say). */
	| { none: true; note?: string };

/**
 * Which stored contact a person is, among `candidates`:
 * - a contact with the person's phone number is them;
 * - else one with their email, when the person has no phone, or the contact's phone is empty;
 * - a contact with their email and another phone is someone else (a family sharing an email):
 *   nobody, with a note;
 * - two contacts matching by the same rule: ambiguous.
 */
export function matchPerson(person: IDataObject, candidates: IDataObject[]): Match {
	const phone = phoneKey(person.gsm);
	if (phone) {
		const byPhone = candidates.filter((contact) => phoneKey(contact.gsm) === phone);
		if (byPhone.length > 1) return { ambiguous: byPhone.length };
		if (byPhone.length === 1) return { contact: byPhone[0] };
	}
	const email = emailKey(person.email);
	if (!email) return { none: true };
	const byEmail = candidates.filter((contact) => emailKey(contact.email) === email);
	const usable = phone ? byEmail.filter((contact) => phoneKey(contact.gsm) === '') : byEmail;
	if (usable.length > 1) return { ambiguous: usable.length };
	if (usable.length === 1) return { contact: usable[0] };
	if (byEmail.length === 0) return { none: true };
	const ids = byEmail.map((contact) => plainText(contact.id)).join(', ');
	return {
		none: true,
		note: `Contact ${ids} has this email with another phone number, so it is someone else (a family sharing an email, say): a new contact was made for this number.`,
	};
}

/** The keys a contact can be matched by: its whole phone number and its email. */
export function identityKeys(contact: IDataObject): string[] {
	const phone = phoneKey(contact.gsm);
	const email = emailKey(contact.email);
	return [phone && `phone:${phone}`, email && `email:${email}`].filter(Boolean);
}

/**
 * One run's people in groups that share a phone number or an email, directly or through each
 * other, each group in input order: the people of a group are matched one after the other, each
 * seeing what the ones before stored, so two rows of one person never make two contacts.
 */
export function sharingGroups(people: IDataObject[]): number[][] {
	const parent = people.map((_, index) => index);
	const root = (index: number): number => {
		while (parent[index] !== index) index = parent[index] = parent[parent[index]];
		return index;
	};
	const firstWith = new Map<string, number>();
	people.forEach((person, index) => {
		for (const key of identityKeys(person)) {
			const earlier = firstWith.get(key);
			if (earlier === undefined) {
				firstWith.set(key, index);
				continue;
			}
			const [a, b] = [root(earlier), root(index)];
			parent[Math.max(a, b)] = Math.min(a, b);
		}
	});
	const groups = new Map<number, number[]>();
	people.forEach((_, index) => {
		const group = groups.get(root(index)) ?? [];
		group.push(index);
		groups.set(root(index), group);
	});
	return [...groups.values()];
}
