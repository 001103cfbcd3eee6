import type { Failure as NodeFailureCause, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

const CREDENTIALS_HINT =
	'Check the API key and the secret key (or API hash) in the iletiMerkezi credential. If the panel restricts API access to fixed IPs, allow this n8n server’s IP, and make sure API access is switched on in the panel.';

/** Every status code the API documents: what failed, and what the user can do about it. */
export const STATUS_TEXTS: Record<number, [message: string, remedy: string]> = {
	400: [
		'iletiMerkezi could not parse the request',
		'The request body was not understood. This points to a value the API cannot accept; check the fields of the item.',
	],
	401: ['iletiMerkezi rejected the credentials', CREDENTIALS_HINT],
	402: [
		'The iletiMerkezi balance is too low',
		'Top up the account in the iletiMerkezi panel, then run again.',
	],
	403: [
		'No active İYS subscription for this brand code',
		'iletiMerkezi found no active İYS subscription for the Brand Code given. Check the Brand Code (your brand’s İYS code, shown in the iletiMerkezi panel), or ask iletiMerkezi to activate İYS for it.',
	],
	404: [
		'The contact methods are not enabled for this iletiMerkezi account',
		'iletiMerkezi does not know this method for the account. The address book (contact) methods must be enabled by iletiMerkezi: ask your customer representative. If the credential’s Base URL was changed, check it too.',
	],
	422: [
		'iletiMerkezi rejected a value',
		'One of the fields did not pass validation. Check the values of the item.',
	],
	429: [
		'iletiMerkezi is receiving too many requests',
		'Wait a little and run again, or lower the batch size.',
	],
	450: [
		'The sender is not approved for this account',
		'Pick the sender from the list: it must be a header approved in the iletiMerkezi panel, written exactly (case and spaces count).',
	],
	451: [
		'The same text went to these numbers less than 10 minutes ago: nothing was sent now',
		'iletiMerkezi refuses the same text to the same numbers again within 10 minutes (a repeated order), so nobody gets it twice: an earlier run, or an earlier attempt of this one, sent it. Nothing was sent now. Check the earlier order in Message › Get Many; to send it again on purpose, wait 10 minutes.',
	],
	452: [
		'The order has no valid recipients',
		'Give Turkish mobile numbers; numbers on the blacklist are not sent to.',
	],
	453: [
		'The order is too large',
		'Lower Order Size (at most 50,000 recipients) or shorten the text (at most 7 SMS parts).',
	],
	454: ['The message is empty', 'Write the text to send.'],
	455: [
		'No such order, or it can no longer be cancelled',
		'Check the Order ID: only an order scheduled for later, not yet being sent, can be cancelled.',
	],
	456: [
		'The order’s time has not come yet',
		'It is scheduled for later: its report is there once it is sent.',
	],
	457: ['The schedule is not a valid date', 'Give Schedule For as a date and time in the future.'],
	458: ['The date range is not valid', 'Give From and Until at most 10 days apart.'],
	459: ['No sender', 'Pick the sender from the list.'],
	460: [
		'The sender is too long or has Turkish letters',
		'A sender has at most 11 characters, without Turkish letters: pick it from the list.',
	],
	461: ['The group name is empty', 'Give the group a name.'],
	462: ['The group ID is empty', 'Pick a group from the list or give its numeric ID.'],
	463: [
		'Group not found',
		'One of the group IDs does not exist in the address book. Pick the groups from the list again.',
	],
	464: [
		'The page number must start at 1',
		'This is a paging error; please report it to the node’s maintainers.',
	],
	465: ['No contact found', 'No contact in the address book has this ID. Check the Contact ID.'],
	466: [
		'Invalid phone number',
		'Give a Turkish mobile number such as 5321234567, 905321234567 or +90 532 123 45 67.',
	],
	468: [
		'The order does not say whether İYS is to be checked',
		'Say whether the message is commercial (checked against İYS) or transactional.',
	],
	469: [
		'The İYS list is missing or wrong',
		'For a commercial message choose the İYS list: BIREYSEL (individuals) or TACIR (businesses).',
	],
	470: [
		'The account has no İYS code',
		'Commercial messages need the account’s İYS code set up: ask iletiMerkezi to set it, or send the message as transactional.',
	],
	471: [
		'The search key must be at least 3 characters',
		'Give a longer search key (a name, surname, email or phone number part).',
	],
	472: [
		'The contact has no name, surname, phone number or email',
		'Fill in at least one of Phone Number, Name, Surname or Email.',
	],
	473: [
		'Custom field not found',
		'One of the custom field IDs does not exist in the address book. Check the field IDs in the iletiMerkezi panel.',
	],
	474: [
		'The number is not on the blacklist, or cannot be removed from it',
		'iletiMerkezi answers this for a number that is not on the blacklist, and for a block it does not let the account remove. Check the number with Blacklist › Get Many.',
	],
	503: [
		'iletiMerkezi is temporarily unavailable',
		'The service asked to retry later. Run again in a few minutes.',
	],
};

/**
 * Why a call did not succeed, told once where its answer is read. A request that may have been
 * carried out although no usable answer says so is "lost" (see `isLost`).
 */
export type Failure =
	/** Refused before it left (connection refused, DNS): certainly not carried out. */
	| { kind: 'notSent'; reason: string }
	/** Could not be made at all (a malformed Base URL, a refused certificate): sending again cannot help. */
	| { kind: 'cannotSend'; reason: string }
	/** No answer within the timeout. */
	| { kind: 'timedOut'; ms: number }
	/** It went out and the connection ended without an answer. */
	| { kind: 'lost'; reason: string }
	/** The API answered `method` with its JSON envelope and this status code. */
	| { kind: 'status'; code: number; apiMessage: string; method?: string }
	/** Something answered, but not with the API's JSON (a proxy page, an outage, an empty body). */
	| { kind: 'notJson'; httpCode?: number; excerpt?: string }
	/** The API answered a list but left out the result of this record. */
	| { kind: 'missingResult' }
	/** A redirect, not followed: nothing was sent to `host`. */
	| { kind: 'redirected'; httpCode: number; host: string }
	/** n8n's SSRF protection refused the address: nothing was sent. */
	| { kind: 'blocked' };

/**
 * The address book's methods, which iletiMerkezi enables account by account: a 404 from one of
 * them says so (STATUS_TEXTS[404]). Every account has the others (sending, reports, blacklist,
 * İYS), so a 404 from those most likely means the Base URL is not the API's.
 */
const ADDRESS_BOOK =
	/^(add-contacts?|edit-contact|get-contact|delete-contact|search-contacts|get-group-contacts|get-groups?|add-group|edit-group|delete-group)$/;
const UNKNOWN_METHOD =
	'Sending, reports, the blacklist and İYS are in iletiMerkezi’s current API for every account, so this usually means the credential’s Base URL is not the API’s (https://api.iletimerkezi.com/v1). If it is, ask iletiMerkezi to enable the method for the account.';

/** Codes meaning "not now": nothing was done, so sending again is safe. */
const BUSY_CODES = [429, 503];

/**
 * Whether the API said "not now" (429, 503) in its own envelope: nothing was done. The same
 * status on a page that is not the API's (a proxy's) proves nothing about the request.
 */
export function isBusy(failure: Failure): boolean {
	return failure.kind === 'status' && BUSY_CODES.includes(failure.code);
}

/**
 * Whether the request may have been carried out although no usable answer says so: no answer
 * after it went out, any page that is not the API's (a proxy's 4xx can come after the API did the
 * work), a cut-off body, the API's own 5xx other than 503, or a list that left the record out.
 * Only the API's own envelope refusing a request proves it was not carried out.
 */
export function isLost(failure: Failure): boolean {
	if (failure.kind === 'notJson') return true;
	if (failure.kind === 'status') return failure.code >= 500 && !BUSY_CODES.includes(failure.code);
	return ['timedOut', 'lost', 'missingResult'].includes(failure.kind);
}

/** What the caller adds to an error: the item, and a note appended to the description. */
export type ErrorContext = { itemIndex?: number; note?: string };

const BASE_URL = 'Check the credential’s Base URL';
type Text = [message: string, description: string, code?: number];

/** The English message and what to do, for each kind of failure. */
const EXPLAIN: { [K in Failure['kind']]: (failure: Extract<Failure, { kind: K }>) => Text } = {
	timedOut: ({ ms }) => [
		'iletiMerkezi did not answer in time',
		`No answer came back within ${ms} ms. If the link is slow, allow more time; otherwise run again later.`,
	],
	cannotSend: ({ reason }) => [
		'Could not send the request to iletiMerkezi',
		`The request was not sent (${reason}). ${BASE_URL}.`,
	],
	notSent: ({ reason }) => ['Could not reach iletiMerkezi', unreachable(reason)],
	lost: ({ reason }) => ['Could not reach iletiMerkezi', unreachable(reason)],
	redirected: ({ host, httpCode }) => [
		`iletiMerkezi’s address redirected the request to ${host || 'another address'}`,
		`It answered HTTP ${httpCode}. Redirects are not followed, so nothing was sent there. ${BASE_URL}: it must be the API’s own address.`,
		httpCode,
	],
	blocked: () => [
		'The request was blocked by n8n’s SSRF protection',
		`n8n refuses this address, so nothing was sent. ${BASE_URL}, or ask the n8n administrator to allow its host.`,
	],
	missingResult: () => [
		'iletiMerkezi returned no result for this record',
		'The API’s answer listed fewer records than were sent.',
	],
	notJson: ({ httpCode, excerpt }) => [
		`iletiMerkezi answered with ${httpCode === undefined ? '' : `HTTP ${httpCode} and `}no API response`,
		`The answer was not the API’s JSON (often a proxy or an outage page). Try again later; if it persists, ${BASE_URL.toLowerCase()}.${excerpt ? ` The answer said: “${excerpt}”.` : ''}`,
		httpCode,
	],
	status: ({ code, apiMessage, method }) => {
		const [known, remedy] =
			code === 404 && method && !ADDRESS_BOOK.test(method)
				? [`iletiMerkezi does not know the ${method} method for this account`, UNKNOWN_METHOD]
				: (STATUS_TEXTS[code] ?? []);
		return [
			known ? `${known} (code ${code})` : `iletiMerkezi answered with code ${code}`,
			`${remedy ?? 'The API reported an error it does not document.'}${apiMessage ? ` The API said: “${apiMessage}”.` : ''}`,
			code,
		];
	},
};
const unreachable = (reason: string) =>
	`No answer came back (${reason}). Check the network and the credential’s Base URL.`;

/**
 * The one mapping from a failed call to the error n8n shows: an English message saying what
 * failed, a description saying what to do, the API's own text and the HTTP code. It receives
 * only the facts of the failure, never the request, so neither the key's hash nor the secret
 * can end up in the error.
 */
export function toNodeApiError(
	node: INode,
	failure: Failure,
	{ itemIndex, note }: ErrorContext = {},
): NodeApiError {
	const explain = EXPLAIN[failure.kind] as (failure: Failure) => Text;
	const [message, description, code] = explain(failure);
	const apiMessage = failure.kind === 'status' ? failure.apiMessage : null;
	const response: JsonObject = { code: code ?? null, message: apiMessage };
	return new NodeApiError(node, response, {
		message,
		description: note ? `${description} ${note}` : description,
		httpCode: code !== undefined ? String(code) : undefined,
		itemIndex,
		failure: failureCause(failure),
	});
}

/** Why it failed, in n8n's own vocabulary, so n8n can tell waiting from fixing. */
function failureCause(failure: Failure): NodeFailureCause | undefined {
	if (['cannotSend', 'redirected', 'blocked'].includes(failure.kind)) {
		return { cause: 'configuration-invalid' };
	}
	if (failure.kind === 'missingResult') return undefined;
	if (failure.kind !== 'status' || failure.code === 503)
		return { cause: 'temporarily-unavailable' };
	if (failure.code === 429) return { cause: 'rate-limited' };
	if (failure.code === 401) return { cause: 'credential-invalid' };
	if (failure.code === 404) return { cause: 'configuration-invalid' };
	return undefined;
}
