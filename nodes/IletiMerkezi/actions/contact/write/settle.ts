import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { mapConcurrently } from '../../../helpers/concurrency';
import type { IletiMerkeziClient } from '../../../transport';
import { isLost } from '../../../transport';
import { searchContacts, storedContact } from '../contacts';
import { sameContact, searchTerms, sharesContact } from '../identity';
import type { PersonResult } from './send';

/** What a person's item says once the lookup after a lost answer has settled it. */
export const STORED_AFTER_LOST = 'Stored: found in the address book after the answer was lost';
export const NOT_CHECKABLE =
	'Whether it was stored could not be checked: it has no phone number, email, or name or surname of at least 3 letters to look it up by.';
export const LOOKUP_FAILED = 'Looking it up to see whether it was stored failed too.';
export const STORED_DIFFERENTLY =
	'A contact with this phone number or email is in the address book, but not with every value sent, so it was not sent again: check that contact.';
export const TOO_MANY_TO_CHECK =
	'Whether it was stored could not be checked: too many contacts match its phone number, email or name.';

/** The wait before looking up the people of lost answers (at most the timeout). */
const LOOKUP_PAUSE_MS = 1000;

/** The most contacts one lookup reads; more means the person cannot be told apart. */
const MAX_LOOKUP_ROWS = 10_000;

/**
 * Settles the people whose answer was lost, by looking them up once every send is done. A
 * person takes a stored contact only when it is them, field for field, and no other person of
 * this run took it (nor was it added for another). Found: stored. Not found and nobody like
 * them stored: returned, to be sent once more. A stored contact sharing their phone number or
 * email but not every field, or no lookup possible: their item says so, and they are not sent
 * again. Gives the indexes to send once more, in order.
 */
export async function settleLost(
	client: IletiMerkeziClient,
	contacts: IDataObject[],
	results: Array<PersonResult | undefined>,
	concurrency: number,
): Promise<number[]> {
	const lost = contacts.flatMap((_, index) => {
		const result = results[index];
		return result && 'failure' in result && isLost(result.failure) ? [index] : [];
	});
	if (lost.length === 0) return [];
	const unclear = (index: number, note: string) => {
		const result = results[index];
		if (result && 'failure' in result) results[index] = { failure: result.failure, note };
	};
	// A request still being carried out when its answer was lost gets a moment to land.
	await sleep(Math.min(client.timeoutMs, LOOKUP_PAUSE_MS));

	const found = new Map<number, IDataObject[]>();
	let lookupsFailed = false;
	const lookUp = async (index: number) => {
		const keys = searchTerms(contacts[index]);
		if (keys.length === 0 || lookupsFailed) {
			return unclear(index, lookupsFailed ? LOOKUP_FAILED : NOT_CHECKABLE);
		}
		try {
			const rows = new Map<string, IDataObject>();
			for (const key of keys) {
				const page = await searchContacts(client, key, MAX_LOOKUP_ROWS + 1);
				if (page.length > MAX_LOOKUP_ROWS) return unclear(index, TOO_MANY_TO_CHECK);
				for (const row of page) rows.set(String(row.id), row);
			}
			found.set(index, [...rows.values()]);
		} catch {
			// The API is not answering lookups either: no more are tried.
			lookupsFailed = true;
			unclear(index, LOOKUP_FAILED);
		}
	};
	await mapConcurrently(lost, concurrency, lookUp, () => client.cancelled());
	if (client.cancelled()) return [];

	// Never the contact of a person this run added, nor one taken by another person.
	const claimed = new Set<string>();
	for (const result of results)
		if (result && 'stored' in result) claimed.add(String(result.stored.id));
	const missing: number[] = [];
	for (const index of lost) {
		const rows = found.get(index);
		if (!rows) continue;
		const candidates = rows.filter((row) => !claimed.has(String(row.id)));
		const match = candidates.find((row) => sameContact(contacts[index], row));
		if (match) {
			claimed.add(String(match.id));
			results[index] = { stored: storedContact(match, STORED_AFTER_LOST) };
		} else if (candidates.some((row) => sharesContact(contacts[index], row))) {
			unclear(index, STORED_DIFFERENTLY);
		} else missing.push(index);
	}
	return missing;
}
