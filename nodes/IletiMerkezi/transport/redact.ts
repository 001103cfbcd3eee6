import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { authenticationBlock } from '../../../credentials/IletiMerkeziApi.credentials';

/**
 * Removes `secrets` from every string of an answer (its keys too), written as they are,
 * URL-encoded or JSON-escaped, in any case. An answer holding none of them is returned as it is,
 * after one search of its text.
 */
export function redactor(secrets: string[]): (value: unknown) => unknown {
	const forms = new Set<string>();
	for (const secret of secrets.filter((value) => value.length >= 4)) {
		for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
			forms.add(form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
		}
	}
	if (forms.size === 0) return (value) => value;
	const pattern = new RegExp([...forms].sort((a, b) => b.length - a.length).join('|'), 'i');
	const everywhere = new RegExp(pattern.source, 'gi');
	const clean = (text: string) => text.replace(everywhere, '[redacted]');
	return (value) => (holdsSecret(value, pattern) ? mapStrings(value, clean) : value);
}

/**
 * Whether any string of `value` (or key) matches `pattern`: one search of its JSON text, or, for
 * a value too deeply nested for JSON.stringify, a walk with a stack of its own.
 */
function holdsSecret(value: unknown, pattern: RegExp): boolean {
	try {
		const text = typeof value === 'string' ? value : JSON.stringify(value);
		return text !== undefined && pattern.test(text);
	} catch {
		const stack = [value];
		while (stack.length > 0) {
			const next = stack.pop();
			if (typeof next === 'string' && pattern.test(next)) return true;
			if (typeof next === 'object' && next !== null) {
				for (const [key, inner] of Object.entries(next)) stack.push(key, inner);
			}
		}
		return false;
	}
}

/** A copy of `value` with `map` applied to every string and key, however deep, without recursion. */
function mapStrings(value: unknown, map: (text: string) => string): unknown {
	const root = { value };
	const stack: Array<[Record<string | number, unknown>, string | number]> = [[root, 'value']];
	while (stack.length > 0) {
		const [holder, at] = stack.pop()!;
		const inner = holder[at];
		if (typeof inner === 'string') holder[at] = map(inner);
		else if (Array.isArray(inner)) {
			const copy: unknown[] = [...inner];
			holder[at] = copy;
			copy.forEach((_, index) => stack.push([copy as Record<number, unknown>, index]));
		} else if (typeof inner === 'object' && inner !== null) {
			const copy: Record<string, unknown> = {};
			for (const [key, item] of Object.entries(inner)) copy[map(key)] = item;
			holder[at] = copy;
			for (const key of Object.keys(copy)) stack.push([copy, key]);
		}
	}
	return root.value;
}

/** What must never leave in clear: the key, the hash and the secret, out of answers. */
export const secretsRedactor = (credentials: ICredentialDataDecryptedObject) => {
	const { key, hash } = authenticationBlock(credentials);
	return redactor([String(key), String(hash), String(credentials.secretKey ?? '')]);
};
