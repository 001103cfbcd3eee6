import type { Failure, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

interface StatusText {
	message: string;
	description: string;
}

const CREDENTIALS_HINT =
	'Check the API key and the secret key (or API hash) in the iletiMerkezi credential. If the panel restricts API access to fixed IPs, allow this n8n server’s IP, and make sure API access is switched on in the panel.';

/** Every status code the API documents, with what the user can do about it. */
export const STATUS_TEXTS: Record<number, StatusText> = {
	400: {
		message: 'iletiMerkezi could not parse the request',
		description:
			'The request body was not understood. This points to a value the API cannot accept; check the fields of the item.',
	},
	401: {
		message: 'iletiMerkezi rejected the credentials',
		description: CREDENTIALS_HINT,
	},
	402: {
		message: 'The iletiMerkezi balance is too low',
		description: 'Top up the account in the iletiMerkezi panel, then run again.',
	},
	404: {
		message: 'The contact methods are not enabled for this iletiMerkezi account',
		description:
			'iletiMerkezi does not know this method for the account. The address book (contact) methods must be enabled by iletiMerkezi: ask your customer representative. If the credential’s Base URL was changed, check it too.',
	},
	422: {
		message: 'iletiMerkezi rejected a value',
		description: 'One of the fields did not pass validation. Check the values of the item.',
	},
	429: {
		message: 'iletiMerkezi is receiving too many requests',
		description: 'Wait a little and run again, or lower the batch size.',
	},
	461: {
		message: 'The group name is empty',
		description: 'Give the group a name.',
	},
	462: {
		message: 'The group ID is empty',
		description: 'Pick a group from the list or give its numeric ID.',
	},
	463: {
		message: 'Group not found',
		description:
			'One of the group IDs does not exist in the address book. Pick the groups from the list again.',
	},
	464: {
		message: 'The page number must start at 1',
		description: 'This is a paging error; please report it to the node’s maintainers.',
	},
	465: {
		message: 'No contact found',
		description: 'No contact in the address book has this ID. Check the Contact ID.',
	},
	466: {
		message: 'Invalid phone number',
		description:
			'Give a Turkish mobile number such as 5321234567, 905321234567 or +90 532 123 45 67.',
	},
	471: {
		message: 'The search key must be at least 3 characters',
		description: 'Give a longer search key (a name, surname, email or phone number part).',
	},
	472: {
		message: 'The contact has no name, surname, phone number or email',
		description: 'Fill in at least one of Phone Number, Name, Surname or Email.',
	},
	473: {
		message: 'Custom field not found',
		description:
			'One of the custom field IDs does not exist in the address book. Check the field IDs in the iletiMerkezi panel.',
	},
	503: {
		message: 'iletiMerkezi is temporarily unavailable',
		description: 'The service asked to retry later. Run again in a few minutes.',
	},
};

export type FailureKind =
	/** The API answered with its JSON envelope and a status code. */
	| 'status'
	/** Something answered, but not with the API's JSON (a proxy page, an outage, an empty body). */
	| 'notJson'
	/** No answer at all: connection refused or reset, DNS, timeout. */
	| 'network'
	/** The API answered 200 but left out the result for one contact of the batch. */
	| 'missingResult';

export interface ApiFailure {
	kind: FailureKind;
	/** The envelope's status code for `status`, otherwise the HTTP status if there was one. */
	code?: number;
	/** The API's own message (Turkish), or a short excerpt of a non-JSON answer, or the network error. */
	apiMessage?: string;
	itemIndex?: number;
	/** Set when the request may have been carried out although no usable answer came back. */
	ambiguousWrite?: boolean;
	/** A network failure before the request left: it was certainly not carried out. */
	notSent?: boolean;
	/** No answer within the Timeout option. */
	timedOut?: boolean;
	/** The request could not be made at all (a malformed Base URL, a refused certificate). */
	cannotSend?: boolean;
	/** What the lookup after a lost answer found out about this person. */
	reconciled?: string;
}

const AMBIGUOUS_WRITE_HINT =
	' The request may have been carried out although its answer was lost, so it was not sent again blindly (nothing may be added twice). Check the address book before running the workflow again.';

/**
 * The one mapping from any failed call to the error n8n shows: an English message saying what
 * failed, a description saying what to do, the API's own text and the HTTP code. It receives
 * only the facts of the failure, never the request, so neither the key's hash nor the secret
 * can end up in the error.
 */
export function toNodeApiError(node: INode, failure: ApiFailure): NodeApiError {
	const { kind, code, apiMessage, itemIndex } = failure;
	let message: string;
	let description: string;

	if (kind === 'network' && failure.timedOut) {
		message = 'iletiMerkezi did not answer in time';
		description = `No answer came back (${apiMessage}). Raise Options › Timeout if the link is slow, or run again later.`;
	} else if (kind === 'network' && failure.cannotSend) {
		message = 'Could not send the request to iletiMerkezi';
		description = `The request was not sent (${apiMessage ?? 'refused'}). Check the credential’s Base URL.`;
	} else if (kind === 'network') {
		message = 'Could not reach iletiMerkezi';
		description = `No answer came back (${apiMessage ?? 'connection failed'}). Check the network and the credential’s Base URL.`;
	} else if (kind === 'missingResult') {
		message = 'iletiMerkezi returned no result for this contact';
		description = 'The API’s answer listed fewer contacts than were sent.';
	} else if (kind === 'notJson') {
		message =
			code !== undefined
				? `iletiMerkezi answered with HTTP ${code} and no API response`
				: 'iletiMerkezi answered with no API response';
		description =
			'The answer was not the API’s JSON (often a proxy or an outage page). Try again later; if it persists, check the credential’s Base URL.';
	} else {
		const known = code !== undefined ? STATUS_TEXTS[code] : undefined;
		message = known
			? `${known.message} (code ${code})`
			: `iletiMerkezi answered with code ${code ?? 'unknown'}`;
		description = known?.description ?? 'The API reported an error it does not document.';
	}
	if (apiMessage && kind !== 'network') {
		description += ` The API said: “${apiMessage}”.`;
	}
	if (failure.reconciled) description += ` ${failure.reconciled}`;
	if (failure.ambiguousWrite) description += AMBIGUOUS_WRITE_HINT;
	else if (failure.reconciled) description += ' So it is not stored.';

	const response: JsonObject = { code: code ?? null, message: apiMessage ?? null };
	return new NodeApiError(node, response, {
		message,
		description,
		httpCode: code !== undefined ? String(code) : undefined,
		itemIndex,
		failure: failureCause(kind, code),
	});
}

/** Why it failed, in n8n's own vocabulary, so n8n can tell waiting from fixing. */
function failureCause(kind: FailureKind, code: number | undefined): Failure | undefined {
	if (kind === 'network' || kind === 'notJson' || code === 503) {
		return { cause: 'temporarily-unavailable' };
	}
	if (code === 429) return { cause: 'rate-limited' };
	if (code === 401) return { cause: 'credential-invalid' };
	if (code === 404) return { cause: 'configuration-invalid' };
	return undefined;
}
