import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../credentials/IletiMerkeziApi.credentials';
import * as account from './actions/account/Account.resource';
import * as blacklist from './actions/blacklist/Blacklist.resource';
import * as consent from './actions/consent/Consent.resource';
import * as contact from './actions/contact/Contact.resource';
import * as group from './actions/group/Group.resource';
import * as message from './actions/message/Message.resource';
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
		description:
			'Send SMS and keep the iletiMerkezi address book, blacklist and İYS consents in order',
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
					{ name: 'Account', value: 'account', description: 'The account’s balance' },
					{
						name: 'Blacklist',
						value: 'blacklist',
						description: 'Numbers iletiMerkezi sends no messages to',
					},
					{
						name: 'Consent (İYS)',
						value: 'consent',
						description: 'Consents in İYS, Türkiye’s register for commercial messages',
					},
					{ name: 'Contact', value: 'contact' },
					{ name: 'Group', value: 'group' },
					{ name: 'Message', value: 'message', description: 'SMS: send, reports, cancel' },
				],
				default: 'contact',
			},
			...contact.description,
			...group.description,
			...blacklist.description,
			...consent.description,
			...message.description,
			...account.description,
		],
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
