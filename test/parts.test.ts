/**
 * SMS parts as the node counts them before sending (docs/api.md, "SMS parts"): every boundary of
 * the rule, the operator code " B186" counted, escape and surrogate pairs never split; and the
 * node's count against the emulator's own, written apart, on many random texts.
 */
import { partsOf } from '../dev/emulator/parts';
import { countSmsParts } from '../nodes/IletiMerkezi/actions/message/send/parts';

const a = (n: number) => 'a'.repeat(n);
const parts = (text: string) => countSmsParts(text).parts;

describe('SMS parts', () => {
	it('plain GSM: 160 septets in one part, 153 a part beyond, the 5 of " B186" included', () => {
		expect(countSmsParts(a(155))).toMatchObject({ encoding: 'GSM-7', units: 160, parts: 1 });
		expect(countSmsParts(a(156))).toMatchObject({ units: 161, parts: 2 });
		expect(parts(a(153 * 2 - 5))).toBe(2);
		expect(parts(a(153 * 2 - 4))).toBe(3);
		expect(parts(a(153 * 7 - 5))).toBe(7);
		expect(parts(a(153 * 7 - 4))).toBe(8);
	});

	it('the operator code counts: 160 letters alone would fit one part, with it they take two', () => {
		expect(parts(a(160))).toBe(2);
		expect(countSmsParts('').units).toBe(5);
		expect(countSmsParts('Ö').units).toBe(6);
	});

	it('the extension table costs two septets: € [ ] { } ^ ~ | \\ and form feed', () => {
		expect(countSmsParts('€[]{}^~|\\\f')).toMatchObject({ encoding: 'GSM-7', units: 25 });
		expect(parts(`${a(153)}€`)).toBe(1); // 153 + 2 + 5 = 160
		expect(parts(`${a(154)}€`)).toBe(2);
	});

	it('a Turkish-shift letter: two septets, 155 in one part, 149 a part beyond', () => {
		for (const letter of 'ĞİŞçğış') {
			expect(countSmsParts(`${letter}${a(148)}`)).toMatchObject({
				encoding: 'GSM-7 Turkish',
				units: 155,
				parts: 1,
			});
			expect(parts(`${letter}${a(149)}`)).toBe(2);
		}
		expect(parts(`ş${a(149 * 2 - 7)}`)).toBe(2);
		expect(parts(`ş${a(149 * 2 - 6)}`)).toBe(3);
		expect(parts(`ş${a(149 * 7 - 7)}`)).toBe(7); // 1,036 + ş: 1,043 septets
		expect(parts(`ş${a(149 * 7 - 6)}`)).toBe(8);
	});

	it('Ç Ö Ü ö ü are one septet, but count a text at the Turkish sizes (the provider’s 150 a part)', () => {
		for (const letter of 'ÇÖÜöü') {
			expect(countSmsParts(`${letter}${a(149)}`)).toMatchObject({
				encoding: 'GSM-7 Turkish',
				units: 155,
				parts: 1,
			});
			expect(parts(`${letter}${a(150)}`)).toBe(2);
		}
		expect(parts(`ö${a(149 * 7 - 6)}`)).toBe(7);
		expect(parts(`ö${a(149 * 7 - 5)}`)).toBe(8);
	});

	it('UCS-2 for anything outside both tables: 70 UTF-16 units alone, 67 a part', () => {
		expect(countSmsParts(`â${a(64)}`)).toMatchObject({
			encoding: 'UCS-2',
			units: 70,
			parts: 1,
			outside: ['â'],
		});
		expect(parts(`â${a(65)}`)).toBe(2);
		expect(countSmsParts(`😀${a(63)}`)).toMatchObject({ units: 70, parts: 1, outside: ['😀'] });
		expect(parts(`😀${a(64)}`)).toBe(2);
		expect(parts(`😀${a(67 * 7 - 7)}`)).toBe(7);
		expect(parts(`😀${a(67 * 7 - 6)}`)).toBe(8);
		// Turkish letters count one unit each in UCS-2.
		expect(countSmsParts(`😀ş${a(62)}`)).toMatchObject({ units: 70, parts: 1 });
	});

	it('names each character that makes a text UCS-2 once, at most five', () => {
		expect(countSmsParts('a😀b😀c\td').outside).toEqual(['😀', '\t']);
		expect(countSmsParts('âêîôûÂ').outside).toEqual(['â', 'ê', 'î', 'ô', 'û']);
	});

	it('an escape pair at a part’s edge moves whole to the next part', () => {
		// 152 + € (2) + 147 + 5 = 306 septets: two parts of 153 by length, three as split.
		expect(countSmsParts(`${a(152)}€${a(147)}`)).toMatchObject({ units: 306, parts: 3 });
		expect(parts(`${a(151)}€${a(148)}`)).toBe(2);
		// A Turkish letter behind its escape: 148 + ş + 143 + 5 = 298 = 2 × 149.
		expect(countSmsParts(`${a(148)}ş${a(143)}`)).toMatchObject({ units: 298, parts: 3 });
		expect(parts(`${a(147)}ş${a(144)}`)).toBe(2);
	});

	it('a surrogate pair at a part’s edge moves whole to the next part', () => {
		// 66 + 😀 (2) + 61 + 5 = 134 = 2 × 67 units, three parts as split.
		expect(countSmsParts(`${a(66)}😀${a(61)}`)).toMatchObject({ units: 134, parts: 3 });
		expect(parts(`${a(65)}😀${a(62)}`)).toBe(2);
	});

	it('agrees with the emulator’s count, written apart, on 5,000 random texts', () => {
		const alphabet = Array.from('aZ0 .,\n€[{^ÇÖüçğışİĞŞâ😀é\t');
		// mulberry32: a small seeded generator, so a failure can be replayed.
		let seed = 7;
		const random = (n: number) => {
			seed = (seed + 0x6d2b79f5) | 0;
			let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
			t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
			return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
		};
		const disagreeing: Array<[string, number, number]> = [];
		for (let k = 0; k < 5000; k++) {
			const length = random(1200);
			const kinds = alphabet.slice(0, 3 + random(alphabet.length - 2));
			let text = '';
			for (let i = 0; i < length; i++) {
				text += random(8) === 0 ? kinds[random(kinds.length)] : 'abcdef'[random(6)];
			}
			if (parts(text) !== partsOf(text)) disagreeing.push([text, parts(text), partsOf(text)]);
		}
		expect(disagreeing.slice(0, 3)).toEqual([]);
	});
});
