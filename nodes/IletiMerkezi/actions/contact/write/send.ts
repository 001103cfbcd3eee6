import type { IDataObject } from 'n8n-workflow';

import { mapConcurrently } from '../../../helpers/concurrency';
import { phoneKey } from '../../../helpers/rules';
import type { Failure, IletiMerkeziClient, Outcome } from '../../../transport';
import { isLost, isObject, statusCode } from '../../../transport';
import { records } from '../../../helpers/records';
import { storedContact } from '../contacts';

/**
 * How Add sends people: `batch` many per add-contacts request (the earlier backend), `single`
 * one per add-contact request (today's backend), `auto` tries the first batch and moves to
 * single for the rest of the run when add-contacts is unknown (404, nothing stored).
 */
export type AddMethod = 'auto' | 'batch' | 'single';

export interface SendOptions {
	method: AddMethod;
	batchSize: number;
	/** Requests in flight at once. */
	concurrency: number;
	/** Start no new request once a person has failed; those in flight still finish. */
	stopOnFailure: boolean;
}

/** One person's result; `note` says what a later step found out about them. */
export type PersonResult = { stored: IDataObject } | { failure: Failure; note?: string };

/** Requests in a row without a usable answer after which the rest are not sent. */
const OUTAGE_AFTER = 3;

/** A 404, in the API's envelope or as a bare HTTP status: the method is unknown to the account. */
function unknownMethod(outcome: Outcome, method: string): Failure | undefined {
	if (!('failure' in outcome)) return undefined;
	const { failure } = outcome;
	if (failure.kind === 'status' && failure.code === 404) return failure;
	if (failure.kind === 'notJson' && failure.httpCode === 404) {
		return { kind: 'status', code: 404, apiMessage: '', method };
	}
	return undefined;
}

/** A result the API listed for one person: stored, refused with its code, or unreadable. */
function listedResult(result: IDataObject): PersonResult {
	const status = isObject(result.status) ? result.status : {};
	const code = statusCode(status.code);
	if (code === undefined) return { failure: { kind: 'missingResult' } };
	const message = String(status.message ?? '');
	if (code !== 200) return { failure: { kind: 'status', code, apiMessage: message } };
	return { stored: storedContact(result, message) };
}

/**
 * Each person's result from an add-contacts answer. The answer lists one result per person, in
 * order, each with the number it was sent: when the count and every number agree, they pair by
 * position. Otherwise (a result left out, say) a result pairs only with the one person who has
 * its number; everyone else cannot be paired for certain and counts as a lost answer.
 */
function batchResults(batch: IDataObject[], outcome: Outcome): PersonResult[] {
	if ('failure' in outcome) return batch.map(() => ({ failure: outcome.failure }));
	const listed = records(outcome.envelope.response.contacts, 'contact');
	const sentKeys = batch.map((contact) => phoneKey(contact.gsm));
	const listedKeys = listed.map((result) => phoneKey(result.gsm));
	if (listed.length === batch.length && listedKeys.every((key, i) => key === sentKeys[i])) {
		return listed.map(listedResult);
	}
	const results: PersonResult[] = batch.map(() => ({ failure: { kind: 'missingResult' } }));
	const once = (keys: string[], key: string) => keys.indexOf(key) === keys.lastIndexOf(key);
	listed.forEach((result, k) => {
		const key = listedKeys[k];
		if (key === '' || !once(listedKeys, key) || !once(sentKeys, key)) return;
		const person = sentKeys.indexOf(key);
		if (person >= 0) results[person] = listedResult(result);
	});
	return results;
}

/** One person's result from an add-contact answer. */
function singleResult(outcome: Outcome): PersonResult {
	if ('failure' in outcome) return { failure: outcome.failure };
	const { response, message } = outcome.envelope;
	const contact = records(response.contact, 'contact')[0];
	return contact
		? { stored: storedContact(contact, message) }
		: { failure: { kind: 'missingResult' } };
}

/**
 * Sends `contacts` (each as the API's contact object) and gives each person's result at its
 * index; `undefined` for a person not sent because the run stopped. Batches (or single people)
 * go `concurrency` requests at a time. Also says which method the account turned out to take,
 * for anything sent later in the run.
 */
export async function sendPeople(
	client: IletiMerkeziClient,
	contacts: IDataObject[],
	options: SendOptions,
): Promise<{ results: Array<PersonResult | undefined>; method: AddMethod }> {
	const results: Array<PersonResult | undefined> = new Array(contacts.length);
	let failed = false;
	// Requests in a row that got no usable answer: the API or the link is down.
	let lostInARow = 0;
	const outage = () => lostInARow >= OUTAGE_AFTER;
	// After a failure (unless the run goes on), during an outage, or once cancelled. A lost
	// answer is no failure yet: the person may be stored.
	const stopped = () => (failed && options.stopOnFailure) || outage() || client.cancelled();
	const keep = (start: number, answered: PersonResult[]) => {
		const lost = answered.every((r) => 'failure' in r && isLost(r.failure));
		lostInARow = lost ? lostInARow + 1 : 0;
		answered.forEach((result, k) => {
			results[start + k] = result;
			if ('failure' in result && !isLost(result.failure)) failed = true;
		});
	};

	let method = options.method;
	if (method !== 'single') {
		const starts: number[] = [];
		for (let start = 0; start < contacts.length; start += options.batchSize) starts.push(start);
		const sendBatch = async (start: number) => {
			if (method === 'single') return; // left for add-contact below
			const batch = contacts.slice(start, start + options.batchSize);
			const outcome = await client.call('add-contacts', { contacts: { contact: batch } }, false);
			// Auto: until add-contacts has answered once, a 404 means this backend does not know
			// it and stored nothing; these people and all not yet sent go through add-contact. A
			// batch in flight when another's 404 moved the run to add-contact gets the same 404.
			if (
				options.method === 'auto' &&
				method !== 'batch' &&
				unknownMethod(outcome, 'add-contacts')
			) {
				method = 'single';
				return;
			}
			if (method === 'auto' && ('envelope' in outcome || outcome.failure.kind === 'status')) {
				method = 'batch';
			}
			keep(start, batchResults(batch, outcome));
		};
		// Auto: the first batch alone tells which backend this is, before any parallel request.
		if (method === 'auto' && starts.length > 0) await sendBatch(starts.shift()!);
		await mapConcurrently(starts, options.concurrency, sendBatch, stopped);
	}
	if (method === 'single') {
		// Everyone still without a result: all of them, or those whose batch met a 404.
		const people = contacts.flatMap((_, index) => (results[index] ? [] : [index]));
		let unknown: Failure | undefined;
		const sendOne = async (index: number) => {
			// add-contact is unknown too: the people not yet sent are not sent at all.
			if (unknown) return keep(index, [{ failure: unknown }]);
			const outcome = await client.call('add-contact', { contact: contacts[index] }, false);
			const notKnown = unknownMethod(outcome, 'add-contact');
			unknown ??= notKnown;
			// Each person's own answer decides their result, whatever others got meanwhile.
			keep(index, [notKnown ? { failure: notKnown } : singleResult(outcome)]);
		};
		await mapConcurrently(people, options.concurrency, sendOne, stopped);
	}
	// Under continue-on-fail every item needs its result; a stopped run lists them as not sent.
	if (outage() && !options.stopOnFailure && !client.cancelled()) {
		const failure: Failure = {
			kind: 'notSent',
			reason: 'not sent: the requests before it got no answer',
		};
		contacts.forEach((_, index) => (results[index] ??= { failure }));
	}
	return { results, method };
}
