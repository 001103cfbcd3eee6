import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapConcurrently } from '../../helpers/concurrency';
import type { NodeFailure } from '../../helpers/items';
import { clientFor, errorItem } from '../../helpers/items';
import { groupLocator, optionsCollection, readTimeout, recordId } from '../../helpers/parameters';
import { mappingProperties, readSendOptions, sendOptions } from './add/parameters';
import { readPeople } from './add/read';
import { normalizePhoneOption } from './fields';
import { groupIndex, matchKey } from './upsert/match';
import { NO_KEY, Sync } from './upsert/sync';

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
				description: 'Look each person up by phone number (else email): one search per person',
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

/**
 * Create or Update, as steps called in order: read every item → read the Match Group once (when
 * matching in a group) → decide, for the first person of each phone number or email, whether
 * they are found (compared, and edited with what differs) or to be added → add those through
 * Add's steps → then the other people sharing a number or email, one after the other, so each
 * sees the contact the one before made → each item the contact as stored with `result`:
 * created, updated or unchanged.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const timeoutMs = readTimeout(this);
	const replaceGroups = this.getNodeParameter('options.groupHandling', 0, 'add') === 'replace';
	const options = { ...readSendOptions(this), stopOnFailure: false, replaceGroups };
	const inGroup = this.getNodeParameter('matchIn', 0, 'addressBook') === 'group';
	const groupId = inGroup ? recordId(this, 'matchGroupId', 0, 'Match Group') : undefined;
	const output: INodeExecutionData[] = new Array(items.length);
	const fail = (error: NodeFailure, itemIndex: number) => {
		if (!continueOnFail) throw error;
		output[itemIndex] = errorItem(error, itemIndex);
	};

	// People sharing a phone number (or email), in input order, by that key.
	const byKey = new Map<string, number[]>();
	const itemIndexes: number[] = [];
	const people: IDataObject[] = [];
	readPeople(this, items).forEach((read, itemIndex) => {
		if (read instanceof Error) return fail(read, itemIndex);
		const key = matchKey(read);
		if (!key) {
			const message = 'The item has no phone number or email to match by';
			return fail(
				new NodeOperationError(this.getNode(), message, { itemIndex, description: NO_KEY }),
				itemIndex,
			);
		}
		const sharing = byKey.get(key);
		if (sharing) sharing.push(people.length);
		else byKey.set(key, [people.length]);
		itemIndexes.push(itemIndex);
		people.push(read);
	});
	if (people.length === 0) return output;

	const client = await clientFor(this, timeoutMs);
	const sync = new Sync(this, client, people, itemIndexes, options);
	const group = groupId ? await groupIndex(client, groupId) : undefined;
	const firsts = [...byKey.values()].map((sharing) => sharing[0]);
	const toAdd: number[] = [];
	const stopped = () => client.cancelled();
	const decideFirst = async (index: number) => {
		if ((await sync.decide(index, group)) === 'add') toAdd.push(index);
	};
	await mapConcurrently(firsts, options.concurrency, decideFirst, stopped);
	await sync.add(toAdd.sort((a, b) => a - b));
	const rests = [...byKey.values()].filter((sharing) => sharing.length > 1);
	const oneAfterAnother = async (sharing: number[]) => {
		for (const index of sharing.slice(1)) {
			if (stopped()) return;
			if ((await sync.decide(index)) === 'add') await sync.add([index]);
		}
	};
	await mapConcurrently(rests, options.concurrency, oneAfterAnother, stopped);

	return sync.report(output, continueOnFail);
}
