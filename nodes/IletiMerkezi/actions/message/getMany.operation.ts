import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { formatIstanbul, istanbulMoment } from '../../helpers/istanbul';
import { readLimit } from '../../helpers/parameters';
import { optionsCollection, returnAllAndLimit } from '../descriptions';
import { amountOf, listCount, miscountHint, readPages } from '../../helpers/records';
import { isObject, statusCode } from '../../transport';

/** The widest date range get-reports takes. */
const MAX_DAYS = 10;
const DAY_MS = 86_400_000;
/**
 * Orders a get-reports page holds: the API decides and does not say; its clients page by 30. A
 * shorter page ends the list only where `count` agrees (see readPages).
 */
const PAGE_SIZE = 30;

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['getMany'] } },
	[
		{
			displayName: 'From',
			name: 'from',
			type: 'dateTime',
			default: '',
			description:
				'The first day (Istanbul time) whose orders to get; empty means the same day as Until',
		},
		{
			displayName: 'Until',
			name: 'until',
			type: 'dateTime',
			default: '',
			description: `The last day (Istanbul time) whose orders to get; empty means today. At most ${MAX_DAYS} days after From.`,
		},
		...returnAllAndLimit,
		optionsCollection(),
	],
);

const day = (moment: Date) => formatIstanbul(moment).slice(0, 10);

/** The days asked for, as get-reports takes them, or the item's error before any request. */
function readRange(ctx: IExecuteFunctions, itemIndex: number) {
	const node = ctx.getNode();
	const read = (name: string, label: string) =>
		istanbulMoment(node, ctx.getNodeParameter(name, itemIndex, ''), { label, itemIndex });
	const until = read('until', 'Until') ?? new Date();
	const from = read('from', 'From') ?? until;
	const days = Math.round((Date.parse(day(until)) - Date.parse(day(from))) / DAY_MS);
	if (days < 0 || days > MAX_DAYS) {
		throw new NodeOperationError(node, `From and Until must be 0 to ${MAX_DAYS} days apart`, {
			itemIndex,
			description: `They are ${day(from)} and ${day(until)}. iletiMerkezi lists the orders of ${MAX_DAYS} days at most in one go.`,
		});
	}
	return { start: day(from), end: day(until), limit: readLimit(ctx, itemIndex) };
}

/** An order's counts, as the API sends them (numbers or text). */
const COUNTS = ['total', 'delivered', 'undelivered', 'waiting'] as const;

/**
 * An order as listed, with its status code (113, 114, 115), counts and price as numbers whether the
 * API sends them as numbers or as text ("114", "0,0372"); anything that is not one is left as sent.
 */
function readOrder(order: IDataObject): IDataObject {
	const read: IDataObject = { ...order, status: statusCode(order.status) ?? order.status ?? null };
	for (const count of COUNTS)
		if (count in order) read[count] = listCount(order[count]) ?? order[count];
	if ('price' in order) read.price = amountOf(order.price) ?? order.price;
	return read;
}

/**
 * One item per order submitted in the range, paged to the last page (see readPages); a `count`
 * missing, not a number, or not what the pages held never cuts the list.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const miscounted = miscountHint(this, 'orders in the range');
	const run = perItem(readRange, async (client, { start, end, limit }, itemIndex) => {
		const orders = await readPages(
			client,
			{
				method: 'get-reports',
				payload: (page) => ({ filter: { start, end, page } }),
				rows: (envelope) => {
					const orders = envelope.response.orders;
					return (Array.isArray(orders) ? orders : []).filter(isObject);
				},
				total: (envelope) => envelope.response.count,
				miscounted,
				pageSize: PAGE_SIZE,
			},
			limit,
			itemIndex,
		);
		return orders.map(readOrder);
	});
	return await run.call(this, items);
}
