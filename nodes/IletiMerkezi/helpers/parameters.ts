import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS } from '../transport';
import { isRecordId } from './rules';

/** A value as quoted in a message: at most about 100 characters, so a huge value makes no huge error. */
export function shown(value: unknown, max = 100): string {
	const text = String(value);
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** What a value is, for a message saying what it must be instead: the text "4", the number 4.5. */
export function described(value: unknown): string {
	if (value === undefined || value === null || value === '') return 'nothing';
	if (typeof value === 'string') return `the text "${shown(value)}"`;
	if (typeof value === 'number') return `the number ${value}`;
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `the value ${shown(value)}`;
}

/** A value of one item as trimmed text; an object or list from an expression is refused. */
export function asText(node: INode, value: unknown, itemIndex: number, label: string): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'object') {
		throw new NodeOperationError(node, `${label} must be text, not an object or list`, {
			itemIndex,
			description: `Check the expression or column of ${label}: it should give a single value for each item.`,
		});
	}
	return String(value).trim();
}

/** A text parameter of one item, trimmed; an object or list from an expression is refused. */
export function text(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
): string {
	return asText(ctx.getNode(), ctx.getNodeParameter(name, itemIndex, ''), itemIndex, label);
}

/**
 * A record's numeric ID: a plain parameter, or a resource locator (From List / By ID), whose
 * value is taken whatever the mode.
 */
export function recordId(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
): string {
	const value = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true });
	const id = asText(ctx.getNode(), value, itemIndex, label);
	if (!isRecordId(id)) {
		throw new NodeOperationError(
			ctx.getNode(),
			id === '' ? `${label} is empty` : `${label} "${shown(id)}" is not a valid ID`,
			{ itemIndex, description: `${label} must be a whole number above 0, e.g. 1042.` },
		);
	}
	return id;
}

/** A whole number option in [min, max], read once per execution. */
export function wholeNumberOption(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	fallback: number,
	[min, max]: [number, number],
): number {
	const value = ctx.getNodeParameter(`options.${name}`, 0, fallback) as unknown;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		const raw = ctx.getNodeParameter(`options.${name}`, 0, fallback, { rawExpressions: true });
		const source = typeof raw === 'string' && raw.startsWith('=') ? 'the expression gave' : 'it is';
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} must be a whole number from ${min} to ${max}; ${source} ${described(value)}`,
			{ description: `Change it under Options › ${label}.` },
		);
	}
	return value;
}

export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 16;

/** The Concurrency option, read once per execution. */
export const readConcurrency = (ctx: IExecuteFunctions) =>
	wholeNumberOption(ctx, 'concurrency', 'Concurrency', DEFAULT_CONCURRENCY, [1, MAX_CONCURRENCY]);

export const MAX_TIMEOUT_MS = 600_000;

/** The Timeout option, read once per execution. */
export const readTimeout = (ctx: IExecuteFunctions) =>
	wholeNumberOption(ctx, 'timeout', 'Timeout', DEFAULT_TIMEOUT_MS, [1, MAX_TIMEOUT_MS]);

/** How many records one item asks for: Infinity under Return All, else Limit. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) return Infinity;
	const limit = ctx.getNodeParameter('limit', itemIndex, 50) as unknown;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Limit must be a whole number of at least 1; it is ${described(limit)}`,
			{ itemIndex, description: 'Set Limit, or switch on Return All.' },
		);
	}
	return limit;
}
