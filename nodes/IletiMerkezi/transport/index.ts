import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import type { ApiFailure } from './errors';
import { toNodeApiError } from './errors';

export { toNodeApiError } from './errors';

import { DEFAULT_BASE_URL } from '../../../credentials/IletiMerkeziApi.credentials';

export const CREDENTIAL_TYPE = 'iletiMerkeziApi';

/** The API's largest page. */
export const MAX_ROW_COUNT = 1000;

/** Waits before each retry of a call that is safe to repeat. */
const RETRY_DELAYS_MS = [500, 1000, 2000];

type Context = IExecuteFunctions | ILoadOptionsFunctions;

type ApiMethod = 'add-contacts' | 'search-contacts' | 'get-groups' | 'get-balance';

/** The API's answer envelope, read: its status and the rest of `response`. */
export interface Envelope {
	code: number;
	message: string;
	response: IDataObject;
}

type CallOutcome = { envelope: Envelope } | { failure: ApiFailure };

/** One person's result within an Add batch. */
export type ContactResult = { json: IDataObject } | { failure: ApiFailure };

/** The API sends a single object where a list has one element; read both as a list. */
export function asArray<T>(value: T | T[] | undefined | null): T[] {
	if (value === undefined || value === null || value === '') return [];
	return Array.isArray(value) ? value : [value];
}

/** A status code as the API sends it, 200 or "200"; anything else is no code. */
function statusCode(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
	if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
	return undefined;
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The records in a list the API sends either as `{contact: [...]}` (the XML-shaped form) or as a
 * plain array, with one record possibly unwrapped; anything that is not a record is dropped.
 */
export function records(value: unknown, key: string): IDataObject[] {
	const inner = isObject(value) && key in value ? value[key] : value;
	if (isObject(inner) && Object.keys(inner).length === 0) return [];
	return asArray(inner as IDataObject | IDataObject[]).filter(isObject);
}

/** Reads the `{response: {status: {code, message}}}` envelope from a parsed or raw body. */
export function readEnvelope(body: unknown): Envelope | undefined {
	let parsed = body;
	if (typeof body === 'string') {
		if (body.trim() === '') return undefined;
		try {
			parsed = JSON.parse(body);
		} catch {
			return undefined;
		}
	}
	if (typeof parsed !== 'object' || parsed === null) return undefined;
	const response = (parsed as IDataObject).response as IDataObject | undefined;
	const status = response?.status as IDataObject | undefined;
	const code = statusCode(status?.code);
	if (!response || code === undefined) return undefined;
	return { code, message: String(status?.message ?? ''), response };
}

/**
 * A short quote of a non-API answer (a proxy's page) for the error. JSON is never quoted: a
 * proxy that echoes the request would otherwise put the key and hash into the error.
 */
export function excerpt(body: unknown): string | undefined {
	if (typeof body !== 'string' || /^\s*[[{]/.test(body)) return undefined;
	const text = body
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.replace(/\b[0-9a-f]{64}\b/gi, '…')
		.trim();
	return text === '' ? undefined : text.slice(0, 120);
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

async function send(ctx: Context, baseUrl: string, method: ApiMethod, payload: IDataObject) {
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: `${baseUrl}/${method}/json`,
		body: { request: payload },
		json: true,
		returnFullResponse: true,
		// 4xx answers carry the API's envelope: read it rather than let the helper throw.
		ignoreHttpStatusErrors: true,
	};
	let answer: { statusCode?: number; body?: unknown };
	try {
		answer = await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options);
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

/**
 * The one place that talks to iletiMerkezi. Made once per execution: it reads the credential's
 * Base URL once, and every call goes through `httpRequestWithAuthentication`, which lets the
 * credential put the key and hash into the body.
 */
export class IletiMerkeziClient {
	private constructor(
		private readonly ctx: Context,
		private readonly baseUrl: string,
	) {}

	static async create(ctx: Context): Promise<IletiMerkeziClient> {
		const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
		const baseUrl = String(credentials.baseUrl || DEFAULT_BASE_URL)
			.trim()
			.replace(/\/+$/, '');
		return new IletiMerkeziClient(ctx, baseUrl);
	}

	/** One call, repeated after a pause only when that is safe (see `mayRetry`). */
	async call(method: ApiMethod, payload: IDataObject, idempotent: boolean): Promise<CallOutcome> {
		let outcome = await send(this.ctx, this.baseUrl, method, payload);
		for (const delay of RETRY_DELAYS_MS) {
			if (!mayRetry(outcome, idempotent) || this.cancelled()) break;
			await sleep(delay);
			outcome = await send(this.ctx, this.baseUrl, method, payload);
		}
		return outcome;
	}

	/**
	 * Up to `limit` contacts matching `key`, page by page, never asking for a page more than
	 * needed. Code 465 ("no contact found") ends the search without an error.
	 */
	async searchContacts(key: string, limit: number, itemIndex: number): Promise<IDataObject[]> {
		const contacts: IDataObject[] = [];
		let previousFirstId: unknown;
		while (contacts.length < limit) {
			const wanted = limit - contacts.length;
			const rowCount = pageSizeFor(contacts.length, wanted);
			const page = contacts.length / rowCount + 1;
			const outcome = await this.call('search-contacts', { search: { key, page, rowCount } }, true);
			const envelope = this.expect(outcome, itemIndex, [200, 465]);
			if (envelope.code === 465) break;
			const rows = records(envelope.response.contacts, 'contact');
			// An API that ignored `page` would send the same page forever.
			if (page > 1 && rows.length > 0 && rows[0].id === previousFirstId) {
				throw new NodeApiError(
					this.ctx.getNode(),
					{ page },
					{
						message: 'iletiMerkezi returned the same page twice',
						description: 'The search was stopped so it does not run forever. Please report this.',
						itemIndex,
					},
				);
			}
			previousFirstId = rows[0]?.id;
			for (let i = 0; i < rows.length && i < Math.min(wanted, rowCount); i++) {
				contacts.push(rows[i]);
			}
			// There is no total count: a short page is the last one.
			if (rows.length < rowCount) break;
		}
		return contacts;
	}

	/**
	 * Sends one batch of contacts. Returns, in the order sent, each contact's own result or the
	 * failure of that contact; a failure of the whole call is returned once, for all of them.
	 */
	async addContactBatch(
		contacts: IDataObject[],
	): Promise<{ results: ContactResult[] } | { failure: ApiFailure }> {
		const outcome = await this.call('add-contacts', { contacts: { contact: contacts } }, false);
		if ('failure' in outcome) {
			return { failure: { ...outcome.failure, ambiguousWrite: true } };
		}
		const { code, message, response } = outcome.envelope;
		if (code !== 200) return { failure: { kind: 'status', code, apiMessage: message } };

		const answered = records(response.contacts, 'contact');
		const results = contacts.map((_, i): ContactResult => {
			const result = answered[i];
			const status = isObject(result?.status) ? result.status : {};
			const personCode = statusCode(status.code);
			// No result, or one without a code: the person may or may not have been stored.
			if (!result || personCode === undefined) {
				return { failure: { kind: 'missingResult', ambiguousWrite: true } };
			}
			if (personCode !== 200) {
				return {
					failure: { kind: 'status', code: personCode, apiMessage: String(status.message ?? '') },
				};
			}
			// The code comes as 200 or "200"; one type makes it easy to filter on downstream.
			return { json: { ...result, status: { ...status, code: personCode } } };
		});
		return { results };
	}

	/** Groups as picker options, nested groups shown as "Parent / Child". */
	async groupOptions(): Promise<INodePropertyOptions[]> {
		const outcome = await this.call('get-groups', {}, true);
		const { response } = this.expect(outcome, undefined, [200]);
		const options: INodePropertyOptions[] = [];
		const visit = (groups: IDataObject[], path: string) => {
			for (const group of groups) {
				const name = path ? `${path} / ${group.name}` : String(group.name);
				options.push({ name, value: String(group.id) });
				visit(records(group.children, 'group'), name);
			}
		};
		visit(records(response.groups, 'group'), '');
		return options;
	}

	private expect(outcome: CallOutcome, itemIndex: number | undefined, ok: number[]): Envelope {
		if ('failure' in outcome) {
			throw toNodeApiError(this.ctx.getNode(), { ...outcome.failure, itemIndex });
		}
		const { code, message } = outcome.envelope;
		if (!ok.includes(code)) {
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
