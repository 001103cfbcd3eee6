import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mapConcurrently } from '../../../helpers/concurrency';
import { itemError } from '../../items';
import { records } from '../../../helpers/records';
import type { IletiMerkeziClient } from '../../../transport';
import type { Answer, Verdict, Words } from '../../batch';
import type { Match } from '../identity';
import { matchPerson, sharingGroups } from '../identity';
import { addPeople } from '../write/addPeople';
import { personVerdict, storedItem } from '../write/report';
import type { SendOptions } from '../write/send';
import { changes } from './compare';
import type { ContactIndex } from './match';
import { ContactIndex as Written, searchCandidates } from './match';

export const NO_KEY =
	'Create or Update finds the contact by phone number, else by email: give the item one of them.';
const AMBIGUOUS = (count: number) =>
	`${count} contacts in the address book match this phone number or email by the same rule, so it is not clear which to update; nothing was written. Merge or correct them in the iletiMerkezi panel.`;
const NO_EDIT =
	'Updating a contact needs edit-contact, which this account’s backend does not have (the earlier backend); the contact was left as it is.';

/** How a stopped Create or Update speaks of its items. */
export const UPSERT_WORDS: Words = {
	done: 'item(s) were created or updated',
	failed: 'Not written',
	checkUnclear:
		'running the workflow again is safe: Create or Update finds them if they were stored',
	runAgain: 'Running the workflow again is safe: Create or Update writes nothing twice.',
};

export type UpsertOptions = SendOptions & { replaceGroups: boolean };

/**
 * One run of Create or Update, as steps called in order. The people are put in groups that share
 * a phone number or an email (identity's `sharingGroups`); round by round, the next person of
 * every group is matched (in the Match Group read once, else in the whole address book, and
 * against what this run wrote), found ones are edited with what differs, and the rest are added
 * together through the contact writer. So each person sees what the ones before them stored.
 */
export class Sync {
	private readonly answers: Answer[] = [];
	/** What this run stored, newer than any lookup made before it. */
	private readonly written = new Written();
	private failed = false;

	constructor(
		private readonly client: IletiMerkeziClient,
		private readonly people: Array<{ itemIndex: number; input: IDataObject }>,
		private readonly options: UpsertOptions,
		private readonly group?: ContactIndex,
	) {}

	async run(): Promise<Answer[]> {
		const groups = sharingGroups(this.people.map(({ input }) => input));
		const rounds = Math.max(...groups.map((group) => group.length));
		for (let round = 0; round < rounds && !this.stopped(); round++) {
			const next = groups.filter((group) => group.length > round).map((group) => group[round]);
			const toAdd: Array<{ index: number; note?: string }> = [];
			const decide = async (index: number) => {
				const added = await this.decide(index);
				if (added) toAdd.push(added);
			};
			await mapConcurrently(next, this.options.concurrency, decide, () => this.stopped());
			await this.add(toAdd.sort((a, b) => a.index - b.index));
		}
		return this.answers;
	}

	private stopped() {
		return this.client.cancelled() || (this.failed && this.options.stopOnFailure);
	}

	private answer(index: number, verdict: Verdict) {
		if (verdict.kind === 'failed' || verdict.kind === 'unclear') this.failed = true;
		this.answers.push({ itemIndex: this.people[index].itemIndex, verdict });
	}

	/** Whom the person is; a found contact is edited, and nobody found means one to add. */
	private async decide(index: number): Promise<{ index: number; note?: string } | undefined> {
		const { input: person, itemIndex } = this.people[index];
		try {
			let match = this.group ? this.match(person, this.group.sharing(person)) : undefined;
			if (!match || 'none' in match) {
				const found = await searchCandidates(this.client, person, itemIndex);
				match = found ? this.match(person, found) : { ambiguous: 10_000 };
			}
			if ('contact' in match) await this.update(index, match.contact);
			else if ('ambiguous' in match) this.ambiguous(index, match.ambiguous);
			else return { index, note: match.note };
		} catch (error) {
			// A lookup or an edit that failed: this person's error, the others go on.
			const failure = itemError(this.client.node, error, itemIndex);
			this.answer(index, { kind: 'failed', error: failure });
		}
		return undefined;
	}

	/** The person matched among stored contacts, each in its newest version this run knows. */
	private match(person: IDataObject, stored: IDataObject[]): Match {
		const candidates = new Map<string, IDataObject>();
		for (const contact of [...stored, ...this.written.sharing(person)]) {
			candidates.set(String(contact.id), this.written.get(contact.id) ?? contact);
		}
		return matchPerson(person, [...candidates.values()]);
	}

	/** A found contact: edited with what differs, or left as it is. */
	private async update(index: number, stored: IDataObject) {
		const { input: person, itemIndex } = this.people[index];
		const edit = changes(person, stored, this.options.replaceGroups);
		if (!edit) {
			this.written.put(stored);
			return this.answer(index, { kind: 'unchanged', json: { ...stored, result: 'unchanged' } });
		}
		const outcome = await this.client.call(
			'edit-contact',
			{ contact: { id: stored.id, ...edit } },
			true,
		);
		if ('failure' in outcome) {
			const { failure } = outcome;
			const notKnown = failure.kind === 'status' && failure.code === 404;
			const result = { failure, note: notKnown ? NO_EDIT : undefined };
			return this.answer(index, personVerdict(this.client, result, itemIndex));
		}
		const contact = records(outcome.envelope.response.contact, 'contact')[0] ?? {
			...stored,
			...edit,
		};
		this.written.put(contact);
		this.answer(index, { kind: 'done', json: { ...contact, result: 'updated' } });
	}

	/** People nobody stored is: added together through the contact writer. */
	private async add(entries: Array<{ index: number; note?: string }>) {
		if (entries.length === 0) return;
		const people = entries.map(({ index }) => this.people[index].input);
		const results = await addPeople(this.client, people, this.options);
		entries.forEach(({ index, note }, k) => {
			const result = results[k];
			if (!result) return;
			if (!('stored' in result)) {
				return this.answer(index, personVerdict(this.client, result, this.people[index].itemIndex));
			}
			this.written.put(result.stored);
			const json = storedItem(result.stored, { result: 'created' }, note);
			this.answer(index, { kind: 'done', json });
		});
	}

	private ambiguous(index: number, count: number) {
		const error = new NodeOperationError(this.client.node, 'More than one contact matches', {
			itemIndex: this.people[index].itemIndex,
			description: AMBIGUOUS(count),
		});
		this.answer(index, { kind: 'failed', error, ownFault: true });
	}
}
