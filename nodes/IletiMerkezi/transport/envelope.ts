import type { IDataObject } from 'n8n-workflow';

/** The API's answer envelope, read: its status and the rest of `response`. */
export interface Envelope {
	code: number;
	message: string;
	response: IDataObject;
}

export const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A status code as the API sends it, 200 or "200"; anything else is no code. */
export function statusCode(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
	if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
	return undefined;
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
	if (!isObject(parsed)) return undefined;
	const response = parsed.response;
	if (!isObject(response)) return undefined;
	const status = isObject(response.status) ? response.status : {};
	const code = statusCode(status.code);
	if (code === undefined) return undefined;
	const message = [String(status.message ?? ''), errorsText(response.errors)].filter(Boolean);
	return { code, message: message.join(' '), response };
}

/** The most of an answer's `errors` quoted in its message. */
const MAX_ERRORS_TEXT = 300;

/**
 * What a refusal's `errors` says, as text to follow its message: `{start: "…", end: "…"}` (a 422
 * naming each field, as get-blacklist answers a bad date) or a list of texts or of `{message}`;
 * '' for anything else. Only the texts themselves are read, at most MAX_ERRORS_TEXT characters.
 */
function errorsText(errors: unknown): string {
	const says = (value: unknown): string[] => {
		if (typeof value === 'string') return [value.trim()];
		if (isObject(value) && typeof value.message === 'string') return [value.message.trim()];
		return Array.isArray(value)
			? value.flatMap((inner) => (typeof inner === 'string' ? [inner.trim()] : []))
			: [];
	};
	const entries: string[] = Array.isArray(errors)
		? errors.flatMap(says)
		: isObject(errors)
			? Object.entries(errors).flatMap(([field, value]) =>
					says(value).map((text) => (text.includes(field) ? text : `${field}: ${text}`)),
				)
			: [];
	const text = entries.filter(Boolean).join('; ');
	if (text === '') return '';
	return `(${text.length > MAX_ERRORS_TEXT ? `${text.slice(0, MAX_ERRORS_TEXT)}…` : text})`;
}

/**
 * A short quote of a non-API answer (a proxy's page) for the error, from its first 4 kB only and
 * with patterns that never backtrack across tags, so no page, however large or hostile, costs
 * more. JSON is never quoted: a proxy that echoes the request would put the key and hash in it.
 */
export function excerpt(body: unknown): string | undefined {
	if (typeof body !== 'string' || /^\s*[[{]/.test(body)) return undefined;
	const text = body
		.slice(0, 4096)
		.replace(/<(script|style)\b[^<]*/gi, ' ')
		.replace(/<[^<>]*>/g, ' ')
		.replace(/\b[0-9a-f]{64}\b/gi, '…')
		.replace(/\s+/g, ' ')
		.trim();
	return text === '' ? undefined : text.slice(0, 120);
}
