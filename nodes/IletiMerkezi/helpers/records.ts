/** Calls that read lists of records or remove one, on top of the transport. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Envelope, IletiMerkeziClient } from '../transport';
import { isObject } from '../transport';

/** The API sends a single object where a list has one element; read both as a list. */
export function asArray<T>(value: T | T[] | undefined | null): T[] {
	if (value === undefined || value === null || value === '') return [];
	return Array.isArray(value) ? value : [value];
}

/**
 * The records in a list the API sends either as `{contact: [...]}` (the XML-shaped form of the
 * batch backend) or as a plain array (today's backend), with one record possibly unwrapped;
 * anything that is not a record is dropped.
 */
export function records(value: unknown, key: string): IDataObject[] {
	const inner = isObject(value) && key in value ? value[key] : value;
	if (isObject(inner) && Object.keys(inner).length === 0) return [];
	return asArray(inner as IDataObject | IDataObject[]).filter(isObject);
}

/** The API's largest page. */
export const MAX_ROW_COUNT = 1000;

/** How one paged list is asked for and read; rows may be records or plain values. */
export interface PagedList<T = IDataObject> {
	method: string;
	payload: (page: number, rowCount: number) => IDataObject;
	rows: (envelope: Envelope) => T[];
	/**
	 * The count the API gives for the whole list, as sent (get-blacklist's and get-reports' `count`,
	 * get-report's `total`): read by `listCount`, and only a hint (see readPages).
	 */
	total?: (envelope: Envelope) => unknown;
	/** Told when that count disagrees with the rows the pages held (see `miscountHint`). */
	miscounted?: (said: number, held: number) => void;
	/** A row's identity (by default its `id`); a row without one is kept, never taken as a repeat. */
	idOf?: (row: T) => string | undefined;
	/** The code meaning "nothing (more) found", which ends the list without an error. */
	emptyCode?: number;
	/**
	 * Rows a page holds when the API decides it (it takes no row count) and does not document it:
	 * what is assumed, so a shorter page ends the list only where the count agrees.
	 */
	pageSize?: number;
}

/** Far above any real address book: a list longer than this is the API paging wrongly. */
export const MAX_LIST_ROWS = 1_000_000;

/** A record's `id` when it is plain text or a number; anything else is no id. */
const plainId = (row: unknown) => {
	const id = isObject(row) ? row.id : undefined;
	return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))
		? String(id)
		: undefined;
};

/**
 * The page size for the next request. The API pages by `(page - 1) * rowCount`, so the size
 * must divide the rows already read. The first page asks for exactly what is wanted (up to
 * 1000); later pages start at a multiple of 1000 and take the smallest size that both covers
 * what is still wanted and lines up with that offset.
 */
export function pageSizeFor(offset: number, wanted: number): number {
	const least = Math.min(wanted, MAX_ROW_COUNT);
	if (offset === 0) return least;
	for (let size = least; size < MAX_ROW_COUNT; size++) {
		if (offset % size === 0) return size;
	}
	return MAX_ROW_COUNT;
}

/**
 * A count or total as the API sends it, 2500 or "2500"; anything else (absent, other text, a
 * fraction, below 0) is no count.
 */
export function listCount(value: unknown): number | undefined {
	const count = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
	return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? count : undefined;
}

/**
 * An amount of money as the API sends it: 10.584, "10.584", or "0,0372" with a decimal comma (a
 * report's `price` in the provider's recorded answers); anything else (absent, other text, a
 * number with thousands separators) is no amount.
 */
export function amountOf(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string' || !/^\s*-?\d+(?:[.,]\d+)?\s*$/.test(value)) return undefined;
	return Number(value.trim().replace(',', '.'));
}

/**
 * Up to `limit` rows of a paged list. The list ends at an empty page or at a page shorter than
 * asked; never at a full page, whatever the API's count says, since a count can be wrong and a
 * list cut short by it would look whole. Where the API sizes its pages itself (`pageSize`), a
 * shorter page ends the list only when the count does not say more rows remain. A count that
 * disagrees with the rows held is told to `miscounted`. A row already read is not given again; a
 * page that adds nothing new (the API ignored the page number), or a list past MAX_LIST_ROWS, is
 * a clear error rather than a list that never ends.
 */
export async function readPages<T = IDataObject>(
	client: IletiMerkeziClient,
	list: PagedList<T>,
	limit: number,
	itemIndex?: number,
): Promise<T[]> {
	const idOf = list.idOf ?? plainId;
	const rows: T[] = [];
	const seen = new Set<string>();
	const alsoOk = list.emptyCode === undefined ? [] : [list.emptyCode];
	const fail = (message: string, description: string) =>
		new NodeApiError(client.node, { method: list.method }, { message, description, itemIndex });
	// Rows the API has served, repeats included: where the next page starts.
	let served = 0;
	let page = 0;
	// Distinct rows the pages held, those past the limit too.
	let held = 0;
	let said: number | undefined;
	let ended = false;
	while (rows.length < limit && !ended) {
		const rowCount = list.pageSize ?? pageSizeFor(served, limit - rows.length);
		page = list.pageSize ? page + 1 : served / rowCount + 1;
		const envelope = await client.request(list.method, list.payload(page, rowCount), itemIndex, {
			alsoOk,
		});
		if (!envelope) {
			ended = true;
			break;
		}
		const pageRows = list.rows(envelope);
		served += pageRows.length;
		let added = 0;
		for (const row of pageRows) {
			const id = idOf(row);
			if (id !== undefined && seen.has(id)) continue;
			if (id !== undefined) seen.add(id);
			added++;
			if (rows.length < limit) rows.push(row);
		}
		held += added;
		if (pageRows.length > 0 && added === 0) {
			throw fail(
				`iletiMerkezi returned page ${page} with only rows already read`,
				'The API seems to ignore the page number, so the list was stopped rather than read forever. Use a Limit, and report this to iletiMerkezi.',
			);
		}
		if (served > MAX_LIST_ROWS) {
			throw fail(
				`iletiMerkezi listed more than ${MAX_LIST_ROWS.toLocaleString('en')} rows`,
				'No address book holds that many: the API is paging wrongly, so the list was stopped. Use a Limit.',
			);
		}
		said = listCount(list.total?.(envelope)) ?? said;
		const moreSaid = list.pageSize !== undefined && said !== undefined && said > held;
		ended = pageRows.length === 0 || (pageRows.length < rowCount && !moreSaid);
	}
	// Read to its end, the list holds what the count says; stopped at the limit, at least that.
	const reached = rows.length >= limit && !ended;
	if (said !== undefined && (reached ? said < held : said !== held)) {
		list.miscounted?.(said, held);
	}
	return rows;
}

/**
 * Where readPages tells a list's count that disagrees with its rows: a warning on the node's
 * output (n8n's execution hints, on n8n versions that have them), the same one once per run.
 * `rows` names what the list holds ("numbers on the blacklist").
 */
export function miscountHint(
	ctx: IExecuteFunctions,
	rows: string,
): (said: number, held: number) => void {
	const told = new Set<string>();
	return (said, held) => {
		const count = (n: number) => n.toLocaleString('en');
		const message =
			said > held
				? `iletiMerkezi counted ${count(said)} ${rows}, but its pages ended after ${count(held)}: if the count is right, the others are missing from the output. Run again later, or compare with the iletiMerkezi panel.`
				: `iletiMerkezi counted ${count(said)} ${rows}, but its pages held ${count(held)}: the list was read by its pages, not cut at the count.`;
		if (told.has(message) || typeof ctx.addExecutionHints !== 'function') return;
		told.add(message);
		ctx.addExecutionHints({ message, type: 'warning', location: 'outputPane' });
	};
}

/**
 * A delete, repeated like a read: deleting twice leaves the record deleted. When a repeat after
 * a lost answer gets `goneCode` (no such record), the record is gone either way, so the item says
 * deleted. Only for a code that means nothing but "no such record" (a contact's 465, a group's
 * 463): where it may also mean "refused" (Cancel's 455, Blacklist › Remove's 474), the
 * operation reads back what is true instead.
 */
export async function deleteOnce(
	client: IletiMerkeziClient,
	method: string,
	payload: IDataObject,
	goneCode: number,
	itemIndex: number,
): Promise<void> {
	const outcome = await client.call(method, payload, true);
	if ('envelope' in outcome) return;
	const { failure, afterLost } = outcome;
	if (afterLost && failure.kind === 'status' && failure.code === goneCode) return;
	throw client.error(failure, { itemIndex });
}
