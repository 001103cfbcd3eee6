import type { IDataObject } from 'n8n-workflow';

import type { IletiMerkeziClient } from '../../../transport';
import { NOT_STORED_SENT_AGAIN } from './report';
import type { PersonResult, SendOptions } from './send';
import { sendPeople } from './send';
import { settleLost } from './settle';

/**
 * Adds people, as steps called in order: send them → look up those whose answer was lost → send
 * once more those not found. Each person's result at their index; undefined for those not sent
 * because the run stopped.
 */
export async function addPeople(
	client: IletiMerkeziClient,
	contacts: IDataObject[],
	options: SendOptions,
): Promise<Array<PersonResult | undefined>> {
	const { results, method } = await sendPeople(client, contacts, options);
	if (client.cancelled()) return results;
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
	return results;
}
