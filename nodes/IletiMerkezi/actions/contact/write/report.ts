import type { IDataObject } from 'n8n-workflow';

import { plainText } from '../../../helpers/rules';
import type { Verdict, Words } from '../../batch';
import type { Failure, IletiMerkeziClient } from '../../../transport';
import { isLost } from '../../../transport';
import type { PersonResult } from './send';

export const NOT_STORED_SENT_AGAIN =
	'It was not in the address book when looked up after the first answer was lost, so it was sent once more, and that failed as said.';
const LOST_HINT =
	'The request may have been carried out although its answer was lost, so it was not sent again blindly (nothing may be added twice). Check the address book before running the workflow again.';

/** Codes the API gives one person of a request; the others concern the whole request. */
const PERSON_CODES = [463, 466, 472, 473];

/** How a stopped Add speaks of its items. */
export const ADD_WORDS: Words = {
	done: 'contact(s) were added',
	failed: 'Not added',
	checkUnclear: 'search for them before running again',
	runAgain: 'Run again only the items not added and not sent, so no contact is added twice.',
};

/** A person's error: what failed, what the lookup found, and whether it may still be stored. */
export function personError(
	client: IletiMerkeziClient,
	failure: Failure,
	note: string | undefined,
	itemIndex: number,
) {
	const after = isLost(failure) ? LOST_HINT : note ? 'So it is not stored.' : undefined;
	const full = [note, after].filter(Boolean).join(' ');
	return client.error(failure, { itemIndex, note: full || undefined });
}

export const NO_PHONE =
	'Stored without a phone number, so it cannot get SMS: map the phone column if there is one.';

/** A stored contact as its item shows it: a contact without a phone says so, never silently. */
export function storedItem(
	stored: IDataObject,
	fields: IDataObject = {},
	note?: string,
): IDataObject {
	const notes = [note, plainText(stored.gsm) === '' && NO_PHONE].filter(Boolean);
	return { ...stored, ...fields, ...(notes.length && { note: notes.join(' ') }) };
}

/** A person's verdict: stored, not stored (their own values refused, or the request), or unclear. */
export function personVerdict(
	client: IletiMerkeziClient,
	result: PersonResult,
	itemIndex: number,
): Verdict {
	if ('stored' in result) return { kind: 'done', json: storedItem(result.stored) };
	const { failure, note } = result;
	const error = personError(client, failure, note, itemIndex);
	if (isLost(failure)) return { kind: 'unclear', error };
	const ownFault =
		failure.kind === 'missingResult' ||
		(failure.kind === 'status' && PERSON_CODES.includes(failure.code));
	return { kind: 'failed', error, ownFault };
}
