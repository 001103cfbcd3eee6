import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { readGroups } from '../actions/group/tree';
import { IletiMerkeziClient } from '../transport';

/** Groups for the pickers, nested groups shown as "Parent / Child". */
export async function getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const groups = await readGroups(await IletiMerkeziClient.create(this));
	return groups.map((group) => ({ name: group.path, value: group.id }));
}
