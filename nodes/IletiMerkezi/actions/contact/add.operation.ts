import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../descriptions';
import { runBatch } from '../batch';
import { normalizePhoneOption } from './fields';
import { addPeople } from './write/addPeople';
import { mappingProperties, readSendOptions, sendOptions } from './write/parameters';
import { readPeople } from './write/read';
import { ADD_WORDS, personVerdict } from './write/report';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['add'] } },
	[...mappingProperties, optionsCollection(...sendOptions, normalizePhoneOption)],
);

/**
 * Add, through the batch contract: every item read as a person → sent (in batches or one by
 * one) → the people whose answer was lost looked up, and sent once more when not found → each
 * person's verdict on their own item.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const options = readSendOptions(this);
	return await runBatch(this, items, {
		read: readPeople,
		run: async (client, people, stopOnFailure) => {
			const contacts = people.map(({ input }) => input);
			const results = await addPeople(client, contacts, { ...options, stopOnFailure });
			return people.flatMap(({ itemIndex }, k) => {
				const result = results[k];
				return result ? [{ itemIndex, verdict: personVerdict(client, result, itemIndex) }] : [];
			});
		},
		words: ADD_WORDS,
	});
}
