import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { optionsCollection, phoneNumberProperty } from '../descriptions';
import { MAX_ROW_COUNT, readPages } from '../../helpers/records';
import { phoneKey, withPlus90 } from '../../helpers/rules';
import type { IletiMerkeziClient } from '../../transport';
import { STATUS_TEXTS } from '../../transport/errors';
import { mobileNumber } from '../../helpers/mobile';
import { blacklistPages } from './list';

/** What the error of a number that is no Turkish mobile says the blacklist takes. */
const TAKES = 'The blacklist takes';

export const description = updateDisplayOptions(
	{ show: { resource: ['blacklist'], operation: ['remove'] } },
	[
		phoneNumberProperty(
			'The number to take off the blacklist, so it can receive messages again. A Turkish mobile number written any way: 5321234567, 0532 123 45 67 or +90 532 123 45 67. A number not on the list, or one whose block the account cannot lift, gives an item saying so (removed: false).',
		),
		optionsCollection(),
	],
);

/** "Not on the blacklist, or cannot be removed from it". */
const NOT_REMOVABLE = 474;

/**
 * The most of the blacklist read back to settle a 474 after a lost answer: ten pages of 1,000.
 * get-blacklist has no filter by number, so a longer list is left unclear rather than read whole.
 */
export const READ_BACK_ROWS = 10 * MAX_ROW_COUNT;

const AFTER_LOST = `The answer to the first request was lost, and the repeat answered ${NOT_REMOVABLE} (not on the blacklist, or cannot be removed), which proves neither.`;

/**
 * Removes a number. Removing twice leaves it removed, so after a lost answer the request is sent
 * again like a read. A 474 the first time is this item's answer (not listed, or not removable),
 * not a failure. A 474 on the repeat after a lost answer proves nothing about the lost request
 * (it may have removed the number, or never arrived): the blacklist is read back, and the item
 * says what is true now. Hence the call is read here rather than by deleteOnce.
 */
async function removeNumber(
	client: IletiMerkeziClient,
	number: string,
	itemIndex: number,
): Promise<IDataObject> {
	const outcome = await client.call('delete-blacklist', { blacklist: { number } }, true);
	if ('envelope' in outcome) return { number, removed: true };
	const { failure, afterLost } = outcome;
	if (failure.kind !== 'status' || failure.code !== NOT_REMOVABLE) {
		throw client.error(failure, { itemIndex });
	}
	if (!afterLost) {
		return {
			number,
			removed: false,
			reason: `${STATUS_TEXTS[NOT_REMOVABLE][0]} (code ${NOT_REMOVABLE})`,
		};
	}
	return await readBack(client, number, itemIndex);
}

/** Whether the number is on the blacklist now, read within READ_BACK_ROWS; else unclear. */
async function readBack(client: IletiMerkeziClient, number: string, itemIndex: number) {
	const unclear = (why: string) =>
		new NodeOperationError(client.node, `Whether ${number} is still on the blacklist is unclear`, {
			itemIndex,
			description: `${AFTER_LOST} Reading the blacklist back did not tell: ${why}. Check the number with Blacklist › Get Many or in the iletiMerkezi panel before relying on it.`,
		});
	let listed: string[];
	try {
		listed = await readPages(client, blacklistPages(), READ_BACK_ROWS, itemIndex);
	} catch (error) {
		throw unclear(`it could not be read (${(error as Error).message})`);
	}
	const key = phoneKey(number);
	if (listed.some((entry) => phoneKey(entry) === key)) {
		return {
			number,
			removed: false,
			onBlacklist: true,
			reason: `iletiMerkezi does not let this account lift the block on this number (code ${NOT_REMOVABLE}): the blacklist, read back, still lists it. Ask iletiMerkezi to remove it.`,
		};
	}
	if (listed.length >= READ_BACK_ROWS) {
		const rows = READ_BACK_ROWS.toLocaleString('en');
		throw unclear(
			`the blacklist holds ${rows} numbers or more, and the first ${rows} do not include it`,
		);
	}
	return {
		number,
		removed: true,
		onBlacklist: false,
		note: 'The first request’s answer was lost; the blacklist, read back, does not list the number, so it can receive messages again. Whether the lost request removed it or it was not listed cannot be told.',
	};
}

export const execute = perItem(
	(ctx, itemIndex) =>
		withPlus90(
			mobileNumber(
				ctx.getNode(),
				ctx.getNodeParameter('phoneNumber', itemIndex, ''),
				itemIndex,
				TAKES,
			),
		),
	removeNumber,
);
