import type { IDataObject } from 'n8n-workflow';

import { asArray, isObject, records } from './envelope';

/** What a person's item says once the lookup after a lost answer has settled it. */
export const STORED_AFTER_LOST = 'Stored: found in the address book after the answer was lost';
export const NOT_CHECKABLE =
	'Whether it was stored could not be checked: it has no phone number, email, or name or surname of at least 3 letters to look it up by.';
export const LOOKUP_FAILED = 'Looking it up to see whether it was stored failed too.';
export const NOT_STORED_SENT_AGAIN =
	'It was not in the address book when looked up after the first answer was lost, so it was sent once more, and that failed as said.';
export const STORED_DIFFERENTLY =
	'A contact with this phone number or email is in the address book, but not with every value sent, so it was not sent again: check that contact.';
export const TOO_MANY_TO_CHECK =
	'Whether it was stored could not be checked: too many contacts match its phone number, email or name.';
export const NOT_SENT_OUTAGE = 'not sent: the requests before it got no answer';
export const GROUP_NOT_FOUND_SENT_AGAIN =
	'No group of that name was under that parent when looked up after the first answer was lost, so it was sent once more, and that failed as said.';

const MIN_KEY_LENGTH = 3;

/** The most contacts one lookup reads; more means the person cannot be told apart. */
export const MAX_LOOKUP_ROWS = 10_000;

const text = (value: unknown) =>
	value === undefined || value === null || typeof value === 'object' ? '' : String(value).trim();

/** A phone number's last ten digits: the same number in 5xx…, 05xx…, 905xx… or +90 form. */
const phoneDigits = (value: unknown) => text(value).replace(/\D/g, '').slice(-10);

/**
 * What to search for to find a person: the phone number as sent and as its last ten digits
 * (the API stores what it is sent), else the email, else the longer name; none when too short.
 */
export function lookupKeys(contact: IDataObject): string[] {
	const phone = text(contact.gsm);
	if (phone) {
		const digits = phoneDigits(phone);
		return [...new Set([phone, digits])].filter((key) => key.length >= MIN_KEY_LENGTH);
	}
	const email = text(contact.email);
	if (email) return [email];
	const name = [text(contact.name), text(contact.surname)].sort((a, b) => b.length - a.length)[0];
	return name.length >= MIN_KEY_LENGTH ? [name] : [];
}

const sameText = (a: unknown, b: unknown) => text(a).toLowerCase() === text(b).toLowerCase();

/** Whether a stored contact has the person's phone number, or their email when no number. */
export function sharesContact(sent: IDataObject, stored: IDataObject): boolean {
	if (text(sent.gsm)) return phoneDigits(sent.gsm) === phoneDigits(stored.gsm);
	return text(sent.email) !== '' && sameText(sent.email, stored.email);
}

/**
 * The stored contact that is this person: every field sent, with the same value; of several,
 * the one with the fewest fields the person did not send.
 */
export function bestMatch(sent: IDataObject, rows: IDataObject[]): IDataObject | undefined {
	const extra = (row: IDataObject) =>
		(['name', 'surname', 'email', 'gsm'] as const).filter(
			(field) => sent[field] === undefined && text(row[field]) !== '',
		).length;
	const matches = rows.filter((row) => sameContact(sent, row));
	return matches.sort((a, b) => extra(a) - extra(b))[0];
}

/** Group IDs however a backend lists them: [7, 12], [{id}], {group: [...]} or {id: [...]}. */
function groupIds(value: unknown): string[] {
	const inner = isObject(value) ? (value.group ?? value.id) : value;
	return asArray(inner as unknown[]).map((entry) => text(isObject(entry) ? entry.id : entry));
}

/** Whether a stored contact has every field that was sent for a person, with the same value. */
function sameContact(sent: IDataObject, stored: IDataObject): boolean {
	for (const name of ['name', 'surname'] as const) {
		if (sent[name] !== undefined && text(sent[name]) !== text(stored[name])) return false;
	}
	if (sent.email !== undefined && !sameText(sent.email, stored.email)) return false;
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
