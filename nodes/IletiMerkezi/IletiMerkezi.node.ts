import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as contact from './actions/contact/Contact.resource';
import { router } from './actions/router';
import * as loadOptions from './methods/loadOptions';

export class IletiMerkezi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'iletiMerkezi',
		name: 'iletiMerkezi',
		icon: { light: 'file:iletimerkezi.svg', dark: 'file:iletimerkezi.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Add contacts to the iletiMerkezi address book and search them',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-iletimerkezi',
		defaults: { name: 'iletiMerkezi' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'iletiMerkeziApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Contact', value: 'contact' }],
				default: 'contact',
			},
			...contact.description,
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
