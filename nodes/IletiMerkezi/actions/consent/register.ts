import type { IDataObject } from 'n8n-workflow';

import { mapConcurrently } from '../../helpers/concurrency';
import { asArray } from '../../helpers/records';
import { plus90Mobile } from '../../helpers/rules';
import type { Envelope, Failure, IletiMerkeziClient } from '../../transport';
import { isObject, statusCode } from '../../transport';
import type { ConsentRecord } from './fields';
import { showConsent } from './show';

/** İYS's most records in one consent/create. */
export const MAX_RECORDS = 5000;

/**
 * Requests one refused list may take to tell its refused records apart: 100, or one for every 4
 * records of the list when that is more (1,250 for 5,000). Halving finds each of b refused records
 * among n in about 1.5·b·log2(n/b) requests: 50 among 5,000 take about 560.
 */
export const splitBudget = (size: number) => Math.max(100, Math.ceil(size / 4));

/** Records looked up first when a list is refused whole, to see whether İYS holds them already. */
const PROBE = 20;

/** Lookups at once of records that İYS may already hold. */
const LOOKUPS_AT_ONCE = 4;

/** "Validation failed": for a whole list, some record of it was refused, and nothing was stored. */
const REFUSED = 422;

const DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

export const LIST_REFUSED = (size: number, requests: number) =>
	`iletiMerkezi refused the list of ${size} records this one was in, without saying which record; more were refused than could be told apart in ${requests} requests, so it is not registered.`;
export const MAY_BE_REGISTERED =
	'İYS may have registered it although the answer was lost. Registering the same record again changes nothing, so the workflow can simply be run again; Consent › Get shows what İYS holds.';

/** One record's result: registered, already held by İYS (its values), or why not. */
export type RecordResult =
	| { registered: IDataObject; held?: boolean; note?: string }
	/** `alone`: this record was refused on its own, not with a list or the request. */
	| { failure: Failure; note?: string; alone?: boolean };

/** A recipient as one value to compare: a phone as +90…, an email in lower case. */
const recipientKey = (value: unknown) => {
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	return plus90Mobile(text) ?? text.toLowerCase();
};

/** A result the API listed for one record. */
function listedResult(record: ConsentRecord, result: IDataObject): RecordResult {
	const status = isObject(result.status) ? result.status : {};
	const code = statusCode(status.code);
	if (code === undefined) return { failure: { kind: 'missingResult' } };
	if (code === 200) return { registered: { ...record } };
	return {
		failure: { kind: 'status', code, apiMessage: String(status.message ?? '') },
		alone: true,
	};
}

/**
 * Each record's result from a 200. Without a list of results the whole list was taken. With one,
 * the results pair with the records by position when they agree in count and recipient;
 * otherwise a result pairs only with the one record of its recipient, and a record left without
 * one is unclear.
 */
function answeredResults(sent: ConsentRecord[], envelope: Envelope): RecordResult[] {
	const consent = envelope.response.consent;
	const listed = asArray(isObject(consent) ? (consent.list as unknown[]) : undefined).filter(
		isObject,
	);
	if (listed.length === 0) return sent.map((record) => ({ registered: { ...record } }));
	const sentKeys = sent.map((record) => recipientKey(record.recipient));
	const listedKeys = listed.map((result) => recipientKey(result.recipient));
	const inOrder = listedKeys.every((key, i) => key === '' || key === sentKeys[i]);
	if (listed.length === sent.length && inOrder) {
		return listed.map((result, i) => listedResult(sent[i], result));
	}
	const once = (keys: string[], key: string) => keys.indexOf(key) === keys.lastIndexOf(key);
	return sent.map((record, i) => {
		const key = sentKeys[i];
		const at = listedKeys.indexOf(key);
		const paired = at >= 0 && once(listedKeys, key) && once(sentKeys, key);
		return paired ? listedResult(record, listed[at]) : { failure: { kind: 'missingResult' } };
	});
}

/**
 * Whether the record İYS holds stands against the one sent, as İYS's rules have it: a consent on
 * top of the same consent is refused, and a new record must be dated later than the one held.
 * The item's note when it does; undefined when the record sent would replace it, or none is held.
 */
function heldNote(record: ConsentRecord, held: IDataObject | null | undefined): string | undefined {
	if (!held) return undefined;
	const status = String(held.status ?? '').toUpperCase();
	const date = String(held.consentDate ?? '');
	const what = `${status}${DATE.test(date) ? ` of ${date}` : ''}`;
	if (status === record.status) {
		const same = date === record.consentDate && String(held.source ?? '') === record.source;
		return same
			? 'İYS already holds exactly this record (from an earlier run, or from this run’s own request whose answer was lost).'
			: `İYS already holds this consent (${what}) and takes no ${status} on top of a ${status}, so it was left as it was; the item shows the record İYS holds.`;
	}
	if (DATE.test(date) && date >= record.consentDate) {
		return `İYS holds a later record for this recipient (${what}), which a ${record.status} dated ${record.consentDate} does not replace; the item shows the record İYS holds.`;
	}
	return undefined;
}

/** Why İYS refused a record on its own, as far as what it holds tells. */
function whyRefused(record: ConsentRecord, held: IDataObject | null | undefined): string {
	if (held === undefined) {
		return 'İYS did not say why, and what it holds for this recipient could not be read (Consent › Get shows it).';
	}
	if (held === null && record.status === 'RET') {
		return 'İYS holds no consent for this recipient, and takes an opt-out (RET) only where it holds an opt-in (ONAY): there is nothing to withdraw.';
	}
	if (held === null) {
		return 'İYS holds no consent for this recipient and did not say why it refused this one (its rules the node cannot check: the 3-business-day window once the brand is active, and the recipient itself).';
	}
	return `İYS holds ${String(held.status ?? '')} of ${String(held.consentDate ?? '')} for this recipient, which this later record should replace, and did not say why it refused it.`;
}

/** Evenly spread picks of `count` from `values`, the first and last among them. */
function spread<T>(values: T[], count: number): T[] {
	if (values.length <= count) return values;
	return Array.from(
		{ length: count },
		(_, k) => values[Math.round((k * (values.length - 1)) / (count - 1))],
	);
}

/**
 * Registers one list of up to MAX_RECORDS records and gives each record's result, in order.
 *
 * After a lost answer the list is sent again (the client retries it as a repeatable call). İYS
 * refuses a record it already holds (the same consent, or one dated as late or later), so the
 * repeat is refused for what the first sending registered; a refused record İYS holds is that
 * record's answer (`held`), never a failure. Nothing is ever registered twice.
 *
 * A whole list refused with 422 stored nothing, and does not say which record was refused:
 * - a few records are looked up first (PROBE); when İYS holds any of them, it may hold many (a
 *   sheet registered again), so all are looked up, those it holds are answered, and the rest are
 *   sent again;
 * - what is still refused is halved, each refused half halved again, until each refused record
 *   stands alone and the rest are registered (a half whose other half was taken is refused for
 *   certain, and is halved without being sent), within splitBudget(size) requests;
 * - each record refused alone is looked up (when not already): held, it is the answer; else its
 *   item says why, as far as what İYS holds tells.
 */
export async function registerList(
	client: IletiMerkeziClient,
	brandCode: string,
	list: ConsentRecord[],
): Promise<RecordResult[]> {
	const results: RecordResult[] = new Array(list.length);
	/** What İYS holds for each record looked up: null for nothing; absent when not read. */
	const held = new Map<number, IDataObject | null>();
	const budget = splitBudget(list.length);
	let sent = 0;
	let lookupsFailed = false;

	const lookUp = async (indexes: number[]) => {
		const fresh = indexes.filter((i) => !held.has(i));
		await mapConcurrently(
			fresh,
			LOOKUPS_AT_ONCE,
			async (index) => {
				const { recipient, recipientType, type } = list[index];
				try {
					const found = await showConsent(client, brandCode, { recipient, recipientType, type });
					held.set(index, found ?? null);
				} catch {
					// The lookup tells nothing: no more are tried.
					lookupsFailed = true;
				}
			},
			() => lookupsFailed || client.cancelled(),
		);
	};
	/** Answers the records İYS holds already; the others, in order. */
	const settleHeld = (indexes: number[]) =>
		indexes.filter((i) => {
			const note = heldNote(list[i], held.get(i));
			if (note === undefined) return true;
			results[i] = { registered: { ...list[i], ...held.get(i)! }, held: true, note };
			return false;
		});
	/** Sends some of the records; true when the API took them (each record's result is set). */
	const send = async (indexes: number[]): Promise<true | Failure> => {
		const part = indexes.map((i) => list[i]);
		const outcome = await client.call(
			'consent/create',
			{ consent: { brandCode, list: part } },
			true,
		);
		sent++;
		if ('failure' in outcome) return outcome.failure;
		answeredResults(part, outcome.envelope).forEach((result, k) => (results[indexes[k]] = result));
		return true;
	};
	const notSent = (indexes: number[]) => {
		const failure: Failure = { kind: 'notSent', reason: 'the execution was cancelled' };
		for (const i of indexes) results[i] = { failure };
	};
	const isRefusal = (failure: Failure) => failure.kind === 'status' && failure.code === REFUSED;

	const all = list.map((_, i) => i);
	if (client.cancelled()) {
		notSent(all);
		return results;
	}
	const first = await send(all);
	if (first !== true && (!isRefusal(first) || list.length === 1)) {
		const alone = isRefusal(first);
		for (const i of all) results[i] = { failure: first, alone };
	} else if (first !== true) {
		// Refused whole: does İYS hold some of these records already?
		await lookUp(spread(all, PROBE));
		const heldSome = all.some((i) => heldNote(list[i], held.get(i)) !== undefined);
		if (heldSome) await lookUp(all);
		const rest = settleHeld(all);
		if (rest.length > 0) await split(rest, first, rest.length === list.length);
	}

	/**
	 * Sends `indexes` (unless `refused` already, with `refusal`) and, while refused, its halves,
	 * until every refused record stands alone or the budget is spent.
	 */
	async function split(indexes: number[], refusal: Failure, refused: boolean) {
		type Part = {
			indexes: number[];
			/** Refused for certain, with this failure, without being sent. */
			known?: Failure;
			/** The parent's refusal, and whether the other half (sent first) was taken. */
			parent?: Failure;
			sibling?: { taken: boolean };
			self: { taken: boolean };
		};
		const known = refused ? refusal : undefined;
		const parts: Part[] = [{ indexes, known, parent: refusal, self: { taken: false } }];
		while (parts.length > 0) {
			const part = parts.pop()!;
			if (client.cancelled()) {
				notSent(part.indexes);
				continue;
			}
			// A refused list whose first half was taken holds its refused record in this half.
			let failure =
				part.known ?? (part.sibling?.taken && part.indexes.length > 1 ? part.parent : undefined);
			if (!failure) {
				if (sent >= budget) {
					const note = LIST_REFUSED(list.length, budget);
					for (const i of part.indexes) results[i] = { failure: part.parent ?? refusal, note };
					continue;
				}
				const outcome = await send(part.indexes);
				if (outcome === true) {
					part.self.taken = true;
					continue;
				}
				failure = outcome;
				if (!isRefusal(failure)) {
					for (const i of part.indexes) results[i] = { failure };
					continue;
				}
			}
			if (part.indexes.length === 1) {
				results[part.indexes[0]] = { failure, alone: true };
				continue;
			}
			const middle = Math.ceil(part.indexes.length / 2);
			const head: Part = { indexes: part.indexes.slice(0, middle), self: { taken: false } };
			const tail: Part = {
				indexes: part.indexes.slice(middle),
				parent: failure,
				sibling: head.self,
				self: { taken: false },
			};
			// The last pushed is sent next: the first half is settled before the second.
			parts.push(tail, head);
		}
	}

	// Each record refused alone: İYS may hold it (a sheet registered again, a list sent again after
	// a lost answer); otherwise say why, as far as what it holds tells.
	const alone = all.filter((i) => {
		const result = results[i];
		return 'alone' in result && result.alone;
	});
	await lookUp(alone);
	for (const i of settleHeld(alone)) {
		const result = results[i] as { failure: Failure; note?: string };
		const why = whyRefused(list[i], held.get(i));
		results[i] = { ...result, note: [result.note, why].filter(Boolean).join(' ') };
	}
	return results;
}
