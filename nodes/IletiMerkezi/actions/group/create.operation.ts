import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { recordId, text } from '../../helpers/parameters';
import { optionsCollection } from '../descriptions';
import type { IletiMerkeziClient } from '../../transport';
import { isLost } from '../../transport';
import { readGroups } from './tree';
import { records } from '../../helpers/records';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Newsletter',
		description: 'The new group’s name',
	},
	optionsCollection({
		displayName: 'Parent Group Name or ID',
		name: 'parentGroupId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getGroups' },
		default: '',
		description:
			'The group to create it in. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['create'] } },
	properties,
);

const LOOKUP_FAILED = 'Looking it up to see whether it was created failed too.';
const SENT_AGAIN =
	'No group of that name was under that parent when looked up after the first answer was lost, so it was sent once more, and that failed as said.';
const LOST_HINT =
	'The request may have been carried out although its answer was lost, so it was not sent again blindly. Check the groups before running the workflow again.';

export function groupName(ctx: IExecuteFunctions, itemIndex: number): string {
	const name = text(ctx, 'name', itemIndex, 'Name');
	if (name === '') {
		throw new NodeOperationError(ctx.getNode(), 'The group name is empty', {
			itemIndex,
			description: 'Give the group a name.',
		});
	}
	return name;
}

/**
 * Creates a group. After a lost answer it looks for a group of that name under that parent
 * before sending again, once, so the group is not made twice.
 */
async function createGroup(
	client: IletiMerkeziClient,
	name: string,
	parentId: string,
	itemIndex: number,
): Promise<IDataObject> {
	const group: IDataObject = parentId ? { name, parent: parentId } : { name };
	let outcome = await client.call('add-group', { group }, false);
	let note: string | undefined;
	if ('failure' in outcome && isLost(outcome.failure)) {
		const lostFailure = outcome.failure;
		const groups = await readGroups(client, itemIndex).catch(() => undefined);
		if (!groups)
			throw client.error(lostFailure, { itemIndex, note: `${LOOKUP_FAILED} ${LOST_HINT}` });
		const made = groups.find((entry) => entry.name === name && (entry.parentId ?? '') === parentId);
		if (made) return { id: made.id, name: made.name, count: made.count };
		outcome = await client.call('add-group', { group }, false);
		note = SENT_AGAIN;
	}
	if ('failure' in outcome) {
		const after = isLost(outcome.failure) ? LOST_HINT : note ? 'So it is not stored.' : undefined;
		const full = [note, after].filter(Boolean).join(' ');
		throw client.error(outcome.failure, { itemIndex, note: full || undefined });
	}
	return records(outcome.envelope.response.group, 'group')[0] ?? {};
}

export const execute = perItem(
	(ctx, itemIndex) => {
		const name = groupName(ctx, itemIndex);
		const given = ctx.getNodeParameter('options.parentGroupId', itemIndex, '') !== '';
		const parentId = given
			? recordId(ctx, 'options.parentGroupId', itemIndex, 'Parent Group ID')
			: '';
		return { name, parentId };
	},
	async (client, { name, parentId }, itemIndex) => {
		const group = await createGroup(client, name, parentId, itemIndex);
		return { ...group, parentId: parentId || null };
	},
);
