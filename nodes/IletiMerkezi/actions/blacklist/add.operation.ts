import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../items';
import { readConcurrency } from '../../helpers/parameters';
import { concurrencyOption, optionsCollection, phoneNumberProperty } from '../descriptions';
import { parameterReader } from '../../helpers/reader';
import type { IletiMerkeziClient } from '../../transport';
import { mobileNumber } from '../../helpers/mobile';
import { withPlus90 } from '../../helpers/rules';

/** What the error of a number that is no Turkish mobile says the blacklist takes. */
const TAKES = 'The blacklist takes';

export const description = updateDisplayOptions(
	{ show: { resource: ['blacklist'], operation: ['add'] } },
	[
		phoneNumberProperty(
			'The number to blacklist: iletiMerkezi sends it no more messages. A Turkish mobile number written any way: 5321234567, 0532 123 45 67 or +90 532 123 45 67. A number already on the list stays as it is.',
		),
		optionsCollection(concurrencyOption),
	],
);

/**
 * One add-blacklist per number. Adding a number already listed answers 200 and changes nothing,
 * so after a lost answer the request is simply sent again, like a read.
 */
const addNumber = async (client: IletiMerkeziClient, number: string, itemIndex: number) => {
	await client.request('add-blacklist', { blacklist: { number } }, itemIndex);
	return { number, blacklisted: true };
};

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const concurrency = readConcurrency(this);
	// Prepared once: a fixed number or a plain reference costs nothing per item.
	const phone = parameterReader(this, items)('phoneNumber', '');
	const node = this.getNode();
	const read = (itemIndex: number) =>
		withPlus90(mobileNumber(node, phone(itemIndex), itemIndex, TAKES));
	return await runPerItem(this, items, read, addNumber, concurrency);
}
