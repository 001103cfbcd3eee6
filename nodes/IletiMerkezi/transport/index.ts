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

export { asArray, excerpt, readEnvelope, records } from './envelope';
export type { Envelope } from './envelope';
export { toNodeApiError } from './errors';
export type { ApiFailure } from './errors';

/** The API's largest page. */
export const MAX_ROW_COUNT = 1000;

/** Waits before each retry of a call that is safe to repeat. */
const RETRY_DELAYS_MS = [500, 1000, 2000];

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

type CallOutcome = { envelope: Envelope } | { failure: ApiFailure };

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

function networkReason(error: unknown): string {
	const err = error as { code?: unknown; cause?: { code?: unknown }; message?: unknown };
	const code = err.cause?.code ?? err.code;
	if (typeof code === 'string' && code !== '') return code;
	return typeof err.message === 'string' ? err.message : 'unknown network error';
}

/**
 * Whether a failed call may be sent again. Reads may always be repeated. A write is repeated
 * only when the API itself answered that it did nothing yet (429, 503): after a lost answer the
 * contacts may already be stored, and repeating would add them twice.
 */
function mayRetry(outcome: CallOutcome, idempotent: boolean): boolean {
	if ('envelope' in outcome) return [429, 503].includes(outcome.envelope.code);
	if (!idempotent) return false;
	const { kind, code } = outcome.failure;
	return kind === 'network' || code === undefined || code === 429 || code >= 500;
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

/** The credential as read once per execution, and the Base URL it gives. */
interface Account {
	baseUrl: string;
	credentials: ICredentialsDecrypted;
}

async function send(ctx: Context, account: Account, method: ApiMethod, payload: IDataObject) {
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: `${account.baseUrl}/${method}/json`,
		body: { request: payload },
		json: true,
		returnFullResponse: true,
		// 4xx answers carry the API's envelope: read it rather than let the helper throw.
		ignoreHttpStatusErrors: true,
	};
	let answer: { statusCode?: number; body?: unknown };
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
		return { failure: { kind: 'network', apiMessage: networkReason(error) } } as CallOutcome;
	}
	const envelope = readEnvelope(answer.body);
	if (envelope) return { envelope } as CallOutcome;
	return {
		failure: { kind: 'notJson', code: answer.statusCode, apiMessage: excerpt(answer.body) },
	} as CallOutcome;
}

/** What became of a write whose outcome is a failure: the person's own, or a lost answer. */
function writeFailure(outcome: CallOutcome): ApiFailure {
	if ('failure' in outcome) return { ...outcome.failure, ambiguousWrite: true };
	const { code, message } = outcome.envelope;
	return { kind: 'status', code, apiMessage: message };
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

	static async create(ctx: Context): Promise<IletiMerkeziClient> {
		const data = await ctx.getCredentials(CREDENTIAL_TYPE);
		const baseUrl = String(data.baseUrl || DEFAULT_BASE_URL)
			.trim()
			.replace(/\/+$/, '');
		const credentials = { id: '', name: CREDENTIAL_TYPE, type: CREDENTIAL_TYPE, data };
		return new IletiMerkeziClient(ctx, { baseUrl, credentials });
	}

	/** One call, repeated after a pause only when that is safe (see `mayRetry`). */
	async call(method: ApiMethod, payload: IDataObject, idempotent: boolean): Promise<CallOutcome> {
		let outcome = await send(this.ctx, this.account, method, payload);
		for (const delay of RETRY_DELAYS_MS) {
			if (!mayRetry(outcome, idempotent) || this.cancelled()) break;
			await sleep(delay);
			outcome = await send(this.ctx, this.account, method, payload);
		}
		return outcome;
	}

	/** Contacts matching `key` (phone, name, surname or email), up to `limit`. */
	async searchContacts(key: string, limit: number, itemIndex: number): Promise<IDataObject[]> {
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

	async deleteContact(id: string, itemIndex: number): Promise<void> {
		await this.expect('delete-contact', { contact: { id } }, itemIndex, false);
	}

	/** Every group, nested ones too, parents before their children. */
	async groups(): Promise<GroupEntry[]> {
		const { response } = await this.expect('get-groups', {}, undefined, true);
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

	async addGroup(name: string, parentId: string, itemIndex: number): Promise<IDataObject> {
		const group: IDataObject = parentId ? { name, parent: parentId } : { name };
		const { response } = await this.expect('add-group', { group }, itemIndex, false);
		return records(response.group, 'group')[0] ?? {};
	}

	async editGroup(id: string, name: string, itemIndex: number): Promise<IDataObject> {
		const { response } = await this.expect('edit-group', { group: { id, name } }, itemIndex, true);
		return records(response.group, 'group')[0] ?? { id, name };
	}

	async deleteGroup(id: string, itemIndex: number): Promise<void> {
		await this.expect('delete-group', { group: { id } }, itemIndex, false);
	}

	/**
	 * Adds `contacts` (each as the API's contact object) and returns each person's result at its
	 * index; `undefined` for a person not sent because an earlier failure stopped the run.
	 * Batches (or single people) go `concurrency` requests at a time.
	 */
	async addContacts(
		contacts: IDataObject[],
		options: AddOptions,
	): Promise<Array<ContactResult | undefined>> {
		const results: Array<ContactResult | undefined> = new Array(contacts.length);
		let failed = false;
		// After a failure (unless the run goes on), or once the execution is cancelled.
		const stopped = () => (failed && options.stopOnFailure) || this.cancelled();
		const keep = (start: number, batch: ContactResult[]) => {
			batch.forEach((result, k) => {
				results[start + k] = result;
				if ('failure' in result) failed = true;
			});
		};

		let single = options.method === 'single';
		if (!single) {
			const chunks: number[] = [];
			for (let start = 0; start < contacts.length; start += options.batchSize) chunks.push(start);
			const sendBatch = async (start: number) => {
				if (single) return; // left for add-contact below
				const batch = contacts.slice(start, start + options.batchSize);
				const outcome = await this.call('add-contacts', { contacts: { contact: batch } }, false);
				// Auto: add-contacts is unknown to this backend and stored nothing; these people and
				// all not yet sent go through add-contact.
				if (options.method === 'auto' && unknownMethod(outcome)) single = true;
				else keep(start, this.batchResults(batch, outcome));
			};
			// Auto: the first batch alone tells which backend this is, before any parallel request.
			if (options.method === 'auto' && chunks.length > 0) await sendBatch(chunks.shift()!);
			await mapConcurrently(chunks, options.concurrency, sendBatch, stopped);
		}
		if (!single) return results;

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
		return results;
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
		itemIndex: number,
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
		idempotent: boolean,
		alsoOk: number[] = [],
	): Promise<Envelope> {
		const outcome = await this.call(method, payload, idempotent);
		if ('failure' in outcome) {
			throw toNodeApiError(this.ctx.getNode(), {
				...outcome.failure,
				itemIndex,
				ambiguousWrite: !idempotent,
			});
		}
		const { code, message } = outcome.envelope;
		if (code !== 200 && !alsoOk.includes(code)) {
			throw toNodeApiError(this.ctx.getNode(), {
				kind: 'status',
				code,
				apiMessage: message,
				itemIndex,
			});
		}
		return outcome.envelope;
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
