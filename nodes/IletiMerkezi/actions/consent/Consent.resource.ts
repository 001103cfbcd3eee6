import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';

export { create, get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['consent'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Register the items’ consents (or refusals) in İYS, Türkiye’s consent register, up to 5,000 per request; a record İYS already holds comes out with alreadyRegistered: true',
				action: 'Create consent records in İYS',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Read what İYS holds for one recipient on one channel',
				action: 'Get the consent İYS holds for a recipient',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
];
