import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { optionsCollection } from '../descriptions';
import type { IletiMerkeziClient } from '../../transport';
import { orderIdProperty, readOrderId, readOrderState } from './order';

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['cancel'] } },
	[orderIdProperty('The scheduled order to cancel'), optionsCollection()],
);

/** "No such order, or it can no longer be cancelled (already sending, or sent)". */
const NOT_CANCELLABLE = 455;

const AFTER_LOST = `The answer to the first cancel request was lost, and the repeat answered ${NOT_CANCELLABLE} (no such order, or it can no longer be cancelled), which proves neither.`;

/**
 * Cancels an order scheduled for later. Cancelling twice leaves it cancelled, so it is repeated
 * like a read. A 455 the first time is the item's error: unknown, already sending, or sent. After
 * a lost answer, a 455 on the repeat may mean that the lost request cancelled the order, or that
 * it never arrived and the order went out: the order's report, read back, tells which.
 */
async function cancelOrder(client: IletiMerkeziClient, orderId: string, itemIndex: number) {
	const outcome = await client.call('cancel-order', { order: { id: orderId } }, true);
	if ('envelope' in outcome) return { orderId, cancelled: true };
	const { failure, afterLost } = outcome;
	if (!afterLost || failure.kind !== 'status' || failure.code !== NOT_CANCELLABLE) {
		throw client.error(failure, { itemIndex });
	}
	const order = await readOrderState(client, orderId);
	const fail = (message: string, description: string) =>
		new NodeOperationError(client.node, message, { itemIndex, description });
	switch (order.state) {
		case 'notSent':
			return {
				orderId,
				cancelled: true,
				note: `The first request’s answer was lost; the order’s report, read back, says it was not sent (${order.code}), as after a cancel: it will not go out.`,
			};
		case 'sent':
		case 'sending':
			throw fail(
				`Order ${orderId} was not cancelled: it ${order.state === 'sent' ? 'has been sent' : 'is being sent'}`,
				`${AFTER_LOST} The order’s report, read back, says ${order.state === 'sent' ? 'it was sent' : 'it is being sent'} (${order.code}). Message › Get Report shows each number’s state.`,
			);
		case 'scheduled':
			throw fail(
				`Order ${orderId} is still scheduled: it was not cancelled`,
				`${AFTER_LOST} The order’s report, read back, says its time has not come (${order.code}). Run Cancel again before then.`,
			);
		default:
			throw fail(
				`Whether order ${orderId} was cancelled is unclear`,
				`${AFTER_LOST} Reading the order back did not tell: ${order.why}. Check the order with Message › Get Report or in the iletiMerkezi panel before cancelling again or sending anew.`,
			);
	}
}

export const execute = perItem(readOrderId, cancelOrder);
