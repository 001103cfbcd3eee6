import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { shown, text } from '../../helpers/parameters';
import { isRecordId } from '../../helpers/rules';
import type { IletiMerkeziClient } from '../../transport';
import { isObject, statusCode } from '../../transport';

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

/** What an order's report says of it now. */
export type OrderState =
	| { state: 'scheduled' | 'sending' | 'sent' | 'notSent'; code: number }
	/** The report could not tell: why, in a sentence. */
	| { state: 'unknown'; why: string };

/** get-report's order status: 113 still sending, 114 finished, 115 not sent (a cancelled order too). */
const ORDER_STATES: Record<number, 'sending' | 'sent' | 'notSent'> = {
	113: 'sending',
	114: 'sent',
	115: 'notSent',
};
/** get-report's answer for an order whose time has not come. */
const NOT_YET = 456;
/** get-report's answer for an order it does not know: never had, or (docs) cancelled. */
const NO_ORDER = 455;

/**
 * An order's state, read from the first row of its report: what is true now, for a verdict that
 * an ambiguous answer cannot give. Any failure to read it is an `unknown` state, never an error.
 */
export async function readOrderState(
	client: IletiMerkeziClient,
	orderId: string,
): Promise<OrderState> {
	const outcome = await client.call(
		'get-report',
		{ order: { id: orderId, page: 1, rowCount: 1 } },
		true,
	);
	if ('envelope' in outcome) {
		const order = outcome.envelope.response.order;
		const code = statusCode(isObject(order) ? order.status : undefined);
		if (code !== undefined && code in ORDER_STATES) return { state: ORDER_STATES[code], code };
		return { state: 'unknown', why: `its report gave no known order status (${code ?? 'none'})` };
	}
	const { failure } = outcome;
	if (failure.kind === 'status' && failure.code === NOT_YET) {
		return { state: 'scheduled', code: NOT_YET };
	}
	if (failure.kind === 'status' && failure.code === NO_ORDER) {
		return {
			state: 'unknown',
			why: `its report answered ${NO_ORDER}, which iletiMerkezi gives both for an order it never had and for a cancelled one`,
		};
	}
	return {
		state: 'unknown',
		why: `its report could not be read: ${client.error(failure).message}`,
	};
}
