import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { authenticationBlock } from '../../../credentials/IletiMerkeziApi.credentials';

const REDACTED = '[redacted]';

/** A secret as it may be written into an answer: as is, URL-encoded, JSON-escaped. */
const writtenForms = (secret: string) => [
	secret,
	encodeURIComponent(secret),
	JSON.stringify(secret).slice(1, -1),
];

/** The fewest characters of a secret that are taken out wherever they turn up. */
export const SECRET_PART = 8;
/** SECRET_PART is a power of two: a window's slots are counted with this mask. */
const SLOT_MASK = SECRET_PART - 1;
const FILTER_SIZE = 1 << 16;
const FILTER_MASK = FILTER_SIZE - 1;

/** Whitespace and line breaks (what \s matches), by UTF-16 code unit. */
const isSpace = (c: number) =>
	c === 32 ||
	(c >= 9 && c <= 13) ||
	(c > 127 &&
		(c === 0xa0 ||
			c === 0x1680 ||
			(c >= 0x2000 && c <= 0x200a) ||
			c === 0x2028 ||
			c === 0x2029 ||
			c === 0x202f ||
			c === 0x205f ||
			c === 0x3000 ||
			c === 0xfeff));
/** A to Z in lower case, every other code unit as it is (so lengths never change). */
const lower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
const upper = (c: number) => (c >= 97 && c <= 122 ? c - 32 : c);

const OTHER = 0;
const SPACE = 1;
const IN_SECRET = 2;
/** Each UTF-16 code unit: SPACE for whitespace and line breaks, OTHER for the rest. */
const SPACES = Uint8Array.from({ length: 1 << 16 }, (_, c) => (isSpace(c) ? SPACE : OTHER));

const BASE = 131;
/** BASE to the power SECRET_PART - 1, in 32 bits: what the character leaving the window weighed. */
const LEAVING = Array.from({ length: SECRET_PART - 1 }).reduce<number>(
	(power) => Math.imul(power, BASE),
	1,
);

/**
 * What finds the runs of SECRET_PART or more characters of `secrets` in a text: [start, end) in
 * the text, whitespace between their characters included; undefined when there are none. One pass,
 * linear whatever the text: each character is looked up in a table (whitespace is skipped, a
 * character no secret has starts the window afresh), a rolling hash of the window's last
 * SECRET_PART characters (A–Z in lower case) is looked up among the secrets' own parts, and each hit
 * is compared character by character.
 */
function partsFinder(
	secrets: string[],
): ((text: string) => Array<[number, number]> | undefined) | undefined {
	const table = new Map<number, Part[]>();
	// The low bits of every part's hash: most windows are told apart here, without the Map.
	const filter = new Uint8Array(FILTER_SIZE);
	// What each UTF-16 code unit is: OTHER, SPACE, or a character of a secret (IN_SECRET).
	const kinds = SPACES.slice();
	for (const secret of secrets) {
		const codes = Array.from({ length: secret.length }, (_, i) => secret.charCodeAt(i));
		const lowered = codes.filter((c) => !isSpace(c)).map(lower);
		for (const c of lowered) kinds[c] = kinds[upper(c)] = IN_SECRET;
		const whole = Int32Array.from(lowered);
		for (let at = 0; at + SECRET_PART <= lowered.length; at++) {
			const codes = whole.subarray(at, at + SECRET_PART);
			const hash = codes.reduce((sum, c) => (Math.imul(sum, BASE) + c) | 0, 0);
			table.set(hash, [...(table.get(hash) ?? []), { codes, secret: whole, at }]);
			filter[hash & FILTER_MASK] = 1;
		}
	}
	if (table.size === 0) return undefined;
	return (text) => (text.length < SECRET_PART ? undefined : scan(text, kinds, table, filter));
}

/** SECRET_PART characters of a secret: their codes, the secret's, and where they start in it. */
interface Part {
	codes: Int32Array;
	secret: Int32Array;
	at: number;
}

/**
 * The runs of `text` that match a part in `table` (see partsFinder). While the window is a part of
 * a secret, the next character is first compared with the one after it in that secret: a long
 * stretch of a secret costs one comparison a character.
 */
function scan(
	text: string,
	kinds: Uint8Array,
	table: Map<number, Part[]>,
	filter: Uint8Array,
): Array<[number, number]> | undefined {
	// The window's last SECRET_PART characters: their codes, and where each stood in the text.
	const codes = new Int32Array(SECRET_PART);
	const where = new Int32Array(SECRET_PART);
	let runs: Array<[number, number]> | undefined;
	// Characters in the window so far, and its hash.
	let read = 0;
	let hash = 0;
	// The characters read when the last run ended, to join a window that overlaps it (-1: none).
	let runEndsAt = -1;
	// The secret the window is a part of (when it is one), and where that part starts in it.
	let secret: Int32Array | undefined;
	let at = 0;
	for (let i = 0; i < text.length; i++) {
		const raw = text.charCodeAt(i);
		const kind = kinds[raw];
		if (kind === SPACE) continue;
		if (kind === OTHER) {
			read = 0;
			hash = 0;
			runEndsAt = -1;
			secret = undefined;
			continue;
		}
		const c = raw >= 65 && raw <= 90 ? raw + 32 : raw;
		const slot = read & SLOT_MASK;
		const leaving = read >= SECRET_PART ? Math.imul(codes[slot], LEAVING) : 0;
		hash = (Math.imul(hash - leaving, BASE) + c) | 0;
		codes[slot] = c;
		where[slot] = i;
		read++;
		if (
			secret !== undefined &&
			at + SECRET_PART < secret.length &&
			secret[at + SECRET_PART] === c
		) {
			at++;
		} else {
			secret = undefined;
			if (read < SECRET_PART || filter[hash & FILTER_MASK] === 0) continue;
			const part = matching(table.get(hash), codes, read);
			if (part === undefined) continue;
			({ secret, at } = part);
		}
		if (runs && runEndsAt >= 0 && read - SECRET_PART <= runEndsAt) runs[runs.length - 1][1] = i + 1;
		else (runs ??= []).push([where[read & SLOT_MASK], i + 1]);
		runEndsAt = read;
	}
	return runs;
}

/** The one of `parts` that is the window of `codes` ending at `read` characters, if any. */
function matching(parts: Part[] | undefined, codes: Int32Array, read: number): Part | undefined {
	if (parts === undefined) return undefined;
	for (const part of parts) {
		let k = 0;
		while (k < SECRET_PART && part.codes[k] === codes[(read + k) & SLOT_MASK]) k++;
		if (k === SECRET_PART) return part;
	}
	return undefined;
}

/** `text` with each of `runs` ([start, end), in order, apart) replaced. */
function cut(text: string, runs: Array<[number, number]>): string {
	let kept = '';
	let from = 0;
	for (const [start, end] of runs) {
		kept += text.slice(from, start) + REDACTED;
		from = end;
	}
	return kept + text.slice(from);
}

/** Whether `test` holds for any string of `value` (or key), however deep, without recursion. */
function someString(value: unknown, test: (text: string) => boolean): boolean {
	const stack = [value];
	while (stack.length > 0) {
		const next = stack.pop();
		if (typeof next === 'string') {
			if (test(next)) return true;
		} else if (typeof next === 'object' && next !== null) {
			for (const [key, inner] of Object.entries(next)) stack.push(key, inner);
		}
	}
	return false;
}

/**
 * Removes `secrets` from every string of an answer (its keys too), written as they are,
 * URL-encoded or JSON-escaped, in any case; and, for the `inParts` secrets, any run of SECRET_PART or more
 * of their characters, read with whitespace and line breaks left out (a page that folds or wraps
 * the request it quotes). An answer holding none of them is returned as it is, after one pass over
 * its strings. Linear in the answer's length, whatever it holds.
 */
export function redactor(secrets: string[], inParts: string[] = []): (value: unknown) => unknown {
	const forms = new Set<string>();
	for (const secret of secrets.filter((value) => value.length >= 4)) {
		for (const form of writtenForms(secret)) {
			forms.add(form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
		}
	}
	const parts = partsFinder([...new Set(inParts.flatMap(writtenForms))]);
	if (forms.size === 0 && !parts) return (value) => value;
	const pattern =
		forms.size === 0
			? undefined
			: new RegExp([...forms].sort((a, b) => b.length - a.length).join('|'), 'i');
	const everywhere = pattern && new RegExp(pattern.source, 'gi');
	const holds = (text: string) => !!pattern?.test(text) || !!parts?.(text);
	const clean = (text: string) => {
		const whole = everywhere ? text.replace(everywhere, REDACTED) : text;
		const runs = parts?.(whole);
		return runs ? cut(whole, runs) : whole;
	};
	// A string (a proxy's page, most often) is cleaned in one pass; anything else is copied only
	// when one of its strings holds something to take out.
	return (value) =>
		typeof value === 'string'
			? clean(value)
			: someString(value, holds)
				? mapStrings(value, clean)
				: value;
}

/** A copy of `value` with `map` applied to every string and key, however deep, without recursion. */
function mapStrings(value: unknown, map: (text: string) => string): unknown {
	const root = { value };
	const stack: Array<[Record<string | number, unknown>, string | number]> = [[root, 'value']];
	while (stack.length > 0) {
		const [holder, at] = stack.pop()!;
		const inner = holder[at];
		if (typeof inner === 'string') holder[at] = map(inner);
		else if (Array.isArray(inner)) {
			const copy: unknown[] = [...inner];
			holder[at] = copy;
			copy.forEach((_, index) => stack.push([copy as Record<number, unknown>, index]));
		} else if (typeof inner === 'object' && inner !== null) {
			const copy: Record<string, unknown> = {};
			for (const [key, item] of Object.entries(inner)) copy[map(key)] = item;
			holder[at] = copy;
			for (const key of Object.keys(copy)) stack.push([copy, key]);
		}
	}
	return root.value;
}

/**
 * What must never leave in clear: the key, the hash and the secret, out of answers; the hash and the
 * secret in parts too (any SECRET_PART characters of them in a row).
 */
export const secretsRedactor = (credentials: ICredentialDataDecryptedObject) => {
	const { key, hash } = authenticationBlock(credentials);
	const [hashText, secret] = [String(hash), String(credentials.secretKey ?? '')];
	return redactor([String(key), hashText, secret], [hashText, secret]);
};
