import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { NodeFailure } from './items';
import { clientFor, errorItem, itemError } from './items';
import type { IletiMerkeziClient } from '../transport';

/**
 * What became of one answer of an item. Every verdict is proven by what the API answered (or by
 * reading back); when nothing proves it either way, it is `unclear` and its error says what to check.
 */
export type Verdict =
	/** Done as asked: created, updated, sent, registered. */
	| { kind: 'done'; json: IDataObject }
	/** Nothing needed doing: the API already held what was given. */
	| { kind: 'unchanged'; json: IDataObject }
	/**
	 * Certainly not done: refused by the API or by the input, or it could not be tried. `ownFault`
	 * when the item's own values were refused, not the request it shared with others.
	 */
	| { kind: 'failed'; error: NodeFailure; ownFault?: boolean }
	/** The request went out and no usable answer came back: it may have been done. */
	| { kind: 'unclear'; error: NodeFailure }
	/** Never sent: the run stopped before it (after a failure, an outage, or when cancelled). */
	| { kind: 'notSent'; error: NodeFailure };

/** One verdict, for the input item it answers (an item may have several, or one). */
export interface Answer {
	itemIndex: number;
	verdict: Verdict;
}

/** How the summary of a stopped run speaks of the operation's items. */
export interface Words {
	/** e.g. "contact(s) were added". */
	done: string;
	/** e.g. "Not added". */
	failed: string;
	/** What "unchanged" means for the operation (by default "Unchanged"). */
	unchanged?: string;
	/** What to do with the unclear ones before running again. */
	checkUnclear: string;
	/** What to run again when nothing is unclear. */
	runAgain: string;
}

/** A batch operation: how it reads one run's items, and how it turns them into verdicts. */
export interface BatchOperation<T> {
	/** Every item read and checked before anything is sent: its input, or why not. */
	read: (ctx: IExecuteFunctions, items: INodeExecutionData[]) => Array<T | NodeFailure>;
	/**
	 * Plans the requests, sends them (never a write twice), settles what was lost, and gives the
	 * verdicts. `stopOnFailure`: start nothing new once something failed; what was never sent
	 * may be left without an answer, and is reported as not sent.
	 */
	run: (
		client: IletiMerkeziClient,
		inputs: Array<{ itemIndex: number; input: T }>,
		stopOnFailure: boolean,
	) => Promise<Answer[]>;
	words: Words;
}

/**
 * The one way a batch operation runs: read every item (bad input fails before any request,
 * unless the run goes on after failures), then the operation's requests and verdicts, then one
 * report.
 */
export async function runBatch<T>(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: BatchOperation<T>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const answers: Answer[] = [];
	const inputs: Array<{ itemIndex: number; input: T }> = [];
	operation.read(ctx, items).forEach((read, itemIndex) => {
		if (read instanceof Error) {
			if (!continueOnFail) throw read;
			answers.push({ itemIndex, verdict: { kind: 'failed', error: read, ownFault: true } });
		} else inputs.push({ itemIndex, input: read });
	});
	if (inputs.length > 0) {
		const client = await clientFor(ctx);
		try {
			answers.push(...(await operation.run(client, inputs, !continueOnFail)));
		} catch (error) {
			// What every item needed failed before anything was written (a Match Group's read, say).
			const failures = inputs.map(({ itemIndex }) => itemError(ctx.getNode(), error, itemIndex));
			if (!continueOnFail) throw failures[0];
			inputs.forEach(({ itemIndex }, k) => {
				answers.push({ itemIndex, verdict: { kind: 'failed', error: failures[k] } });
			});
		}
	}
	return report(ctx, items.length, answers, operation.words);
}

/** A verdict's place in the summary. */
type Kind = Verdict['kind'];

const NOT_SENT = 'Not sent: the run stopped before it (see the error that stopped it).';

/**
 * Every input item's answers, in input order, each paired to its item. An item left without an
 * answer was never sent: the run stopped first. Without continue-on-fail the first failed item
 * (in input order) stops the node, its error saying what became of every item.
 */
export function report(
	ctx: IExecuteFunctions,
	itemCount: number,
	answers: Answer[],
	words: Words,
): INodeExecutionData[] {
	const byItem: Verdict[][] = Array.from({ length: itemCount }, () => []);
	for (const { itemIndex, verdict } of answers) byItem[itemIndex].push(verdict);
	const node = ctx.getNode();
	byItem.forEach((verdicts, itemIndex) => {
		if (verdicts.length > 0) return;
		const error = new NodeOperationError(node, NOT_SENT, { itemIndex });
		verdicts.push({ kind: 'notSent', error });
	});

	const first = firstFailure(byItem);
	if (first && !ctx.continueOnFail()) throw summarised(first, byItem, words);
	return byItem.flatMap((verdicts, itemIndex) =>
		verdicts.map((verdict) =>
			'json' in verdict
				? { json: verdict.json, pairedItem: { item: itemIndex } }
				: errorItem(verdict.error, itemIndex),
		),
	);
}

/** The first failed verdict in input order, with its item. */
function firstFailure(byItem: Verdict[][]) {
	for (const [itemIndex, verdicts] of byItem.entries()) {
		for (const verdict of verdicts) if (!('json' in verdict)) return { itemIndex, verdict };
	}
	return undefined;
}

/** Item numbers as short ranges, "items 0–4, 7, 9–12", at most 20 of them. */
export function itemRanges(indexes: number[]): string {
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

/**
 * The error that stops the node, saying item by item what was done, what was not, what may have
 * been, and what was never sent, so a run again does nothing twice. An item with several answers
 * (a group's members) counts where its least certain answer does.
 */
function summarised(
	first: { itemIndex: number; verdict: Exclude<Verdict, { json: IDataObject }> },
	byItem: Verdict[][],
	words: Words,
): NodeFailure {
	const tally: Record<Kind, number[]> = {
		done: [],
		unchanged: [],
		failed: [],
		unclear: [],
		notSent: [],
	};
	const worst: Kind[] = ['unclear', 'failed', 'notSent', 'done', 'unchanged'];
	byItem.forEach((verdicts, itemIndex) => {
		const kind = worst.find((k) => verdicts.some((verdict) => verdict.kind === k))!;
		tally[kind].push(itemIndex);
	});
	const { error } = first.verdict;
	if (first.verdict.kind === 'failed' && first.verdict.ownFault) {
		error.message = `${error.message} [item ${first.itemIndex}]`;
	}
	const { done, unchanged, failed, unclear, notSent } = tally;
	const parts = [`${done.length} ${words.done}${done.length ? ` (${itemRanges(done)})` : ''}.`];
	if (unchanged.length) parts.push(`${words.unchanged ?? 'Unchanged'}: ${itemRanges(unchanged)}.`);
	if (failed.length) parts.push(`${words.failed}: ${itemRanges(failed)}.`);
	if (unclear.length) {
		parts.push(`Unclear, the answer was lost: ${itemRanges(unclear)}; ${words.checkUnclear}.`);
	}
	if (notSent.length) parts.push(`Not sent: ${itemRanges(notSent)}.`);
	if (!unclear.length) parts.push(words.runAgain);
	error.description = `${error.description ?? ''} ${parts.join(' ')}`.trim();
	return error;
}
