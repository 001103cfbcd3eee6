import { NodeApiError } from 'n8n-workflow';

import { STATUS_TEXTS } from '../transport/errors';

const [NOT_ENABLED, NOT_ENABLED_REMEDY] = STATUS_TEXTS[404];
const REMEDY =
	'Sending, reports, the blacklist and İYS are in iletiMerkezi’s current API for every account, so this usually means the credential’s Base URL is not the API’s (https://api.iletimerkezi.com/v1). If it is, ask iletiMerkezi to enable the method for the account.';

/**
 * A 404 from a method every account has (sending, reports, blacklist, İYS), told as what it means there. The table's 404 speaks of the
 * address book, whose methods each account must have enabled; these methods every account has,
 * so a 404 most likely means the Base URL is wrong. Any other error is returned as it is.
 */
export function explainUnknownMethod(error: unknown, method: string): unknown {
	if (!(error instanceof NodeApiError) || error.httpCode !== '404') return error;
	if (!error.message.startsWith(NOT_ENABLED)) return error;
	error.message = `iletiMerkezi does not know the ${method} method for this account (code 404)`;
	error.description = (error.description ?? '').replace(NOT_ENABLED_REMEDY, REMEDY);
	return error;
}

/** `run`, with a 404 of `method` told by explainUnknownMethod. */
export function tellingUnknownMethod<A extends unknown[], R>(
	method: string,
	run: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
	return async (...args: A) => {
		try {
			return await run(...args);
		} catch (error) {
			throw explainUnknownMethod(error, method);
		}
	};
}
