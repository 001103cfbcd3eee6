import type { IDataObject } from 'n8n-workflow';

/** The API's answer envelope, read: its status and the rest of `response`. */
export interface Envelope {
	code: number;
	message: string;
	response: IDataObject;
}

export const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The API sends a single object where a list has one element; read both as a list. */
export function asArray<T>(value: T | T[] | undefined | null): T[] {
	if (value === undefined || value === null || value === '') return [];
	return Array.isArray(value) ? value : [value];
}

/** A status code as the API sends it, 200 or "200"; anything else is no code. */
export function statusCode(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
	if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
	return undefined;
}

/**
 * The records in a list the API sends either as `{contact: [...]}` (the XML-shaped form of the
 * batch backend) or as a plain array (today's backend), with one record possibly unwrapped;
 * anything that is not a record is dropped.
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
	if (!isObject(parsed)) return undefined;
	const response = parsed.response;
	if (!isObject(response)) return undefined;
	const status = isObject(response.status) ? response.status : {};
	const code = statusCode(status.code);
	if (code === undefined) return undefined;
	return { code, message: String(status.message ?? ''), response };
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
