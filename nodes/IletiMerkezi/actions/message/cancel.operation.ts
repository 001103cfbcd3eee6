import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../../helpers/items';
import { tellingUnknownMethod } from '../../helpers/unknownMethod';
import { optionsCollection } from '../../helpers/parameters';
import { deleteOnce } from '../../helpers/records';
import { orderIdProperty, readOrderId } from './order';

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['cancel'] } },
	[orderIdProperty('The scheduled order to cancel'), optionsCollection()],
);

/**
 * Cancels an order scheduled for later. Cancelling twice leaves it cancelled, so it is repeated
 * like a read; after a lost answer, "no such order" (455) on the repeat means the lost request
 * cancelled it. A 455 the first time is the item's error: unknown, already sending, or sent.
 */
export const execute = perItem(
	readOrderId,
	tellingUnknownMethod('cancel-order', async (client, orderId: string, itemIndex: number) => {
		await deleteOnce(client, 'cancel-order', { order: { id: orderId } }, 455, itemIndex);
		return { orderId, cancelled: true };
	}),
);
