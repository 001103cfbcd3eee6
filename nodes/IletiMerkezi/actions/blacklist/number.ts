import type { INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asText, shown } from '../../helpers/parameters';
import { plus90Mobile } from '../../helpers/rules';

const WRITTEN_FORMS = '5321234567, 0532 123 45 67, 905321234567 or +90 532 123 45 67';

/** The Phone Number parameter of Add and Remove, described as the operation uses it. */
export const phoneNumberProperty = (description: string): INodeProperties => ({
	displayName: 'Phone Number',
	name: 'phoneNumber',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 5321234567',
	description,
});

/** One item's number as the blacklist takes it, +905xxxxxxxxx; anything else is that item's error. */
export function blacklistNumber(node: INode, value: unknown, itemIndex: number): string {
	const written = asText(node, value, itemIndex, 'Phone Number');
	const number = plus90Mobile(written);
	if (number) return number;
	throw new NodeOperationError(
		node,
		written === ''
			? 'Phone Number is empty'
			: `Phone Number "${shown(written)}" is not a Turkish mobile number`,
		{
			itemIndex,
			description: `The blacklist takes Turkish mobile numbers (ten digits from the 5), such as ${WRITTEN_FORMS}.`,
		},
	);
}
