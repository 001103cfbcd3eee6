import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { optionsCollection } from '../descriptions';
import { amountOf, listCount } from '../../helpers/records';
import { isObject } from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['getBalance'] } },
	[optionsCollection()],
);

/**
 * The account's balance: its credit (TL) and how many SMS that is, each as a number whether the API
 * sends numbers or text (10.584 or "10.584", 67 or "67"); null when missing or not a figure.
 */
export const execute = perItem(
	() => undefined,
	async (client, _, itemIndex) => {
		const envelope = await client.request('get-balance', {}, itemIndex);
		const balance = isObject(envelope?.response.balance) ? envelope.response.balance : {};
		return { amount: amountOf(balance.amount) ?? null, sms: listCount(balance.sms) ?? null };
	},
);
