/**
 * Istanbul time, in which iletiMerkezi and İYS write and read every date: the API's dates carry
 * no zone. Worked out with the IANA zone through Intl, never the server's own zone, so the node
 * sends the same text wherever n8n runs.
 */
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { shown } from './parameters';

export const ISTANBUL_ZONE = 'Europe/Istanbul';

/** A wall-clock time in Istanbul; month from 1. */
export interface IstanbulTime {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

// Made once: formatters are costly to build and cheap to use, item after item.
const WALL_CLOCK = new Intl.DateTimeFormat('en-US', {
	timeZone: ISTANBUL_ZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: 'numeric',
	day: 'numeric',
	hour: 'numeric',
	minute: 'numeric',
	second: 'numeric',
});

/** The Istanbul wall-clock time of a moment. */
export function istanbulTime(moment: Date): IstanbulTime {
	const time: IstanbulTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
	for (const { type, value } of WALL_CLOCK.formatToParts(moment)) {
		if (type in time) time[type as keyof IstanbulTime] = Number(value);
	}
	return time;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `YYYY-MM-DD HH:MM:SS` in Istanbul time, as the blacklist filter and İYS consent dates take it. */
export function formatIstanbul(moment: Date): string {
	const t = istanbulTime(moment);
	return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}

const sameTime = (a: IstanbulTime, b: IstanbulTime) =>
	(Object.keys(a) as Array<keyof IstanbulTime>).every((key) => a[key] === b[key]);

/** Milliseconds Istanbul is ahead of UTC at a moment (three hours since 2016; less before). */
function offsetAt(ms: number): number {
	const t = istanbulTime(new Date(ms));
	const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
	return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * The moment an Istanbul wall-clock time names; undefined when no such time was ever shown there
 * (31 February, 25:00, or an hour skipped when the clocks went forward).
 */
export function fromIstanbulTime(time: IstanbulTime, ms = 0): Date | undefined {
	const wall = Date.UTC(
		time.year,
		time.month - 1,
		time.day,
		time.hour,
		time.minute,
		time.second,
		ms,
	);
	if (!Number.isFinite(wall)) return undefined;
	// The offset is that of the moment itself: a second step puts a time near a clock change right.
	const date = new Date(wall - offsetAt(wall - offsetAt(wall)));
	return Number.isNaN(date.getTime()) || !sameTime(istanbulTime(date), time) ? undefined : date;
}

/** ISO 8601 and the API's own `YYYY-MM-DD HH:MM:SS`: a date, maybe a time, maybe a zone after it. */
const YEAR_FIRST =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
/** Türkiye's written order, day first (31.05.2026, 31/05/2026), maybe with a time. */
const DAY_FIRST = /^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** A zone as written after a time, in milliseconds ahead of UTC. */
function zoneOffset(zone: string): number {
	if (zone.toUpperCase() === 'Z') return 0;
	const [, sign, hours, minutes = '0'] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
	return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60_000;
}

/** Parts of a written date; no time means the start of the day, or its last second with `endOfDay`. */
function fromParts(
	[year, month, day, hour, minute, second, fraction, zone]: Array<string | undefined>,
	endOfDay: boolean,
): Date | undefined {
	const allDay = hour === undefined && endOfDay;
	const time: IstanbulTime = {
		year: Number(year),
		month: Number(month),
		day: Number(day),
		hour: allDay ? 23 : Number(hour ?? 0),
		minute: allDay ? 59 : Number(minute ?? 0),
		second: allDay ? 59 : Number(second ?? 0),
	};
	const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
	if (!zone) return fromIstanbulTime(time, ms);
	// A time with its own zone names one moment; its fields must still be a real date and time.
	const utc = new Date(
		Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second, ms),
	);
	const real =
		utc.getUTCFullYear() === time.year &&
		utc.getUTCMonth() === time.month - 1 &&
		utc.getUTCDate() === time.day &&
		utc.getUTCHours() === time.hour &&
		utc.getUTCMinutes() === time.minute &&
		utc.getUTCSeconds() === time.second;
	return real ? new Date(utc.getTime() - zoneOffset(zone)) : undefined;
}

/** A Date, also one made in another realm (an expression's), where instanceof fails. */
const isDate = (value: unknown): value is Date =>
	Object.prototype.toString.call(value) === '[object Date]';

/** Below this a number counts seconds since 1970 (up to the year 5138), at or above it milliseconds. */
const SECONDS_BELOW = 1e11;

/**
 * The moment a parameter or an item's field gives: a Date; a Luxon DateTime (n8n's `$now`); a
 * number of milliseconds or seconds since 1970; or text, either ISO 8601 (with the API's own
 * `YYYY-MM-DD HH:MM:SS`) or day first (`31.05.2026 14:30`). Text without a zone is Istanbul time.
 * A date without a time is the start of that day, or its last second with `endOfDay`. Undefined
 * when it is none of these.
 */
export function readMoment(value: unknown, endOfDay = false): Date | undefined {
	let date: Date | undefined;
	if (isDate(value)) date = new Date(value.getTime());
	else if (typeof value === 'number' && Number.isFinite(value)) {
		date = new Date(Math.abs(value) < SECONDS_BELOW ? value * 1000 : value);
	} else if (typeof (value as { toJSDate?: unknown })?.toJSDate === 'function') {
		const converted = (value as { toJSDate: () => unknown }).toJSDate();
		if (isDate(converted)) date = new Date(converted.getTime());
	} else if (typeof value === 'string') {
		const text = value.trim();
		const yearFirst = YEAR_FIRST.exec(text);
		const dayFirst = yearFirst ? null : DAY_FIRST.exec(text);
		if (yearFirst) date = fromParts(yearFirst.slice(1), endOfDay);
		else if (dayFirst) {
			const [, day, month, year, hour, minute, second] = dayFirst;
			date = fromParts([year, month, day, hour, minute, second], endOfDay);
		}
	}
	return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

export interface DateRule {
	label: string;
	itemIndex: number;
	/** A date without a time means the whole day: its last second (the end of a range). */
	endOfDay?: boolean;
	/** A moment later than now is refused: something that has happened is being recorded. */
	notInFuture?: boolean;
	/** A moment before now is refused: something is being planned. */
	notInPast?: boolean;
}

const FORMS =
	'Give a date such as 2026-05-31 14:30 or 31.05.2026 14:30 (Istanbul time), or one with its zone, such as 2026-05-31T11:30:00Z.';

/**
 * One item's date parameter or field as a moment, read as `readMoment` reads it; undefined when
 * empty. A value that is no date, or (with `notInFuture`) one later than now, is the item's
 * error, raised before any request.
 */
export function istanbulMoment(node: INode, value: unknown, rule: DateRule): Date | undefined {
	const { label, itemIndex } = rule;
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string' && value.trim() === '') return undefined;
	const moment = readMoment(value, rule.endOfDay);
	if (!moment) {
		const written = typeof value === 'object' ? 'an object' : `"${shown(value)}"`;
		throw new NodeOperationError(node, `${label} ${written} is not a date`, {
			itemIndex,
			description: FORMS,
		});
	}
	if (rule.notInFuture && moment.getTime() > Date.now()) {
		throw new NodeOperationError(
			node,
			`${label} ${formatIstanbul(moment)} (Istanbul time) is in the future`,
			{
				itemIndex,
				description: `It must be now or earlier; it is now ${formatIstanbul(new Date())} in Istanbul. A date without a zone is read as Istanbul time (UTC+3).`,
			},
		);
	}
	if (rule.notInPast && moment.getTime() < Date.now()) {
		throw new NodeOperationError(
			node,
			`${label} ${formatIstanbul(moment)} (Istanbul time) is in the past`,
			{
				itemIndex,
				description: `It must be later than now; it is now ${formatIstanbul(new Date())} in Istanbul. A date without a zone is read as Istanbul time (UTC+3); leave it empty to send at once.`,
			},
		);
	}
	return moment;
}

/** `DD/MM/YYYY HH:MM` in Istanbul time, as send-sms schedules an order (with seconds it would not). */
export function formatSendDate(moment: Date): string {
	const t = istanbulTime(moment);
	return `${pad(t.day)}/${pad(t.month)}/${pad(t.year, 4)} ${pad(t.hour)}:${pad(t.minute)}`;
}

/** Whether an Istanbul day (month from 1) is a working day, Monday to Friday; holidays are not known. */
const isWeekday = (year: number, month: number, day: number) => {
	const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
	return weekday !== 0 && weekday !== 6;
};

/**
 * The moment `days` working days (Monday to Friday in Istanbul) after `moment`, at the same
 * Istanbul wall-clock time: from a Friday 10:00, one working day is Monday 10:00. Public holidays
 * are not counted as such, so the moment may come a holiday early, never late.
 */
export function addBusinessDays(moment: Date, days: number): Date {
	const start = istanbulTime(moment);
	const day = new Date(Date.UTC(start.year, start.month - 1, start.day));
	let counted = 0;
	while (counted < days) {
		day.setUTCDate(day.getUTCDate() + 1);
		if (isWeekday(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate())) counted++;
	}
	const time = {
		...start,
		year: day.getUTCFullYear(),
		month: day.getUTCMonth() + 1,
		day: day.getUTCDate(),
	};
	// An hour skipped by a clock change (none since 2016) falls back to the same time in UTC+3.
	return (
		fromIstanbulTime(time) ??
		new Date(Date.UTC(time.year, time.month - 1, time.day, time.hour - 3, time.minute, time.second))
	);
}

/**
 * Whether a value is a bare number: a number, or text of digits alone (45800, 20250101,
 * 1746084600, 45800.5), which a reader could take for a date in more than one way.
 */
export const isBareNumber = (value: unknown): boolean =>
	(typeof value === 'number' && Number.isFinite(value)) ||
	(typeof value === 'string' && /^\s*\d+(?:[.,]\d+)?\s*$/.test(value));
