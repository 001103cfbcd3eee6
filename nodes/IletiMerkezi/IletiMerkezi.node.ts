import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../credentials/IletiMerkeziApi.credentials';
import * as contact from './actions/contact/Contact.resource';
import * as group from './actions/group/Group.resource';
import { router } from './actions/router';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';

export class IletiMerkezi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'iletiMerkezi',
		name: 'iletiMerkezi',
		icon: { light: 'file:iletimerkezi.svg', dark: 'file:iletimerkezi.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Manage the iletiMerkezi address book: add, search, update and group contacts',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-iletimerkezi',
		defaults: { name: 'iletiMerkezi' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Contact', value: 'contact' },
					{ name: 'Group', value: 'group' },
				],
				default: 'contact',
			},
			...contact.description,
			...group.description,
		],
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
