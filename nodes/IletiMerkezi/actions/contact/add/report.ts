import type { IExecuteFunctions, INodeExecutionData, NodeApiError } from 'n8n-workflow';

import { errorItem } from '../../../helpers/items';
import type { Failure, IletiMerkeziClient } from '../../../transport';
import { isLost } from '../../../transport';
import type { PersonResult } from './send';

export const NOT_STORED_SENT_AGAIN =
	'It was not in the address book when looked up after the first answer was lost, so it was sent once more, and that failed as said.';
const LOST_HINT =
	'The request may have been carried out although its answer was lost, so it was not sent again blindly (nothing may be added twice). Check the address book before running the workflow again.';

/** Codes the API gives one person of a request; the others concern the whole request. */
const PERSON_CODES = [463, 466, 472, 473];

/** A person's error: what failed, what the lookup found, and whether it may still be stored. */
export function personError(
	client: IletiMerkeziClient,
	failure: Failure,
	note: string | undefined,
	itemIndex: number,
) {
	const after = isLost(failure) ? LOST_HINT : note ? 'So it is not stored.' : undefined;
	const full = [note, after].filter(Boolean).join(' ');
	return client.error(failure, { itemIndex, note: full || undefined });
}

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
interface Tally {
	added: number[];
	refused: number[];
	/** The request went out and no usable answer came back: the person may be stored. */
	unclear: number[];
	notSent: number[];
}

/**
 * When the node stops on a failed person it says, item by item, what was added, what was not,
 * what may have been, and what was never sent, so a re-run adds nobody twice.
 */
function explainStop(error: NodeApiError, failure: Failure, itemIndex: number, tally: Tally) {
	const ownFault =
		failure.kind === 'missingResult' ||
		(failure.kind === 'status' && PERSON_CODES.includes(failure.code));
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
 * Each person's result on their own item, in input order. Without continue-on-fail, the first
 * failure stops the node, saying what became of every item.
 */
export function report(
	ctx: IExecuteFunctions,
	client: IletiMerkeziClient,
	people: Array<{ itemIndex: number; result: PersonResult | undefined }>,
	output: INodeExecutionData[],
): INodeExecutionData[] {
	let first: { itemIndex: number; error: NodeApiError; failure: Failure } | undefined;
	const tally: Tally = { added: [], refused: [], unclear: [], notSent: [] };
	for (const { itemIndex, result } of people) {
		if (!result) {
			tally.notSent.push(itemIndex);
		} else if ('stored' in result) {
			output[itemIndex] = { json: result.stored, pairedItem: { item: itemIndex } };
			tally.added.push(itemIndex);
		} else {
			const error = personError(client, result.failure, result.note, itemIndex);
			first ??= { itemIndex, error, failure: result.failure };
			output[itemIndex] = errorItem(error, itemIndex);
			(isLost(result.failure) ? tally.unclear : tally.refused).push(itemIndex);
		}
	}
	if (first && !ctx.continueOnFail()) {
		throw explainStop(first.error, first.failure, first.itemIndex, tally);
	}
	return output;
}
