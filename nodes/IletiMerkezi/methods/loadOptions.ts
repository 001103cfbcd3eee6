import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { IletiMerkeziClient } from '../transport';

export async function getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await IletiMerkeziClient.create(this);
	return await client.groupOptions();
}
