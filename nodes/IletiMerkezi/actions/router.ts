import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as contact from './contact/Contact.resource';

const operations = {
	contact: { add: contact.add.execute, search: contact.search.execute },
} as const;

/** Resource and operation are fixed per node (no expressions), so they are read once. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;

	const execute = (operations as Record<string, Record<string, typeof contact.add.execute>>)[
		resource
	]?.[operation];
	if (!execute) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	return [await execute.call(this, items)];
}
