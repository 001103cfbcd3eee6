/**
 * The emulator's own count of SMS parts, written apart from the node's (which the specs check
 * against it): the text with iletiMerkezi's operator code, as GSM-7 septets (the default alphabet,
 * its extension table, the Turkish single-shift table) or UCS-2 units, packed into parts without
 * splitting an escape or a surrogate pair.
 */
const BASIC = new Set(
	Array.from(
		'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
	),
);
/** Two septets each: the extension table, and the Turkish single-shift table's letters. */
const ESCAPED = new Set(Array.from('\f^{}\\[~]|€ĞİŞçğış'));
/** Any of these counts the text with the Turkish single-shift header (155 alone, 149 a part). */
const TURKISH = new Set(Array.from('çğıöşüÇĞİÖŞÜ'));

export function partsOf(text: string): number {
	const symbols = Array.from(`${text} B186`);
	const gsm = symbols.every((s) => BASIC.has(s) || ESCAPED.has(s));
	const widths = symbols.map((s) => (gsm ? (ESCAPED.has(s) ? 2 : 1) : s.length));
	const [alone, split] = !gsm
		? [70, 67]
		: symbols.some((s) => TURKISH.has(s))
			? [155, 149]
			: [160, 153];
	if (widths.reduce((a, b) => a + b, 0) <= alone) return 1;
	const parts = [0];
	for (const w of widths) {
		if (parts[parts.length - 1] + w > split) parts.push(0);
		parts[parts.length - 1] += w;
	}
	return parts.length;
}
