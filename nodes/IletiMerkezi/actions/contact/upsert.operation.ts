import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { recordId } from '../../helpers/parameters';
import { groupLocator, optionsCollection } from '../descriptions';
import { runBatch } from '../batch';
import { normalizePhoneOption } from './fields';
import { identityKeys } from './identity';
import { groupIndex } from './upsert/match';
import { NO_KEY, Sync, UPSERT_WORDS } from './upsert/sync';
import { mappingProperties, readSendOptions, sendOptions } from './write/parameters';
import { readPeople } from './write/read';

const properties: INodeProperties[] = [
	...mappingProperties,
	{
		displayName: 'Match In',
		name: 'matchIn',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Whole Address Book',
				value: 'addressBook',
				description:
					'Look each person up by phone number, and by email when no contact has it: one or two searches per person',
			},
			{
				name: 'A Group',
				value: 'group',
				description:
					'Read one group once and match in it; only the people not found there are looked up in the whole address book before being added',
			},
		],
		default: 'addressBook',
		description: 'Where the existing contact is looked for',
	},
	{
		...groupLocator,
		displayName: 'Match Group',
		name: 'matchGroupId',
		description: 'The group read once to match people in, e.g. the group a nightly sync fills',
		displayOptions: { show: { matchIn: ['group'] } },
	},
	optionsCollection(
		...sendOptions,
		{
			displayName: 'Groups of a Found Contact',
			name: 'groupHandling',
			type: 'options',
			options: [
				{
					name: 'Add to Its Groups',
					value: 'add',
					description: 'The groups given are added; the contact stays in its other groups',
				},
				{
					name: 'Replace Its Groups',
					value: 'replace',
					description: 'The contact ends in exactly the groups given (when any are given)',
				},
			],
			default: 'add',
			description: 'What the groups given do to a contact that already exists',
		},
		normalizePhoneOption,
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['upsert'] } },
	properties,
);

/** Every item as a person, who must have a phone number or an email to be matched by. */
function readMatchable(ctx: IExecuteFunctions, items: INodeExecutionData[]) {
	return readPeople(ctx, items).map((read, itemIndex) => {
		if (read instanceof Error || identityKeys(read).length > 0) return read;
		const message = 'The item has no phone number or email to match by';
		return new NodeOperationError(ctx.getNode(), message, { itemIndex, description: NO_KEY });
	});
}

/**
 * Create or Update, through the batch contract: every item read as a person with a phone number
 * or an email → the Match Group read once (when matching in a group) → the people matched round
 * by round, those sharing a phone or an email one after the other (see Sync) → each item the
 * contact as stored with `result`: created, updated or unchanged.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const replaceGroups = this.getNodeParameter('options.groupHandling', 0, 'add') === 'replace';
	const options = { ...readSendOptions(this), replaceGroups };
	const inGroup = this.getNodeParameter('matchIn', 0, 'addressBook') === 'group';
	const groupId = inGroup ? recordId(this, 'matchGroupId', 0, 'Match Group') : undefined;
	return await runBatch(this, items, {
		read: readMatchable,
		run: async (client, people, stopOnFailure) => {
			const group = groupId ? await groupIndex(client, groupId) : undefined;
			return await new Sync(client, people, { ...options, stopOnFailure }, group).run();
		},
		words: UPSERT_WORDS,
	});
}
