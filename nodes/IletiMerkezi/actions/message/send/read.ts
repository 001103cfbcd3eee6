import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { NodeFailure } from '../../items';
import { itemError } from '../../items';
import { istanbulMoment } from '../../../helpers/istanbul';
import { mobileNumber } from '../../../helpers/mobile';
import { asText } from '../../../helpers/parameters';
import { parameterReader } from '../../../helpers/reader';
import type { SmsCount } from './parts';
import { countSmsParts } from './parts';

/** SMS parts a text may take: beyond them the API refuses the whole order holding it (453). */
export const MAX_PARTS = 7;

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
	/** The SMS parts (credits) the text takes for each number, the operator code included. */
	parts: number;
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
	// Counted once per distinct text in a row: a text shared by every item costs one count.
	let counted: { text: string; count: SmsCount } | undefined;
	const countOf = (text: string) => {
		if (counted?.text !== text) counted = { text, count: countSmsParts(text) };
		return counted.count;
	};
	return items.map((_, itemIndex) => {
		try {
			const message: Message = {
				text: asText(node, text(itemIndex), itemIndex, 'Message'),
				parts: 0,
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
			const count = countOf(message.text);
			if (count.parts > MAX_PARTS) throw fail(...tooLong(message.text, count));
			message.parts = count.parts;
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

/** Characters taken literally in a regular expression's character class. */
const escaped = (chars: string) => chars.replace(/[\\\]^-]/g, '\\$&');

/** Characters as the user can find them: an invisible one (a tab, a no-break space) by its code. */
const quoted = (chars: string[]) =>
	chars
		.map((c) =>
			/^[\s\p{C}]+$/u.test(c)
				? `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
				: `“${c}”`,
		)
		.join(', ');

/**
 * The error of a text over 7 parts: what it takes, and what would bring it under (taking out the
 * characters that make it UCS-2 is offered only when that alone would).
 */
function tooLong(text: string, count: SmsCount): [message: string, description: string] {
	const takes = `The message takes ${count.parts} SMS parts; at most ${MAX_PARTS}`;
	const counted = `Counted with the operator code “ B186” iletiMerkezi appends to every SMS: ${count.units} ${count.encoding === 'UCS-2' ? 'UTF-16 units' : 'septets'}, ${count.perPart} a part. Nothing was sent for this item.`;
	if (count.encoding === 'UCS-2') {
		const [is, make] = count.outside.length === 1 ? ['is', 'makes'] : ['are', 'make'];
		const listed = count.outside.length < 5 ? count.outside.join('') : '';
		const without = listed ? text.replace(new RegExp(`[${escaped(listed)}]`, 'gu'), '') : '';
		const enough = listed !== '' && countSmsParts(without).parts <= MAX_PARTS;
		return [
			enough
				? `${takes}: shorten it, or take out ${quoted(count.outside)}, which ${make} it UCS-2`
				: `${takes}: shorten it`,
			`${quoted(count.outside)}${count.outside.length < 5 ? '' : ' and more'} ${is} outside the GSM alphabet and ${make} the whole text UCS-2: ${count.perPart} characters a part instead of 149 to 153 (an emoji counts two). ${counted}`,
		];
	}
	const why =
		count.encoding === 'GSM-7 Turkish'
			? 'With Turkish letters a part holds 149 characters, and Ğ İ Ş ç ğ ı ş count two each.'
			: 'A part holds 153 characters, and each of € [ ] { } ^ ~ | \\ counts two.';
	return [`${takes}: shorten it`, `${why} ${counted}`];
}
