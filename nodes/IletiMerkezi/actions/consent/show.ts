import type { IDataObject } from 'n8n-workflow';

import { records } from '../../helpers/records';
import type { IletiMerkeziClient } from '../../transport';
import type { ConsentKey } from './fields';

/** consent/show's answer when İYS holds no record for the recipient (the input was checked). */
const NO_RECORD = 422;

/**
 * What İYS holds for one recipient on one channel under a brand code, or undefined when it holds
 * nothing: a 422, or (as the live API is said to answer too) an empty `consent`.
 */
export async function showConsent(
	client: IletiMerkeziClient,
	brandCode: string,
	key: ConsentKey,
	itemIndex?: number,
): Promise<IDataObject | undefined> {
	const envelope = await client.request(
		'consent/show',
		{ consent: { brandCode, ...key } },
		itemIndex,
		{
			alsoOk: [NO_RECORD],
		},
	);
	return envelope ? records(envelope.response.consent, 'consent')[0] : undefined;
}
