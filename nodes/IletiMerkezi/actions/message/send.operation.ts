import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { NodeFailure } from '../../helpers/items';
import { clientFor, errorItem, itemError } from '../../helpers/items';
import { formatIstanbul } from '../../helpers/istanbul';
import {
	groupLocator,
	optionsCollection,
	readTimeout,
	wholeNumberOption,
} from '../../helpers/parameters';
import { turkishMobile } from '../../helpers/rules';
import type { IletiMerkeziClient } from '../../transport';
import { isLost } from '../../transport';
import { groupContacts } from '../contact/contacts';
import type { OrderOutcome, Recipient } from './send/orders';
import { planOrders, sendOrders } from './send/orders';
import type { Message } from './send/read';
import { MAX_TEXT, readMessages } from './send/read';

/** Recipients one send-sms request carries at most (the API's documented limit). */
const MAX_ORDER_SIZE = 50_000;
const DEFAULT_ORDER_SIZE = 1000;

const shownFor = (sendTo: string) => ({ displayOptions: { show: { sendTo: [sendTo] } } });

const properties: INodeProperties[] = [
	{
		displayName: 'Send To',
		name: 'sendTo',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'A Number per Item',
				value: 'items',
				description: 'Each item gives one phone number',
			},
			{
				name: 'A Group’s Members',
				value: 'group',
				description: 'Every member of an address book group (read once, page by page)',
			},
		],
		default: 'items',
		description: 'Whether each item gives a number, or a group’s members get the message',
	},
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 5321234567',
		description: 'The Turkish mobile number to send to, written any way (+90 532 123 45 67 too)',
		...shownFor('items'),
	},
	{
		...groupLocator,
		description: 'The group whose members get the message',
		...shownFor('group'),
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: `The text. Items with the same text share one order; items with their own texts (expressions) go as several texts in few orders. At most ${MAX_TEXT} characters.`,
	},
	{
		displayName: 'Sender Name or ID',
		name: 'sender',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSenders' },
		required: true,
		default: '',
		description:
			'The header the message comes from, one approved in the iletiMerkezi panel. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		required: true,
		options: [
			{
				name: 'Commercial',
				value: 'commercial',
				description: 'Campaigns and announcements: checked against İYS, sent only with consent',
			},
			{
				name: 'Transactional',
				value: 'transactional',
				description: 'One-time codes, order and appointment notices: not checked against İYS',
			},
		],
		// No default on purpose: the law treats the two apart, so the user must choose.
		// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options
		default: '',
		description: 'Whether the message is commercial or transactional: the law treats them apart',
	},
	{
		displayName: 'İYS List',
		name: 'iysList',
		type: 'options',
		options: [
			{ name: 'Individuals (BIREYSEL)', value: 'BIREYSEL' },
			{ name: 'Businesses (TACIR)', value: 'TACIR' },
		],
		default: 'BIREYSEL',
		description: 'Whose consent İYS checks: people’s, or businesses’',
		displayOptions: { show: { messageType: ['commercial'] } },
	},
	optionsCollection(
		{
			displayName: 'Schedule For',
			name: 'sendAt',
			type: 'dateTime',
			default: '',
			description:
				'When to send, in Istanbul time (to the minute); empty sends at once. A time in the past is refused.',
		},
		{
			displayName: 'Order Size',
			name: 'orderSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_ORDER_SIZE },
			default: DEFAULT_ORDER_SIZE,
			description: `How many recipients one order (one request) carries at most; the API takes up to ${MAX_ORDER_SIZE.toLocaleString('en')}`,
		},
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['send'] } },
	properties,
);

const LOST =
	'The order may have been sent: it was not sent again, so nobody gets the message twice. Before sending again, check the orders of the last minutes (Message › Get Many) or this order’s report.';
const NOT_SENT = 'It was not sent: an earlier order failed, and the node stopped.';
const NOT_MOBILE = 'Not a Turkish mobile number: not sent';

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

/** A group's members to send to, read once per group: each as a number, or why not. */
async function membersOf(client: IletiMerkeziClient, groupId: string, itemIndex: number) {
	const members = await groupContacts(client, groupId, Infinity, itemIndex);
	return members.map((member) => ({
		written: String(member.gsm ?? ''),
		number: turkishMobile(String(member.gsm ?? '')),
	}));
}

/**
 * Send, as steps called in order: read every item (bad input fails before anything is sent) →
 * the recipients (each item's number, or a group's members, read once) → plan the orders (same
 * settings and text together, the same text to a number once, at most Order Size each) → send
 * them one after the other, never one twice → each recipient's item: its number, the order id
 * and what was sent, or why not.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const timeoutMs = readTimeout(this);
	const orderSize = wholeNumberOption(this, 'orderSize', 'Order Size', DEFAULT_ORDER_SIZE, [
		1,
		MAX_ORDER_SIZE,
	]);
	const messages = readMessages(this, items);
	const unreadable = messages.find((message): message is NodeFailure => message instanceof Error);
	if (unreadable && !continueOnFail) throw unreadable;

	const output: INodeExecutionData[][] = items.map(() => []);
	const recipients: Recipient[] = [];
	// Each recipient's items: the message it answers, and the number it went to.
	const sentTo: Array<{ index: number; number: string }> = [];
	const addRecipient = (index: number, number: string, message: Message) => {
		recipients.push({ number, text: message.text, settings: message, owners: [sentTo.length] });
		sentTo.push({ index, number });
	};
	const client =
		unreadable && messages.every((m) => m instanceof Error)
			? undefined
			: await clientFor(this, timeoutMs);
	const groups = new Map<string, Awaited<ReturnType<typeof membersOf>>>();
	for (const [index, message] of messages.entries()) {
		if (message instanceof Error) {
			output[index].push(errorItem(message, index));
			continue;
		}
		if (message.number) {
			addRecipient(index, message.number, message);
			continue;
		}
		try {
			const groupId = message.groupId!;
			if (!groups.has(groupId)) groups.set(groupId, await membersOf(client!, groupId, index));
			for (const member of groups.get(groupId)!) {
				if (member.number) addRecipient(index, member.number, message);
				else
					output[index].push({
						json: { number: member.written, sent: false, reason: NOT_MOBILE },
						pairedItem: { item: index },
					});
			}
		} catch (error) {
			const failure = itemError(this.getNode(), error, index);
			if (!continueOnFail) throw failure;
			output[index].push(errorItem(failure, index));
		}
	}

	const orders = planOrders(recipients, orderSize);
	const outcomes: OrderOutcome[] = client ? await sendOrders(client, orders, !continueOnFail) : [];
	let first: NodeFailure | undefined;
	orders.forEach((order, k) => {
		const outcome = outcomes[k];
		for (const recipient of order.recipients) {
			for (const owner of recipient.owners) {
				const { index, number } = sentTo[owner];
				const message = messages[index] as Message;
				if (outcome && 'orderId' in outcome) {
					output[index].push({
						json: sentItem(number, message, outcome.orderId),
						pairedItem: { item: index },
					});
					continue;
				}
				const failure = outcome?.failure ?? { kind: 'notSent' as const, reason: 'not sent' };
				const note = !outcome ? NOT_SENT : isLost(failure) ? LOST : undefined;
				const error = client!.error(failure, { itemIndex: index, note });
				first ??= error;
				output[index].push(errorItem(error, index));
			}
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
