import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { clientFor, errorItem } from '../../helpers/items';
import { optionsCollection, readTimeout } from '../../helpers/parameters';
import { addPeople } from './add/addPeople';
import { mappingProperties, readSendOptions, sendOptions } from './add/parameters';
import { readPeople } from './add/read';
import { report } from './add/report';
import { normalizePhoneOption } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['add'] } },
	[...mappingProperties, optionsCollection(...sendOptions, normalizePhoneOption)],
);

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
	const options = readSendOptions(this);
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
	const results = await addPeople(client, contacts, options);
	const people = itemIndexes.map((itemIndex, k) => ({ itemIndex, result: results[k] }));
	return report(this, client, people, output);
}
