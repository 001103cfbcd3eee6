import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { errorItem, itemError } from '../../helpers/items';
import { optionsCollection, readTimeout, wholeNumberOption } from '../../helpers/parameters';
import type { AddMethod, ApiFailure } from '../../transport';
import { IletiMerkeziClient, toNodeApiError } from '../../transport';
import { parameterReader } from '../../helpers/reader';
import { autoContactReader } from './autoMap';
import {
	checkContact,
	contactFields,
	contactInputReader,
	normalizePhoneOption,
	toApiContact,
} from './fields';

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
	{
		// Off only to compare with n8n's own evaluation of every expression (the benchmark).
		displayName: 'Read Field References Directly',
		name: 'readReferencesDirectly',
		type: 'hidden',
		default: true,
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

/** How each item becomes the API's contact, prepared once per execution. */
function contactReader(ctx: IExecuteFunctions, items: INodeExecutionData[]) {
	const fast = ctx.getNodeParameter('readReferencesDirectly', 0, true) as boolean;
	const read = parameterReader(ctx, items, fast);
	const automatic = ctx.getNodeParameter('mappingMode', 0, 'defineBelow') === 'autoMapInputData';
	const input = automatic ? autoContactReader(ctx, items, read) : contactInputReader(ctx, read);
	const normalizePhone = ctx.getNodeParameter('options.normalizePhone', 0, true) as boolean;
	return (itemIndex: number): IDataObject => {
		const contact = input(itemIndex);
		if (!contact.gsm && !contact.name && !contact.surname && !contact.email) {
			throw new NodeOperationError(
				ctx.getNode(),
				automatic
					? 'The item has no phone number, name, surname or email column'
					: 'The contact has no phone number, name, surname or email',
				{
					itemIndex,
					description: automatic
						? 'Map Automatically reads columns such as phone, name, surname and email (the list is under Mapping Mode); rename the column, or choose Map Each Field Below.'
						: 'Fill in at least one of Phone Number, Name, Surname or Email; if they are expressions, check that they give a value for this item.',
				},
			);
		}
		return toApiContact(checkContact(ctx.getNode(), contact, itemIndex, normalizePhone));
	};
}

function readAddMethod(ctx: IExecuteFunctions): AddMethod {
	const method = ctx.getNodeParameter('options.addMethod', 0, 'auto') as AddMethod;
	if (!ADD_METHODS.includes(method)) {
		throw new NodeOperationError(ctx.getNode(), `Add Method "${String(method)}" is not known`, {
			description: 'Choose Auto, Many per Request or One per Request under Options › Add Method.',
		});
	}
	return method;
}

/** Codes the API gives one person of a request; the others concern the whole request. */
const PERSON_CODES = [463, 466, 472, 473];

/** Item numbers as short ranges, "0–4, 7, 9–12", at most 20 of them. */
function itemRanges(indexes: number[]): string {
	const ranges: string[] = [];
	for (let i = 0; i < indexes.length; i++) {
		let j = i;
		while (j + 1 < indexes.length && indexes[j + 1] === indexes[j] + 1) j++;
		ranges.push(i === j ? `${indexes[i]}` : `${indexes[i]}–${indexes[j]}`);
		i = j;
	}
	const more = ranges.length > 20 ? ` and ${ranges.length - 20} more ranges` : '';
	return `${indexes.length === 1 ? 'item' : 'items'} ${ranges.slice(0, 20).join(', ')}${more}`;
}

/** Where each item of a stopped Add ended up, by input item number. */
interface AddTally {
	added: number[];
	refused: number[];
	/** The request went out and no usable answer came back: the person may be stored. */
	unclear: number[];
	notSent: number[];
}

/**
 * When the node stops on a failed contact it says, item by item, what was added, what was not,
 * what may have been, and what was never sent, so a re-run adds nobody twice.
 */
function explainStop(error: NodeApiError, failure: ApiFailure, itemIndex: number, tally: AddTally) {
	const ownFault =
		failure.kind === 'missingResult' ||
		(failure.kind === 'status' && PERSON_CODES.includes(failure.code ?? 0));
	if (ownFault) error.message = `${error.message} [item ${itemIndex}]`;
	const parts = [
		`${tally.added.length} contact(s) were added${tally.added.length ? ` (${itemRanges(tally.added)})` : ''}.`,
	];
	if (tally.refused.length) parts.push(`Not added: ${itemRanges(tally.refused)}.`);
	if (tally.unclear.length) {
		parts.push(
			`Unclear, the answer was lost: ${itemRanges(tally.unclear)}; search for them before running again.`,
		);
	}
	if (tally.notSent.length) parts.push(`Not sent: ${itemRanges(tally.notSent)}.`);
	if (!tally.unclear.length) {
		parts.push('Run again only the items not added and not sent, so no contact is added twice.');
	}
	error.description += ` ${parts.join(' ')}`;
	return error;
}

/**
 * Reads every item first, so bad input fails before anything is sent. Then the transport sends
 * the contacts (in batches or one by one, several requests at a time) and each person's result
 * goes back on its own item.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const options = {
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
	const timeoutMs = readTimeout(this);
	const output: INodeExecutionData[] = new Array(items.length);

	const readContact = contactReader(this, items);
	const pending: Array<{ itemIndex: number; contact: IDataObject }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			pending.push({ itemIndex, contact: readContact(itemIndex) });
		} catch (error) {
			const failure = itemError(this.getNode(), error, itemIndex);
			if (!continueOnFail) throw failure;
			output[itemIndex] = errorItem(failure, itemIndex);
		}
	}
	if (pending.length === 0) return output;

	const client = await IletiMerkeziClient.create(this, timeoutMs);
	const results = await client.addContacts(
		pending.map((entry) => entry.contact),
		options,
	);

	let firstFailure: { itemIndex: number; error: NodeApiError; failure: ApiFailure } | undefined;
	const tally: AddTally = { added: [], refused: [], unclear: [], notSent: [] };
	pending.forEach(({ itemIndex }, k) => {
		const result = results[k];
		if (!result) {
			tally.notSent.push(itemIndex);
		} else if ('json' in result) {
			output[itemIndex] = { json: result.json, pairedItem: { item: itemIndex } };
			tally.added.push(itemIndex);
		} else {
			const error = toNodeApiError(this.getNode(), { ...result.failure, itemIndex });
			firstFailure ??= { itemIndex, error, failure: result.failure };
			output[itemIndex] = errorItem(error, itemIndex);
			(result.failure.ambiguousWrite ? tally.unclear : tally.refused).push(itemIndex);
		}
	});
	if (firstFailure && !continueOnFail) {
		const { error, failure, itemIndex } = firstFailure;
		throw explainStop(error, failure, itemIndex, tally);
	}
	return output;
}
