import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { formatIstanbul, istanbulMoment } from '../../helpers/istanbul';
import { readLimit } from '../../helpers/parameters';
import { optionsCollection, returnAllAndLimit } from '../descriptions';
import { miscountHint, readPages } from '../../helpers/records';
import { blacklistPages } from './list';

const IN_ISTANBUL_TIME =
	'Istanbul time (UTC+3), unless the value names its zone (2026-05-31T11:30:00Z)';

const filters: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	description: 'Only numbers added to the blacklist in this time range (Istanbul time)',
	options: [
		{
			displayName: 'Added From',
			name: 'addedFrom',
			type: 'dateTime',
			default: '',
			description: `Only numbers added to the blacklist at or after this time. ${IN_ISTANBUL_TIME}.`,
		},
		{
			displayName: 'Added Until',
			name: 'addedUntil',
			type: 'dateTime',
			default: '',
			description: `Only numbers added at or before this time; a date without a time (2026-05-31) takes in that whole day. ${IN_ISTANBUL_TIME}.`,
		},
	],
};

export const description = updateDisplayOptions(
	{ show: { resource: ['blacklist'], operation: ['getMany'] } },
	[...returnAllAndLimit, filters, optionsCollection()],
);

/** get-blacklist's filter for one item, as the API writes dates; the range checked first. */
function readFilter(ctx: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	const node = ctx.getNode();
	const value = (name: string) => ctx.getNodeParameter(`filters.${name}`, itemIndex, '');
	const from = istanbulMoment(node, value('addedFrom'), { label: 'Added From', itemIndex });
	const until = istanbulMoment(node, value('addedUntil'), {
		label: 'Added Until',
		itemIndex,
		endOfDay: true,
	});
	if (from && until && from > until) {
		throw new NodeOperationError(
			node,
			`Added From (${formatIstanbul(from)}) is later than Added Until (${formatIstanbul(until)})`,
			{ itemIndex, description: 'Both are Istanbul time. Swap them, or clear one.' },
		);
	}
	if (!from && !until) return undefined;
	return {
		...(from && { start: formatIstanbul(from) }),
		...(until && { end: formatIstanbul(until) }),
	};
}

/**
 * The blacklist, one item per number, paged to its last page (see readPages); a `count` that
 * disagrees with the numbers listed is a warning on the run.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const miscounted = miscountHint(this, 'numbers on the blacklist');
	const run = perItem(
		(ctx, itemIndex) => ({ filter: readFilter(ctx, itemIndex), limit: readLimit(ctx, itemIndex) }),
		async (client, { filter, limit }, itemIndex: number) => {
			const list = blacklistPages(filter, miscounted);
			const numbers = await readPages(client, list, limit, itemIndex);
			return numbers.map((number) => ({ number }));
		},
	);
	return await run.call(this, items);
}
