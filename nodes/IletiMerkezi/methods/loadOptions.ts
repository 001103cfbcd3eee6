import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { IletiMerkeziClient } from '../transport';

/** Groups for the pickers, nested groups shown as "Parent / Child". */
export async function getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await IletiMerkeziClient.create(this);
	const groups = await client.groups();
	return groups.map((group) => ({ name: group.path, value: group.id }));
}
