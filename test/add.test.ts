import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../dev/emulator';
import { DEFAULT_ACCOUNT, hashFor, startEmulator } from '../dev/emulator';
import {
	createIletiMerkeziEngine,
	iletiMerkeziNode,
	HASH,
	SECRET,
	addFromRows,
	apiHashCredentials,
	pairedItems,
	requestsTo,
	runNode,
	secretKeyCredentials,
	spreadsheetRows,
} from '../dev/fixtures';

const engine = createIletiMerkeziEngine();
let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator();
});
afterEach(() => {
	// Whatever a test did, neither the secret nor the hash may ever leave in the clear.
	for (const request of emulator.requests) expect(request.rawBody).not.toContain(SECRET);
	emulator.clear();
});
afterAll(async () => await emulator.close());

function addWorkflow(rows: IDataObject[], parameters: IDataObject = {}, continueOnFail = false) {
	return engine.runWorkflow({
		items: rows,
		credentials: secretKeyCredentials(emulator),
		nodes: [iletiMerkeziNode({ ...addFromRows, ...parameters }, { continueOnFail })],
	});
}

describe('Contact › Add', () => {
	it('adds 250 spreadsheet rows in 3 requests, every field in the envelope, each result on its own item', async () => {
		const rows = spreadsheetRows(250);
		const { error, output } = await addWorkflow(rows);
		expect(error).toBeUndefined();

		const requests = requestsTo(emulator, 'add-contacts');
		expect(requests).toHaveLength(3);
		const sent = requests.flatMap(
			(request) => request.body.request.contacts.contact as IDataObject[],
		);
		expect(requests.map((r) => r.body.request.contacts.contact.length)).toEqual([100, 100, 50]);
		for (const request of requests) {
			expect(request.body.request.authentication).toEqual({
				key: DEFAULT_ACCOUNT.apiKey,
				hash: HASH,
			});
		}
		sent.forEach((contact, i) => {
			const row = rows[i];
			expect(contact).toEqual({
				name: row.first_name,
				surname: row.last_name,
				email: row.email,
				gsm: row.phone,
				custom_fields: { custom_field: [{ id: '1', value: row.city }] },
				groups: { group: i % 3 === 0 ? [{ id: '1' }, { id: '11' }] : [{ id: '2' }] },
			});
		});

		expect(emulator.contacts).toHaveLength(250);
		const items = output('iletiMerkezi');
		expect(items).toHaveLength(250);
		expect(pairedItems(items)).toEqual(rows.map((_, i) => i));
		items.forEach((item, i) => {
			const stored = emulator.contacts.find((contact) => contact.id === item.json.id);
			expect(stored?.gsm).toBe(rows[i].phone);
			expect(item.json).toMatchObject({ gsm: rows[i].phone, status: { code: 200 } });
		});
	});

	it('sends as many contacts per request as Batch Size says', async () => {
		const { error } = await addWorkflow(spreadsheetRows(25), { options: { batchSize: 10 } });
		expect(error).toBeUndefined();
		expect(
			requestsTo(emulator, 'add-contacts').map((r) => r.body.request.contacts.contact.length),
		).toEqual([10, 10, 5]);
	});

	it('leaves out empty optional fields', async () => {
		const { error } = await addWorkflow([{ phone: '5321234567' }], {
			name: '',
			surname: '',
			email: '',
			groupIds: [],
			customFields: { field: [{ id: '1', value: '' }] },
		});
		expect(error).toBeUndefined();
		expect(requestsTo(emulator, 'add-contacts')[0].body.request.contacts.contact).toEqual([
			{ gsm: '5321234567' },
		]);
	});

	it('takes groups picked from the list', async () => {
		const { error } = await addWorkflow([{ phone: '5321234567' }], { groupIds: ['11', '12'] });
		expect(error).toBeUndefined();
		expect(emulator.contacts[0].groups).toEqual(['11', '12']);
	});

	it('fails only the bad contact of a batch under continue-on-fail, the rest go through', async () => {
		const rows = spreadsheetRows(10);
		rows[3].phone = '2121234567';
		const { error, output } = await addWorkflow(rows, {}, true);
		expect(error).toBeUndefined();

		expect(requestsTo(emulator, 'add-contacts')).toHaveLength(1);
		expect(emulator.contacts).toHaveLength(9);
		const items = output('iletiMerkezi');
		expect(items).toHaveLength(10);
		expect(pairedItems(items)).toEqual(rows.map((_, i) => i));
		expect(items[3].json.error).toBe('Invalid phone number (code 466)');
		expect(items[3].json.message).toMatch(/Turkish mobile number/);
		for (const [i, item] of items.entries()) {
			if (i !== 3) expect(item.json).toMatchObject({ status: { code: 200 } });
		}
	});

	it('without continue-on-fail stops naming the item, the reason and what was already added', async () => {
		const rows = spreadsheetRows(150);
		rows[120].phone = '2121234567';
		const { error } = await addWorkflow(rows);
		expect(error?.message).toBe('Invalid phone number (code 466) [item 120]');
		expect((error as { description?: string }).description).toContain(
			'149 contact(s) were added (items 0–119, 121–149). Not added: item 120. Run again only the items not added and not sent',
		);
		expect(emulator.contacts).toHaveLength(149);
	});

	it('refuses an item with no phone number, name, surname or email before any request', async () => {
		const rows = spreadsheetRows(3);
		const { error } = await addWorkflow(rows, {
			gsm: '={{ $itemIndex === 1 ? "" : $json.phone }}',
			name: '={{ $itemIndex === 1 ? "" : $json.first_name }}',
			surname: '={{ $itemIndex === 1 ? "" : $json.last_name }}',
			email: '={{ $itemIndex === 1 ? "" : $json.email }}',
		});
		expect(error?.message).toBe('The contact has no phone number, name, surname or email');
		expect((error as { context?: IDataObject }).context?.itemIndex).toBe(1);
		expect(emulator.requests).toHaveLength(0);
	});

	it('reports bad input on its own item under continue-on-fail and adds the others', async () => {
		const rows = spreadsheetRows(3);
		rows[2].groups = 'VIP';
		const { error, output } = await addWorkflow(rows, {}, true);
		expect(error).toBeUndefined();
		const items = output('iletiMerkezi');
		expect(items[2].json.error).toBe('Group ID "VIP" is not a number');
		expect(pairedItems(items)).toEqual([0, 1, 2]);
		expect(emulator.contacts).toHaveLength(2);
	});

	it('a contact stored without a phone says so on its item, with Add and with Create or Update', async () => {
		const rows = [{ first_name: 'Telefonsuz', email: 'yok@example.org' }, spreadsheetRows(1)[0]];
		for (const operation of ['add', 'upsert']) {
			emulator.clear();
			const { items } = await runNode(emulator, { ...addFromRows, operation }, rows);
			expect(items[0]).toMatchObject({ gsm: '', note: expect.stringContaining('cannot get SMS') });
			expect(items[1].note).toBeUndefined();
			expect(emulator.contacts).toHaveLength(2);
		}
	});

	it('refuses a batch size outside 1–1000 before any request', async () => {
		const { error } = await addWorkflow(spreadsheetRows(2), { options: { batchSize: 1001 } });
		expect(error?.message).toBe(
			'Batch Size must be a whole number from 1 to 1000; it is the number 1001',
		);
		expect(emulator.requests).toHaveLength(0);
	});

	it('works with the ready-made API hash', async () => {
		const { error, output } = await engine.runWorkflow({
			items: spreadsheetRows(2),
			credentials: apiHashCredentials(emulator),
			nodes: [iletiMerkeziNode(addFromRows)],
		});
		expect(error).toBeUndefined();
		expect(output('iletiMerkezi')).toHaveLength(2);
		expect(emulator.requests[0].body.request.authentication).toEqual({
			key: DEFAULT_ACCOUNT.apiKey,
			hash: HASH,
		});
	});

	it('points a wrong secret at the credential, in one request', async () => {
		const { error, output } = await engine.runWorkflow({
			items: spreadsheetRows(2),
			credentials: secretKeyCredentials(emulator, 'wrong-secret'),
			nodes: [iletiMerkeziNode(addFromRows)],
		});
		expect(error?.message).toBe('iletiMerkezi rejected the credentials (code 401)');
		expect((error as { description?: string }).description).toMatch(/secret key/);
		expect((error as { httpCode?: string }).httpCode).toBe('401');
		expect(emulator.requests).toHaveLength(1);
		expect(output('iletiMerkezi')).toEqual([]);
	});

	it('never re-sends a batch whose answer was lost: the people are looked up and found', async () => {
		emulator.failNext({ apiMethod: 'add-contacts', reset: true, afterProcessing: true });
		const rows = spreadsheetRows(5);
		const { error, output } = await addWorkflow(rows);
		expect(error).toBeUndefined();
		expect(requestsTo(emulator, 'add-contacts')).toHaveLength(1);
		// Looked up by phone number, each once.
		expect(requestsTo(emulator, 'search-contacts').map((r) => r.body.request.search.key)).toEqual(
			rows.map((row) => row.phone),
		);
		expect(emulator.contacts).toHaveLength(5);
		const items = output('iletiMerkezi');
		expect(items.map((item) => item.json.id)).toEqual(emulator.contacts.map((c) => c.id));
		expect(items[0].json.status).toEqual({
			code: 200,
			message: 'Stored: found in the address book after the answer was lost',
		});
	});

	it('sends once more only the people not found after a proxy’s HTML page', async () => {
		emulator.failNext({ apiMethod: 'add-contacts', html: true, status: 502 });
		const { error, output } = await addWorkflow(
			spreadsheetRows(3),
			{ options: { batchSize: 2 } },
			true,
		);
		expect(error).toBeUndefined();
		expect(output('iletiMerkezi').map((item) => item.json.error)).toEqual([
			undefined,
			undefined,
			undefined,
		]);
		expect(
			requestsTo(emulator, 'add-contacts').map((r) => r.body.request.contacts.contact.length),
		).toEqual([2, 1, 2]);
		expect(emulator.contacts).toHaveLength(3);
	});

	it('reports a proxy’s HTML page on every item of the batch when sending once more fails too', async () => {
		emulator.failNext({ apiMethod: 'add-contacts', html: true, status: 502, times: 2 });
		const { error, output } = await addWorkflow(spreadsheetRows(2), {}, true);
		expect(error).toBeUndefined();
		const items = output('iletiMerkezi');
		expect(items.map((item) => item.json.error)).toEqual([
			'iletiMerkezi answered with HTTP 502 and no API response',
			'iletiMerkezi answered with HTTP 502 and no API response',
		]);
		expect(items[0].json.message).toMatch(/not in the address book when looked up.*sent once more/);
		expect(requestsTo(emulator, 'add-contacts')).toHaveLength(2);
		expect(emulator.contacts).toHaveLength(0);
	});

	it('reports an empty answer clearly', async () => {
		emulator.failNext({ apiMethod: 'add-contacts', empty: true, status: 500, times: 2 });
		const { error } = await addWorkflow(spreadsheetRows(1));
		expect(error?.message).toBe('iletiMerkezi answered with HTTP 500 and no API response');
	});

	it('sends again when the API itself says it is busy (503), and adds each contact once', async () => {
		emulator.failNext({ apiMethod: 'add-contacts', status: 503 });
		const { error, output } = await addWorkflow(spreadsheetRows(4));
		expect(error).toBeUndefined();
		expect(requestsTo(emulator, 'add-contacts')).toHaveLength(2);
		expect(emulator.contacts).toHaveLength(4);
		expect(output('iletiMerkezi')).toHaveLength(4);
	});

	it('reads status codes sent as strings', async () => {
		const stringly = await startEmulator({ codeAsString: true });
		try {
			const { error, output } = await engine.runWorkflow({
				items: [{ phone: '5321234567' }, { phone: '2121234567' }],
				credentials: secretKeyCredentials(stringly),
				nodes: [iletiMerkeziNode({ ...addFromRows, groupIds: [] }, { continueOnFail: true })],
			});
			expect(error).toBeUndefined();
			const items = output('iletiMerkezi');
			expect(items[0].json.status).toMatchObject({ code: 200 });
			expect(items[1].json.error).toBe('Invalid phone number (code 466)');
		} finally {
			await stringly.close();
		}
	});

	it('never puts the secret or the hash into items or errors', async () => {
		const rows = spreadsheetRows(3);
		rows[1].phone = 'x';
		const ok = await addWorkflow(rows, {}, true);
		const failed = await engine.runWorkflow({
			items: rows,
			credentials: secretKeyCredentials(emulator, 'wrong-secret'),
			nodes: [iletiMerkeziNode(addFromRows)],
		});
		const seen = JSON.stringify([ok.output('iletiMerkezi'), ok.run, failed.run, failed.error]);
		expect(seen).not.toContain(SECRET);
		expect(seen).not.toContain(HASH);
		expect(seen).not.toContain('wrong-secret');
		expect(seen).not.toContain(hashFor(DEFAULT_ACCOUNT.apiKey, 'wrong-secret'));
	});
});
