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
	return { code, message: String(status.message ?? ''), response };
}

/** How much of a page not in the API's JSON is read for its excerpt. */
const EXCERPT_SOURCE = 4096;

/**
 * A short quote of a non-API answer (a proxy's page) for the error: the first few kB with their
 * tags taken out in one pass, so no page, however large or hostile, costs more. JSON is never
 * quoted: a proxy that echoes the request would otherwise put the key and hash into the error.
 */
export function excerpt(body: unknown): string | undefined {
	if (typeof body !== 'string' || /^\s*[[{]/.test(body)) return undefined;
	const page = body.slice(0, EXCERPT_SOURCE);
	const lower = page.toLowerCase();
	let text = '';
	for (let at = 0; at < page.length; ) {
		const open = page.indexOf('<', at);
		text += `${page.slice(at, open < 0 ? page.length : open)} `;
		if (open < 0) break;
		// Script and style hold no words for people: skip to their end tag.
		const name = /^<(script|style)\b/.exec(lower.slice(open, open + 7))?.[1];
		const end = name ? lower.indexOf(`</${name}`, open) : open;
		const close = end < 0 ? -1 : page.indexOf('>', end);
		if (close < 0) break;
		at = close + 1;
	}
	// A hash-like run of hex is never quoted, whoever's it is.
	const quoted = text
		.replace(/\b[0-9a-f]{64}\b/gi, '…')
		.replace(/\s+/g, ' ')
		.trim();
	return quoted === '' ? undefined : quoted.slice(0, 120);
}
