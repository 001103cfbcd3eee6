import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { IletiMerkeziClient } from '../../transport';
import { records } from '../../helpers/records';

/** A group of the address book with where it sits in the tree. */
export interface GroupEntry {
	id: string;
	name: string;
	count: IDataObject[string];
	parentId: string | null;
	/** "Parent / Child", as the pickers show it. */
	path: string;
}

/** Deeper than any address book is arranged: a deeper tree is the API answering wrongly. */
export const MAX_GROUP_DEPTH = 50;

/** Every group, nested ones too, parents before their children, as get-groups lists them. */
export async function readGroups(
	client: IletiMerkeziClient,
	itemIndex?: number,
): Promise<GroupEntry[]> {
	const envelope = await client.request('get-groups', {}, itemIndex);
	const entries: GroupEntry[] = [];
	// Walked with a stack of its own, depth first in the API's order.
	const stack = records(envelope?.response.groups, 'group')
		.map((group) => ({ group, parent: undefined as GroupEntry | undefined, depth: 1 }))
		.reverse();
	while (stack.length > 0) {
		const { group, parent, depth } = stack.pop()!;
		if (depth > MAX_GROUP_DEPTH) {
			throw new NodeApiError(
				client.node,
				{ depth },
				{
					message: `iletiMerkezi listed groups nested more than ${MAX_GROUP_DEPTH} deep`,
					description:
						'The group list was stopped: no address book is arranged that deep, so the answer is not a group tree. Check the groups in the iletiMerkezi panel.',
					itemIndex,
				},
			);
		}
		const name = String(group.name ?? '');
		const entry: GroupEntry = {
			id: String(group.id),
			name,
			count: group.count ?? null,
			parentId: parent ? parent.id : null,
			path: parent ? `${parent.path} / ${name}` : name,
		};
		entries.push(entry);
		const children = records(group.children, 'group');
		for (let i = children.length - 1; i >= 0; i--) {
			stack.push({ group: children[i], parent: entry, depth: depth + 1 });
		}
	}
	return entries;
}
