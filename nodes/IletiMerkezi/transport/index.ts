import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { checkBaseUrl, CREDENTIAL_TYPE } from '../../../credentials/IletiMerkeziApi.credentials';
import type { Envelope } from './envelope';
import { excerpt, readEnvelope } from './envelope';
import type { ErrorContext, Failure } from './errors';
import { secretsRedactor } from '../secrets/redact';
import { isBusy, isLost, toNodeApiError } from './errors';

export { isObject, readEnvelope, statusCode } from './envelope';
export type { Envelope } from './envelope';
export { isLost, toNodeApiError } from './errors';
export type { Failure } from './errors';

/** How long an answer may take, unless the caller says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Retries of one call, the first waiting about RETRY_BASE_MS, each next one twice as long. */
const MAX_RETRIES = 3;
const RETRY_BASE_MS = 500;
/** The longest Retry-After waited for; a longer one ends the call with the API's answer. */
const MAX_RETRY_AFTER_MS = 60_000;

/** Network errors that happen before the request leaves: it was certainly not carried out. */
const NOT_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];
/** Requests that could not be made at all (a bad URL, a refused TLS handshake): never retried. */
const CANNOT_SEND =
	/^(ERR_INVALID_URL|ERR_BAD_REQUEST|EPROTO|ERR_SSL_\w+|ERR_TLS_\w+|CERT_\w+|\w*SELF_SIGNED\w*|UNABLE_TO_\w+)$/;

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/** What became of a call: the envelope of a success (code 200), or why not. */
export type Outcome = ({ envelope: Envelope } | { failure: Failure }) & {
	/** An earlier attempt of this call went out and its answer was lost. */
	afterLost: boolean;
	/** How many times it was sent. */
	attempts: number;
};

type NetworkError = {
	code?: unknown;
	name?: unknown;
	message?: unknown;
	httpCode?: unknown;
	errorResponse?: { code?: unknown };
	cause?: NetworkError;
};

/** A request that got no answer: refused before sending, blocked, timed out, reset, DNS. */
function networkFailure(error: unknown, timeoutMs: number): Failure {
	const err = error as NetworkError;
	// n8n's SSRF protection refused the address: told by the error's kind, whatever n8n's settings.
	if ([err.name, err.cause?.name].some((name) => /^Ssrf/.test(String(name)))) {
		return { kind: 'blocked' };
	}
	// n8n wraps the HTTP client's error: the network code is on it, on its cause, or (with the
	// SSRF protection on) in its response and HTTP code.
	const code = [err.cause?.code, err.code, err.errorResponse?.code, err.httpCode].find(
		(value): value is string => typeof value === 'string' && /^[A-Z][A-Z0-9_]+$/.test(value),
	);
	const message = [err.cause?.message, err.message].filter(Boolean).join(' ');
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout|timed out/i.test(message)) {
		return { kind: 'timedOut', ms: timeoutMs };
	}
	// No code at all: n8n refused to make the request.
	if (code === undefined || CANNOT_SEND.test(code)) {
		return { kind: 'cannotSend', reason: code ?? message };
	}
	return NOT_SENT_CODES.includes(code)
		? { kind: 'notSent', reason: code }
		: { kind: 'lost', reason: code };
}

/** Retry-After as seconds or as an HTTP date, in milliseconds from now. */
function retryAfterMs(header: unknown): number | undefined {
	const value = String((Array.isArray(header) ? header[0] : header) ?? '').trim();
	if (/^\d+$/.test(value)) return Number(value) * 1000;
	const at = value === '' ? NaN : Date.parse(value);
	return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * Whether a failed call may be sent again: a call safe to repeat (a read, an edit) after any
 * failure that may pass; any other write only when it certainly did nothing (refused before
 * sending, or the API's own 429 or 503), never after a lost answer.
 */
function mayRetry(failure: Failure, repeatable: boolean): boolean {
	if (failure.kind === 'notSent' || isBusy(failure)) return true;
	return repeatable && isLost(failure);
}

/** Exponential backoff with jitter, or the API's Retry-After when that is longer. */
function retryDelay(retry: number, retryAfter = 0): number {
	const backoff = RETRY_BASE_MS * 2 ** retry;
	return Math.max(backoff / 2 + (Math.random() * backoff) / 2, retryAfter);
}

/**
 * The one place that talks to iletiMerkezi. Made once per execution: it reads the credential
 * once, and every call goes through `httpRequestWithAuthentication`, which lets the credential
 * put the key and hash into the body.
 */
export class IletiMerkeziClient {
	/** Takes the key, the hash and the secret out of whatever an answer holds. */
	private readonly redact: (value: unknown) => unknown;

	private constructor(
		private readonly ctx: Context,
		private readonly baseUrl: string,
		private readonly credentials: ICredentialsDecrypted,
		readonly timeoutMs: number,
	) {
		this.redact = secretsRedactor(credentials.data ?? {});
	}

	static async create(ctx: Context, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<IletiMerkeziClient> {
		const data = await ctx.getCredentials(CREDENTIAL_TYPE);
		const base = checkBaseUrl(data.baseUrl);
		if ('problem' in base) {
			throw new NodeOperationError(ctx.getNode(), base.problem, {
				description: 'Open the iletiMerkezi credential and correct its Base URL. Nothing was sent.',
			});
		}
		const credentials = { id: '', name: CREDENTIAL_TYPE, type: CREDENTIAL_TYPE, data };
		return new IletiMerkeziClient(ctx, base.url, credentials, timeoutMs);
	}

	/**
	 * One call, sent again after a pause (backoff with jitter, or the API's Retry-After) while
	 * that is safe: `repeatable` when doing it twice leaves the same result as doing it once.
	 */
	async call(method: string, payload: IDataObject, repeatable: boolean): Promise<Outcome> {
		let attempt = await this.send(method, payload);
		let afterLost = false;
		let retries = 0;
		for (; retries < MAX_RETRIES && 'failure' in attempt; retries++) {
			if (!mayRetry(attempt.failure, repeatable) || this.cancelled()) break;
			const wait = retryDelay(retries, attempt.retryAfterMs);
			if (wait > MAX_RETRY_AFTER_MS) break;
			afterLost ||= isLost(attempt.failure);
			await sleep(wait);
			attempt = await this.send(method, payload);
		}
		return { ...attempt, afterLost, attempts: retries + 1 };
	}

	/**
	 * The envelope of a call safe to repeat (a read, an edit) that succeeded, or undefined when the
	 * API answered one of the codes `alsoOk` (465 "nothing found", say); any other failure is
	 * thrown as the item's error.
	 */
	async request(
		method: string,
		payload: IDataObject,
		itemIndex: number | undefined,
		{ alsoOk = [] as number[] } = {},
	): Promise<Envelope | undefined> {
		const outcome = await this.call(method, payload, true);
		if ('envelope' in outcome) return outcome.envelope;
		const { failure } = outcome;
		if (failure.kind === 'status' && alsoOk.includes(failure.code)) return undefined;
		const note = outcome.attempts > 1 ? `It was tried ${outcome.attempts} times.` : undefined;
		throw this.error(failure, { itemIndex, note });
	}

	/** The error n8n shows for a failure. */
	error(failure: Failure, context: ErrorContext = {}): NodeApiError {
		return toNodeApiError(this.node, failure, context);
	}

	get node() {
		return this.ctx.getNode();
	}

	cancelled(): boolean {
		return 'getExecutionCancelSignal' in this.ctx && !!this.ctx.getExecutionCancelSignal()?.aborted;
	}

	/** One attempt: the envelope of a 200, or the failure, with the answer's Retry-After. */
	private async send(
		method: string,
		payload: IDataObject,
	): Promise<{ envelope: Envelope } | { failure: Failure; retryAfterMs?: number }> {
		const options: IHttpRequestOptions = {
			method: 'POST',
			url: `${this.baseUrl}/${method}/json`,
			body: { request: payload },
			json: true,
			returnFullResponse: true,
			timeout: this.timeoutMs,
			// 4xx answers carry the API's envelope: read it rather than let the helper throw.
			ignoreHttpStatusErrors: true,
			// A redirect would take the body, hash included, to another address.
			disableFollowRedirect: true,
		};
		let answer: { statusCode?: number; body?: unknown; headers?: IDataObject };
		try {
			// The credential read once, not decrypted again for each of thousands of requests.
			answer = await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				CREDENTIAL_TYPE,
				options,
				{ credentialsDecrypted: this.credentials },
			);
		} catch (error) {
			// With HTTP errors ignored, what is thrown here is a request that got no answer.
			return { failure: networkFailure(error, this.timeoutMs) };
		}
		const retryAfter = retryAfterMs(answer.headers?.['retry-after']);
		const status = answer.statusCode ?? 0;
		if (status >= 300 && status < 400) {
			const to = String(this.redact(String(answer.headers?.location ?? '')));
			const host = URL.canParse(to, this.baseUrl) ? new URL(to, this.baseUrl).host : '';
			return { failure: { kind: 'redirected', httpCode: status, host } };
		}
		// Whatever the answer holds, it reaches items, errors and logs without the secrets.
		const body = this.redact(answer.body);
		const envelope = readEnvelope(body);
		if (envelope?.code === 200) return { envelope };
		const failure: Failure = envelope
			? { kind: 'status', code: envelope.code, apiMessage: envelope.message, method }
			: { kind: 'notJson', httpCode: answer.statusCode, excerpt: excerpt(body) };
		return { failure, retryAfterMs: retryAfter };
	}
}
