import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** One parameter's value for an item. */
export type ItemValue = (itemIndex: number) => unknown;

/** Prepares, once per execution, how one parameter is read for each item. */
export type ParameterReader = (name: string, fallback: unknown) => ItemValue;

/**
 * `{{ $json.phone }}`, `{{ $json["first name"] }}`, `{{ $json.a.b }}`, `{{ $json.list[0] }}`:
 * the whole parameter one reference to the item's own field. Quoted keys with escapes are left
 * to n8n.
 */
const PLAIN_REFERENCE =
	/^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:'[^'\\]*'|"[^"\\]*"|\d+)\s*\])+)\s*\}\}$/;
const SEGMENT = /\.([A-Za-z_$][\w$]*)|\[\s*(?:'([^'\\]*)'|"([^"\\]*)"|(\d+))\s*\]/g;
/** `={{ … }}`: the whole parameter one expression, with no other `{{` or `}}` in it. */
const SINGLE_EXPRESSION = /^=\{\{((?:(?!\{\{|\}\})[\s\S])*)\}\}$/;
/** Keys that name JavaScript's machinery rather than data: left to n8n's own evaluation. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** The keys of a plain reference, or undefined when the parameter is anything else. */
export function plainReference(raw: unknown): string[] | undefined {
	const match = typeof raw === 'string' ? PLAIN_REFERENCE.exec(raw) : null;
	if (!match) return undefined;
	const keys = [...match[1].matchAll(SEGMENT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
	return keys.some((key) => RESERVED.has(key)) ? undefined : keys;
}

/**
 * `=Merhaba {{ $json.name }}, kodunuz {{ $json.code }}`: text around expressions that are each a
 * plain reference, as its parts (text, or a reference's keys); undefined for anything else.
 */
export function referenceTemplate(raw: unknown): Array<string | string[]> | undefined {
	if (typeof raw !== 'string' || !raw.startsWith('=')) return undefined;
	const parts: Array<string | string[]> = [];
	const text = raw.slice(1);
	let at = 0;
	for (const match of text.matchAll(/\{\{([\s\S]*?)\}\}/g)) {
		const keys = plainReference(`={{${match[1]}}}`);
		if (!keys) return undefined;
		parts.push(text.slice(at, match.index), keys);
		at = match.index + match[0].length;
	}
	parts.push(text.slice(at));
	const literal = parts.filter((part): part is string => typeof part === 'string').join('');
	return parts.length > 1 && !/\{\{|\}\}/.test(literal) ? parts : undefined;
}

/**
 * The field at `keys` when every step is an own property of a plain object or list and the value
 * is text, a finite number or a boolean: what n8n's evaluation gives for those. Anything else
 * (missing, null, objects, dates…) is undefined, for n8n to evaluate.
 */
function fieldAt(json: unknown, keys: string[]): string | number | boolean | undefined {
	let value = json;
	for (const key of keys) {
		if (
			typeof value !== 'object' ||
			value === null ||
			!Object.prototype.hasOwnProperty.call(value, key)
		)
			return;
		const proto = Object.getPrototypeOf(value) as unknown;
		if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return;
		value = (value as Record<string, unknown>)[key];
	}
	if (typeof value === 'string' || typeof value === 'boolean') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	return undefined;
}

/** A template's text with each reference's value, when every one is text or a finite number. */
function fillIn(template: Array<string | string[]>, json: unknown): string | undefined {
	let text = '';
	for (const part of template) {
		if (typeof part === 'string') {
			text += part;
			continue;
		}
		const value = fieldAt(json, part);
		if (typeof value !== 'string' && typeof value !== 'number') return undefined;
		text += String(value);
	}
	return text;
}

/** Whether n8n would evaluate anything in this value: a string starting with `=`, at any depth. */
function hasExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.startsWith('=');
	if (typeof raw !== 'object' || raw === null) return false;
	return Object.values(raw).some(hasExpression);
}

/**
 * Reads parameters at the cost of one read per execution where it can. n8n 2.x evaluates every
 * expression in an isolated VM (~0.3 ms per item and parameter), which for a spreadsheet-sized
 * Add costs more than the requests themselves. So:
 * - a fixed value (no expression) is read once, for every item;
 * - a plain reference to the item's field is parsed once and its value taken from the item, and
 *   so is text around plain references, when each value is text or a number;
 * - the parameters that are each one expression n8n must evaluate are evaluated together, as one
 *   list, in one call per item; if that call fails, each is evaluated on its own, so an error
 *   names its own parameter;
 * - anything else (text around an expression), and a reference whose value is not plain text,
 *   number or boolean, is n8n's evaluation for that item.
 */
export function parameterReader(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
): ParameterReader {
	const bodies: string[] = [];
	let last: { itemIndex: number; count: number; values: unknown[] | undefined } | undefined;
	// The one expression listing every body, built again only when a parameter joins it.
	let list = { count: 0, expression: '' };
	const together = (itemIndex: number) => {
		if (last?.itemIndex !== itemIndex || last.count !== bodies.length) {
			if (list.count !== bodies.length) {
				// Each body on lines of its own, so a trailing // comment cannot swallow the rest.
				const expression = `{{ [${bodies.map((body) => `(\n${body}\n)`).join(',')}] }}`;
				list = { count: bodies.length, expression };
			}
			let values: unknown[] | undefined;
			try {
				const result = ctx.evaluateExpression(list.expression, itemIndex);
				values = Array.isArray(result) && result.length === bodies.length ? result : undefined;
			} catch {
				values = undefined;
			}
			last = { itemIndex, count: bodies.length, values };
		}
		return last.values;
	};
	return (name, fallback) => {
		const evaluate: ItemValue = (itemIndex) => ctx.getNodeParameter(name, itemIndex, fallback);
		if (items.length === 0) return evaluate;
		const raw = ctx.getNodeParameter(name, 0, fallback, { rawExpressions: true });
		if (!hasExpression(raw)) {
			const fixed = evaluate(0);
			return () => fixed;
		}
		const keys = plainReference(raw);
		if (keys) return (itemIndex) => fieldAt(items[itemIndex].json, keys) ?? evaluate(itemIndex);
		const template = referenceTemplate(raw);
		if (template)
			return (itemIndex) => fillIn(template, items[itemIndex].json) ?? evaluate(itemIndex);
		const body = typeof raw === 'string' ? SINGLE_EXPRESSION.exec(raw)?.[1] : undefined;
		if (body === undefined) return evaluate;
		const slot = bodies.push(body) - 1;
		return (itemIndex) => {
			const values = together(itemIndex);
			return values ? values[slot] : evaluate(itemIndex);
		};
	};
}
