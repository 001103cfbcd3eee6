import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../dev/emulator';
import { startEmulator } from '../dev/emulator';
import {
	createIletiMerkeziEngine,
	iletiMerkeziNode,
	SECRET,
	pairedItems,
	requestsTo,
	secretKeyCredentials,
} from '../dev/fixtures';

const engine = createIletiMerkeziEngine();
let emulator: Emulator;
let yilmaz: string[];

beforeAll(async () => {
	emulator = await startEmulator();
});
beforeEach(() => {
	emulator.clear();
	// 2,345 people named Yılmaz among 3,000 others.
	emulator.generateContacts(5345, (i) =>
		i % 2 === 0 && i < 4690
			? { name: `Ad${i}`, surname: 'Yılmaz', gsm: `53${String(i).padStart(8, '0')}` }
			: { name: `Ad${i}`, surname: 'Demir', gsm: `54${String(i).padStart(8, '0')}` },
	);
	yilmaz = emulator.contacts.filter((c) => c.surname === 'Yılmaz').map((c) => c.id);
});
afterEach(() => {
	for (const request of emulator.requests) expect(request.rawBody).not.toContain(SECRET);
});
afterAll(async () => await emulator.close());

function search(parameters: IDataObject, items: IDataObject[] = [{}], continueOnFail = false) {
	return engine.runWorkflow({
		items,
		credentials: secretKeyCredentials(emulator),
		nodes: [
			iletiMerkeziNode(
				{ resource: 'contact', operation: 'search', ...parameters },
				{ continueOnFail },
			),
		],
	});
}

const pages = () =>
	requestsTo(emulator, 'search-contacts').map((r) => r.body.request.search as IDataObject);

describe('Contact › Search', () => {
	it('has 2,345 matches to find', () => {
		expect(yilmaz).toHaveLength(2345);
	});

	it('returns all 2,345 matches in 3 requests', async () => {
		const { error, output } = await search({ searchKey: 'Yılmaz', returnAll: true });
		expect(error).toBeUndefined();
		const items = output('iletiMerkezi');
		expect(items).toHaveLength(2345);
		expect(items.map((item) => item.json.id)).toEqual(yilmaz);
		expect(new Set(pairedItems(items))).toEqual(new Set([0]));
		expect(pages()).toEqual([
			{ key: 'Yılmaz', page: 1, rowCount: 1000 },
			{ key: 'Yılmaz', page: 2, rowCount: 1000 },
			{ key: 'Yılmaz', page: 3, rowCount: 1000 },
		]);
	});

	it('gives contacts with the fields the API sends', async () => {
		const { output } = await search({ searchKey: 'Ad10', limit: 1 });
		expect(Object.keys(output('iletiMerkezi')[0].json).sort()).toEqual(
			['custom_fields', 'email', 'groups', 'gsm', 'id', 'name', 'surname'].sort(),
		);
	});

	it('returns 5 with limit 5, in one request asking for 5 rows', async () => {
		const { error, output } = await search({ searchKey: 'Yılmaz', limit: 5 });
		expect(error).toBeUndefined();
		expect(output('iletiMerkezi').map((item) => item.json.id)).toEqual(yilmaz.slice(0, 5));
		expect(pages()).toEqual([{ key: 'Yılmaz', page: 1, rowCount: 5 }]);
	});

	it('reads past 1000 without a page more than needed and without repeating rows', async () => {
		const { output } = await search({ searchKey: 'Yılmaz', limit: 1500 });
		expect(output('iletiMerkezi').map((item) => item.json.id)).toEqual(yilmaz.slice(0, 1500));
		expect(pages()).toEqual([
			{ key: 'Yılmaz', page: 1, rowCount: 1000 },
			{ key: 'Yılmaz', page: 3, rowCount: 500 },
		]);
	});

	it('stops at a limit of exactly one full page', async () => {
		const { output } = await search({ searchKey: 'Yılmaz', limit: 1000 });
		expect(output('iletiMerkezi')).toHaveLength(1000);
		expect(pages()).toHaveLength(1);
	});

	it('returns no items and no error when nothing matches (465)', async () => {
		const { error, output, run } = await search({ searchKey: 'Karagöz', returnAll: true });
		expect(error).toBeUndefined();
		expect(run.status).toBe('success');
		expect(output('iletiMerkezi')).toEqual([]);
		expect(requestsTo(emulator, 'search-contacts')).toHaveLength(1);
	});

	it('refuses a 2-character key before any request', async () => {
		const { error } = await search({ searchKey: 'ab', returnAll: true });
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe('The search key must be at least 3 characters');
		expect(emulator.requests).toHaveLength(0);
	});

	it('runs one search per input item, each contact paired to its item', async () => {
		const { output } = await search({ searchKey: '={{ $json.key }}', limit: 3 }, [
			{ key: 'Ad100' },
			{ key: 'Karagöz' },
			{ key: 'Ad2000' },
		]);
		const items = output('iletiMerkezi');
		expect(items.map((item) => [item.json.name, item.pairedItem])).toEqual([
			['Ad100', { item: 0 }],
			['Ad1000', { item: 0 }],
			['Ad1001', { item: 0 }],
			['Ad2000', { item: 2 }],
		]);
	});

	it('reports a short key on its own item under continue-on-fail, after no request for it', async () => {
		const { error, output } = await search(
			{ searchKey: '={{ $json.key }}', limit: 2 },
			[{ key: 'ab' }, { key: 'Ad100' }],
			true,
		);
		expect(error).toBeUndefined();
		const items = output('iletiMerkezi');
		expect(items[0]).toMatchObject({
			json: { error: 'The search key must be at least 3 characters' },
			pairedItem: { item: 0 },
		});
		expect(items.slice(1).map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 1 }]);
		expect(pages()).toEqual([{ key: 'Ad100', page: 1, rowCount: 2 }]);
	});

	it('rides out a passing outage (503 then success)', async () => {
		emulator.failNext({ apiMethod: 'search-contacts', status: 503 });
		const { error, output } = await search({ searchKey: 'Yılmaz', limit: 10 });
		expect(error).toBeUndefined();
		expect(output('iletiMerkezi')).toHaveLength(10);
		expect(requestsTo(emulator, 'search-contacts')).toHaveLength(2);
	});

	it('gives a clear error when the answer stays an HTML page', async () => {
		emulator.failNext({ apiMethod: 'search-contacts', html: true, status: 502, times: 4 });
		const { error } = await search({ searchKey: 'Yılmaz', limit: 10 });
		expect(error?.message).toBe('iletiMerkezi answered with HTTP 502 and no API response');
		expect(requestsTo(emulator, 'search-contacts')).toHaveLength(4);
	});
});
