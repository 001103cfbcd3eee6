/**
 * The rules the node applies to values, each defined here once: record IDs, phone numbers and
 * emails, the shortest search key, and Turkish letter folding.
 */

/** A value as trimmed text; nothing, an object or a list is no text (''). */
export function plainText(value: unknown): string {
	return value === undefined || value === null || typeof value === 'object'
		? ''
		: String(value).trim();
}

/** A record's ID as the API gives them: a whole number above 0. */
export const RECORD_ID = /^0*[1-9]\d*$/;
export const isRecordId = (value: string) => RECORD_ID.test(value);

/** The API's search (and the lookups built on it) needs at least this many characters. */
export const MIN_SEARCH_KEY = 3;

const SEPARATORS = /[\s\-().]/g;
/** A Turkish mobile in any of its written forms; the group is the ten digits from the 5. */
const TURKISH_MOBILE = /^(?:\+90|0090|90|0)?(5\d{9})$/;
/** A phone number of any country: an optional +, then 7 to 15 digits (E.164). */
const PHONE = /^\+?\d{7,15}$/;
/** Something before an @, a domain with a dot after it, and no spaces. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export const isEmail = (value: string) => EMAIL.test(value);

/** Whether a written number is a phone number: separators aside, 7–15 digits, maybe a +. */
export const isPhone = (value: string) => PHONE.test(value.replace(SEPARATORS, ''));

/** A Turkish mobile's ten digits from the 5 (5xxxxxxxxx), however it is written; else undefined. */
export function turkishMobile(value: string): string | undefined {
	return TURKISH_MOBILE.exec(value.replace(SEPARATORS, ''))?.[1];
}

/** A Turkish mobile's ten digits as İYS and the blacklist take them: +905xxxxxxxxx. */
export const withPlus90 = (mobile: string) => `+90${mobile}`;

/** A Turkish mobile as İYS and the blacklist take it, +905xxxxxxxxx, however it is written; else undefined. */
export function plus90Mobile(value: string): string | undefined {
	const mobile = turkishMobile(value);
	return mobile === undefined ? undefined : withPlus90(mobile);
}

/**
 * A phone number as one value to compare: a Turkish mobile as its ten digits, any other number as
 * all its digits. Two numbers are the same only when these are equal; '' for no number.
 */
export function phoneKey(value: unknown): string {
	const written = plainText(value);
	return turkishMobile(written) ?? written.replace(/\D/g, '');
}

/** An email as one value to compare: in lower case; '' for none. */
export const emailKey = (value: unknown) => plainText(value).toLowerCase();

/**
 * Turkish lower case with dotted and dotless i made one letter, and Turkish letters as their Latin
 * base: "VIP", "vip" and "vıp" are one, as are "Şehir" and "sehir".
 */
export function foldTurkish(text: string): string {
	return text
		.toLocaleLowerCase('tr')
		.replace(/ı/g, 'i')
		.replace(/[şğüöç]/g, (letter) => LATIN[letter]);
}
const LATIN: Record<string, string> = { ş: 's', ğ: 'g', ü: 'u', ö: 'o', ç: 'c' };
