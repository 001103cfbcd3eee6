import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as getMany from './getMany.operation';
import * as getReport from './getReport.operation';
import * as send from './send.operation';

export { cancel, getMany, getReport, send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'Cancel an order scheduled for later',
				action: 'Cancel a scheduled order',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get many orders sent in a date range, with their delivery counts',
				action: 'Get many orders',
			},
			{
				name: 'Get Report',
				value: 'getReport',
				description: 'Get the delivery state of each number of an order',
				action: 'Get the delivery report of an order',
			},
			{
				name: 'Send',
				value: 'send',
				description: 'Send an SMS to each item’s number or to a group’s members',
				action: 'Send an SMS',
			},
		],
		default: 'send',
	},
	...cancel.description,
	...getMany.description,
	...getReport.description,
	...send.description,
];
