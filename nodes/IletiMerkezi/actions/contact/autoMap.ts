import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asText } from '../../helpers/parameters';
import { foldTurkish, isRecordId } from '../../helpers/rules';
import type { ParameterReader } from '../../helpers/reader';
import type { ContactInput } from './fields';
import { groupIdsReader } from './fields';

type ContactField = 'name' | 'surname' | 'email' | 'gsm';

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

/**
 * A column name reduced to what tells columns apart: lower case, Turkish letters as their Latin
 * base, without spaces, `_`, `-` or `.`. "First Name", "first_name" and "FIRSTNAME" are one key,
 * and so are "E-Posta" and "eposta", "Cep Telefonu" and "ceptelefonu".
 */
export function columnKey(column: string): string {
	return foldTurkish(column).replace(/[\s_.-]/g, '');
}

/** Where a column goes: a contact field (with its alias's rank) or a custom field's ID. */
type Target = { field: ContactField; rank: number } | { customFieldId: string } | null;

const FIELD_BY_KEY = new Map<string, { field: ContactField; rank: number }>();
for (const [field, aliases] of Object.entries(COLUMN_ALIASES) as Array<[ContactField, string[]]>)
	aliases.forEach((alias, rank) => FIELD_BY_KEY.set(alias, { field, rank }));

const isEmpty = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

export interface MappedColumn {
	column: string;
	value: unknown;
}

export interface AutoMappedContact {
	fields: Partial<Record<ContactField, MappedColumn>>;
	customFields: Array<{ id: string } & MappedColumn>;
}

/**
 * Maps items' own columns to a contact. Built once per execution: each distinct column name is
 * looked up once, so an item costs one pass over its keys. Custom fields come from the columns
 * named in `customFieldColumns` (column → field ID), matched the same way; other columns are
 * left out. Where two columns give one field, the first non-empty in alias order wins.
 */
export function autoMapper(customFieldColumns: Array<{ column: string; id: string }>) {
	const customByKey = new Map(customFieldColumns.map(({ column, id }) => [columnKey(column), id]));
	const targets = new Map<string, Target>();
	const targetOf = (column: string): Target => {
		let target = targets.get(column);
		if (target === undefined) {
			const key = columnKey(column);
			const customFieldId = customByKey.get(key);
			target = customFieldId ? { customFieldId } : (FIELD_BY_KEY.get(key) ?? null);
			targets.set(column, target);
		}
		return target;
	};

	return (json: IDataObject): AutoMappedContact => {
		const mapped: AutoMappedContact = { fields: {}, customFields: [] };
		const ranks: Partial<Record<ContactField, number>> = {};
		for (const column in json) {
			if (!Object.prototype.hasOwnProperty.call(json, column)) continue;
			const target = targetOf(column);
			const value = json[column];
			if (target === null || isEmpty(value)) continue;
			if ('customFieldId' in target) {
				mapped.customFields.push({ id: target.customFieldId, column, value });
			} else if ((ranks[target.field] ?? Infinity) > target.rank) {
				ranks[target.field] = target.rank;
				mapped.fields[target.field] = { column, value };
			}
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
		const { fields, customFields } = map(items[itemIndex].json);
		const textOf = (mapped?: MappedColumn) =>
			mapped ? asText(node, mapped.value, itemIndex, `Column "${mapped.column}"`) : '';
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
