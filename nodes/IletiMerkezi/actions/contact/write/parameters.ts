import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readConcurrency, wholeNumberOption } from '../../../helpers/parameters';
import { concurrencyOption } from '../../descriptions';
import { contactFields } from '../fields';
import type { AddMethod, SendOptions } from './send';

export const DEFAULT_BATCH_SIZE = 100;
export const MAX_BATCH_SIZE = 1000;

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
	description: 'Whether each field is set below or taken from the item’s own columns',
	hint: 'Map Automatically matches columns whatever their case, spaces, _ or -. Phone number: gsm, phone, mobile, cell, telephone, telefon, cep, cep telefonu… Name: name, first name, ad, adı, isim. Surname: surname, last name, soyad, soyadı, soyisim. Email: email, e-mail, mail, e-posta. Other columns are left out unless named under Custom Field Columns.',
};

const shownIn = (mode: string) => ({ displayOptions: { show: { mappingMode: [mode] } } });

/** How people are mapped from items: the fields below or the items' own columns. */
export const mappingProperties: INodeProperties[] = [
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
		description: 'Input columns that hold the address book’s own fields, with those fields’ IDs',
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
];

/** The options that say how people are sent: method, batch size and concurrency. */
export const sendOptions: INodeProperties[] = [
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
	concurrencyOption,
];

function readAddMethod(ctx: IExecuteFunctions): AddMethod {
	const method = ctx.getNodeParameter('options.addMethod', 0, 'auto') as AddMethod;
	if (!ADD_METHODS.includes(method)) {
		throw new NodeOperationError(ctx.getNode(), `Add Method "${String(method)}" is not known`, {
			description: 'Choose Auto, Many per Request or One per Request under Options › Add Method.',
		});
	}
	return method;
}

/** How people are sent, read once per execution. */
export function readSendOptions(ctx: IExecuteFunctions): Omit<SendOptions, 'stopOnFailure'> {
	return {
		method: readAddMethod(ctx),
		batchSize: wholeNumberOption(ctx, 'batchSize', 'Batch Size', DEFAULT_BATCH_SIZE, [
			1,
			MAX_BATCH_SIZE,
		]),
		concurrency: readConcurrency(ctx),
	};
}
