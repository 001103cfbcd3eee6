import type { IDataObject } from 'n8n-workflow';

import { turkishMobile } from '../helpers/rules';

/** The statuses iletiMerkezi reports for a message (docs/api.md, "Delivery reports"). */
export const REPORT_STATUSES = ['accepted', 'delivered', 'undelivered'] as const;

/**
 * One delivery report as an item: the provider's fields under plain names, the order's id and the
 * number as Send's items give them (to match a report to what was sent), and the report as posted
 * under `report`. A field the report does not carry is null, so every item has the same fields.
 */
export interface ReportItem extends IDataObject {
	/** The message: `report.id`. */
	messageId: string | null;
	/** The order: `report.packet_id`, as text, the `orderId` of Send's items. */
	orderId: string | null;
	/** accepted, delivered or undelivered (lower case); anything else as posted. */
	status: string | null;
	/**
	 * The recipient as Send and the address book write it, 5xxxxxxxxx (posted as +905xxxxxxxxx);
	 * any other number as posted.
	 */
	number: string | null;
	/** The text of the SMS. */
	message: string | null;
	/** What was posted for this report, untouched. */
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

function toItem(posted: IDataObject[string]): ReportItem {
	const report = isObject(posted) ? posted : {};
	const status = text(report.status);
	const known = status?.toLowerCase();
	const to = text(report.to);
	return {
		messageId: text(report.id),
		orderId: text(report.packet_id),
		status: REPORT_STATUSES.some((value) => value === known) ? known! : status,
		number: to === null ? null : (turkishMobile(to) ?? to),
		message: typeof report.body === 'string' ? report.body : null,
		report: posted,
	};
}

/**
 * The reports in a posted body. The documented shape is `{report: {...}}`; a list of them, a list
 * under `report`, or a bare report object are read too. Anything else is one report of unknown
 * shape, kept whole, so nothing posted is lost.
 */
export function readReports(body: IDataObject[string]): ReportItem[] {
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
