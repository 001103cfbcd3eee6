import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { readGroups } from '../actions/group/tree';
import { asArray } from '../helpers/records';
import { IletiMerkeziClient, isObject } from '../transport';

/** Groups for the pickers, nested groups shown as "Parent / Child". */
export async function getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const groups = await readGroups(await IletiMerkeziClient.create(this));
	return groups.map((group) => ({ name: group.path, value: group.id }));
}

/** The account's approved senders (headers), for Message › Send. */
export async function getSenders(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await IletiMerkeziClient.create(this);
	const envelope = await client.request('get-sender', {}, undefined);
	const senders = envelope?.response.senders;
	const listed = isObject(senders) ? senders.sender : senders;
	return asArray(listed as unknown[])
		.map((sender) => String(sender))
		.map((sender) => ({ name: sender, value: sender }));
}
