import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { parameterReader, plainReference } from '../nodes/IletiMerkezi/helpers/reader';
import type { Emulator } from '../dev/emulator';
import { startEmulator } from '../dev/emulator';
import {
	addFromRows,
	createIletiMerkeziEngine,
	iletiMerkeziNode,
	requestsTo,
	secretKeyCredentials,
} from '../dev/fixtures';

const engine = createIletiMerkeziEngine();
let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator();
});
afterEach(() => emulator.clear());
afterAll(async () => await emulator.close());

const automatic = { resource: 'contact', operation: 'add', mappingMode: 'autoMapInputData' };

async function add(rows: IDataObject[], parameters: INodeParameters, continueOnFail = true) {
	const { error, output } = await engine.runWorkflow({
		items: rows,
		credentials: secretKeyCredentials(emulator),
		nodes: [iletiMerkeziNode(parameters, { continueOnFail })],
	});
	const sent = requestsTo(emulator, 'add-contacts').flatMap((r) => r.body.request.contacts.contact);
	return { error, items: output('iletiMerkezi').map((item) => item.json), sent };
}

describe('Contact › Add › Map Automatically', () => {
	it('takes name, surname, email and phone from columns named in English or Turkish, any case or spacing', async () => {
		const { sent, error } = await add(
			[
				{ Phone: '5321234567', 'First Name': 'Ayşe', last_name: 'Yılmaz', 'E-Mail': 'a@x.com' },
				{ 'Cep Telefonu': 5331112233, AD: 'Mehmet', Soyadı: 'Demir', 'e-posta': 'm@x.com' },
				{ telefon: '5051234567', İSİM: 'Zeynep', SOYAD: 'Kaya', mail: 'z@x.com', notes: 'x' },
				{ MOBILE: '5459876543', firstname: 'Can', 'Last-Name': 'Öztürk', unrelated: { a: 1 } },
				{ 'Cep Tel': '5441234567', 'Adı Soyadı': 'Elif Şahin' },
			],
			automatic,
		);
		expect(error).toBeUndefined();
		expect(sent).toEqual([
			{ name: 'Ayşe', surname: 'Yılmaz', email: 'a@x.com', gsm: '5321234567' },
			{ name: 'Mehmet', surname: 'Demir', email: 'm@x.com', gsm: '5331112233' },
			{ name: 'Zeynep', surname: 'Kaya', email: 'z@x.com', gsm: '5051234567' },
			{ name: 'Can', surname: 'Öztürk', gsm: '5459876543' },
			{ name: 'Elif Şahin', gsm: '5441234567' },
		]);
	});

	it('takes custom fields from the columns named on the node and groups from the Group parameter', async () => {
		const { sent } = await add([{ gsm: '5321234567', City: 'İzmir', segment: 'Gold' }], {
			...automatic,
			groupIds: ['1', '11'],
			customFieldColumns: {
				column: [
					{ column: 'city', id: '1' },
					{ column: 'Segment', id: '2' },
				],
			},
		});
		expect(sent).toEqual([
			{
				gsm: '5321234567',
				custom_fields: {
					custom_field: [
						{ id: '1', value: 'İzmir' },
						{ id: '2', value: 'Gold' },
					],
				},
				groups: { group: [{ id: '1' }, { id: '11' }] },
			},
		]);
	});

	it('prefers the column named like the field when two give it, skipping empty ones', async () => {
		const { sent } = await add(
			[
				{ phone: '5051234567', gsm: '5321234567' },
				{ gsm: '  ', mobile: '5331112233', name: null, 'first name': 'Ali' },
			],
			automatic,
		);
		expect(sent).toEqual([{ gsm: '5321234567' }, { gsm: '5331112233', name: 'Ali' }]);
	});

	it('fails an item with none of the four columns, or a list in one, on that item; adds the others', async () => {
		const { items, sent } = await add(
			[{ phone: '5321234567' }, { city: 'Ankara', Phone_Number: '' }, { email: ['a@x.com'] }],
			automatic,
		);
		expect(sent).toEqual([{ gsm: '5321234567' }]);
		expect(items.map((item) => item.error)).toEqual([
			undefined,
			'The item has no phone number, name, surname or email column',
			'Column "email" must be text, not an object or list',
		]);
	});

	it('takes "Ad" as the first name beside a surname column, and a full-name column over it without one', async () => {
		const { sent } = await add(
			[
				{ Ad: 'Ayşe', Soyad: 'Yılmaz', 'Ad Soyad': 'Ayşe Yılmaz', gsm: '5321234567' },
				{ Ad: 'Yaz kampanyası', 'Full Name': 'Mehmet Demir', gsm: '5331112233' },
			],
			automatic,
		);
		expect(sent).toEqual([
			{ name: 'Ayşe', surname: 'Yılmaz', gsm: '5321234567' },
			{ name: 'Mehmet Demir', gsm: '5331112233' },
		]);
	});

	it('takes "Numara" as the phone only when its value looks like one', async () => {
		const { sent } = await add(
			[
				{ Numara: 'SIP-2024-118', name: 'Ali' },
				{ Numara: '0532 123 45 67', name: 'Veli' },
			],
			automatic,
		);
		expect(sent).toEqual([{ name: 'Ali' }, { name: 'Veli', gsm: '5321234567' }]);
	});

	it('reads headings with invisible characters or full-width letters as the plain heading', async () => {
		const { sent } = await add(
			[{ name: 'Ali', 'E\u200Bmail': 'ali@example.com', ｐｈｏｎｅ: '5321234567' }],
			automatic,
		);
		expect(sent).toEqual([{ name: 'Ali', email: 'ali@example.com', gsm: '5321234567' }]);
	});

	it('fails an item whose heading passes for a field’s in another alphabet, when nothing else gives that field', async () => {
		// "Еmail" and "Рhone" begin with Cyrillic letters.
		const { items, sent } = await add(
			[
				{ name: 'Ali', '\u0415mail': 'ali@example.com' },
				{ name: 'Veli', '\u0420hone': '5321234567', gsm: '5331112233' },
			],
			automatic,
		);
		expect(items[0].error).toBe('Column "\u0415mail" could not be placed');
		expect(items[0].message).toMatch(/letters of another alphabet/);
		expect(sent).toEqual([{ name: 'Veli', gsm: '5331112233' }]);
	});

	it('stops before any request when a custom field column has no name or no numeric ID', async () => {
		const customFieldColumns = { column: [{ column: 'city', id: 'City' }] };
		const { error } = await add([{ gsm: '5321234567' }], { ...automatic, customFieldColumns });
		expect(error?.message).toBe('A custom field column is incomplete');
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('Contact › Add › plain field references, read without n8n’s evaluation', () => {
	it('recognises a whole parameter that is one reference to the item’s field, and nothing else', () => {
		expect(plainReference('={{ $json.phone }}')).toEqual(['phone']);
		expect(plainReference('={{$json["first name"]}}')).toEqual(['first name']);
		expect(plainReference("={{ $json['e-posta'] }}")).toEqual(['e-posta']);
		expect(plainReference('={{ $json.a.b[0] }}')).toEqual(['a', 'b', '0']);
		for (const other of [
			'$json.phone',
			'={{ $json.phone.trim() }}',
			'={{ $json.phone }} ',
			'=+90{{ $json.phone }}',
			'={{ $json.a }}{{ $json.b }}',
			'={{ $json["a\\"b"] }}',
			'={{ $json.constructor }}',
			'={{ $json.__proto__ }}',
			'={{ $json.x.prototype }}',
			'={{ $input.item.json.phone }}',
		]) {
			expect([other, plainReference(other)]).toEqual([other, undefined]);
		}
	});

	/** Item values of every kind, under keys of every kind. */
	const values: unknown[] = [
		0.1 + 0.2,
		1e21,
		-0,
		'Ayşe',
		'  spaced  ',
		'',
		'שלום עולם',
		'مرحبا',
		'👩‍👩‍👧 emoji',
		'quote " and \' and \\ and\nnewline',
		'x'.repeat(10000),
		5321234567,
		0,
		-12.5,
		true,
		false,
		null,
		{ nested: 'object' },
		['a', 'list'],
	];
	const references = [
		'={{ $json.v }}',
		'={{ $json["key with spaces"] }}',
		"={{ $json['ünicode-anahtar'] }}",
		'={{ $json.deep.inner.v }}',
		'={{ $json.list[1] }}',
		'={{ $json.missing }}',
		'={{ $json.deep.missing.v }}',
		'={{ $json.constructor }}',
		'={{ $json.toString }}',
		'={{ $json.__proto__ }}',
		'={{ $json.hasOwnProperty }}',
	];
	const item = (value: unknown): IDataObject =>
		JSON.parse(
			JSON.stringify({
				gsm: '5321234567',
				v: value,
				'key with spaces': value,
				'ünicode-anahtar': value,
				deep: { inner: { v: value } },
				list: ['first', value],
			}),
		) as IDataObject;
	// Own keys that shadow Object.prototype's, as JSON can carry them.
	const shadowing = JSON.parse(
		'{"gsm":"5321234567","constructor":"c","toString":"t","__proto__":"p","hasOwnProperty":"h"}',
	) as IDataObject;
	const rows = [...values.map(item), shadowing, { gsm: '5321234567' }];

	const templates = [
		'=Merhaba {{ $json.v }}, kodunuz {{ $json.list[1] }}.',
		'={{ $json.v }}{{ $json["key with spaces"] }}',
		'=a {{ $json.missing }} b',
		'=x{{$json.deep.inner.v}}y {{ $json.v }}',
		'=kod: {{ $json.constructor }}',
	];

	it.each(templates)(
		'text around references, %s, gives what n8n’s evaluation gives',
		(template) => {
			expectAsEvaluated({ ...addFromRows, name: template, gsm: '={{ $json.gsm }}' }, ['name']);
		},
	);

	it.each(references)('%s gives every item exactly what n8n’s evaluation gives', (reference) => {
		const parameters = {
			...addFromRows,
			name: reference,
			surname: reference,
			gsm: '={{ $json.gsm }}',
		};
		expectAsEvaluated(parameters, ['name', 'surname', 'gsm']);
	});

	const computed = [
		'={{ $json.v.trim() }}',
		'={{ String($json.v).toUpperCase() }}',
		'={{ $json.v + "!" }}',
		'={{ $json.v ?? "yok" }}',
		'={{ $itemIndex + ": " + $json.v }}',
		'={{ $json.v // a comment }}',
		'={{ { a: $json.v } }}',
		'={{ [$json.v] }}',
		'={{ $json.missing.deep }}',
		'={{ $json["key with spaces"].length }}',
		'={{ $json.v.toTitleCase() }}',
		'={{ $parameter.gsm }}',
		'={{ $json.v }} and {{ "more" }}',
		'={{ "a}}b" }}',
	];

	it.each(computed)(
		'%s, evaluated together with the other computed fields, gives what evaluating each alone gives',
		(expression) => {
			const parameters = {
				...addFromRows,
				name: expression,
				surname: '={{ typeof $json.v }}',
				gsm: '={{ $json.gsm.trim() }}',
				customFields: { field: [{ id: '1', value: '={{ $json.list?.[0] }}' }] },
			};
			expectAsEvaluated(parameters, ['name', 'surname', 'gsm', 'customFields.field[0].value']);
		},
	);

	/**
	 * The node's reading of each parameter, prepared once for all items as Add prepares it, gives
	 * each item what n8n's own evaluation of that parameter gives: the same value or the same error.
	 */
	function expectAsEvaluated(parameters: INodeParameters, names: string[]) {
		const ctx = engine.executeContext(parameters, rows);
		const read = parameterReader(ctx, ctx.getInputData());
		const readers = names.map((name) => read(name, ''));
		const outcome = (get: () => unknown) => {
			try {
				return { value: get() };
			} catch (error) {
				return { error: (error as Error).message };
			}
		};
		const reads = rows.map((_, i) => readers.map((value) => outcome(() => value(i))));
		const evaluated = rows.map((_, i) =>
			names.map((name) => outcome(() => ctx.getNodeParameter(name, i, ''))),
		);
		expect(reads).toEqual(evaluated);
	}
});
