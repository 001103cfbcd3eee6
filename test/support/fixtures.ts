import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Emulator } from '../emulator';
import { DEFAULT_ACCOUNT, hashFor } from '../emulator';
import { iletiMerkeziCredentials } from '../engine/iletimerkezi';

export const SECRET = DEFAULT_ACCOUNT.secretKey;
export const HASH = hashFor(DEFAULT_ACCOUNT.apiKey, DEFAULT_ACCOUNT.secretKey);

/** The credential a new user would save: API key and secret key, pointed at the emulator. */
export function secretKeyCredentials(emulator: Emulator, secretKey = DEFAULT_ACCOUNT.secretKey) {
	return iletiMerkeziCredentials({
		authMode: 'secretKey',
		apiKey: DEFAULT_ACCOUNT.apiKey,
		secretKey,
		baseUrl: emulator.url,
	});
}

export function apiHashCredentials(emulator: Emulator, apiHash = HASH) {
	return iletiMerkeziCredentials({
		authMode: 'apiHash',
		apiKey: DEFAULT_ACCOUNT.apiKey,
		apiHash,
		baseUrl: emulator.url,
	});
}

/** Rows as a spreadsheet or CRM would hand them over. */
export function spreadsheetRows(count: number): IDataObject[] {
	return Array.from({ length: count }, (_, i) => ({
		phone: `53${String(10000000 + i).padStart(8, '0')}`,
		first_name: `Ad${i}`,
		last_name: i % 2 ? 'Yılmaz' : 'Demir',
		email: `kisi${i}@example.com`,
		city: ['İstanbul', 'Ankara', 'İzmir'][i % 3],
		groups: i % 3 === 0 ? '1, 11' : '2',
	}));
}

export { addFromRows } from './columns';

export function requestsTo(emulator: Emulator, apiMethod: string) {
	return emulator.requests.filter((request) => request.apiMethod === apiMethod);
}

export function pairedItems(items: INodeExecutionData[]): number[] {
	return items.map((item) => (item.pairedItem as { item: number }).item);
}
