import type { IDataObject } from 'n8n-workflow';

import { formatIstanbul } from '../../../helpers/istanbul';
import type { Failure, IletiMerkeziClient } from '../../../transport';
import { isLost } from '../../../transport';
import type { Answer, Verdict, Words } from '../../batch';
import type { Order, OrderOutcome } from './orders';
import type { Message } from './read';

const LOST =
	'The order may have been sent: it was not sent again, so nobody gets the message twice. Before sending again, check the orders of the last minutes (Message › Get Many) or this order’s report.';
const NOT_SENT = 'It was not sent: an earlier order failed, and the node stopped.';

/** How a stopped Send speaks of its items. */
export const SEND_WORDS: Words = {
	done: 'item(s) were sent',
	unchanged: 'Nothing to send',
	failed: 'Refused, not sent',
	checkUnclear:
		'check the orders of the last minutes (Message › Get Many) or their reports before sending them again',
	runAgain: 'Run again only the items refused or not sent, so nobody gets the message twice.',
};

/**
 * How a stopped Send speaks of what was sent: the items, and the SMS parts (credits) of the
 * numbers sent to, each number once per text.
 */
export function sentWords(orders: Order[], outcomes: OrderOutcome[]): string {
	let parts = 0;
	orders.forEach((order, k) => {
		const outcome = outcomes[k];
		if (!outcome || !('orderId' in outcome)) return;
		for (const recipient of order.recipients) parts += recipient.parts;
	});
	return parts > 0 ? `${SEND_WORDS.done} as ${parts} SMS part(s)` : SEND_WORDS.done;
}

/** The output of one recipient: what was sent, to whom, in which order, in how many parts. */
function sentItem(number: string, message: Message, orderId: string): IDataObject {
	const json: IDataObject = {
		number,
		orderId,
		message: message.text,
		parts: message.parts,
		sender: message.sender,
		messageType: message.type,
	};
	if (message.iysList) json.iysList = message.iysList;
	if (message.sendAt) json.scheduledFor = formatIstanbul(message.sendAt).slice(0, 16);
	return json;
}

/**
 * Each recipient's verdict, for the item it answers: sent (its number, the order id and what was
 * sent), refused, may have been sent (the answer was lost: never sent again), or not sent (the
 * run stopped first).
 */
export function orderVerdicts(
	client: IletiMerkeziClient,
	orders: Order[],
	outcomes: OrderOutcome[],
	messages: Map<number, Message>,
): Answer[] {
	return orders.flatMap((order, k) => {
		const outcome = outcomes[k];
		return order.recipients.flatMap(({ number, owners }) =>
			owners.map((itemIndex): Answer => {
				if (outcome && 'orderId' in outcome) {
					const json = sentItem(number, messages.get(itemIndex)!, outcome.orderId);
					return { itemIndex, verdict: { kind: 'done', json } };
				}
				const failure: Failure = outcome?.failure ?? { kind: 'notSent', reason: 'not sent' };
				const note = !outcome ? NOT_SENT : isLost(failure) ? LOST : undefined;
				const error = client.error(failure, { itemIndex, note });
				const kind: Verdict['kind'] = !outcome ? 'notSent' : isLost(failure) ? 'unclear' : 'failed';
				return { itemIndex, verdict: { kind, error } as Verdict };
			}),
		);
	});
}
