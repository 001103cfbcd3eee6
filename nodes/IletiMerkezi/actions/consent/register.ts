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

/** Requests one list may take in all, its refused records told apart by sending parts again. */
const MAX_REQUESTS_PER_LIST = 100;

/** Lookups at once of refused records that İYS may already hold. */
const LOOKUPS_AT_ONCE = 4;

/** "Validation failed": for a whole list, some record of it was refused, and nothing was stored. */
const REFUSED = 422;

export const ALREADY_HELD =
	'İYS already holds this consent with the same status, so it was left as it was.';
export const LIST_REFUSED = (size: number) =>
	`iletiMerkezi refused the list of ${size} records this one was in, without saying which record; more were refused than could be told apart in ${MAX_REQUESTS_PER_LIST} requests, so it is not registered.`;
export const MAY_BE_REGISTERED =
	'İYS may have registered it although the answer was lost. Registering the same record again changes nothing, so the workflow can simply be run again; Consent › Get shows what İYS holds.';

/** One record's result: registered (İYS's values when it held them already), or why not. */
export type RecordResult =
	| { registered: IDataObject; note?: string }
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
 * A record refused on its own may be one İYS already holds with the same status: that is the
 * item's answer, not a failure, whatever code the API gives for it. Each is looked up once; when
 * a lookup fails, the rest keep their refusal.
 */
async function settleHeld(
	client: IletiMerkeziClient,
	brandCode: string,
	list: ConsentRecord[],
	results: RecordResult[],
): Promise<void> {
	const refused = results.flatMap((result, i) => ('alone' in result && result.alone ? [i] : []));
	let lookupsFailed = false;
	const lookUp = async (index: number) => {
		const { recipient, recipientType, type, status } = list[index];
		try {
			const held = await showConsent(client, brandCode, { recipient, recipientType, type });
			if (held && String(held.status ?? '').toUpperCase() === status) {
				results[index] = { registered: { ...list[index], ...held }, note: ALREADY_HELD };
			}
		} catch {
			// The lookup tells nothing: the refusal stands, and no more lookups are tried.
			lookupsFailed = true;
		}
	};
	await mapConcurrently(
		refused,
		LOOKUPS_AT_ONCE,
		lookUp,
		() => lookupsFailed || client.cancelled(),
	);
}

/**
 * Registers one list of up to MAX_RECORDS records and gives each record's result, in order.
 *
 * After a lost answer the list is sent again (the client retries it as a repeatable call). That
 * is safe: İYS keeps one record per brand, recipient, recipient type and channel, holding what it
 * was sent, so registering an identical record again (the same status, source and consent date,
 * fixed when the items were read) leaves the register as one registration would; a record it
 * already holds is that record's answer (settleHeld). Looking each record up instead would cost
 * up to 5,000 requests per list.
 *
 * A whole list refused with 422 stored nothing, so its halves are sent on their own until each
 * refused record stands alone and the rest are registered, within MAX_REQUESTS_PER_LIST requests.
 */
export async function registerList(
	client: IletiMerkeziClient,
	brandCode: string,
	list: ConsentRecord[],
): Promise<RecordResult[]> {
	const results: RecordResult[] = new Array(list.length);
	// Parts still to send, as [start, end); the last pushed is sent next, so one half is settled
	// before the other.
	const parts: Array<[number, number]> = [[0, list.length]];
	let sent = 0;
	while (parts.length > 0) {
		const [start, end] = parts.pop()!;
		const size = end - start;
		if (client.cancelled()) {
			const failure: Failure = { kind: 'notSent', reason: 'the execution was cancelled' };
			for (let i = start; i < end; i++) results[i] = { failure };
			continue;
		}
		const part = list.slice(start, end);
		const outcome = await client.call(
			'consent/create',
			{ consent: { brandCode, list: part } },
			true,
		);
		sent++;
		if ('envelope' in outcome) {
			answeredResults(part, outcome.envelope).forEach((result, k) => (results[start + k] = result));
			continue;
		}
		const { failure } = outcome;
		const refused = failure.kind === 'status' && failure.code === REFUSED;
		if (refused && size > 1 && sent + parts.length + 2 <= MAX_REQUESTS_PER_LIST) {
			const middle = start + Math.ceil(size / 2);
			parts.push([middle, end], [start, middle]);
			continue;
		}
		const note = refused && size > 1 ? LIST_REFUSED(size) : undefined;
		for (let i = start; i < end; i++) results[i] = { failure, note, alone: refused && size === 1 };
	}
	await settleHeld(client, brandCode, list, results);
	return results;
}
