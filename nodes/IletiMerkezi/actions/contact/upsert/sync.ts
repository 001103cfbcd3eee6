import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { NodeFailure } from '../../../helpers/items';
import { errorItem, itemError } from '../../../helpers/items';
import { records } from '../../../helpers/records';
import type { Failure, IletiMerkeziClient } from '../../../transport';
import { addPeople } from '../add/addPeople';
import { personError } from '../add/report';
import type { SendOptions } from '../add/send';
import { changes } from './compare';
import { matchKey, searchMatches } from './match';

/** What became of one person: the contact as stored and what was done, or why it failed. */
type Outcome =
	| { stored: IDataObject; result: 'created' | 'updated' | 'unchanged' }
	| { failure: Failure; note?: string }
	| { error: NodeFailure };

export const NO_KEY =
	'Create or Update finds the contact by phone number, else by email: give the item one of them.';
const AMBIGUOUS = (count: number) =>
	`${count} contacts in the address book have this phone number or email, so it is not clear which to update; nothing was written. Merge or correct them in the iletiMerkezi panel.`;
const NO_EDIT =
	'Updating a contact needs edit-contact, which this account’s backend does not have (the earlier backend); the contact was left as it is.';
const SAFE_AGAIN =
	'The other items were created, updated or left as they were; running the workflow again is safe: Create or Update writes nothing twice.';

/** Steps of one run, each person's outcome kept at their index among the people read. */
export class Sync {
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

	/**
	 * Each person's item, paired to their input: the contact as stored with `result`, or the
	 * error. Without continue-on-fail the first error stops the node (a run again is safe).
	 */
	report(output: INodeExecutionData[], continueOnFail: boolean): INodeExecutionData[] {
		let first: NodeFailure | undefined;
		this.outcomes.forEach((outcome, k) => {
			const itemIndex = this.itemIndexes[k];
			if (!outcome) return;
			if ('stored' in outcome) {
				const json = { ...outcome.stored, result: outcome.result };
				output[itemIndex] = { json, pairedItem: { item: itemIndex } };
				return;
			}
			const error =
				'error' in outcome
					? outcome.error
					: personError(this.client, outcome.failure, outcome.note, itemIndex);
			first ??= error;
			output[itemIndex] = errorItem(error, itemIndex);
		});
		if (first && !continueOnFail) {
			first.description = `${first.description ?? ''} ${SAFE_AGAIN}`.trim();
			throw first;
		}
		return output.filter(Boolean);
	}
}
