/**
 * What the specs, the demo, the benchmark and the real-n8n runs share: this package's names as n8n
 * knows them, our node and credential in n8n's engine pointed at the emulator, and
 * spreadsheet-like rows with the Add parameters that map them.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../credentials/IletiMerkeziApi.credentials';
import type { Emulator, StoredContact } from './emulator';
import { DEFAULT_ACCOUNT, hashFor } from './emulator';
import type { CredentialStore, EngineNode } from './engine';
import { NODE_TYPE, PACKAGE_NAME, createEngine } from './engine';

export { CREDENTIAL_TYPE, NODE_TYPE, PACKAGE_NAME };
export const createIletiMerkeziEngine = createEngine;

export const SECRET = DEFAULT_ACCOUNT.secretKey;
export const HASH = hashFor(DEFAULT_ACCOUNT.apiKey, DEFAULT_ACCOUNT.secretKey);

const CREDENTIAL = { id: 'iletimerkezi-1', name: 'iletiMerkezi account' };

/** The credential a new user would save: API key and secret key, pointed at the emulator. */
export function credentialData(emulator: Emulator, secretKey = SECRET) {
	return {
		authMode: 'secretKey',
		apiKey: DEFAULT_ACCOUNT.apiKey,
		secretKey,
		baseUrl: emulator.url,
	};
}

/** As stored, for `runWorkflow`'s and the pickers' `credentials`. */
export function secretKeyCredentials(emulator: Emulator, secretKey = SECRET): CredentialStore {
	return { [CREDENTIAL.id]: { name: CREDENTIAL.name, data: credentialData(emulator, secretKey) } };
}

export function apiHashCredentials(emulator: Emulator, apiHash = HASH): CredentialStore {
	const data = { ...credentialData(emulator), authMode: 'apiHash', apiHashSecret: apiHash };
	return { [CREDENTIAL.id]: { name: CREDENTIAL.name, data } };
}

/** An iletiMerkezi node for `runWorkflow`'s `nodes`, using the stored credential. */
export function iletiMerkeziNode(
	parameters: EngineNode['parameters'],
	settings: Omit<EngineNode, 'parameters' | 'name'> = {},
): EngineNode {
	return {
		name: 'iletiMerkezi',
		credentials: { [CREDENTIAL_TYPE]: CREDENTIAL },
		...settings,
		parameters,
	};
}

/**
 * Add Contact parameters that map a spreadsheet's columns (phone, first_name, last_name, email,
 * groups, city) with expressions.
 */
export const addFromRows = {
	resource: 'contact',
	operation: 'add',
	gsm: '={{ $json.phone }}',
	name: '={{ $json.first_name }}',
	surname: '={{ $json.last_name }}',
	email: '={{ $json.email }}',
	groupIds: '={{ $json.groups }}',
	customFields: { field: [{ id: '1', value: '={{ $json.city }}' }] },
};

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

export function requestsTo(emulator: Emulator, apiMethod: string) {
	return emulator.requests.filter((request) => request.apiMethod === apiMethod);
}

export function pairedItems(items: INodeExecutionData[]): number[] {
	return items.map((item) => (item.pairedItem as { item: number }).item);
}

const NAMES = ['Ayşe', 'Mehmet', 'Fatma', 'Mustafa', 'Zeynep', 'Ahmet', 'Elif', 'Çağrı', 'İbrahim'];
const SURNAMES = ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik'];
const CITIES = ['İstanbul', 'Ankara', 'İzmir'];

/**
 * The demo address book's i-th contact, the same on every run: a fifth are Yılmaz, odd ones are in
 * Customers (1), even ones in Suppliers (2), every fourth has no e-mail.
 */
export function demoContact(i: number): Partial<StoredContact> {
	return {
		name: NAMES[i % NAMES.length],
		surname: SURNAMES[i % SURNAMES.length],
		email: i % 4 === 3 ? '' : `kisi${i}@example.com`,
		gsm: `53${String(i).padStart(8, '0')}`,
		custom_fields: [{ id: '1', value: CITIES[i % CITIES.length] }],
		groups: [i % 2 ? '1' : '2'],
	};
}

/** The JSON of each item. */
export const json = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json);

/** The input item an n8n error names. */
export const itemIndexOf = (error: unknown) =>
	(error as { context?: IDataObject } | undefined)?.context?.itemIndex;

let sharedEngine: ReturnType<typeof createEngine> | undefined;

/**
 * One iletiMerkezi node run in n8n's engine on `items`, against `emulator`: the run (its `error`
 * when the node stopped, its `output`) and the JSON of the node's items. The specs' one harness.
 */
export async function runNode(
	emulator: Emulator,
	parameters: EngineNode['parameters'],
	items: IDataObject[] = [{}],
	settings: Omit<EngineNode, 'parameters' | 'name'> = {},
) {
	sharedEngine ??= createEngine();
	const result = await sharedEngine.runWorkflow({
		items,
		credentials: secretKeyCredentials(emulator),
		nodes: [iletiMerkeziNode(parameters, settings)],
	});
	return { ...result, items: json(result.output('iletiMerkezi')) };
}
