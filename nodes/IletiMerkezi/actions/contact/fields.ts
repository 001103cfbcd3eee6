import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asText, shown } from '../../helpers/parameters';
import { isEmail, isPhone, isRecordId, turkishMobile } from '../../helpers/rules';
import type { ItemValue, ParameterReader } from '../../helpers/reader';

/** A contact's fields, as Add shows them and Update offers them under Update Fields. */
export const contactFields: INodeProperties[] = [
	{
		displayName: 'Phone Number',
		name: 'gsm',
		type: 'string',
		default: '',
		placeholder: '5321234567',
		description:
			'Turkish mobile number, e.g. 5321234567, 905321234567 or +90 532 123 45 67. At least one of phone number, name, surname or email is needed; a contact stored without a phone cannot get SMS, and its item says so in `note`.',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'The person’s first name (or full name, when there is no surname)',
	},
	{
		displayName: 'Surname',
		name: 'surname',
		type: 'string',
		default: '',
		description: 'The person’s last name',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'The person’s email address, e.g. name@example.com',
	},
	{
		displayName: 'Group Names or IDs',
		name: 'groupIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getGroups' },
		default: [],
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'An expression may give an array of group IDs or a comma-separated list',
	},
	{
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Custom Field',
		default: {},
		description: 'Values for the address book’s own fields (city, birthday…), by their numeric IDs',
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Field ID',
						name: 'id',
						type: 'string',
						default: '',
						description: 'Numeric ID of the address book field, from the iletiMerkezi panel',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Left out of the request when empty',
					},
				],
			},
		],
	},
];

export interface ContactInput {
	name: string;
	surname: string;
	email: string;
	gsm: string;
	customFields: Array<{ id: string; value: string }>;
	/** Left out when the groups are not to be touched (Update without Group Names or IDs). */
	groupIds?: string[];
}

/** One contact as the API's contact object; empty optional fields are left out. */
export function toApiContact(input: ContactInput): IDataObject {
	const contact: IDataObject = {};
	if (input.name) contact.name = input.name;
	if (input.surname) contact.surname = input.surname;
	if (input.email) contact.email = input.email;
	if (input.gsm) contact.gsm = input.gsm;
	const fields = input.customFields.filter((field) => field.value !== '');
	if (fields.length) contact.custom_fields = { custom_field: fields };
	if (input.groupIds?.length) contact.groups = { group: input.groupIds.map((id) => ({ id })) };
	return contact;
}

/** Normalize Phone Numbers: on by default, on Add and Update. */
export const normalizePhoneOption: INodeProperties = {
	displayName: 'Normalize Phone Numbers',
	name: 'normalizePhone',
	type: 'boolean',
	default: true,
	description:
		'Whether to send Turkish mobile numbers in one form, 5xxxxxxxxx, whether written +90 5xx xxx xx xx, 0 5xx …, 905xxxxxxxxx, or with spaces, dashes or brackets. The same person then always has the same number, so searches and the check after a lost answer find them.',
};

/**
 * A contact's email and phone number checked before anything is sent, each error naming the
 * item and the field; with `normalizePhone` a Turkish mobile is written as 5xxxxxxxxx.
 */
export function checkContact(
	node: INode,
	contact: ContactInput,
	itemIndex: number,
	normalizePhone: boolean,
): ContactInput {
	if (contact.email && !isEmail(contact.email)) {
		throw new NodeOperationError(node, `Email "${shown(contact.email)}" is not an email address`, {
			itemIndex,
			description: 'Give an address such as name@example.com, or leave Email empty.',
		});
	}
	if (contact.gsm) {
		if (!isPhone(contact.gsm)) {
			throw new NodeOperationError(
				node,
				`Phone Number "${shown(contact.gsm)}" is not a phone number`,
				{
					itemIndex,
					description:
						'Give a mobile number such as 5321234567, 905321234567 or +90 532 123 45 67, or leave Phone Number empty.',
				},
			);
		}
		if (normalizePhone) contact.gsm = turkishMobile(contact.gsm) ?? contact.gsm;
	}
	return contact;
}

/** Group IDs from the picker (a list) or from an expression (a list or "1, 2, 3"). */
export function parseGroupIds(value: unknown): string[] | { invalid: string } {
	const raw = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [value];
	const ids: string[] = [];
	for (const entry of raw) {
		if (entry === null || entry === undefined) continue;
		const id = String(entry).trim();
		if (id === '') continue;
		if (!isRecordId(id)) return { invalid: id };
		if (!ids.includes(id)) ids.push(id);
	}
	return ids;
}

/**
 * Group IDs of each item, checked; null where the parameter gives none (Update leaves them). A
 * value the same as the previous item's (a fixed pick: the very same list) is not parsed again.
 */
export function groupIdsReader(node: INode, value: ItemValue) {
	let last: { value: unknown; ids: string[] } | undefined;
	return (itemIndex: number): string[] | null => {
		const current = value(itemIndex);
		if (current === null) return null;
		if (last && last.value === current) return last.ids;
		const groupIds = parseGroupIds(current);
		if ('invalid' in groupIds) {
			throw new NodeOperationError(node, `Group ID "${shown(groupIds.invalid)}" is not a number`, {
				itemIndex,
				description:
					'Pick the groups from the list, or give numeric group IDs as an array or a comma-separated list.',
			});
		}
		last = { value: current, ids: groupIds };
		return groupIds;
	};
}

/** A custom field of one item, checked; undefined for a row left blank in the editor. */
export function readCustomField(node: INode, id: string, value: string, itemIndex: number) {
	if (id === '' && value === '') return undefined;
	if (!isRecordId(id)) {
		throw new NodeOperationError(
			node,
			id === ''
				? 'A custom field has no Field ID'
				: `Custom field ID "${shown(id)}" is not a number`,
			{ itemIndex, description: 'Give the numeric ID of the address book field.' },
		);
	}
	return { id, value };
}

/** One item's contact field values, as parameters or columns give them. */
export interface ContactValues {
	gsm?: unknown;
	name?: unknown;
	surname?: unknown;
	email?: unknown;
	/** Left out (undefined) when the groups are not to be touched. */
	groupIds?: string[];
	customFields?: Array<{ id: unknown; value: unknown }>;
}

/** An item's contact from its values, each checked to be text and each custom field complete. */
export function contactInput(node: INode, values: ContactValues, itemIndex: number): ContactInput {
	const textOf = (value: unknown, label: string) => asText(node, value, itemIndex, label);
	const contact: ContactInput = {
		gsm: textOf(values.gsm, 'Phone Number'),
		name: textOf(values.name, 'Name'),
		surname: textOf(values.surname, 'Surname'),
		email: textOf(values.email, 'Email'),
		customFields: [],
	};
	if (values.groupIds !== undefined) contact.groupIds = values.groupIds;
	for (const row of values.customFields ?? []) {
		const id = textOf(row.id, 'Field ID');
		const field = readCustomField(node, id, textOf(row.value, 'Custom Field Value'), itemIndex);
		if (field) contact.customFields.push(field);
	}
	return contact;
}

/**
 * How each item's contact fields are read for Add, prepared once per execution: each parameter
 * through the reader, so fixed values and plain references cost one read per run.
 */
export function contactInputReader(
	ctx: IExecuteFunctions,
	read: ParameterReader,
): (itemIndex: number) => ContactInput {
	const node = ctx.getNode();
	const [gsm, name, surname, email] = ['gsm', 'name', 'surname', 'email'].map((field) =>
		read(field, ''),
	);
	const groups = groupIdsReader(node, read('groupIds', []));
	const rows = ctx.getNodeParameter('customFields.field', 0, [], {
		rawExpressions: true,
	}) as unknown[];
	const customFields = rows.map((_, row) => ({
		id: read(`customFields.field[${row}].id`, ''),
		value: read(`customFields.field[${row}].value`, ''),
	}));
	return (itemIndex) =>
		contactInput(
			node,
			{
				gsm: gsm(itemIndex),
				name: name(itemIndex),
				surname: surname(itemIndex),
				email: email(itemIndex),
				groupIds: groups(itemIndex) ?? [],
				customFields: customFields.map((row) => ({
					id: row.id(itemIndex),
					value: row.value(itemIndex),
				})),
			},
			itemIndex,
		);
}
