import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { NodeFailure } from '../../../helpers/items';
import { errorItem } from '../../../helpers/items';
import { formatIstanbul } from '../../../helpers/istanbul';
import { explainUnknownMethod } from '../../../helpers/unknownMethod';
import type { IletiMerkeziClient } from '../../../transport';
import { isLost } from '../../../transport';
import type { Order, OrderOutcome, Recipient } from './orders';
import type { Message } from './read';
import type { SentTo } from './recipients';

const LOST =
	'The order may have been sent: it was not sent again, so nobody gets the message twice. Before sending again, check the orders of the last minutes (Message › Get Many) or this order’s report.';
const NOT_SENT = 'It was not sent: an earlier order failed, and the node stopped.';

/** The output of one recipient: what was sent, to whom, in which order. */
function sentItem(number: string, message: Message, orderId: string): IDataObject {
	const json: IDataObject = {
		number,
		orderId,
		message: message.text,
		sender: message.sender,
		messageType: message.type,
	};
	if (message.iysList) json.iysList = message.iysList;
	if (message.sendAt) json.scheduledFor = formatIstanbul(message.sendAt).slice(0, 16);
	return json;
}

/**
 * Each recipient's item, paired to the item it answers: its number, the order id and what was
 * sent, or why not (the order refused, its answer lost, or not sent). Without continue-on-fail
 * the first failure stops the node, saying what became of every message.
 */
export function reportOrders(
	client: IletiMerkeziClient,
	orders: Order[],
	outcomes: OrderOutcome[],
	messages: Array<Message | NodeFailure>,
	sentTo: SentTo,
	output: INodeExecutionData[][],
	continueOnFail: boolean,
): INodeExecutionData[] {
	let first: NodeFailure | undefined;
	orders.forEach((order, k) => {
		const outcome = outcomes[k];
		for (const owner of order.recipients.flatMap((recipient) => recipient.owners)) {
			const { index, number } = sentTo[owner];
			if (outcome && 'orderId' in outcome) {
				const json = sentItem(number, messages[index] as Message, outcome.orderId);
				output[index].push({ json, pairedItem: { item: index } });
				continue;
			}
			const failure = outcome?.failure ?? { kind: 'notSent' as const, reason: 'not sent' };
			const note = !outcome ? NOT_SENT : isLost(failure) ? LOST : undefined;
			const error = explainUnknownMethod(
				client.error(failure, { itemIndex: index, note }),
				'send-sms',
			) as NodeFailure;
			first ??= error;
			output[index].push(errorItem(error, index));
		}
	});
	if (first && !continueOnFail) throw summarise(first, orders, outcomes);
	return output.flat();
}

/** The error that stops the node, with what became of every order. */
function summarise(
	error: NodeFailure,
	orders: Array<{ recipients: Recipient[] }>,
	outcomes: OrderOutcome[],
) {
	const count = (keep: (outcome: OrderOutcome) => boolean) =>
		orders.reduce((sum, order, k) => sum + (keep(outcomes[k]) ? order.recipients.length : 0), 0);
	const sent = orders.flatMap((_, k) => {
		const outcome = outcomes[k];
		return outcome && 'orderId' in outcome ? [outcome.orderId] : [];
	});
	const parts = [
		`${count((o) => !!o && 'orderId' in o)} message(s) were sent${sent.length ? ` (orders ${sent.join(', ')})` : ''}.`,
	];
	const lost = count((o) => !!o && 'failure' in o && isLost(o.failure));
	if (lost)
		parts.push(`${lost} may have been sent (the answer was lost): check before sending again.`);
	const notSent = count((o) => !o);
	if (notSent) parts.push(`${notSent} were not sent.`);
	error.description = `${error.description ?? ''} ${parts.join(' ')}`.trim();
	return error;
}
