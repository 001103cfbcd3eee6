import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { optionsCollection } from '../descriptions';
import { isObject } from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['getBalance'] } },
	[optionsCollection()],
);

const amount = (value: unknown) => (value === undefined || value === '' ? null : Number(value));

/** The account's balance: its credit and how many SMS that is. */
export const execute = perItem(
	() => undefined,
	async (client, _, itemIndex) => {
		const envelope = await client.request('get-balance', {}, itemIndex);
		const balance = isObject(envelope?.response.balance) ? envelope.response.balance : {};
		return { amount: amount(balance.amount), sms: amount(balance.sms) };
	},
);
