import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { NodeFailure } from '../../items';
import { itemError } from '../../items';
import { istanbulMoment } from '../../../helpers/istanbul';
import { mobileNumber } from '../../../helpers/mobile';
import { asText } from '../../../helpers/parameters';
import { parameterReader } from '../../../helpers/reader';

/** Longest text sent: 7 SMS parts, beyond which the API refuses the whole order (453). */
export const MAX_TEXT = 1000;

export type MessageType = 'commercial' | 'transactional';

/** What one order is sent with: every message of an order shares these. */
export interface OrderSettings {
	sender: string;
	type: MessageType;
	/** İYS's list for a commercial message: BIREYSEL (people) or TACIR (businesses). */
	iysList?: string;
	/** When to send, or undefined for at once. */
	sendAt?: Date;
}

/** One item's message: to whom (a number, or a group's members), what, and how. */
export interface Message extends OrderSettings {
	text: string;
	/** A Turkish mobile as 5xxxxxxxxx. */
	number?: string;
	groupId?: string;
}

const IYS_LISTS = ['BIREYSEL', 'TACIR'];

/**
 * Each item's message, checked, or the reason it cannot be sent (the item's error): every
 * parameter prepared once for the whole run, so fixed values cost nothing per item.
 */
export function readMessages(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
): Array<Message | NodeFailure> {
	const node = ctx.getNode();
	const read = parameterReader(ctx, items);
	const toGroup = ctx.getNodeParameter('sendTo', 0, 'items') === 'group';
	const number = read('phoneNumber', '');
	const text = read('message', '');
	const sender = read('sender', '');
	const type = read('messageType', '');
	const iysList = read('iysList', 'BIREYSEL');
	const sendAt = read('options.sendAt', '');
	return items.map((_, itemIndex) => {
		try {
			const message: Message = {
				text: asText(node, text(itemIndex), itemIndex, 'Message'),
				sender: asText(node, sender(itemIndex), itemIndex, 'Sender'),
				type: asText(node, type(itemIndex), itemIndex, 'Message Type') as MessageType,
			};
			const fail = (message: string, description: string) =>
				new NodeOperationError(node, message, { itemIndex, description });
			if (toGroup) {
				message.groupId = String(
					ctx.getNodeParameter('groupId', itemIndex, '', { extractValue: true }),
				);
			} else {
				message.number = mobileNumber(node, number(itemIndex), itemIndex, 'SMS go to');
			}
			if (message.text === '') throw fail('The message is empty', 'Write the text to send.');
			// Characters, not UTF-16 units: counted only when the units could be too many.
			if (message.text.length > MAX_TEXT && Array.from(message.text).length > MAX_TEXT) {
				throw fail(
					`The message is longer than ${MAX_TEXT} characters`,
					'iletiMerkezi sends at most 7 SMS parts per message: shorten the text.',
				);
			}
			if (message.sender === '') {
				throw fail('No sender', 'Pick the sender (an approved header) from the list.');
			}
			if (message.type !== 'commercial' && message.type !== 'transactional') {
				throw fail(
					'Choose whether the message is commercial or transactional',
					'Commercial messages (campaigns, announcements) are checked against İYS and need consent; transactional ones (one-time codes, order and appointment notices) are not.',
				);
			}
			if (message.type === 'commercial') {
				message.iysList = asText(node, iysList(itemIndex), itemIndex, 'İYS List');
				if (!IYS_LISTS.includes(message.iysList)) {
					throw fail('Choose the İYS list', 'Individuals (BIREYSEL) or Businesses (TACIR).');
				}
			}
			const label = 'Schedule For';
			message.sendAt = istanbulMoment(node, sendAt(itemIndex), {
				label,
				itemIndex,
				notInPast: true,
			});
			return message;
		} catch (error) {
			return itemError(node, error, itemIndex);
		}
	});
}
