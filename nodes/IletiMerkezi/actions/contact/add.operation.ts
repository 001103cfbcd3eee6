import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { clientFor, errorItem } from '../../helpers/items';
import { optionsCollection, readTimeout, wholeNumberOption } from '../../helpers/parameters';
import { readPeople } from './add/read';
import { NOT_STORED_SENT_AGAIN, report } from './add/report';
import type { AddMethod, SendOptions } from './add/send';
import { sendPeople } from './add/send';
import { settleLost } from './add/settle';
import { contactFields, normalizePhoneOption } from './fields';

export const DEFAULT_BATCH_SIZE = 100;
export const MAX_BATCH_SIZE = 1000;
export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 16;

const ADD_METHODS: AddMethod[] = ['auto', 'batch', 'single'];

const MAPPING_MODE: INodeProperties = {
	displayName: 'Mapping Mode',
	name: 'mappingMode',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Map Each Field Below',
			value: 'defineBelow',
			description: 'Set each field, with expressions where it comes from the input',
		},
		{
			name: 'Map Automatically',
			value: 'autoMapInputData',
			description: 'Take each item’s own columns, recognised by their names',
		},
	],
	default: 'defineBelow',
	hint: 'Map Automatically matches columns whatever their case, spaces, _ or -. Phone number: gsm, phone, mobile, cell, telephone, telefon, cep, cep telefonu… Name: name, first name, ad, adı, isim. Surname: surname, last name, soyad, soyadı, soyisim. Email: email, e-mail, mail, e-posta. Other columns are left out unless named under Custom Field Columns.',
};

const shownIn = (mode: string) => ({ displayOptions: { show: { mappingMode: [mode] } } });

const properties: INodeProperties[] = [
	MAPPING_MODE,
	...contactFields.map((field) =>
		field.name === 'groupIds' ? field : { ...field, ...shownIn('defineBelow') },
	),
	{
		displayName: 'Custom Field Columns',
		name: 'customFieldColumns',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Custom Field Column',
		default: {},
		...shownIn('autoMapInputData'),
		options: [
			{
				displayName: 'Column',
				name: 'column',
				values: [
					{
						displayName: 'Column Name',
						name: 'column',
						type: 'string',
						default: '',
						placeholder: 'city',
						description: 'The input column that holds the value',
					},
					{
						displayName: 'Field ID',
						name: 'id',
						type: 'string',
						default: '',
						description: 'Numeric ID of the address book field, from the iletiMerkezi panel',
					},
				],
			},
		],
	},
	optionsCollection(
		{
			displayName: 'Add Method',
			name: 'addMethod',
			type: 'options',
			options: [
				{
					name: 'Auto',
					value: 'auto',
					description:
						'Try many per request; if the account answers that this is unknown, send one per request for the rest of the run',
				},
				{
					name: 'Many per Request (Add-Contacts)',
					value: 'batch',
					description: 'The batch method of accounts on iletiMerkezi’s earlier backend',
				},
				{
					name: 'One per Request (Add-Contact)',
					value: 'single',
					description: 'The method iletiMerkezi documents today',
				},
			],
			default: 'auto',
			description: 'Which iletiMerkezi method adds the contacts',
		},
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_BATCH_SIZE },
			default: DEFAULT_BATCH_SIZE,
			description: 'How many contacts go into one request when many go per request',
		},
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
			default: DEFAULT_CONCURRENCY,
			description: 'How many requests are in flight at once',
		},
		normalizePhoneOption,
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['add'] } },
	properties,
);

function readAddMethod(ctx: IExecuteFunctions): AddMethod {
	const method = ctx.getNodeParameter('options.addMethod', 0, 'auto') as AddMethod;
	if (!ADD_METHODS.includes(method)) {
		throw new NodeOperationError(ctx.getNode(), `Add Method "${String(method)}" is not known`, {
			description: 'Choose Auto, Many per Request or One per Request under Options › Add Method.',
		});
	}
	return method;
}

/**
 * Add, as steps called in order: read every item (bad input fails before anything is sent) →
 * send → look up the people whose answer was lost → send once more those not found → report
 * each person's result on their own item.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const timeoutMs = readTimeout(this);
	const options: SendOptions = {
		method: readAddMethod(this),
		batchSize: wholeNumberOption(this, 'batchSize', 'Batch Size', DEFAULT_BATCH_SIZE, [
			1,
			MAX_BATCH_SIZE,
		]),
		concurrency: wholeNumberOption(this, 'concurrency', 'Concurrency', DEFAULT_CONCURRENCY, [
			1,
			MAX_CONCURRENCY,
		]),
		stopOnFailure: !continueOnFail,
	};
	const output: INodeExecutionData[] = new Array(items.length);

	const itemIndexes: number[] = [];
	const contacts = readPeople(this, items).flatMap((read, itemIndex) => {
		if (!(read instanceof Error)) {
			itemIndexes.push(itemIndex);
			return [read];
		}
		if (!continueOnFail) throw read;
		output[itemIndex] = errorItem(read, itemIndex);
		return [];
	});
	if (contacts.length === 0) return output;

	const client = await clientFor(this, timeoutMs);
	const { results, method } = await sendPeople(client, contacts, options);
	if (!client.cancelled()) {
		const missing = await settleLost(client, contacts, results, options.concurrency);
		const again = await sendPeople(
			client,
			missing.map((index) => contacts[index]),
			{ ...options, method, stopOnFailure: false },
		);
		missing.forEach((index, k) => {
			const result = again.results[k];
			// Cancelled before it went out again: still what the lost answer left.
			if (!result) return;
			results[index] = 'stored' in result ? result : { ...result, note: NOT_STORED_SENT_AGAIN };
		});
	}
	const people = itemIndexes.map((itemIndex, k) => ({ itemIndex, result: results[k] }));
	return report(this, client, people, output);
}
