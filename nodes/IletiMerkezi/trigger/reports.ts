import type { IDataObject } from 'n8n-workflow';

import { turkishMobile } from '../helpers/rules';
import { statusCode } from '../transport/envelope';

/** The statuses iletiMerkezi reports for a message (docs/api.md, "Delivery reports"). */
export const REPORT_STATUSES = ['accepted', 'delivered', 'undelivered'] as const;

/**
 * The same states as get-report's codes, which the provider's Python SDK expects in reports too:
 * 110 in the carrier's queue (accepted), 111 delivered, 112 undelivered.
 */
const STATUS_CODES: Record<number, (typeof REPORT_STATUSES)[number]> = {
	110: 'accepted',
	111: 'delivered',
	112: 'undelivered',
};

/**
 * How deep a posted body may nest. A report is two levels deep; a body nested deeper than this is
 * no report, and n8n could not save it (its execution data is written with recursion).
 */
export const MAX_REPORT_DEPTH = 32;

/**
 * One delivery report as an item: the provider's fields under plain names, the order's id and the
 * number as Send's items give them (to match a report to what was sent), and the report as posted
 * under `report`. A field the report does not carry is null, so every item has the same fields.
 */
export interface ReportItem extends IDataObject {
	/** The message: `report.id`. */
	messageId: string | null;
	/** The order: `report.packet_id` (or `orderId`), as text, the `orderId` of Send's items. */
	orderId: string | null;
	/**
	 * accepted, delivered or undelivered (posted so, in any case, or as 110, 111, 112); anything
	 * else as posted.
	 */
	status: string | null;
	/**
	 * The recipient (`report.to`, or `number`) as Send and the address book write it, 5xxxxxxxxx
	 * (posted as +905xxxxxxxxx); any other number as posted.
	 */
	number: string | null;
	/** The text of the SMS. */
	message: string | null;
	/** What was posted for this report, untouched (null for a body too deep to keep). */
	report: IDataObject[string];
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A number or a string as text; null for anything else (absent, empty, an object). */
function text(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	return null;
}

/** The first of `values` that reads as text. */
const firstText = (...values: unknown[]) =>
	values.reduce<string | null>((found, value) => found ?? text(value), null);

/** A documented status, written in words (any case) or as its code (110, "111"); else as posted. */
function readStatus(value: unknown): string | null {
	const status = text(value);
	const word = status?.toLowerCase();
	const code = statusCode(value);
	if (code !== undefined && STATUS_CODES[code]) return STATUS_CODES[code];
	return REPORT_STATUSES.some((known) => known === word) ? word! : status;
}

function toItem(posted: IDataObject[string]): ReportItem {
	const report = isObject(posted) ? posted : {};
	// The webhook page's fields; where one is missing, the name the provider's Node SDK reads.
	const to = firstText(report.to, report.number);
	return {
		messageId: text(report.id),
		orderId: firstText(report.packet_id, report.orderId),
		status: readStatus(report.status),
		number: to === null ? null : (turkishMobile(to) ?? to),
		message: typeof report.body === 'string' ? report.body : null,
		report: posted,
	};
}

/** Whether `value` nests more than `limit` levels of objects and lists, walked without recursion. */
export function nestedDeeper(value: unknown, limit: number): boolean {
	const stack: Array<[unknown, number]> = [[value, 0]];
	while (stack.length > 0) {
		const [next, depth] = stack.pop()!;
		if (typeof next !== 'object' || next === null) continue;
		if (depth >= limit) return true;
		for (const inner of Object.values(next)) {
			if (typeof inner === 'object' && inner !== null) stack.push([inner, depth + 1]);
		}
	}
	return false;
}

/** The one item a body too deeply nested gives: an error, and nothing of the body kept. */
const tooDeep = (): ReportItem => ({
	messageId: null,
	orderId: null,
	status: null,
	number: null,
	message: null,
	report: null,
	error: `The posted body is nested more than ${MAX_REPORT_DEPTH} levels deep, so it is no delivery report: it was not read or kept (n8n could not save it). Something other than iletiMerkezi posted to this URL; if the URL may have leaked, change the Secret.`,
});

/**
 * The reports in a posted body. The documented shape is `{report: {...}}`; a list of them, a list
 * under `report`, or a bare report object are read too. Anything else is one report of unknown
 * shape, kept whole, so nothing posted is lost; a body nested deeper than MAX_REPORT_DEPTH is one
 * item with an error instead.
 */
export function readReports(body: IDataObject[string]): ReportItem[] {
	if (nestedDeeper(body, MAX_REPORT_DEPTH)) return [tooDeep()];
	const unwrap = (entry: IDataObject[string]): IDataObject[string] =>
		isObject(entry) && (isObject(entry.report) || Array.isArray(entry.report))
			? entry.report
			: entry;
	const outer = unwrap(body);
	const list = Array.isArray(outer) ? outer.map(unwrap).flat() : [outer];
	return (list.length ? list : [body]).map(toItem);
}

/**
 * Whether a report passes the status filter (none picked: every report does). Only a status the
 * provider documents can be filtered out: a report without one, or with one it never documented,
 * always passes.
 */
export function wanted(item: ReportItem, statuses: string[]): boolean {
	const known = REPORT_STATUSES.some((value) => value === item.status);
	return !known || statuses.length === 0 || statuses.includes(item.status!);
}

/** The characters a secret may have in the URL, as they are: letters, digits, - and _. */
const URL_SAFE = /^[A-Za-z0-9_-]+$/;

/**
 * Why the Trigger's secret cannot be used as typed, or undefined when it can (or none is set):
 * any other character would have to be left out of the URL, so the URL would not be what the user
 * believes, and a secret of none of them would leave the URL without one.
 */
export function secretProblem(secret: unknown): string | undefined {
	const typed = typeof secret === 'string' ? secret : String(secret ?? '');
	if (typed === '' || URL_SAFE.test(typed)) return undefined;
	const left = typed.replace(/[A-Za-z0-9_-]/g, '').length;
	const kept = typed.length - left;
	return kept === 0
		? 'The Secret has none of the characters a URL can carry (letters A–Z and a–z, digits, - and _), so the URL would have no secret at all. Type a secret made of those characters, or clear the field.'
		: `The Secret has ${left} character${left === 1 ? '' : 's'} a URL cannot carry as they are (only letters A–Z and a–z, digits, - and _ can): the URL would hold the other ${kept}, not the secret as typed. Type it with those characters only, then paste the new Production URL into the iletiMerkezi panel.`;
}
