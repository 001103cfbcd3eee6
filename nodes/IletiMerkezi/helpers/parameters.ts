import type { IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS } from '../transport';
import { isRecordId, RECORD_ID } from './rules';

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

/** Concurrency: requests in flight at once, for operations that send many. */
export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
	default: DEFAULT_CONCURRENCY,
	description: 'How many requests are in flight at once',
};

/** The Concurrency option, read once per execution. */
export const readConcurrency = (ctx: IExecuteFunctions) =>
	wholeNumberOption(ctx, 'concurrency', 'Concurrency', DEFAULT_CONCURRENCY, [1, MAX_CONCURRENCY]);

const MAX_TIMEOUT_MS = 600_000;

/**
 * Every operation's Options: its own options and Timeout, in alphabetical order as n8n's
 * linter wants them.
 */
export function optionsCollection(...options: INodeProperties[]): INodeProperties {
	const timeout: INodeProperties = {
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_MS },
		default: DEFAULT_TIMEOUT_MS,
		description:
			'Milliseconds to wait for each answer. Reads, updates and deletes that get none are tried again; an Add or a group creation is first checked against the address book, so nothing is added twice.',
	};
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Settings that rarely need changing',
		options: [...options, timeout].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** The Timeout option, read once per execution. */
export const readTimeout = (ctx: IExecuteFunctions) =>
	wholeNumberOption(ctx, 'timeout', 'Timeout', DEFAULT_TIMEOUT_MS, [1, MAX_TIMEOUT_MS]);

/** Return All and Limit, as n8n's own list operations show them. */
export const returnAllAndLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

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

/** A group picked as n8n's own nodes pick records: from the list (nested names) or by ID. */
export const groupLocator: INodeProperties = {
	displayName: 'Group',
	name: 'groupId',
	type: 'resourceLocator',
	required: true,
	description: 'The group, picked from the list of nested groups or given by its numeric ID',
	default: { mode: 'list', value: '' },
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchGroups', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 12',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: RECORD_ID.source,
						errorMessage: 'A group ID is a whole number above 0',
					},
				},
			],
		},
	],
};

/** The Contact ID parameter of Get, Update and Delete. */
export const contactIdProperty: INodeProperties = {
	displayName: 'Contact ID',
	name: 'contactId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 1042',
	description: 'The ID iletiMerkezi gave the contact (the ID in Add’s or Search’s output)',
};
