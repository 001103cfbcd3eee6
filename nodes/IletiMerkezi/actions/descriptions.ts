/**
 * Parameters several operations show, described once; each operation's own fields stay in its
 * operation file.
 */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY, MAX_TIMEOUT_MS } from '../helpers/parameters';
import { RECORD_ID } from '../helpers/rules';
import { DEFAULT_TIMEOUT_MS } from '../transport';

/** Concurrency: requests in flight at once, for operations that send many. */
export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
	default: DEFAULT_CONCURRENCY,
	description: 'How many requests are in flight at once',
};

/**
 * Every operation's Options: its own options and Timeout, in alphabetical order as n8n's
 * linter wants them.
 */
export function optionsCollection(...options: INodeProperties[]): INodeProperties {
	const timeout: INodeProperties = {
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_MS },
		default: DEFAULT_TIMEOUT_MS,
		description:
			'Milliseconds to wait for each answer. Reads, updates and deletes that get none are tried again; an Add or a group creation is first checked against the address book, so nothing is added twice.',
	};
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Settings that rarely need changing',
		options: [...options, timeout].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** Return All and Limit, as n8n's own list operations show them. */
export const returnAllAndLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** A group picked as n8n's own nodes pick records: from the list (nested names) or by ID. */
export const groupLocator: INodeProperties = {
	displayName: 'Group',
	name: 'groupId',
	type: 'resourceLocator',
	required: true,
	description: 'The group, picked from the list of nested groups or given by its numeric ID',
	default: { mode: 'list', value: '' },
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchGroups', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 12',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: RECORD_ID.source,
						errorMessage: 'A group ID is a whole number above 0',
					},
				},
			],
		},
	],
};

/** The Contact ID parameter of Get, Update and Delete. */
export const contactIdProperty: INodeProperties = {
	displayName: 'Contact ID',
	name: 'contactId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 1042',
	description: 'The ID iletiMerkezi gave the contact (the ID in Add’s or Search’s output)',
};

/** The Phone Number parameter, described as the operation uses it. */
export const phoneNumberProperty = (description: string): INodeProperties => ({
	displayName: 'Phone Number',
	name: 'phoneNumber',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 5321234567',
	description,
});
