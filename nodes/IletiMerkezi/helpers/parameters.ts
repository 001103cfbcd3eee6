import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A text parameter of one item, trimmed; an object or list from an expression is refused. */
export function text(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
): string {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (value === null || value === undefined) return '';
	if (typeof value === 'object') {
		throw new NodeOperationError(ctx.getNode(), `${label} must be text, not an object or list`, {
			itemIndex,
			description: `Check the expression of ${label}: it should give a single value for each item.`,
		});
	}
	return String(value).trim();
}
