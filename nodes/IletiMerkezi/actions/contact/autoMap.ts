import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asText, shown } from '../../helpers/parameters';
import { foldTurkish, isPhone, isRecordId } from '../../helpers/rules';
import type { ParameterReader } from '../../helpers/reader';
import type { ContactInput } from './fields';
import { groupIdsReader } from './fields';

type ContactField = 'name' | 'surname' | 'email' | 'gsm';

const LABELS: Record<ContactField, string> = {
	name: 'name',
	surname: 'surname',
	email: 'email',
	gsm: 'phone number',
};

/**
 * Column names each contact field is taken from, as column keys (see `columnKey`), the
 * preferred first: English and Turkish headings of spreadsheets and CRM exports.
 */
export const COLUMN_ALIASES: Record<ContactField, string[]> = {
	gsm: [
		...['gsm', 'phone', 'phonenumber', 'mobile', 'mobilephone', 'mobilenumber', 'cell'],
		...['cellphone', 'msisdn', 'telephone', 'tel', 'telefon', 'telefonno', 'telefonnumarasi'],
		...['cep', 'ceptelefonu', 'ceptelefon', 'ceptel', 'gsmno', 'numara'],
	],
	name: [
		...['name', 'firstname', 'first', 'givenname', 'forename', 'ad', 'adi', 'isim'],
		...['fullname', 'adsoyad', 'adisoyadi'],
	],
	surname: ['surname', 'lastname', 'last', 'familyname', 'soyad', 'soyadi', 'soyisim'],
	email: ['email', 'emailaddress', 'mail', 'eposta', 'epostaadresi', 'mailadresi'],
};

/** Turkish words for the first name alone: beside a surname column they are the name. */
const FIRST_NAME_WORDS = new Set(['ad', 'adi', 'isim']);
const FULL_NAME_WORDS = new Set(['fullname', 'adsoyad', 'adisoyadi']);

/**
 * A column name reduced to what tells columns apart: its compatibility form (full-width letters
 * as plain ones), without invisible characters, lower case, Turkish letters as their Latin base,
 * without spaces, `_`, `-` or `.`. "First Name", "first_name" and "FIRSTNAME" are one key, and so
 * are "E-Posta" and "eposta", "Cep Telefonu" and "ceptelefonu".
 */
export function columnKey(column: string): string {
	return foldTurkish(column.normalize('NFKC').replace(/\p{Cf}/gu, '')).replace(/[\s_.-]/g, '');
}

/** Letters of other alphabets that look Latin, as the Latin letter they pass for. */
const LOOKALIKES: Record<string, string> = {
	а: 'a',
	в: 'b',
	е: 'e',
	к: 'k',
	м: 'm',
	н: 'h',
	о: 'o',
	р: 'p',
	с: 'c',
	т: 't',
	у: 'y',
	х: 'x',
	і: 'i',
	ј: 'j',
	ѕ: 's',
	α: 'a',
	β: 'b',
	ε: 'e',
	ι: 'i',
	κ: 'k',
	ν: 'v',
	ο: 'o',
	ρ: 'p',
	τ: 't',
	υ: 'u',
	χ: 'x',
};
const lookalikeOf = (key: string) =>
	key.replace(/[^a-z0-9]/g, (letter) => LOOKALIKES[letter] ?? letter);

/**
 * Where a column goes: a contact field (with its alias's rank), a custom field's ID, or nowhere
 * though it passes for a field's column (letters of another alphabet): `unplaced`.
 */
type Target =
	| { field: ContactField; rank: number; key: string }
	| { customFieldId: string }
	| { unplaced: ContactField }
	| null;

const FIELD_BY_KEY = new Map<string, { field: ContactField; rank: number }>();
for (const [field, aliases] of Object.entries(COLUMN_ALIASES) as Array<[ContactField, string[]]>)
	aliases.forEach((alias, rank) => FIELD_BY_KEY.set(alias, { field, rank }));
const targetByKey = (key: string): Target => {
	const known = FIELD_BY_KEY.get(key);
	if (known) return { ...known, key };
	const passedFor = FIELD_BY_KEY.get(lookalikeOf(key));
	return passedFor ? { unplaced: passedFor.field } : null;
};

const isEmpty = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

export interface MappedColumn {
	column: string;
	value: unknown;
}

export interface AutoMappedContact {
	fields: Partial<Record<ContactField, MappedColumn>>;
	customFields: Array<{ id: string } & MappedColumn>;
	/** Columns that pass for a field's but could not be placed, by the field. */
	unplaced: Partial<Record<ContactField, string>>;
}

/**
 * Maps items' own columns to a contact. Built once per execution: each distinct column name is
 * looked up once, so an item costs one pass over its keys. Custom fields come from the columns
 * named in `customFieldColumns` (column → field ID), matched the same way; other columns are
 * left out. Where two columns give one field, the first non-empty in alias order wins, but for
 * two rules: "Ad" (Turkish for the first name) gives way to a full-name column when there is no
 * surname column, and "Numara" (also an order's number) is the phone only when it looks like one.
 */
export function autoMapper(customFieldColumns: Array<{ column: string; id: string }>) {
	const customByKey = new Map(customFieldColumns.map(({ column, id }) => [columnKey(column), id]));
	const targets = new Map<string, Target>();
	const targetOf = (column: string): Target => {
		let target = targets.get(column);
		if (target === undefined) {
			const key = columnKey(column);
			const customFieldId = customByKey.get(key);
			target = customFieldId ? { customFieldId } : targetByKey(key);
			targets.set(column, target);
		}
		return target;
	};

	return (json: IDataObject): AutoMappedContact => {
		const mapped: AutoMappedContact = { fields: {}, customFields: [], unplaced: {} };
		const ranks: Partial<Record<ContactField, number>> = {};
		let surnameColumn = false;
		let fullName: MappedColumn | undefined;
		for (const column in json) {
			if (!Object.prototype.hasOwnProperty.call(json, column)) continue;
			const target = targetOf(column);
			const value = json[column];
			if (target !== null && 'field' in target && target.field === 'surname') surnameColumn = true;
			if (target === null || isEmpty(value)) continue;
			if ('customFieldId' in target) {
				mapped.customFields.push({ id: target.customFieldId, column, value });
			} else if ('unplaced' in target) {
				mapped.unplaced[target.unplaced] ??= column;
			} else if (target.key === 'numara' && !isPhone(String(value))) {
				continue;
			} else {
				if (FULL_NAME_WORDS.has(target.key)) fullName ??= { column, value };
				if ((ranks[target.field] ?? Infinity) > target.rank) {
					ranks[target.field] = target.rank;
					mapped.fields[target.field] = { column, value };
				}
			}
		}
		const name = mapped.fields.name;
		if (name && fullName && !surnameColumn && FIRST_NAME_WORDS.has(columnKey(name.column))) {
			mapped.fields.name = fullName;
		}
		return mapped;
	};
}

/** Custom Field Columns, read once per execution: which columns hold which custom fields. */
function readCustomFieldColumns(ctx: IExecuteFunctions) {
	const rows = ctx.getNodeParameter('customFieldColumns.column', 0, []) as IDataObject[];
	return rows.map((row) => {
		const column = String(row.column ?? '').trim();
		const id = String(row.id ?? '').trim();
		if (column === '' || !isRecordId(id)) {
			throw new NodeOperationError(ctx.getNode(), 'A custom field column is incomplete', {
				description:
					'Under Custom Field Columns, give each row the input column’s name and the numeric ID of the address book field.',
			});
		}
		return { column, id };
	});
}

/**
 * Map Automatically: each item's contact from its own columns, prepared once per execution;
 * the groups from the Group parameter.
 */
export function autoContactReader(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	read: ParameterReader,
): (itemIndex: number) => ContactInput {
	const node = ctx.getNode();
	const map = autoMapper(readCustomFieldColumns(ctx));
	const groups = groupIdsReader(node, read('groupIds', []));
	return (itemIndex) => {
		const { fields, customFields, unplaced } = map(items[itemIndex].json);
		for (const [field, column] of Object.entries(unplaced)) {
			if (fields[field as ContactField]) continue;
			throw new NodeOperationError(node, `Column "${shown(column)}" could not be placed`, {
				itemIndex,
				description: `Its name looks like a ${LABELS[field as ContactField]} column but is written with letters of another alphabet, so the ${LABELS[field as ContactField]} was not taken from it. Rename the column, or choose Map Each Field Below.`,
			});
		}
		const textOf = (mapped?: MappedColumn) =>
			mapped ? asText(node, mapped.value, itemIndex, `Column "${shown(mapped.column)}"`) : '';
		return {
			gsm: textOf(fields.gsm),
			name: textOf(fields.name),
			surname: textOf(fields.surname),
			email: textOf(fields.email),
			groupIds: groups(itemIndex) ?? [],
			customFields: customFields.map((mapped) => ({ id: mapped.id, value: textOf(mapped) })),
		};
	};
}
