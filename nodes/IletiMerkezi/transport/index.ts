import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import {
	CREDENTIAL_TYPE,
	DEFAULT_BASE_URL,
} from '../../../credentials/IletiMerkeziApi.credentials';
import { mapConcurrently } from './concurrency';
import type { Envelope } from './envelope';
import { contactResult, excerpt, isObject, readEnvelope, records, statusCode } from './envelope';
import type { ApiFailure } from './errors';
import { toNodeApiError } from './errors';
import {
	bestMatch,
	GROUP_NOT_FOUND_SENT_AGAIN,
	LOOKUP_FAILED,
	lookupKeys,
	MAX_LOOKUP_ROWS,
	NOT_CHECKABLE,
	NOT_SENT_OUTAGE,
	NOT_STORED_SENT_AGAIN,
	sharesContact,
	STORED_AFTER_LOST,
	STORED_DIFFERENTLY,
	TOO_MANY_TO_CHECK,
} from './reconcile';

export { asArray, excerpt, readEnvelope, records } from './envelope';
export type { Envelope } from './envelope';
export { toNodeApiError } from './errors';
export type { ApiFailure } from './errors';

/** The API's largest page. */
export const MAX_ROW_COUNT = 1000;

/** How long an answer may take, unless the node's Timeout option says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Retries of one call, the first waiting about RETRY_BASE_MS, each next one twice as long. */
const MAX_RETRIES = 3;
const RETRY_BASE_MS = 500;
/** The longest Retry-After waited for; a longer one ends the call with the API's answer. */
const MAX_RETRY_AFTER_MS = 60_000;

/** Add requests in a row without a usable answer after which the rest are not sent. */
const OUTAGE_AFTER = 3;
/** The wait before looking up the people of lost answers (at most the Timeout). */
const LOOKUP_PAUSE_MS = 1000;

/** Answers in the API's envelope meaning "not now": nothing was done, so sending again is safe. */
const BUSY_CODES = [429, 503];

/** Network errors that happen before the request leaves: it was certainly not carried out. */
const NOT_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];
/**
 * Errors of a request that could not be made at all (a malformed or unsupported Base URL, a TLS
 * certificate refused before anything was sent): not sent, and sending again cannot help.
 */
const CANNOT_SEND =
	/^(ERR_INVALID_URL|ERR_BAD_REQUEST|ERR_TLS_\w+|CERT_\w+|\w*SELF_SIGNED\w*|UNABLE_TO_\w+)$/;

type Context = IExecuteFunctions | ILoadOptionsFunctions;

type ApiMethod =
	| 'get-balance'
	| 'add-contacts'
	| 'add-contact'
	| 'edit-contact'
	| 'get-contact'
	| 'delete-contact'
	| 'search-contacts'
	| 'get-group-contacts'
	| 'get-groups'
	| 'get-group'
	| 'add-group'
	| 'edit-group'
	| 'delete-group';

type CallOutcome = ({ envelope: Envelope } | { failure: ApiFailure }) & {
	/** The answer's Retry-After, in milliseconds. */
	retryAfterMs?: number;
	/** An earlier attempt of this call went out and its answer was lost. */
	afterLostAnswer?: boolean;
};

/** One person's result of an Add. */
export type ContactResult = { json: IDataObject } | { failure: ApiFailure };

/**
 * How Add sends people: `batch` many per add-contacts request (the older backend), `single` one
 * per add-contact request (today's backend), `auto` tries the first batch and falls back to
 * single for the whole execution when add-contacts is unknown (404, nothing stored).
 */
export type AddMethod = 'auto' | 'batch' | 'single';

export interface AddOptions {
	method: AddMethod;
	batchSize: number;
	/** Requests in flight at once. */
	concurrency: number;
	/** Start no new request once a person has failed; those in flight still finish. */
	stopOnFailure: boolean;
}

/** A group of the address book with where it sits in the tree. */
export interface GroupEntry {
	id: string;
	name: string;
	count: IDataObject[string];
	parentId: string | null;
	/** "Parent / Child", as the pickers show it. */
	path: string;
}

/** A request that got no answer: refused before sending, timed out, reset, DNS. */
function networkFailure(error: unknown, timeoutMs: number): ApiFailure {
	// n8n wraps the HTTP client's error; the network code is on it or on its cause.
	const err = error as { code?: unknown; cause?: { code?: unknown; message?: unknown } };
	const code = [err.cause?.code, err.code].find((value) => typeof value === 'string') as
		| string
		| undefined;
	const message = [err.cause?.message, (error as Error).message].filter(Boolean).join(' ');
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout|timed out/i.test(message)) {
		return { kind: 'network', apiMessage: `no answer within ${timeoutMs} ms`, timedOut: true };
	}
	// No code at all: n8n refused to make the request.
	if (code === undefined || CANNOT_SEND.test(code)) {
		return { kind: 'network', apiMessage: code ?? message, notSent: true, cannotSend: true };
	}
	return { kind: 'network', apiMessage: code, notSent: NOT_SENT_CODES.includes(code) };
}

/** Retry-After as seconds or as an HTTP date, in milliseconds from now. */
function retryAfterMs(header: unknown): number | undefined {
	const value = String((Array.isArray(header) ? header[0] : header) ?? '').trim();
	if (/^\d+$/.test(value)) return Number(value) * 1000;
	const at = value === '' ? NaN : Date.parse(value);
	return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * Whether the request may have been carried out although no usable answer came back: no
 * answer after it went out, a proxy's error page, a cut-off body, or the API's own 5xx.
 */
function lostAnswer(outcome: CallOutcome): boolean {
	if ('envelope' in outcome) {
		const { code } = outcome.envelope;
		return code >= 500 && !BUSY_CODES.includes(code);
	}
	const { notSent, code } = outcome.failure;
	return !notSent && code !== 429 && !(code !== undefined && code >= 400 && code < 500);
}

/**
 * Whether a failed call may be sent again. A call safe to repeat (a read, an edit) is repeated
 * after any failure that may pass. Any other write is repeated only when it certainly did
 * nothing (refused before sending, 429, 503 in the API's envelope): after a lost answer the
 * contacts may already be stored, and repeating would add them twice.
 */
function mayRetry(outcome: CallOutcome, safeToRepeat: boolean): boolean {
	if ('envelope' in outcome) {
		const { code } = outcome.envelope;
		return BUSY_CODES.includes(code) || (safeToRepeat && code >= 500);
	}
	const { notSent, cannotSend, code } = outcome.failure;
	if (cannotSend) return false;
	if (notSent || code === 429) return true;
	return safeToRepeat && lostAnswer(outcome);
}

/** Exponential backoff with jitter, or the API's Retry-After when that is longer. */
function retryDelay(retry: number, retryAfter = 0): number {
	const backoff = RETRY_BASE_MS * 2 ** retry;
	return Math.max(backoff / 2 + (Math.random() * backoff) / 2, retryAfter);
}

/**
 * A 404, in the API's envelope or as a bare HTTP status: the method is unknown to the account's
 * backend (or not enabled for it), and nothing was done. As a failure it is certain, never a
 * write that may have happened.
 */
function unknownMethod(outcome: CallOutcome): ApiFailure | undefined {
	if ('envelope' in outcome) {
		const { code, message } = outcome.envelope;
		return code === 404 ? { kind: 'status', code, apiMessage: message } : undefined;
	}
	const { kind, code } = outcome.failure;
	return kind === 'notJson' && code === 404 ? { kind: 'status', code } : undefined;
}

/** The credential as read once per execution, the Base URL it gives, and the timeout. */
interface Account {
	baseUrl: string;
	credentials: ICredentialsDecrypted;
	timeoutMs: number;
}

async function send(ctx: Context, account: Account, method: ApiMethod, payload: IDataObject) {
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: `${account.baseUrl}/${method}/json`,
		body: { request: payload },
		json: true,
		returnFullResponse: true,
		timeout: account.timeoutMs,
		// 4xx answers carry the API's envelope: read it rather than let the helper throw.
		ignoreHttpStatusErrors: true,
	};
	let answer: { statusCode?: number; body?: unknown; headers?: IDataObject };
	try {
		// The credential read once, not decrypted again for each of thousands of requests.
		const credentials = { credentialsDecrypted: account.credentials };
		answer = await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_TYPE,
			options,
			credentials,
		);
	} catch (error) {
		// With HTTP errors ignored, what is thrown here is a request that got no answer.
		return { failure: networkFailure(error, account.timeoutMs) };
	}
	const retryAfter = retryAfterMs(answer.headers?.['retry-after']);
	const envelope = readEnvelope(answer.body);
	if (envelope) return { envelope, retryAfterMs: retryAfter };
	const failure: ApiFailure = {
		kind: 'notJson',
		code: answer.statusCode,
		apiMessage: excerpt(answer.body),
	};
	return { failure, retryAfterMs: retryAfter };
}

/** What became of a write whose outcome is a failure: the person's own, or a lost answer. */
function writeFailure(outcome: CallOutcome): ApiFailure {
	const failure: ApiFailure =
		'failure' in outcome
			? outcome.failure
			: { kind: 'status', code: outcome.envelope.code, apiMessage: outcome.envelope.message };
	return lostAnswer(outcome) ? { ...failure, ambiguousWrite: true } : failure;
}

/**
 * The one place that talks to iletiMerkezi. Made once per execution: it reads the credential's
 * Base URL once, and every call goes through `httpRequestWithAuthentication`, which lets the
 * credential put the key and hash into the body.
 */
export class IletiMerkeziClient {
	private constructor(
		private readonly ctx: Context,
		private readonly account: Account,
	) {}

	static async create(ctx: Context, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<IletiMerkeziClient> {
		const data = await ctx.getCredentials(CREDENTIAL_TYPE);
		const baseUrl = String(data.baseUrl || DEFAULT_BASE_URL)
			.trim()
			.replace(/\/+$/, '');
		const credentials = { id: '', name: CREDENTIAL_TYPE, type: CREDENTIAL_TYPE, data };
		return new IletiMerkeziClient(ctx, { baseUrl, credentials, timeoutMs });
	}

	/**
	 * One call, sent again after a pause (backoff with jitter, or the API's Retry-After) while
	 * `mayRetry` allows it.
	 */
	async call(method: ApiMethod, payload: IDataObject, safeToRepeat: boolean): Promise<CallOutcome> {
		let outcome = await send(this.ctx, this.account, method, payload);
		let afterLostAnswer = false;
		for (let retry = 0; retry < MAX_RETRIES; retry++) {
			if (!mayRetry(outcome, safeToRepeat) || this.cancelled()) break;
			const wait = retryDelay(retry, outcome.retryAfterMs);
			if (wait > MAX_RETRY_AFTER_MS) break;
			afterLostAnswer ||= lostAnswer(outcome);
			await sleep(wait);
			outcome = await send(this.ctx, this.account, method, payload);
		}
		return { ...outcome, afterLostAnswer };
	}

	/** Contacts matching `key` (phone, name, surname or email), up to `limit`. */
	async searchContacts(
		key: string,
		limit: number,
		itemIndex: number | undefined,
	): Promise<IDataObject[]> {
		return await this.readPages(
			'search-contacts',
			(page, rowCount) => ({ search: { key, page, rowCount } }),
			limit,
			itemIndex,
		);
	}

	/** The contacts of one group, up to `limit`. */
	async groupContacts(groupId: string, limit: number, itemIndex: number): Promise<IDataObject[]> {
		return await this.readPages(
			'get-group-contacts',
			(page, rowCount) => ({ group: { id: groupId, page, rowCount } }),
			limit,
			itemIndex,
		);
	}

	async getContact(id: string, itemIndex: number): Promise<IDataObject> {
		const { response } = await this.expect('get-contact', { contact: { id } }, itemIndex, true);
		return records(response.contact, 'contact')[0] ?? { id };
	}

	/** Edits a contact; the same edit sent twice leaves the same contact, so it may be retried. */
	async editContact(contact: IDataObject, itemIndex: number): Promise<IDataObject> {
		const { response } = await this.expect('edit-contact', { contact }, itemIndex, true);
		return records(response.contact, 'contact')[0] ?? { id: contact.id };
	}

	/**
	 * Deleting twice leaves the contact deleted, so it is repeated like a read. When a repeat
	 * after a lost answer finds no contact (465), the lost request deleted it.
	 */
	async deleteContact(id: string, itemIndex: number): Promise<void> {
		const outcome = await this.call('delete-contact', { contact: { id } }, true);
		this.check(outcome, itemIndex, true, outcome.afterLostAnswer ? [465] : []);
	}

	/** Every group, nested ones too, parents before their children. */
	async groups(itemIndex?: number): Promise<GroupEntry[]> {
		const { response } = await this.expect('get-groups', {}, itemIndex, true);
		const entries: GroupEntry[] = [];
		const visit = (groups: IDataObject[], parent: GroupEntry | undefined) => {
			for (const group of groups) {
				const entry: GroupEntry = {
					id: String(group.id),
					name: String(group.name ?? ''),
					count: group.count ?? null,
					parentId: parent ? parent.id : null,
					path: parent ? `${parent.path} / ${group.name}` : String(group.name ?? ''),
				};
				entries.push(entry);
				visit(records(group.children, 'group'), entry);
			}
		};
		visit(records(response.groups, 'group'), undefined);
		return entries;
	}

	async getGroup(id: string, itemIndex: number): Promise<IDataObject> {
		const { response } = await this.expect('get-group', { group: { id } }, itemIndex, true);
		return records(response.group, 'group')[0] ?? { id };
	}

	/**
	 * Creates a group. After a lost answer it looks for a group of that name under that parent
	 * before sending again, once, so the group is not made twice.
	 */
	async addGroup(name: string, parentId: string, itemIndex: number): Promise<IDataObject> {
		const group: IDataObject = parentId ? { name, parent: parentId } : { name };
		let outcome = await this.call('add-group', { group }, false);
		let note: string | undefined;
		if (lostAnswer(outcome)) {
			let made: GroupEntry | undefined;
			try {
				const groups = await this.groups(itemIndex);
				made = groups.find((entry) => entry.name === name && (entry.parentId ?? '') === parentId);
			} catch {
				throw this.failureOf(outcome, itemIndex, false, LOOKUP_FAILED);
			}
			if (made) return { id: made.id, name: made.name, count: made.count };
			outcome = await this.call('add-group', { group }, false);
			note = GROUP_NOT_FOUND_SENT_AGAIN;
		}
		const { response } = this.check(outcome, itemIndex, false, [], note);
		return records(response.group, 'group')[0] ?? {};
	}

	async editGroup(id: string, name: string, itemIndex: number): Promise<IDataObject> {
		const { response } = await this.expect('edit-group', { group: { id, name } }, itemIndex, true);
		return records(response.group, 'group')[0] ?? { id, name };
	}

	/** Repeated like a read; a 463 (no such group) after a lost answer means it was deleted. */
	async deleteGroup(id: string, itemIndex: number): Promise<void> {
		const outcome = await this.call('delete-group', { group: { id } }, true);
		this.check(outcome, itemIndex, true, outcome.afterLostAnswer ? [463] : []);
	}

	/**
	 * Adds `contacts` (each as the API's contact object) and returns each person's result at its
	 * index; `undefined` for a person not sent because an earlier failure stopped the run.
	 * Batches (or single people) go `concurrency` requests at a time. People whose answer was
	 * lost are then looked up and only those not found are sent again, once (`reconcile`).
	 */
	async addContacts(
		contacts: IDataObject[],
		options: AddOptions,
		reconcileLost = true,
	): Promise<Array<ContactResult | undefined>> {
		const results: Array<ContactResult | undefined> = new Array(contacts.length);
		let failed = false;
		// Requests in a row that got no usable answer: the API or the link is down.
		let lostInARow = 0;
		const outage = () => lostInARow >= OUTAGE_AFTER;
		// After a failure (unless the run goes on), during an outage, or once cancelled. A lost
		// answer is no failure yet: the person may be stored.
		const stopped = () => (failed && options.stopOnFailure) || outage() || this.cancelled();
		const keep = (start: number, answered: ContactResult[]) => {
			const lost = answered.every((r) => 'failure' in r && r.failure.ambiguousWrite);
			lostInARow = lost ? lostInARow + 1 : 0;
			answered.forEach((result, k) => {
				results[start + k] = result;
				if ('failure' in result && !result.failure.ambiguousWrite) failed = true;
			});
		};

		let single = options.method === 'single';
		if (!single) {
			// Auto: until add-contacts has answered once, a 404 means this backend does not know it.
			let backendKnown = options.method !== 'auto';
			const chunks: number[] = [];
			for (let start = 0; start < contacts.length; start += options.batchSize) chunks.push(start);
			const sendBatch = async (start: number) => {
				if (single) return; // left for add-contact below
				const batch = contacts.slice(start, start + options.batchSize);
				const outcome = await this.call('add-contacts', { contacts: { contact: batch } }, false);
				// Auto: add-contacts is unknown to this backend and stored nothing; these people and
				// all not yet sent go through add-contact.
				if (!backendKnown && unknownMethod(outcome)) {
					single = true;
					return;
				}
				backendKnown ||= 'envelope' in outcome;
				keep(start, this.batchResults(batch, outcome));
			};
			// Auto: the first batch alone tells which backend this is, before any parallel request.
			if (options.method === 'auto' && chunks.length > 0) await sendBatch(chunks.shift()!);
			await mapConcurrently(chunks, options.concurrency, sendBatch, stopped);
		}
		if (single) {
			// Everyone still without a result: all of them, or those whose batch met a 404.
			const people = contacts.flatMap((_, index) => (results[index] ? [] : [index]));
			let unknown: ApiFailure | undefined;
			await mapConcurrently(
				people,
				options.concurrency,
				async (index) => {
					// add-contact is unknown too: the people not yet sent are not sent at all.
					if (unknown) return keep(index, [{ failure: unknown }]);
					const outcome = await this.call('add-contact', { contact: contacts[index] }, false);
					const notKnown = unknownMethod(outcome);
					unknown ??= notKnown;
					// Each person's own answer decides their result, whatever others got meanwhile.
					keep(index, [notKnown ? { failure: notKnown } : this.singleResult(outcome)]);
				},
				stopped,
			);
		}
		// Under continue-on-fail every item needs its result; a stopped run lists them as not sent.
		if (outage() && !options.stopOnFailure && !this.cancelled()) {
			// Certainly not sent: reported as such rather than left for a re-run to guess.
			const notSent: ApiFailure = { kind: 'network', apiMessage: NOT_SENT_OUTAGE, notSent: true };
			contacts.forEach((_, index) => (results[index] ??= { failure: notSent }));
		}
		if (reconcileLost && !this.cancelled()) {
			// Sent again as the run went: Auto stays Auto until the backend has shown which it is.
			const method: AddMethod = single ? 'single' : options.method;
			await this.reconcile(contacts, results, { ...options, method });
		}
		return results;
	}

	/**
	 * People whose add may or may not have happened are looked up (phone number, else email, else
	 * name). All lookups done, each person takes a stored contact with every field they sent, the
	 * people with the most fields first and exact matches first; a contact found for one person
	 * is never taken for another, nor one this run added. Found: added. Not found and nobody like
	 * them stored: sent once more. A stored contact sharing the phone number or email but not
	 * every field, or no lookup possible: reported as unclear, never sent again.
	 */
	private async reconcile(
		contacts: IDataObject[],
		results: Array<ContactResult | undefined>,
		options: AddOptions,
	): Promise<void> {
		const lost = contacts.flatMap((_, index) => {
			const result = results[index];
			return result && 'failure' in result && result.failure.ambiguousWrite ? [index] : [];
		});
		if (lost.length === 0) return;
		const unclear = (index: number, reconciled: string) => {
			const failure = (results[index] as { failure: ApiFailure }).failure;
			results[index] = { failure: { ...failure, reconciled } };
		};
		// A request still being carried out when its answer was lost gets a moment to land.
		await sleep(Math.min(this.account.timeoutMs, LOOKUP_PAUSE_MS));

		const found = new Map<number, IDataObject[]>();
		let lookupsFailed = false;
		await mapConcurrently(
			lost,
			options.concurrency,
			async (index) => {
				const keys = lookupKeys(contacts[index]);
				if (keys.length === 0 || lookupsFailed) {
					return unclear(index, lookupsFailed ? LOOKUP_FAILED : NOT_CHECKABLE);
				}
				try {
					const rows = new Map<string, IDataObject>();
					for (const key of keys) {
						const page = await this.searchContacts(key, MAX_LOOKUP_ROWS + 1, undefined);
						if (page.length > MAX_LOOKUP_ROWS) return unclear(index, TOO_MANY_TO_CHECK);
						for (const row of page) rows.set(String(row.id), row);
					}
					found.set(index, [...rows.values()]);
				} catch {
					// The API is not answering lookups either: no more are tried.
					lookupsFailed = true;
					unclear(index, LOOKUP_FAILED);
				}
			},
			() => this.cancelled(),
		);
		if (this.cancelled()) return;

		// Never the contact of a person this run added, nor one taken by another person.
		const claimed = new Set<string>();
		for (const result of results)
			if (result && 'json' in result) claimed.add(String(result.json.id));
		const missing: number[] = [];
		const byFields = [...found.keys()].sort(
			(a, b) => Object.keys(contacts[b]).length - Object.keys(contacts[a]).length,
		);
		for (const index of byFields) {
			const candidates = found.get(index)!.filter((row) => !claimed.has(String(row.id)));
			const match = bestMatch(contacts[index], candidates);
			if (match) {
				claimed.add(String(match.id));
				results[index] = { json: contactResult(match, 200, STORED_AFTER_LOST) };
			} else if (candidates.some((row) => sharesContact(contacts[index], row))) {
				unclear(index, STORED_DIFFERENTLY);
			} else missing.push(index);
		}
		if (missing.length === 0) return;
		missing.sort((a, b) => a - b);
		const again = await this.addContacts(
			missing.map((index) => contacts[index]),
			{ ...options, stopOnFailure: false },
			false,
		);
		missing.forEach((index, k) => {
			const result = again[k];
			// Cancelled before it went out again: still what the lost answer left.
			if (!result) return;
			if ('json' in result) results[index] = result;
			else results[index] = { failure: { ...result.failure, reconciled: NOT_STORED_SENT_AGAIN } };
		});
	}

	/** Each person's result from an add-contacts answer, in the order sent. */
	private batchResults(batch: IDataObject[], outcome: CallOutcome): ContactResult[] {
		if ('failure' in outcome || outcome.envelope.code !== 200) {
			const failure = writeFailure(outcome);
			return batch.map(() => ({ failure }));
		}
		const answered = records(outcome.envelope.response.contacts, 'contact');
		return batch.map((_, i): ContactResult => {
			const result = answered[i];
			const status = isObject(result?.status) ? result.status : {};
			const code = statusCode(status.code);
			// No result, or one without a code: the person may or may not have been stored.
			if (!result || code === undefined) {
				return { failure: { kind: 'missingResult', ambiguousWrite: true } };
			}
			const message = String(status.message ?? '');
			if (code !== 200) return { failure: { kind: 'status', code, apiMessage: message } };
			return { json: contactResult(result, code, message) };
		});
	}

	/** One person's result from an add-contact answer, shaped as a batch result. */
	private singleResult(outcome: CallOutcome): ContactResult {
		if ('failure' in outcome || outcome.envelope.code !== 200) {
			return { failure: writeFailure(outcome) };
		}
		const { response, code, message } = outcome.envelope;
		const contact = records(response.contact, 'contact')[0];
		if (!contact) return { failure: { kind: 'missingResult', ambiguousWrite: true } };
		return { json: contactResult(contact, code, message) };
	}

	/**
	 * Up to `limit` rows of a paged list, never asking for a page more than needed. Code 465
	 * ("no contact found") ends the list without an error.
	 */
	private async readPages(
		method: ApiMethod,
		payload: (page: number, rowCount: number) => IDataObject,
		limit: number,
		itemIndex: number | undefined,
	): Promise<IDataObject[]> {
		const rows: IDataObject[] = [];
		let previousFirstId: unknown;
		while (rows.length < limit) {
			const wanted = limit - rows.length;
			const rowCount = pageSizeFor(rows.length, wanted);
			const page = rows.length / rowCount + 1;
			const envelope = await this.expect(method, payload(page, rowCount), itemIndex, true, [465]);
			if (envelope.code === 465) break;
			const pageRows = records(envelope.response.contacts, 'contact');
			// An API that ignored `page` would send the same page forever.
			if (page > 1 && pageRows.length > 0 && pageRows[0].id === previousFirstId) {
				throw new NodeApiError(
					this.ctx.getNode(),
					{ page },
					{
						message: 'iletiMerkezi returned the same page twice',
						description: 'The list was stopped so it does not run forever. Please report this.',
						itemIndex,
					},
				);
			}
			previousFirstId = pageRows[0]?.id;
			rows.push(...pageRows.slice(0, Math.min(wanted, rowCount)));
			// There is no total count: a short page is the last one.
			if (pageRows.length < rowCount) break;
		}
		return rows;
	}

	/** Calls `method` and returns its envelope if the code is 200 (or one of `alsoOk`). */
	private async expect(
		method: ApiMethod,
		payload: IDataObject,
		itemIndex: number | undefined,
		safeToRepeat: boolean,
		alsoOk: number[] = [],
	): Promise<Envelope> {
		const outcome = await this.call(method, payload, safeToRepeat);
		return this.check(outcome, itemIndex, safeToRepeat, alsoOk);
	}

	/**
	 * The envelope of a call that succeeded (200 or one of `alsoOk`); otherwise its error, with
	 * what a lookup after a lost answer found (`reconciled`).
	 */
	private check(
		outcome: CallOutcome,
		itemIndex: number | undefined,
		safeToRepeat: boolean,
		alsoOk: number[] = [],
		reconciled?: string,
	): Envelope {
		if ('envelope' in outcome) {
			const { code } = outcome.envelope;
			if (code === 200 || alsoOk.includes(code)) return outcome.envelope;
		}
		throw this.failureOf(outcome, itemIndex, safeToRepeat, reconciled);
	}

	/** The error of a call that did not succeed. */
	private failureOf(
		outcome: CallOutcome,
		itemIndex: number | undefined,
		safeToRepeat: boolean,
		reconciled?: string,
	): NodeApiError {
		const failure: ApiFailure =
			'failure' in outcome
				? outcome.failure
				: { kind: 'status', code: outcome.envelope.code, apiMessage: outcome.envelope.message };
		return toNodeApiError(this.ctx.getNode(), {
			...failure,
			itemIndex,
			ambiguousWrite: !safeToRepeat && lostAnswer(outcome),
			reconciled,
		});
	}

	private cancelled(): boolean {
		return 'getExecutionCancelSignal' in this.ctx
			? this.ctx.getExecutionCancelSignal()?.aborted === true
			: false;
	}
}

/**
 * The page size for the next request. The API pages by `(page - 1) * rowCount`, so the size
 * must divide the rows already read. The first page asks for exactly what is wanted (up to
 * 1000); later pages start at a multiple of 1000 and take the smallest size that both covers
 * what is still wanted and lines up with that offset.
 */
export function pageSizeFor(offset: number, wanted: number): number {
	const least = Math.min(wanted, MAX_ROW_COUNT);
	if (offset === 0) return least;
	for (let size = least; size < MAX_ROW_COUNT; size++) {
		if (offset % size === 0) return size;
	}
	return MAX_ROW_COUNT;
}
