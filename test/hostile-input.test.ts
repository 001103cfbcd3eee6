/**
 * Input nobody cleaned: every bad value is an error naming its item and field before any
 * request, phone numbers go out in one form, and generated hostile rows either fail clearly on
 * their item or reach the API as exactly the values given.
 */
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../dev/emulator';
import { startEmulator } from '../dev/emulator';
import {
	createIletiMerkeziEngine,
	iletiMerkeziNode,
	requestsTo,
	secretKeyCredentials,
} from '../dev/fixtures';
import { expectNoSecrets, captureLogs } from './secrets';

const engine = createIletiMerkeziEngine();
let emulator: Emulator;
const logs = captureLogs();

beforeAll(async () => {
	emulator = await startEmulator({ backend: 'classic' });
});
afterEach(() => emulator.clear());
afterAll(async () => await emulator.close());

const mapped = {
	resource: 'contact',
	operation: 'add',
	gsm: '={{ $json.gsm }}',
	name: '={{ $json.name }}',
	surname: '={{ $json.surname }}',
	email: '={{ $json.email }}',
	customFields: { field: [{ id: '1', value: '={{ $json.city }}' }] },
};

/** The same columns taken by Map Automatically. */
const automatic = {
	resource: 'contact',
	operation: 'add',
	mappingMode: 'autoMapInputData',
	customFieldColumns: { column: [{ column: 'city', id: '1' }] },
};

async function add(
	rows: IDataObject[],
	options: INodeParameters = {},
	parameters: INodeParameters = mapped,
) {
	const result = await engine.runWorkflow({
		items: rows,
		credentials: secretKeyCredentials(emulator),
		nodes: [iletiMerkeziNode({ ...parameters, options }, { continueOnFail: true })],
	});
	expectNoSecrets(emulator, result, logs);
	return { ...result, items: result.output('iletiMerkezi') };
}

const sent = () =>
	requestsTo(emulator, 'add-contacts').flatMap(
		(r) => r.body.request.contacts.contact as IDataObject[],
	);

describe('Input checks before any request', () => {
	it.each([
		[{ email: 'ayse.example.com' }, 'Email "ayse.example.com" is not an email address'],
		[{ email: 'ayse@example' }, 'Email "ayse@example" is not an email address'],
		[{ email: 'ay se@example.com' }, 'Email "ay se@example.com" is not an email address'],
		[{ gsm: 'yok' }, 'Phone Number "yok" is not a phone number'],
		[{ gsm: '532-12' }, 'Phone Number "532-12" is not a phone number'],
		[
			{ gsm: '+90 532 123 45 67 ext 2' },
			'Phone Number "+90 532 123 45 67 ext 2" is not a phone number',
		],
		[{ name: { first: 'Ayşe' } }, 'Name must be text, not an object or list'],
		[{ surname: ['Yılmaz'] }, 'Surname must be text, not an object or list'],
		[
			{ name: null, surname: null, gsm: null },
			'The contact has no phone number, name, surname or email',
		],
	])('%j: "%s", on its item, and the others go through', async (row, message) => {
		const { error, items } = await add([{ name: 'Ayşe', ...row }, { name: 'Mehmet' }]);
		expect(error).toBeUndefined();
		expect(items[0].json.error).toBe(message);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[1].json.error).toBeUndefined();
		expect(sent()).toEqual([{ name: 'Mehmet' }]);
	});

	it('quotes at most about 100 characters of a value in a message', async () => {
		const email = `${'a'.repeat(1_000_000)}@`;
		const { items } = await add([{ email }]);
		expect(String(items[0].json.error).length).toBeLessThan(150);
		expect(items[0].json.error).toMatch(/^Email "a{100}…" is not an email address$/);
	});

	it('says what an option must be and what it was given', async () => {
		const { error } = await add([{ gsm: '5321234567' }], { concurrency: '={{ "4" }}' });
		expect(error?.message).toBe(
			'Concurrency must be a whole number from 1 to 16; the expression gave the text "4"',
		);
		expect(sent()).toEqual([]);
	});

	it.each([
		'+90 532 123 45 67',
		'0 532 123 45 67',
		'0532 123 4567',
		'905321234567',
		'+905321234567',
		'00905321234567',
		'(0532) 123-45-67',
		'532.123.45.67',
		' 5321234567 ',
	])('Normalize Phone Numbers (on by default) sends %p as 5321234567', async (gsm) => {
		const { items } = await add([{ gsm }]);
		expect(items[0].json.error).toBeUndefined();
		expect(sent()).toEqual([{ gsm: '5321234567' }]);
	});

	it('sends numbers that are not Turkish mobiles as given, for the API to judge', async () => {
		const { items } = await add([{ gsm: '+44 20 7946 0958' }, { gsm: '2121234567' }]);
		expect(sent().map((contact) => contact.gsm)).toEqual(['+44 20 7946 0958', '2121234567']);
		expect(items.map((item) => item.json.error)).toEqual([
			'Invalid phone number (code 466)',
			'Invalid phone number (code 466)',
		]);
	});

	it('with Normalize Phone Numbers off sends the number as written', async () => {
		await add([{ gsm: '+90 532 123 45 67' }], { normalizePhone: false });
		expect(sent()).toEqual([{ gsm: '+90 532 123 45 67' }]);
	});

	it('Update checks and normalizes the same way', async () => {
		const current = await startEmulator({ backend: 'current' });
		try {
			current.seedContacts([{ name: 'Ayşe' }]);
			const update = (updateFields: INodeParameters) =>
				engine.runWorkflow({
					credentials: secretKeyCredentials(current),
					nodes: [
						iletiMerkeziNode({
							resource: 'contact',
							operation: 'update',
							contactId: '1',
							updateFields,
						}),
					],
				});
			expect((await update({ email: 'bozuk@' })).error?.message).toBe(
				'Email "bozuk@" is not an email address',
			);
			expect(current.requests).toHaveLength(0);
			expect((await update({ gsm: '0 (532) 123 45 67' })).error).toBeUndefined();
			expect(current.contacts[0].gsm).toBe('5321234567');
		} finally {
			await current.close();
		}
	});
});

// The oracle, written apart from the node's own patterns: what each value must become, or that
// its item must fail.
const SEPARATOR_CHARS = new Set([' ', '\t', '\n', '\r', '\v', '\f', '-', '(', ')', '.']);
const isDigit = (c: string) => c >= '0' && c <= '9';

/** A phone number: an optional leading +, then 7 to 15 ASCII digits once separators are gone. */
function phoneDigitsOf(value: string): string | undefined {
	const kept = [...value].filter((c) => !SEPARATOR_CHARS.has(c) && !/\s/.test(c)).join('');
	const digits = kept.startsWith('+') ? kept.slice(1) : kept;
	if (digits.length < 7 || digits.length > 15 || ![...digits].every(isDigit)) return undefined;
	return kept;
}

/** The ten digits of a Turkish mobile, by the prefixes the provider lists. */
function turkishMobile(phone: string): string | undefined {
	for (const prefix of ['+90', '0090', '90', '0', '']) {
		const rest = phone.startsWith(prefix) ? phone.slice(prefix.length) : undefined;
		if (rest?.length === 10 && rest.startsWith('5') && [...rest].every(isDigit)) return rest;
	}
	return undefined;
}

/** One @, something before it, a domain of two or more non-empty dot-separated labels. */
function isEmail(value: string): boolean {
	if (/\s/.test(value)) return false;
	const parts = value.split('@');
	if (parts.length !== 2 || parts[0] === '') return false;
	const labels = parts[1].split('.');
	return labels.length >= 2 && labels.every((label) => label !== '');
}

type Expected = { error: true } | { contact: IDataObject };

function expected(row: IDataObject): Expected {
	const contact: IDataObject = {};
	for (const field of ['name', 'surname', 'email', 'gsm', 'city']) {
		const value = row[field];
		if (value === null || value === undefined) continue;
		if (typeof value === 'object') return { error: true };
		const text = String(value).trim();
		if (text !== '') contact[field] = text;
	}
	if (!contact.name && !contact.surname && !contact.email && !contact.gsm) return { error: true };
	if (contact.email && !isEmail(contact.email as string)) return { error: true };
	if (contact.gsm) {
		const phone = phoneDigitsOf(contact.gsm as string);
		if (phone === undefined) return { error: true };
		contact.gsm = turkishMobile(phone) ?? contact.gsm;
	}
	const { city, ...rest } = contact;
	return {
		contact: city ? { ...rest, custom_fields: { custom_field: [{ id: '1', value: city }] } } : rest,
	};
}

const hostileText = fc.oneof(
	fc.string(),
	fc.fullUnicodeString(),
	fc.constantFrom(
		'Ayşe Yılmaz',
		'محمد العلي',
		'שָׁלוֹם',
		'👩‍👩‍👧 Aile 🎉',
		'O\'Brien "Quote"',
		'line\nbreak\r\nand\ttab',
		'</script><script>alert(1)</script>',
		'{{ $json.name }}',
		'\u202eevil\u202c',
		'   ',
		'\u0000nul',
		'x'.repeat(10_000),
	),
);
const hostilePhone = fc.oneof(
	fc.constantFrom(
		'+90 532 123 45 67',
		'0532-123-45-67',
		'(0532) 1234567',
		'905321234567',
		'5321234567',
		'+1 (555) 010-9999',
		'٠٥٣٢١٢٣٤٥٦٧',
		'532 123 45 67 8',
		'+',
		'0',
		'5'.repeat(16),
	),
	fc.stringMatching(/^[+0-9 ()-]{0,20}$/),
	fc.integer({ min: 0, max: 99_999_999_999 }),
);
const hostileEmail = fc.oneof(
	fc.emailAddress(),
	fc.constantFrom('ayşe@örnek.com.tr', 'a@b', '@example.com', 'a@@b.com', 'a b@c.de', 'a@b..c'),
	hostileText,
);
const nonText = fc.oneof(
	fc.constant(null),
	fc.integer(),
	fc.double({ noNaN: true }),
	fc.boolean(),
	fc.constant(undefined),
	fc.array(fc.string(), { maxLength: 2 }),
	fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);
const value = (text: fc.Arbitrary<unknown>) => fc.oneof({ weight: 4, arbitrary: text }, nonText);
const hostileRow = fc.record(
	{
		name: value(hostileText),
		surname: value(hostileText),
		email: value(hostileEmail),
		gsm: value(hostilePhone),
		city: value(hostileText),
	},
	{ requiredKeys: [] },
);

const crashed = (item: INodeExecutionData) =>
	/TypeError|Cannot read|is not a function/.test(String(item.json.error));

describe('Generated hostile input', () => {
	let cases = 0;
	afterAll(() => {
		expect(cases).toBeGreaterThanOrEqual(200);
		// eslint-disable-next-line no-console -- the suite's total, for the record
		console.log(`hostile input: ${cases} generated cases`);
	});

	it.each([
		['mapped with expressions', mapped],
		['mapped automatically', automatic],
	])(
		'%s: each row ends as a clear error on its item or as exactly its values at the API',
		async (_, parameters) => {
			await fc.assert(
				fc.asyncProperty(fc.array(hostileRow, { minLength: 1, maxLength: 4 }), async (rows) => {
					emulator.clear();
					cases += rows.length;
					const { error, items } = await add(rows as IDataObject[], {}, parameters);
					expect(error).toBeUndefined();
					expect(items).toHaveLength(rows.length);
					const wanted = rows.map((row) => expected(row as IDataObject));
					const valid = wanted.flatMap((w) => ('contact' in w ? [w.contact] : []));
					// Decoded by the emulator from the JSON the node sent: the same values.
					expect(sent()).toEqual(valid);
					items.forEach((item, i) => {
						expect(item.pairedItem).toEqual({ item: i });
						expect(crashed(item)).toBe(false);
						if ('error' in wanted[i]) {
							expect(typeof item.json.error).toBe('string');
							expect(String(item.json.message).length).toBeGreaterThan(10);
						}
					});
				}),
				{ numRuns: 120 },
			);
		},
	);

	it('Contact IDs: a whole number above 0 is sent as its digits, anything else fails on its item', async () => {
		emulator.seedContacts([{ name: 'Ayşe' }]);
		const id = fc.oneof(
			fc.integer({ min: -5, max: 5 }),
			fc.constantFrom('1', ' 1 ', '01', '1.0', '1e0', '0x1', '١', '+1', '', '1,2', 1.5, null),
			fc.string({ maxLength: 4 }),
			nonText,
		);
		await fc.assert(
			fc.asyncProperty(fc.array(id, { minLength: 1, maxLength: 4 }), async (ids) => {
				emulator.clear();
				emulator.seedContacts([{ name: 'Ayşe' }]);
				cases += ids.length;
				const result = await engine.runWorkflow({
					items: ids.map((contactId) => ({ contactId })),
					credentials: secretKeyCredentials(emulator),
					nodes: [
						iletiMerkeziNode(
							{ resource: 'contact', operation: 'get', contactId: '={{ $json.contactId }}' },
							{ continueOnFail: true },
						),
					],
				});
				expectNoSecrets(emulator, result, logs);
				const items = result.output('iletiMerkezi');
				const asked = requestsTo(emulator, 'get-contact').map((r) => r.body.request.contact.id);
				const valid = ids.flatMap((raw) => {
					const text = raw === null || typeof raw === 'object' ? '' : String(raw).trim();
					return /^\d+$/.test(text) && !/^0+$/.test(text) ? [text] : [];
				});
				expect(asked).toEqual(valid);
				items.forEach((item) => expect(crashed(item)).toBe(false));
			}),
			{ numRuns: 60 },
		);
	});
});
