import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapConcurrently } from '../../helpers/concurrency';
import type { NodeFailure } from '../../helpers/items';
import { clientFor, errorItem, itemError } from '../../helpers/items';
import { groupLocator, optionsCollection, readTimeout, recordId } from '../../helpers/parameters';
import type { Failure, IletiMerkeziClient } from '../../transport';
import { records } from '../../helpers/records';
import { addPeople } from './add/addPeople';
import { mappingProperties, readSendOptions, sendOptions } from './add/parameters';
import { readPeople } from './add/read';
import { personError } from './add/report';
import type { SendOptions } from './add/send';
import { normalizePhoneOption } from './fields';
import { changes } from './upsert/compare';
import { groupIndex, matchKey, searchMatches } from './upsert/match';

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

/** What became of one person: the contact as stored and what was done, or why it failed. */
type Outcome =
	| { stored: IDataObject; result: 'created' | 'updated' | 'unchanged' }
	| { failure: Failure; note?: string }
	| { error: NodeFailure };

const NO_KEY =
	'Create or Update finds the contact by phone number, else by email: give the item one of them.';
const AMBIGUOUS = (count: number) =>
	`${count} contacts in the address book have this phone number or email, so it is not clear which to update; nothing was written. Merge or correct them in the iletiMerkezi panel.`;
const NO_EDIT =
	'Updating a contact needs edit-contact, which this account’s backend does not have (the earlier backend); the contact was left as it is.';
const SAFE_AGAIN =
	'The other items were created, updated or left as they were; running the workflow again is safe: Create or Update writes nothing twice.';

/** Steps of one run, each person's outcome kept at their index among the people read. */
class Sync {
	readonly outcomes: Array<Outcome | undefined>;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly client: IletiMerkeziClient,
		private readonly people: IDataObject[],
		private readonly itemIndexes: number[],
		private readonly options: SendOptions & { replaceGroups: boolean },
	) {
		this.outcomes = new Array(people.length);
	}

	/**
	 * Whom each person is: found in the group read once, else looked up in the whole address
	 * book. One match is compared, several are an error, none means the person is to be added.
	 */
	async decide(index: number, group?: Map<string, IDataObject[]>): Promise<'add' | undefined> {
		try {
			return await this.find(index, group);
		} catch (error) {
			// A lookup or an edit that failed: this person's error, the others go on.
			this.outcomes[index] = {
				error: itemError(this.ctx.getNode(), error, this.itemIndexes[index]),
			};
			return undefined;
		}
	}

	private async find(index: number, group?: Map<string, IDataObject[]>) {
		const person = this.people[index];
		const itemIndex = this.itemIndexes[index];
		let matches = group?.get(matchKey(person)!) ?? [];
		if (matches.length === 0) {
			const found = await searchMatches(this.client, person, itemIndex);
			if (!found) {
				this.fail(index, AMBIGUOUS(10_000));
				return undefined;
			}
			matches = found;
		}
		if (matches.length > 1) this.fail(index, AMBIGUOUS(matches.length));
		else if (matches.length === 1) await this.update(index, matches[0]);
		else return 'add';
		return undefined;
	}

	/** A found contact: edited with what differs, or left as it is. */
	private async update(index: number, stored: IDataObject) {
		const edit = changes(this.people[index], stored, this.options.replaceGroups);
		if (!edit) {
			this.outcomes[index] = { stored, result: 'unchanged' };
			return;
		}
		const outcome = await this.client.call(
			'edit-contact',
			{ contact: { id: stored.id, ...edit } },
			true,
		);
		if ('failure' in outcome) {
			const { failure } = outcome;
			const notKnown = failure.kind === 'status' && failure.code === 404;
			this.outcomes[index] = { failure, note: notKnown ? NO_EDIT : undefined };
			return;
		}
		const contact = records(outcome.envelope.response.contact, 'contact')[0];
		this.outcomes[index] = { stored: contact ?? { ...stored, ...edit }, result: 'updated' };
	}

	/** People to add, through Add's own steps: sent, lost answers looked up, sent once more. */
	async add(indexes: number[]) {
		const results = await addPeople(
			this.client,
			indexes.map((index) => this.people[index]),
			this.options,
		);
		indexes.forEach((index, k) => {
			const result = results[k];
			if (!result) return;
			this.outcomes[index] =
				'stored' in result ? { stored: result.stored, result: 'created' } : result;
		});
	}

	private fail(index: number, description: string) {
		const itemIndex = this.itemIndexes[index];
		const error = new NodeOperationError(this.ctx.getNode(), 'More than one contact matches', {
			itemIndex,
			description,
		});
		this.outcomes[index] = { error };
	}
}

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

	let first: NodeFailure | undefined;
	sync.outcomes.forEach((outcome, k) => {
		const itemIndex = itemIndexes[k];
		if (!outcome) return;
		if ('stored' in outcome) {
			output[itemIndex] = {
				json: { ...outcome.stored, result: outcome.result },
				pairedItem: { item: itemIndex },
			};
			return;
		}
		const error =
			'error' in outcome
				? outcome.error
				: personError(client, outcome.failure, outcome.note, itemIndex);
		first ??= error;
		output[itemIndex] = errorItem(error, itemIndex);
	});
	if (first && !continueOnFail) {
		first.description = `${first.description ?? ''} ${SAFE_AGAIN}`.trim();
		throw first;
	}
	return output.filter(Boolean);
}
