/** Reading a request the way the API does: XML-shaped tags, pages, and its date formats. */

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A repeating tag: an array, a single object for one, or absent. */
export function repeated(value: unknown): unknown[] {
	if (value === undefined || value === null || value === '') return [];
	return Array.isArray(value) ? value : [value];
}

/** A field as trimmed text; '' when absent or when the holder is not an object. */
export function field(holder: unknown, name: string): string {
	const value = isObject(holder) ? holder[name] : undefined;
	return value === undefined || value === null ? '' : String(value).trim();
}

/** What a paging fault does to the page asked for (see `Fault.pages`). */
export type PageFault = 'first' | number | undefined;

/**
 * Rows [start, start + rowCount) asked for by `{page, rowCount}`: page from 1 (464 below),
 * rowCount 1000 when left out, 422 when not a positive whole number. The provider documents 1000 as
 * the most but not what a larger rowCount does: 1000 rows are served (the lenient reading).
 */
export function pageOf(
	spec: unknown,
	fault?: PageFault,
): { start: number; rowCount: number } | number {
	const holder = isObject(spec) ? spec : {};
	let page = holder.page === undefined || holder.page === '' ? 1 : Number(holder.page);
	if (!Number.isInteger(page) || page < 1) return 464;
	const asked =
		holder.rowCount === undefined || holder.rowCount === '' ? 1000 : Number(holder.rowCount);
	if (!Number.isInteger(asked) || asked < 1) return 422;
	if (fault === 'first') page = 1;
	else if (typeof fault === 'number' && fault > 0) page = ((page - 1) % fault) + 1;
	const rowCount = Math.min(asked, 1000);
	return { start: (page - 1) * rowCount, rowCount };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM:SS` in local time, as the API writes dates. */
export const formatDateTime = (d: Date) =>
	`${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
	`${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

/** A local date from its parts, undefined when they name no real day or time (31/02, 25:00). */
function dateOf(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): Date | undefined {
	const date = new Date(y, mo - 1, d, h, mi, s);
	const same = date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d;
	return same && date.getHours() === h && date.getMinutes() === mi && date.getSeconds() === s
		? date
		: undefined;
}

/** `YYYY-MM-DD HH:MM:SS` (blacklist filters, consent dates), or `YYYY-MM-DD` with `dayOnly`. */
export function parseDate(text: string, dayOnly = false): Date | undefined {
	const pattern = dayOnly
		? /^(\d{4})-(\d{2})-(\d{2})$/
		: /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
	const m = pattern.exec(text.trim());
	return m ? dateOf(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) : undefined;
}

/**
 * send-sms's `sendDateTime` (`DD/MM/YYYY HH:MM`, also as a one-element list): null for "now" (absent,
 * empty, or given with seconds, which the API takes as "send at once"), undefined when malformed.
 */
export function parseSendDateTime(value: unknown): Date | null | undefined {
	const text = String((Array.isArray(value) ? value[0] : value) ?? '').trim();
	if (!text) return null;
	const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})(:\d{2})?$/.exec(text);
	if (!m) return undefined;
	if (m[6]) return null;
	return dateOf(+m[3], +m[2], +m[1], +m[4], +m[5]);
}
