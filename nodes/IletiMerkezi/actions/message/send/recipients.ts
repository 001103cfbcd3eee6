import type { IDataObject } from 'n8n-workflow';

import { itemError } from '../../items';
import { turkishMobile } from '../../../helpers/rules';
import type { IletiMerkeziClient } from '../../../transport';
import type { Answer } from '../../batch';
import { groupContacts } from '../../contact/contacts';
import type { Recipient } from './orders';
import type { Message } from './read';

const NOT_MOBILE = 'Not a Turkish mobile number: not sent';
const NO_MEMBERS = 'The group has no members: nothing was sent';

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
 * once per group). What needs no sending is its item's answer at once: a group that could not be
 * read, a member without a Turkish mobile, a group with no members.
 */
export async function collectRecipients(
	client: IletiMerkeziClient,
	messages: Array<{ itemIndex: number; input: Message }>,
): Promise<{ recipients: Recipient[]; answers: Answer[] }> {
	const recipients: Recipient[] = [];
	const answers: Answer[] = [];
	const nothingSent = (itemIndex: number, json: IDataObject) =>
		answers.push({ itemIndex, verdict: { kind: 'unchanged', json: { sent: false, ...json } } });
	const groups = new Map<string, Awaited<ReturnType<typeof membersOf>>>();
	for (const { itemIndex, input: message } of messages) {
		const add = (number: string) =>
			recipients.push({
				number,
				text: message.text,
				parts: message.parts,
				settings: message,
				owners: [itemIndex],
			});
		if (message.number) {
			add(message.number);
			continue;
		}
		const groupId = message.groupId!;
		try {
			if (!groups.has(groupId)) groups.set(groupId, await membersOf(client, groupId, itemIndex));
		} catch (error) {
			const failure = itemError(client.node, error, itemIndex);
			answers.push({ itemIndex, verdict: { kind: 'failed', error: failure } });
			continue;
		}
		const members = groups.get(groupId)!;
		if (members.length === 0)
			nothingSent(itemIndex, { groupId, recipients: 0, reason: NO_MEMBERS });
		for (const member of members) {
			if (member.number) add(member.number);
			else nothingSent(itemIndex, { number: member.written, reason: NOT_MOBILE });
		}
	}
	return { recipients, answers };
}
