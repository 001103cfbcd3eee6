import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { NodeFailure } from '../../../helpers/items';
import { errorItem, itemError } from '../../../helpers/items';
import { turkishMobile } from '../../../helpers/rules';
import type { IletiMerkeziClient } from '../../../transport';
import { groupContacts } from '../../contact/contacts';
import type { Recipient } from './orders';
import type { Message } from './read';

const NOT_MOBILE = 'Not a Turkish mobile number: not sent';

/** Whom each recipient's SMS answers: the message read from an item, and the number it goes to. */
export type SentTo = Array<{ index: number; number: string }>;

/** A group's members to send to, read once per group: each as a number, or why not. */
async function membersOf(client: IletiMerkeziClient, groupId: string, itemIndex: number) {
	const members = await groupContacts(client, groupId, Infinity, itemIndex);
	return members.map((member) => ({
		written: String(member.gsm ?? ''),
		number: turkishMobile(String(member.gsm ?? '')),
	}));
}

/**
 * The recipients of the messages read: each item's number, or the members of its group (read
 * once per group). Members without a Turkish mobile, and items that failed, go to `output` at once.
 */
export async function collectRecipients(
	ctx: IExecuteFunctions,
	client: IletiMerkeziClient | undefined,
	messages: Array<Message | NodeFailure>,
	output: INodeExecutionData[][],
): Promise<{ recipients: Recipient[]; sentTo: SentTo }> {
	const recipients: Recipient[] = [];
	const sentTo: SentTo = [];
	const add = (index: number, number: string, message: Message) => {
		recipients.push({ number, text: message.text, settings: message, owners: [sentTo.length] });
		sentTo.push({ index, number });
	};
	const groups = new Map<string, Awaited<ReturnType<typeof membersOf>>>();
	for (const [index, message] of messages.entries()) {
		if (message instanceof Error) {
			output[index].push(errorItem(message, index));
		} else if (message.number) {
			add(index, message.number, message);
		} else {
			try {
				const groupId = message.groupId!;
				if (!groups.has(groupId)) groups.set(groupId, await membersOf(client!, groupId, index));
				for (const member of groups.get(groupId)!) {
					if (member.number) add(index, member.number, message);
					else {
						const json = { number: member.written, sent: false, reason: NOT_MOBILE };
						output[index].push({ json, pairedItem: { item: index } });
					}
				}
			} catch (error) {
				const failure = itemError(ctx.getNode(), error, index);
				if (!ctx.continueOnFail()) throw failure;
				output[index].push(errorItem(failure, index));
			}
		}
	}
	return { recipients, sentTo };
}
