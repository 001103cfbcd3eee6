import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { errorItem, itemError } from '../../helpers/items';
import { text } from '../../helpers/parameters';
import { IletiMerkeziClient, toNodeApiError } from '../../transport';

export const DEFAULT_BATCH_SIZE = 100;
export const MAX_BATCH_SIZE = 1000;

const properties: INodeProperties[] = [
	{
		displayName: 'Phone Number',
		name: 'gsm',
		type: 'string',
		default: '',
		placeholder: '5321234567',
		description:
			'Turkish mobile number, e.g. 5321234567, 905321234567 or +90 532 123 45 67. At least one of phone number, name, surname or email is needed.',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Surname',
		name: 'surname',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_BATCH_SIZE },
				default: DEFAULT_BATCH_SIZE,
				description: 'How many contacts go into one request',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['add'] } },
	properties,
);

export interface ContactInput {
	name: string;
	surname: string;
	email: string;
	gsm: string;
	customFields: Array<{ id: string; value: string }>;
	groupIds: string[];
}

/** One contact as the API's `contacts.contact[]` entry; empty optional fields are left out. */
export function toApiContact(input: ContactInput): IDataObject {
	const contact: IDataObject = {};
	if (input.name) contact.name = input.name;
	if (input.surname) contact.surname = input.surname;
	if (input.email) contact.email = input.email;
	if (input.gsm) contact.gsm = input.gsm;
	const fields = input.customFields.filter((field) => field.value !== '');
	if (fields.length) contact.custom_fields = { custom_field: fields };
	if (input.groupIds.length) contact.groups = { group: input.groupIds.map((id) => ({ id })) };
	return contact;
}

const NUMERIC_ID = /^\d+$/;

/** Group IDs from the picker (a list) or from an expression (a list or "1, 2, 3"). */
export function parseGroupIds(value: unknown): string[] | { invalid: string } {
	const raw = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [value];
	const ids: string[] = [];
	for (const entry of raw) {
		if (entry === null || entry === undefined) continue;
		const id = String(entry).trim();
		if (id === '') continue;
		if (!NUMERIC_ID.test(id)) return { invalid: id };
		if (!ids.includes(id)) ids.push(id);
	}
	return ids;
}

function readContact(ctx: IExecuteFunctions, itemIndex: number): ContactInput {
	const node = ctx.getNode();
	const contact: ContactInput = {
		gsm: text(ctx, 'gsm', itemIndex, 'Phone Number'),
		name: text(ctx, 'name', itemIndex, 'Name'),
		surname: text(ctx, 'surname', itemIndex, 'Surname'),
		email: text(ctx, 'email', itemIndex, 'Email'),
		customFields: [],
		groupIds: [],
	};
	if (!contact.gsm && !contact.name && !contact.surname && !contact.email) {
		throw new NodeOperationError(node, 'The contact has no phone number, name, surname or email', {
			itemIndex,
			description:
				'Fill in at least one of Phone Number, Name, Surname or Email; if they are expressions, check that they give a value for this item.',
		});
	}

	const groupIds = parseGroupIds(ctx.getNodeParameter('groupIds', itemIndex, []));
	if ('invalid' in groupIds) {
		throw new NodeOperationError(node, `Group ID "${groupIds.invalid}" is not a number`, {
			itemIndex,
			description:
				'Pick the groups from the list, or give numeric group IDs as an array or a comma-separated list.',
		});
	}
	contact.groupIds = groupIds;

	const fields = ctx.getNodeParameter('customFields.field', itemIndex, []) as IDataObject[];
	for (const field of fields) {
		const id = String(field.id ?? '').trim();
		const value =
			field.value === undefined || field.value === null ? '' : String(field.value).trim();
		// A row left blank in the editor is no field at all.
		if (id === '' && value === '') continue;
		if (!NUMERIC_ID.test(id)) {
			throw new NodeOperationError(
				node,
				id === '' ? 'A custom field has no Field ID' : `Custom field ID "${id}" is not a number`,
				{ itemIndex, description: 'Give the numeric ID of the address book field.' },
			);
		}
		contact.customFields.push({ id, value });
	}
	return contact;
}

/** When the node stops on a failed contact, it says what was and was not added. */
function explainStop(
	error: NodeApiError,
	stop: { itemIndex: number; wholeBatch: boolean; otherAdded: number; moreBatches: boolean },
): NodeApiError {
	const notSent = stop.moreBatches ? ' The items after this batch were not sent.' : '';
	if (stop.wholeBatch) {
		if (stop.otherAdded > 0) {
			error.description += ` ${stop.otherAdded} contact(s) of earlier batches were added.${notSent}`;
		}
		return error;
	}
	// Only this person was refused: name the item, and say that the rest of the batch went in.
	error.message = `${error.message} [item ${stop.itemIndex}]`;
	error.description +=
		` ${stop.otherAdded} other contact(s) were added.${notSent}` +
		' Fix this item and run only the items that were not added, so no contact is added twice.';
	return error;
}

function readBatchSize(ctx: IExecuteFunctions): number {
	const batchSize = ctx.getNodeParameter('options.batchSize', 0, DEFAULT_BATCH_SIZE) as number;
	if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Batch Size must be a whole number from 1 to ${MAX_BATCH_SIZE}`,
			{ description: `It is ${batchSize}. Change it under Options › Batch Size.` },
		);
	}
	return batchSize;
}

/**
 * Reads every item first, so bad input fails before anything is sent. Then sends the contacts
 * in batches, one request each, and puts each person's result back on its own item.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const batchSize = readBatchSize(this);
	const output: INodeExecutionData[] = new Array(items.length);

	const pending: Array<{ itemIndex: number; contact: IDataObject }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			pending.push({ itemIndex, contact: toApiContact(readContact(this, itemIndex)) });
		} catch (error) {
			const failure = itemError(this.getNode(), error, itemIndex);
			if (!continueOnFail) throw failure;
			output[itemIndex] = errorItem(failure, itemIndex);
		}
	}
	if (pending.length === 0) return output;

	const client = await IletiMerkeziClient.create(this);
	let added = 0;
	for (let start = 0; start < pending.length; start += batchSize) {
		const batch = pending.slice(start, start + batchSize);
		const outcome = await client.addContactBatch(batch.map((entry) => entry.contact));
		for (let k = 0; k < batch.length; k++) {
			const { itemIndex } = batch[k];
			const result = 'failure' in outcome ? outcome : outcome.results[k];
			if ('json' in result) {
				output[itemIndex] = { json: result.json, pairedItem: { item: itemIndex } };
				added++;
				continue;
			}
			const error = toNodeApiError(this.getNode(), { ...result.failure, itemIndex });
			if (!continueOnFail) {
				const wholeBatch = 'failure' in outcome;
				const otherAdded = wholeBatch
					? added
					: added + outcome.results.slice(k + 1).filter((r) => 'json' in r).length;
				const moreBatches = start + batchSize < pending.length;
				throw explainStop(error, { itemIndex, wholeBatch, otherAdded, moreBatches });
			}
			output[itemIndex] = errorItem(error, itemIndex);
		}
	}
	return output;
}
