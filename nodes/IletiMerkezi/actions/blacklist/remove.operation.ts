import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../../helpers/items';
import { optionsCollection } from '../../helpers/parameters';
import type { IletiMerkeziClient } from '../../transport';
import { STATUS_TEXTS } from '../../transport/errors';
import { mobileNumber, phoneNumberProperty } from '../../helpers/mobile';
import { tellingUnknownMethod } from '../../helpers/unknownMethod';

/** What the error of a number that is no Turkish mobile says the blacklist takes. */
const TAKES = 'The blacklist takes';

export const description = updateDisplayOptions(
	{ show: { resource: ['blacklist'], operation: ['remove'] } },
	[
		phoneNumberProperty(
			'The number to take off the blacklist, so it can receive messages again. A Turkish mobile number written any way: 5321234567, 0532 123 45 67 or +90 532 123 45 67. A number not on the list gives an item saying so (removed: false).',
		),
		optionsCollection(),
	],
);

/** "Not on the blacklist, or cannot be removed from it". */
const NOT_REMOVABLE = 474;

/**
 * Removes a number. Removing twice leaves it removed, so after a lost answer the request is sent
 * again like a read, and a 474 then means the lost request removed it. A 474 on the first try is
 * this item's answer (not listed, or not removable), not a failure: hence the call is read here
 * rather than by deleteOnce, for which "gone" is an error unless an answer was lost.
 */
async function removeNumber(client: IletiMerkeziClient, number: string, itemIndex: number) {
	const outcome = await client.call('delete-blacklist', { blacklist: { number } }, true);
	if ('envelope' in outcome) return { number, removed: true };
	const { failure, afterLost } = outcome;
	if (failure.kind !== 'status' || failure.code !== NOT_REMOVABLE) {
		throw client.error(failure, { itemIndex });
	}
	if (afterLost) return { number, removed: true };
	return {
		number,
		removed: false,
		reason: `${STATUS_TEXTS[NOT_REMOVABLE][0]} (code ${NOT_REMOVABLE})`,
	};
}

export const execute = perItem(
	(ctx, itemIndex) =>
		`+90${mobileNumber(ctx.getNode(), ctx.getNodeParameter('phoneNumber', itemIndex, ''), itemIndex, TAKES)}`,
	tellingUnknownMethod('delete-blacklist', removeNumber),
);
