/** Calls that read lists of records or remove one, on top of the transport. */
import type { IDataObject } from 'n8n-workflow';
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
	/** What the API says the whole list holds, where it says it (get-blacklist's `count`). */
	total?: (envelope: Envelope) => number | undefined;
	/** A row's identity (by default its `id`); a row without one is kept, never taken as a repeat. */
	idOf?: (row: T) => string | undefined;
	/** The code meaning "nothing (more) found", which ends the list without an error. */
	emptyCode?: number;
	/** Rows a page holds when the API decides it (it takes no row count). */
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
 * Up to `limit` rows of a paged list, never asking for a page more than needed: a short page is
 * the last one, and so is the page that reaches the total where the API gives one. A row already
 * read is not given again; a page that adds nothing new (the API ignored the page number), or a
 * list past MAX_LIST_ROWS, is a clear error rather than a list that never ends.
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
	while (rows.length < limit) {
		const rowCount = list.pageSize ?? pageSizeFor(served, limit - rows.length);
		const page = served / rowCount + 1;
		const envelope = await client.request(list.method, list.payload(page, rowCount), itemIndex, {
			alsoOk,
		});
		if (!envelope) break;
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
		const total = list.total?.(envelope);
		if (pageRows.length < rowCount || (total !== undefined && served >= total)) break;
	}
	return rows;
}

/**
 * A delete, repeated like a read: deleting twice leaves the record deleted. When a repeat after
 * a lost answer gets `goneCode` (no such record), the lost request deleted it.
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
