/** The blacklist as get-blacklist pages it: what Get Many lists and Remove reads back. */
import type { IDataObject } from 'n8n-workflow';

import type { PagedList } from '../../helpers/records';
import { asArray } from '../../helpers/records';
import { phoneKey } from '../../helpers/rules';
import type { Envelope } from '../../transport';
import { isObject } from '../../transport';

const blacklistOf = (envelope: Envelope) =>
	isObject(envelope.response.blacklist) ? envelope.response.blacklist : {};

/** The numbers of one page, as the API lists them (+90…); anything that is not one is dropped. */
const numbersIn = (envelope: Envelope): string[] =>
	asArray(blacklistOf(envelope).number as unknown[]).flatMap((entry) =>
		typeof entry === 'string' || typeof entry === 'number' ? [String(entry).trim()] : [],
	);

/**
 * The blacklist, or the numbers added in `filter`'s range (`{start, end}` as the API writes
 * dates). `count` (the whole list's length, 2500 or "2500") is a hint: see readPages.
 */
export function blacklistPages(
	filter?: IDataObject,
	miscounted?: PagedList<string>['miscounted'],
): PagedList<string> {
	return {
		method: 'get-blacklist',
		payload: (page, rowCount) => ({ blacklist: { ...(filter && { filter }), page, rowCount } }),
		rows: numbersIn,
		total: (envelope) => blacklistOf(envelope).count,
		miscounted,
		// One number however it is written, so a page repeated by the API is seen as such.
		idOf: (number) => phoneKey(number) || undefined,
	};
}
