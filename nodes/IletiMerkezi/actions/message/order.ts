import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { shown, text } from '../../helpers/parameters';
import { isRecordId } from '../../helpers/rules';

/** The Order ID parameter: what Message › Send gave as `orderId`. */
export const orderIdProperty = (description: string): INodeProperties => ({
	displayName: 'Order ID',
	name: 'orderId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 312891245',
	description: `${description}: the \`orderId\` Message › Send gave`,
});

/** One item's Order ID, a whole number, or the item's error before any request. */
export function readOrderId(ctx: IExecuteFunctions, itemIndex: number): string {
	const id = text(ctx, 'orderId', itemIndex, 'Order ID');
	if (!isRecordId(id)) {
		throw new NodeOperationError(
			ctx.getNode(),
			id === '' ? 'Order ID is empty' : `Order ID "${shown(id)}" is not a valid ID`,
			{ itemIndex, description: 'An order ID is a whole number, e.g. 312891245.' },
		);
	}
	return id;
}
