/**
 * How many SMS parts (credits) a text takes, counted as 3GPP TS 23.038 counts them, with the
 * operator code iletiMerkezi appends to every message; see docs/api.md, "SMS parts".
 */

/** What a text takes once sent: its encoding, its length in that encoding, and its parts. */
export interface SmsCount {
	/**
	 * `GSM-7`: the default alphabet (and its extension table); `GSM-7 Turkish`: the same with a
	 * Turkish letter, counted with the Turkish single-shift table's header; `UCS-2`: anything else.
	 */
	encoding: 'GSM-7' | 'GSM-7 Turkish' | 'UCS-2';
	/** Septets (GSM-7) or UTF-16 units (UCS-2), the operator code included. */
	units: number;
	parts: number;
	/** Units a part holds alone, and each part of a split text. */
	single: number;
	perPart: number;
	/** UCS-2 only: the characters outside both GSM tables (each once, at most 5). */
	outside: string[];
}

/** Appended by iletiMerkezi to every SMS (a BTK ruling): a space and the code, five characters. */
const OPERATOR_CODE = ' B186';

/**
 * Each UTF-16 unit below 0x400 (and €) by what it costs in GSM-7: 0 outside both tables;
 * 1 one septet; 2 escape + code (the extension table, in both the default and the Turkish
 * single-shift one); 3 escape + code, in the Turkish single-shift table only (Ğ İ Ş ç ğ ı ş);
 * 4 one septet, a Turkish letter of the default alphabet (Ç Ö Ü ö ü).
 */
const ONE = 1;
const EXTENDED = 2;
const TURKISH_SHIFT = 3;
const TURKISH_DEFAULT = 4;
const TABLE_SIZE = 0x400;
const EURO = 0x20ac;

/** TS 23.038 §6.2.1, the 127 characters of the default alphabet (0x1B is the escape). */
const DEFAULT_ALPHABET =
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
	'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** §6.2.1.1, the extension table (€ is handled apart): form feed ^ { } \ [ ~ ] |. */
const EXTENSION = '\f^{}\\[~]|';
/** Annex A.2.1, the Turkish single-shift table's letters beyond the extension table. */
const TURKISH_SHIFT_LETTERS = 'ĞİŞçğış';
const TURKISH_DEFAULT_LETTERS = 'ÇÖÜöü';

const COST = new Uint8Array(TABLE_SIZE);
for (const c of DEFAULT_ALPHABET) COST[c.charCodeAt(0)] = ONE;
for (const c of EXTENSION) COST[c.charCodeAt(0)] = EXTENDED;
for (const c of TURKISH_SHIFT_LETTERS) COST[c.charCodeAt(0)] = TURKISH_SHIFT;
for (const c of TURKISH_DEFAULT_LETTERS) COST[c.charCodeAt(0)] = TURKISH_DEFAULT;

const costOf = (unit: number) => (unit < TABLE_SIZE ? COST[unit] : unit === EURO ? EXTENDED : 0);

/**
 * Parts filled one after the other, `perPart` units each, an escape pair or a surrogate pair
 * never split: one that does not fit moves whole to the next part. `width` gives the units of
 * the character at a position (2 for a surrogate pair, which is then stepped over whole).
 */
function fill(text: string, perPart: number, width: (text: string, at: number) => number) {
	let parts = 1;
	let used = 0;
	for (let at = 0; at < text.length; ) {
		const w = width(text, at);
		if (used + w > perPart) {
			parts++;
			used = 0;
		}
		used += w;
		at += isHighSurrogate(text.charCodeAt(at)) ? w : 1;
	}
	return parts;
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** A character's UTF-16 units: 2 for a surrogate pair, else 1. */
const ucs2Width = (text: string, at: number) =>
	isHighSurrogate(text.charCodeAt(at)) && isLowSurrogate(text.charCodeAt(at + 1)) ? 2 : 1;

/** A GSM character's septets: 2 for an escape and its code, else 1. */
const gsmWidth = (text: string, at: number) => {
	const cost = costOf(text.charCodeAt(at));
	return cost === EXTENDED || cost === TURKISH_SHIFT ? 2 : 1;
};

/**
 * The encoding, units and parts of `text` as sent: with the operator code appended, in GSM-7
 * when every character is in the default alphabet or its extension table (160 septets alone, 153
 * a part), with the Turkish single-shift table's header when it holds one of the twelve Turkish
 * letters (155 alone, 149 a part; Ğ İ Ş ç ğ ı ş two septets each), otherwise UCS-2 (70 UTF-16
 * units alone, 67 a part).
 */
export function countSmsParts(text: string): SmsCount {
	const sent = text + OPERATOR_CODE;
	let septets = 0;
	let turkish = false;
	let outside: string[] | undefined;
	for (let at = 0; at < sent.length; at++) {
		const unit = sent.charCodeAt(at);
		const cost = costOf(unit);
		if (cost === 0) {
			outside ??= [];
			const width = ucs2Width(sent, at);
			const char = sent.slice(at, at + width);
			if (outside.length < 5 && !outside.includes(char)) outside.push(char);
			at += width - 1;
			continue;
		}
		septets += cost === ONE || cost === TURKISH_DEFAULT ? 1 : 2;
		if (cost >= TURKISH_SHIFT) turkish = true;
	}
	if (outside) {
		return count('UCS-2', sent.length, 70, 67, () => fill(sent, 67, ucs2Width), outside);
	}
	if (turkish) {
		return count('GSM-7 Turkish', septets, 155, 149, () => fill(sent, 149, gsmWidth), []);
	}
	return count('GSM-7', septets, 160, 153, () => fill(sent, 153, gsmWidth), []);
}

function count(
	encoding: SmsCount['encoding'],
	units: number,
	single: number,
	perPart: number,
	split: () => number,
	outside: string[],
): SmsCount {
	return { encoding, units, parts: units <= single ? 1 : split(), single, perPart, outside };
}
