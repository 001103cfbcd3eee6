import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asText, shown } from './parameters';
import { turkishMobile } from './rules';

const WRITTEN_FORMS = '5321234567, 0532 123 45 67, 905321234567 or +90 532 123 45 67';

/**
 * One item's Turkish mobile number as 5xxxxxxxxx, however it is written; anything else is that
 * item's error, saying what the operation takes (`takes`: "The blacklist takes", "SMS go to").
 */
export function mobileNumber(
	node: INode,
	value: unknown,
	itemIndex: number,
	takes: string,
): string {
	const written = asText(node, value, itemIndex, 'Phone Number');
	const mobile = turkishMobile(written);
	if (mobile) return mobile;
	throw new NodeOperationError(
		node,
		written === ''
			? 'Phone Number is empty'
			: `Phone Number "${shown(written)}" is not a Turkish mobile number`,
		{
			itemIndex,
			description: `${takes} Turkish mobile numbers (ten digits from the 5), such as ${WRITTEN_FORMS}.`,
		},
	);
}
