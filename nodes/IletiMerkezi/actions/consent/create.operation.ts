import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { NodeFailure } from '../../helpers/items';
import { clientFor, errorItem, itemError } from '../../helpers/items';
import { formatIstanbul, istanbulMoment } from '../../helpers/istanbul';
import { optionsCollection } from '../../helpers/parameters';
import { parameterReader } from '../../helpers/reader';
import type { IletiMerkeziClient } from '../../transport';
import { isLost } from '../../transport';
import { explainUnknownMethod } from '../../helpers/unknownMethod';
import type { ConsentRecord } from './fields';
import {
	brandCodeProperty,
	channelProperty,
	readBrandCode,
	readConsentKey,
	recipientProperty,
	recipientTypeProperty,
	registerCode,
	sourceProperty,
	SOURCES,
	statusProperty,
	STATUSES,
} from './fields';
import type { RecordResult } from './register';
import { MAX_RECORDS, MAY_BE_REGISTERED, registerList } from './register';

const properties: INodeProperties[] = [
	brandCodeProperty,
	recipientProperty(
		'Whose consent this is, usually mapped from the item. A Turkish mobile number written any way (İYS gets it as +905321234567), or for the Email channel an email address.',
	),
	recipientTypeProperty,
	channelProperty,
	statusProperty,
	sourceProperty,
	{
		displayName: 'Consent Date',
		name: 'consentDate',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			'When the recipient gave or refused consent, usually mapped from the item; never in the future. Istanbul time (UTC+3), unless the value names its zone (2026-05-31T11:30:00Z). İYS expects a consent registered within 3 business days of being given.',
	},
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['consent'], operation: ['create'] } },
	properties,
);

const RUN_AGAIN =
	'Registering the same records again changes nothing, so the workflow can be run again once this is fixed.';

interface ReadRecord {
	brandCode: string;
	record: ConsentRecord;
}

/**
 * Each item as a consent record, checked before anything is sent, or the item's error. Every
 * parameter is prepared once for the run (a fixed value or a plain reference costs nothing per
 * item), as thousands of items may come at once.
 */
function readRecords(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
): Array<ReadRecord | NodeFailure> {
	const node = ctx.getNode();
	const reader = parameterReader(ctx, items);
	const names = ['brandCode', 'recipient', 'recipientType', 'type', 'status', 'source'];
	const parameters = new Map(names.map((name) => [name, reader(name, '')]));
	const consentDate = reader('consentDate', '');
	return items.map((_, itemIndex) => {
		try {
			const value = (name: string) => parameters.get(name)!(itemIndex);
			const brandCode = readBrandCode(node, value('brandCode'), itemIndex);
			const key = readConsentKey(node, value, itemIndex);
			const status = registerCode(node, value('status'), itemIndex, 'Status', STATUSES);
			const source = registerCode(node, value('source'), itemIndex, 'Source', SOURCES);
			const rule = { label: 'Consent Date', itemIndex, notInFuture: true };
			const date = istanbulMoment(node, consentDate(itemIndex), rule);
			if (!date) {
				throw new NodeOperationError(node, 'Consent Date is empty', {
					itemIndex,
					description: 'Give the date the consent was collected, usually mapped from the item.',
				});
			}
			const record = { ...key, status, source, consentDate: formatIstanbul(date) };
			return { brandCode, record };
		} catch (error) {
			return itemError(node, error, itemIndex);
		}
	});
}

/** The item of one record's result: the record registered, or its error. */
function resultItem(
	client: IletiMerkeziClient,
	brandCode: string,
	result: RecordResult,
	itemIndex: number,
): INodeExecutionData | NodeApiError {
	if ('registered' in result) {
		const json = { ...result.registered, brandCode, ...(result.note && { note: result.note }) };
		return { json, pairedItem: { item: itemIndex } };
	}
	const { failure, note } = result;
	const full = [note, isLost(failure) && MAY_BE_REGISTERED].filter(Boolean).join(' ');
	const error = client.error(failure, { itemIndex, note: full || undefined });
	return explainUnknownMethod(error, 'consent/create') as NodeApiError;
}

/**
 * Registers the items' consents in İYS: read and check every item, then send each brand code's
 * records in lists of up to 5,000, one item of output per input item. Without "continue on fail"
 * the first failed record stops the run once its list is done.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const output: INodeExecutionData[] = new Array(items.length);
	const byBrand = new Map<string, Array<{ itemIndex: number; record: ConsentRecord }>>();
	readRecords(this, items).forEach((read, itemIndex) => {
		if (read instanceof Error) {
			if (!continueOnFail) throw read;
			output[itemIndex] = errorItem(read, itemIndex);
			return;
		}
		const list = byBrand.get(read.brandCode) ?? [];
		list.push({ itemIndex, record: read.record });
		byBrand.set(read.brandCode, list);
	});
	if (byBrand.size === 0) return output;

	const client = await clientFor(this);
	for (const [brandCode, entries] of byBrand) {
		for (let start = 0; start < entries.length; start += MAX_RECORDS) {
			const part = entries.slice(start, start + MAX_RECORDS);
			const results = await registerList(
				client,
				brandCode,
				part.map((entry) => entry.record),
			);
			let stop: NodeApiError | undefined;
			for (const [k, { itemIndex }] of part.entries()) {
				const item = resultItem(client, brandCode, results[k], itemIndex);
				if (!(item instanceof Error)) output[itemIndex] = item;
				else {
					stop ??= item;
					output[itemIndex] = errorItem(item, itemIndex);
				}
			}
			if (stop && !continueOnFail) {
				stop.description = `${stop.description ?? ''} ${RUN_AGAIN}`.trim();
				throw stop;
			}
		}
	}
	return output.filter((item) => item !== undefined);
}
