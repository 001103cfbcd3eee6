import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { readLimit } from '../../helpers/parameters';
import { optionsCollection, returnAllAndLimit } from '../descriptions';
import { miscountHint, readPages } from '../../helpers/records';
import { isObject, statusCode } from '../../transport';
import { orderIdProperty, readOrderId } from './order';

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['getReport'] } },
	[
		orderIdProperty('The order whose delivery report to get'),
		...returnAllAndLimit,
		optionsCollection(),
	],
);

/** A message's state in the report, by the API's code. */
const STATES: Record<number, string> = { 110: 'waiting', 111: 'delivered', 112: 'undelivered' };

/**
 * One item per number of the order, with its delivery state, paged to the last page (see
 * readPages): `total` (how many numbers the order has) is a hint, and one that disagrees with
 * the numbers listed is a warning on the run.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const miscounted = miscountHint(this, 'numbers in the order');
	const run = perItem(
		(ctx, itemIndex) => ({
			orderId: readOrderId(ctx, itemIndex),
			limit: readLimit(ctx, itemIndex),
		}),
		async (client, { orderId, limit }, itemIndex) => {
			const order = (envelope: { response: IDataObject }) =>
				isObject(envelope.response.order) ? envelope.response.order : {};
			const rows = await readPages(
				client,
				{
					method: 'get-report',
					payload: (page, rowCount) => ({ order: { id: orderId, page, rowCount } }),
					rows: (envelope) => {
						const listed = order(envelope).message;
						return (Array.isArray(listed) ? listed : listed ? [listed] : []).filter(isObject);
					},
					total: (envelope) => order(envelope).total,
					miscounted,
					idOf: (row) => (row.number === undefined ? undefined : String(row.number)),
				},
				limit,
				itemIndex,
			);
			return rows.map((row) => {
				const code = statusCode(row.status);
				return {
					orderId,
					number: row.number ?? null,
					status: (code !== undefined && STATES[code]) || 'unknown',
					statusCode: code ?? null,
				};
			});
		},
	);
	return await run.call(this, items);
}
