import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Execute } from './items';
import * as account from './account/Account.resource';
import * as blacklist from './blacklist/Blacklist.resource';
import * as consent from './consent/Consent.resource';
import * as contact from './contact/Contact.resource';
import * as group from './group/Group.resource';
import * as message from './message/Message.resource';

const operations: Record<string, Record<string, Execute>> = {
	contact: {
		add: contact.add.execute,
		search: contact.search.execute,
		get: contact.get.execute,
		getMany: contact.getMany.execute,
		update: contact.update.execute,
		upsert: contact.upsert.execute,
		delete: contact.delete.execute,
	},
	group: {
		create: group.create.execute,
		get: group.get.execute,
		getMany: group.getMany.execute,
		update: group.update.execute,
		delete: group.delete.execute,
	},
	blacklist: {
		add: blacklist.add.execute,
		remove: blacklist.remove.execute,
		getMany: blacklist.getMany.execute,
	},
	message: {
		send: message.send.execute,
		getReport: message.getReport.execute,
		getMany: message.getMany.execute,
		cancel: message.cancel.execute,
	},
	account: {
		getBalance: account.getBalance.execute,
	},
	consent: {
		create: consent.create.execute,
		get: consent.get.execute,
	},
};

/** Resource and operation are fixed per node (no expressions), so they are read once. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;

	const execute = operations[resource]?.[operation];
	if (!execute) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	return [await execute.call(this, items)];
}
