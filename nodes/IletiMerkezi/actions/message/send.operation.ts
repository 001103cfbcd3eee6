import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { phoneNumberProperty, groupLocator, optionsCollection } from '../descriptions';
import { wholeNumberOption } from '../../helpers/parameters';
import { runBatch } from '../batch';
import { planOrders, sendOrders } from './send/orders';
import { MAX_PARTS, readMessages } from './send/read';
import { collectRecipients } from './send/recipients';
import { orderVerdicts, SEND_WORDS, sentWords } from './send/report';

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
		...phoneNumberProperty(
			'The Turkish mobile number to send to, written any way (+90 532 123 45 67 too)',
		),
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
		description: `The text, at most ${MAX_PARTS} SMS parts with the 5 characters iletiMerkezi appends (its operator code): 160 characters in one part and 153 a part beyond in the GSM alphabet; 155 and 149 with Turkish letters (Ğ İ Ş ç ğ ı ş count two); 70 and 67 with an emoji or another character outside it (UCS-2). Each sent item gives its parts. Items with the same text share one order; items with their own texts (expressions) go as several texts in few orders.`,
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
		// Commercial is the lawful side when in doubt: İYS lets through only people who consented.
		default: 'commercial',
		description: 'Whether the message is commercial or transactional: the law treats them apart',
	},
	{
		displayName:
			'Commercial messages reach only people with İYS consent. A one-time code or an order notice left on Commercial is not delivered (status 112) to anyone without it: choose Transactional for those.',
		name: 'commercialNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { messageType: ['commercial'] } },
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

/**
 * Send, through the batch contract: every item read (bad input fails before anything is sent) →
 * the recipients (each item's number, or a group's members, read once) → the orders (same
 * settings and text together, the same text to a number once, at most Order Size each) → sent
 * one after the other, never one twice → each recipient's verdict on the item that asked for it.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const orderSize = wholeNumberOption(this, 'orderSize', 'Order Size', DEFAULT_ORDER_SIZE, [
		1,
		MAX_ORDER_SIZE,
	]);
	// The summary of a stopped run says the parts sent, known once the orders are answered.
	const words = { ...SEND_WORDS };
	return await runBatch(this, items, {
		read: readMessages,
		run: async (client, messages, stopOnFailure) => {
			const { recipients, answers } = await collectRecipients(client, messages);
			const orders = planOrders(recipients, orderSize);
			const outcomes = await sendOrders(client, orders, stopOnFailure);
			const byItem = new Map(messages.map(({ itemIndex, input }) => [itemIndex, input]));
			words.done = sentWords(orders, outcomes);
			return [...answers, ...orderVerdicts(client, orders, outcomes, byItem)];
		},
		words,
	});
}
