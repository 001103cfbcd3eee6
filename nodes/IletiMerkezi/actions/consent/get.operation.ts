import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../items';
import { optionsCollection } from '../descriptions';
import {
	brandCodeProperty,
	channelProperty,
	readBrandCode,
	readConsentKey,
	recipientProperty,
	recipientTypeProperty,
} from './fields';
import { showConsent } from './show';

export const description = updateDisplayOptions(
	{ show: { resource: ['consent'], operation: ['get'] } },
	[
		brandCodeProperty,
		recipientProperty(
			'Whose consent to read: a Turkish mobile number written any way (İYS gets it as +905321234567), or for the Email channel an email address.',
		),
		recipientTypeProperty,
		channelProperty,
		optionsCollection(),
	],
);

export const NO_RECORD_MESSAGE =
	'İYS holds no consent for this recipient, recipient type and channel under this brand code';

/**
 * What İYS holds for one recipient, `found: true` with its status, source and consent date. No
 * record is an item saying so (`found: false`), not an error: it is a plain answer to the question.
 */
export const execute = perItem(
	(ctx, itemIndex) => {
		const node = ctx.getNode();
		const value = (name: string) => ctx.getNodeParameter(name, itemIndex, '');
		return {
			brandCode: readBrandCode(node, value('brandCode'), itemIndex),
			key: readConsentKey(node, value, itemIndex),
		};
	},
	async (client, { brandCode, key }, itemIndex: number) => {
		const record = await showConsent(client, brandCode, key, itemIndex);
		if (!record) return { found: false, brandCode, ...key, message: NO_RECORD_MESSAGE };
		return { found: true, ...key, ...record, brandCode };
	},
);
