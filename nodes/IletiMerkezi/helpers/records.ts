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

/** How one paged list is asked for and read. */
export interface PagedList {
	method: string;
	payload: (page: number, rowCount: number) => IDataObject;
	rows: (envelope: Envelope) => IDataObject[];
	/** The code meaning "nothing (more) found", which ends the list without an error. */
	emptyCode?: number;
}

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
 * Up to `limit` rows of a paged list, never asking for a page more than needed. There is no
 * total count: a short page is the last one.
 */
export async function readPages(
	client: IletiMerkeziClient,
	list: PagedList,
	limit: number,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const rows: IDataObject[] = [];
	let previousFirstId: unknown;
	const alsoOk = list.emptyCode === undefined ? [] : [list.emptyCode];
	while (rows.length < limit) {
		const wanted = limit - rows.length;
		const rowCount = pageSizeFor(rows.length, wanted);
		const page = rows.length / rowCount + 1;
		const payload = list.payload(page, rowCount);
		const envelope = await client.request(list.method, payload, itemIndex, { alsoOk });
		if (!envelope) break;
		const pageRows = list.rows(envelope);
		// An API that ignored `page` would send the same page forever.
		if (page > 1 && pageRows.length > 0 && pageRows[0].id === previousFirstId) {
			throw new NodeApiError(
				client.node,
				{ page },
				{
					message: 'iletiMerkezi returned the same page twice',
					description: 'The list was stopped so it does not run forever. Please report this.',
					itemIndex,
				},
			);
		}
		previousFirstId = pageRows[0]?.id;
		rows.push(...pageRows.slice(0, Math.min(wanted, rowCount)));
		if (pageRows.length < rowCount) break;
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
