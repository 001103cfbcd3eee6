import type { IDataObject } from 'n8n-workflow';

import { formatSendDate } from '../../../helpers/istanbul';
import { isRecordId, plainText } from '../../../helpers/rules';
import type { Failure, IletiMerkeziClient } from '../../../transport';
import { isObject } from '../../../transport';
import type { OrderSettings } from './read';

/** One SMS to send: a number, a text, and the items that asked for it (one, or the same twice). */
export interface Recipient {
	number: string;
	text: string;
	/** The SMS parts the text takes (the operator code included). */
	parts: number;
	settings: OrderSettings;
	/** The input items it answers: one, or each item that asked for the same text to this number. */
	owners: number[];
}

/** One send-sms request: its settings and the recipients it carries, text by text. */
export interface Order {
	settings: OrderSettings;
	recipients: Recipient[];
}

/** What became of an order: its id, or why it was not sent (or may have been). */
export type OrderOutcome = { orderId: string } | { failure: Failure } | undefined;

const settingsKey = ({ sender, type, iysList, sendAt }: OrderSettings) =>
	JSON.stringify([sender, type, iysList ?? '', sendAt ? formatSendDate(sendAt) : '']);

/**
 * The orders for these recipients, as few as the API allows: recipients with the same sender,
 * type, İYS list and schedule share orders; the same text to the same number is sent once (its
 * items share it); an order carries at most `orderSize` recipients, as several message texts.
 */
export function planOrders(recipients: Recipient[], orderSize: number): Order[] {
	const bySettings = new Map<string, Map<string, Recipient>>();
	for (const recipient of recipients) {
		const key = settingsKey(recipient.settings);
		const same = bySettings.get(key) ?? new Map<string, Recipient>();
		bySettings.set(key, same);
		const once = `${recipient.text}\u0000${recipient.number}`;
		const earlier = same.get(once);
		if (earlier) earlier.owners.push(...recipient.owners);
		else same.set(once, recipient);
	}
	const orders: Order[] = [];
	for (const same of bySettings.values()) {
		// Texts kept together, so an order holds as few message texts as it can.
		const sorted = [...same.values()].sort((a, b) =>
			a.text < b.text ? -1 : a.text > b.text ? 1 : 0,
		);
		for (let start = 0; start < sorted.length; start += orderSize) {
			const part = sorted.slice(start, start + orderSize);
			orders.push({ settings: part[0].settings, recipients: part });
		}
	}
	return orders;
}

/** The send-sms order: one message per text with its recipients (`receipents`: the API's spelling). */
function orderBody({ settings, recipients }: Order): IDataObject {
	const byText = new Map<string, string[]>();
	for (const { text, number } of recipients) {
		const numbers = byText.get(text) ?? [];
		byText.set(text, numbers);
		numbers.push(number);
	}
	const message = [...byText].map(([text, number]) => ({ text, receipents: { number } }));
	const order: IDataObject = {
		sender: settings.sender,
		iys: settings.type === 'commercial' ? '1' : '0',
		message: message.length === 1 ? message[0] : message,
	};
	if (settings.iysList) order.iysList = settings.iysList;
	if (settings.sendAt) order.sendDateTime = formatSendDate(settings.sendAt);
	return { order };
}

/**
 * Sends the orders one after the other. An order is never sent twice: send-sms is retried only
 * when it certainly did not arrive (refused before sending, or the API's own 429 or 503); after
 * any other answer that is not the API's own refusal it is left as it is, and its items say it
 * may have been sent. With `stopOnFailure`, no order starts after one failed.
 */
export async function sendOrders(
	client: IletiMerkeziClient,
	orders: Order[],
	stopOnFailure: boolean,
): Promise<OrderOutcome[]> {
	const outcomes: OrderOutcome[] = new Array(orders.length);
	for (let k = 0; k < orders.length; k++) {
		if (client.cancelled()) break;
		const outcome = await client.call('send-sms', orderBody(orders[k]), false);
		if ('envelope' in outcome) {
			const order = outcome.envelope.response.order;
			const id = plainText(isObject(order) ? order.id : undefined);
			// Taken, but with no order id to report or check: as good as a lost answer.
			outcomes[k] = isRecordId(id) ? { orderId: id } : { failure: { kind: 'missingResult' } };
		} else outcomes[k] = { failure: outcome.failure };
		if ('failure' in outcomes[k]! && stopOnFailure) break;
	}
	return outcomes;
}
