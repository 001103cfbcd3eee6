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

/**
 * The API's dates carry no zone: they are Istanbul time (UTC+3, no daylight saving since 2016),
 * worked out with the IANA zone through Intl, whatever this machine's zone.
 */
const ISTANBUL = new Intl.DateTimeFormat('en-US', {
	timeZone: 'Europe/Istanbul',
	hourCycle: 'h23',
	year: 'numeric',
	month: 'numeric',
	day: 'numeric',
	hour: 'numeric',
	minute: 'numeric',
	second: 'numeric',
});

/** [year, month from 1, day, hour, minute, second] on Istanbul's clocks at a moment. */
function wallClock(moment: Date | number): number[] {
	const parts = new Map(ISTANBUL.formatToParts(moment).map(({ type, value }) => [type, +value]));
	const types = ['year', 'month', 'day', 'hour', 'minute', 'second'] as const;
	return types.map((type) => parts.get(type)!);
}

/** Milliseconds from UTC to Istanbul's clocks at a moment (whole seconds). */
function offsetAt(ms: number): number {
	const [y, mo, d, h, mi, s] = wallClock(ms);
	return Date.UTC(y, mo - 1, d, h, mi, s) - ms;
}

/** `YYYY-MM-DD HH:MM:SS` in Istanbul time, as the API writes dates. */
export const formatDateTime = (moment: Date) => {
	const [y, mo, d, h, mi, s] = wallClock(moment).map(pad);
	return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
};

/** The moment Istanbul's clocks showed these parts; undefined when they never did (31/02, 25:00). */
function dateOf(...parts: [y: number, mo: number, d: number, h?: number, mi?: number, s?: number]) {
	const [y, mo, d, h = 0, mi = 0, s = 0] = parts;
	const wall = Date.UTC(y, mo - 1, d, h, mi, s);
	// The offset of the moment itself: the second step puts a time near a clock change right.
	const date = new Date(wall - offsetAt(wall - offsetAt(wall)));
	return wallClock(date).join() === [y, mo, d, h, mi, s].join() ? date : undefined;
}

/**
 * `YYYY-MM-DD HH:MM:SS` (blacklist filters, consent dates), or `YYYY-MM-DD` (its first second) with
 * `dayOnly`; Istanbul time.
 */
export function parseDate(text: string, dayOnly = false): Date | undefined {
	const pattern = dayOnly
		? /^(\d{4})-(\d{2})-(\d{2})$/
		: /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
	const m = pattern.exec(text.trim());
	return m ? dateOf(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) : undefined;
}

/**
 * send-sms's `sendDateTime` (`DD/MM/YYYY HH:MM` Istanbul time, also as a one-element list): null for
 * "now" (absent, empty, or given with seconds, which the API takes as "send at once"), undefined
 * when malformed.
 */
export function parseSendDateTime(value: unknown): Date | null | undefined {
	const text = String((Array.isArray(value) ? value[0] : value) ?? '').trim();
	if (!text) return null;
	const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})(:\d{2})?$/.exec(text);
	if (!m) return undefined;
	if (m[6]) return null;
	return dateOf(+m[3], +m[2], +m[1], +m[4], +m[5]);
}
