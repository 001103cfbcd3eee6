import type { IDataObject } from 'n8n-workflow';

import { asArray, isObject, records } from './envelope';

/** What a person's item says once the lookup after a lost answer has settled it. */
export const STORED_AFTER_LOST = 'Stored: found in the address book after the answer was lost';
export const NOT_CHECKABLE =
	'Whether it was stored could not be checked: it has no phone number, email, or name or surname of at least 3 letters to look it up by.';
export const LOOKUP_FAILED = 'Looking it up to see whether it was stored failed too.';
export const NOT_STORED_SENT_AGAIN =
	'It was not in the address book when looked up after the first answer was lost, so it was sent once more, and that failed as said.';
export const GROUP_NOT_FOUND_SENT_AGAIN =
	'No group of that name was under that parent when looked up after the first answer was lost, so it was sent once more, and that failed as said.';

const MIN_KEY_LENGTH = 3;

const text = (value: unknown) =>
	value === undefined || value === null || typeof value === 'object' ? '' : String(value).trim();

/** A phone number's last ten digits: the same number in 5xx…, 05xx…, 905xx… or +90 form. */
const phoneDigits = (value: unknown) => text(value).replace(/\D/g, '').slice(-10);

/** What to search for to find a person: phone number, else email, else the longer name. */
export function lookupKey(contact: IDataObject): string | undefined {
	const phone = phoneDigits(contact.gsm);
	if (phone.length >= MIN_KEY_LENGTH) return phone;
	const email = text(contact.email);
	if (email) return email;
	const name = [text(contact.name), text(contact.surname)].sort((a, b) => b.length - a.length)[0];
	return name.length >= MIN_KEY_LENGTH ? name : undefined;
}

/** Group IDs however a backend lists them: [7, 12], [{id}], {group: [...]} or {id: [...]}. */
function groupIds(value: unknown): string[] {
	const inner = isObject(value) ? (value.group ?? value.id) : value;
	return asArray(inner as unknown[]).map((entry) => text(isObject(entry) ? entry.id : entry));
}

/** Whether a stored contact has every field that was sent for a person, with the same value. */
export function sameContact(sent: IDataObject, stored: IDataObject): boolean {
	for (const name of ['name', 'surname'] as const) {
		if (sent[name] !== undefined && text(sent[name]) !== text(stored[name])) return false;
	}
	if (
		sent.email !== undefined &&
		text(sent.email).toLowerCase() !== text(stored.email).toLowerCase()
	)
		return false;
	if (sent.gsm !== undefined && phoneDigits(sent.gsm) !== phoneDigits(stored.gsm)) return false;
	const storedGroups = new Set(groupIds(stored.groups));
	if (!groupIds(sent.groups).every((id) => storedGroups.has(id))) return false;
	const storedFields = records(stored.custom_fields, 'custom_field');
	return records(sent.custom_fields, 'custom_field').every((field) =>
		storedFields.some(
			(kept) => text(kept.id) === text(field.id) && text(kept.value) === text(field.value),
		),
	);
}
