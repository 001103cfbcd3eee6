import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../dev/emulator';
import { startEmulator } from '../dev/emulator';
import {
	createIletiMerkeziEngine,
	json,
	pairedItems,
	requestsTo,
	runNode,
	SECRET,
	secretKeyCredentials,
} from '../dev/fixtures';

const engine = createIletiMerkeziEngine();
let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ backend: 'current' });
});
beforeEach(() => {
	emulator.clear();
	emulator.seedContacts([
		{ name: 'Ayşe', surname: 'Yılmaz', gsm: '5321111111', groups: ['1', '11'] },
		{ name: 'Mehmet', surname: 'Demir', gsm: '5322222222', groups: ['2'] },
	]);
});
afterEach(() => {
	for (const request of emulator.requests) expect(request.rawBody).not.toContain(SECRET);
});
afterAll(async () => await emulator.close());

const run = (parameters: INodeParameters, items: IDataObject[] = [{}], continueOnFail = false) =>
	runNode(emulator, parameters, items, { continueOnFail });

const byList = (value: string) => ({ __rl: true, mode: 'list', value });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Contact › Get', () => {
	it('returns the contact of each item’s ID', async () => {
		const { error, output } = await run(
			{ resource: 'contact', operation: 'get', contactId: '={{ $json.id }}' },
			[{ id: 2 }, { id: '1' }],
		);
		expect(error).toBeUndefined();
		expect(json(output('iletiMerkezi'))).toEqual([
			expect.objectContaining({ id: '2', name: 'Mehmet', groups: [2] }),
			expect.objectContaining({ id: '1', name: 'Ayşe', groups: [1, 11] }),
		]);
		expect(requestsTo(emulator, 'get-contact')[0].body.request.contact).toEqual({ id: '2' });
	});

	it('reports an unknown ID (465) on its own item', async () => {
		const { error, output } = await run(
			{ resource: 'contact', operation: 'get', contactId: '={{ $json.id }}' },
			[{ id: 1 }, { id: 99 }],
			true,
		);
		expect(error).toBeUndefined();
		const items = output('iletiMerkezi');
		expect(pairedItems(items)).toEqual([0, 1]);
		expect(items[1].json).toEqual({
			error: 'No contact found (code 465)',
			message: expect.stringMatching(/Check the Contact ID/),
		});
	});

	it.each(['={{ "" }}', 'abc', '12.5', '-3', '0', '={{ { id: 1 } }}'])(
		'refuses the Contact ID %p before any request',
		async (contactId) => {
			const { error } = await run({ resource: 'contact', operation: 'get', contactId });
			expect(error?.message).toMatch(/^Contact ID /);
			expect((error as { context?: IDataObject }).context?.itemIndex).toBe(0);
			expect(emulator.requests).toHaveLength(0);
		},
	);
});

describe('Contact › Update', () => {
	it('changes only the fields given, and replaces the groups with edit-contact’s {id: [...]}', async () => {
		const { error, output } = await run({
			resource: 'contact',
			operation: 'update',
			contactId: '1',
			updateFields: {
				email: 'ayse@example.com',
				groupIds: ['2', '12'],
				customFields: { field: [{ id: '3', value: 'İzmir' }] },
			},
		});
		expect(error).toBeUndefined();
		expect(requestsTo(emulator, 'edit-contact')[0].body.request.contact).toEqual({
			id: '1',
			email: 'ayse@example.com',
			custom_fields: { custom_field: [{ id: '3', value: 'İzmir' }] },
			groups: { id: ['2', '12'] },
		});
		expect(emulator.contacts[0]).toMatchObject({
			name: 'Ayşe',
			email: 'ayse@example.com',
			groups: ['2', '12'],
			custom_fields: [{ id: '3', value: 'İzmir' }],
		});
		expect(output('iletiMerkezi')[0].json).toMatchObject({ id: '1', email: 'ayse@example.com' });
	});

	it('leaves the groups alone when Group Names or IDs is not given', async () => {
		const { error } = await run({
			resource: 'contact',
			operation: 'update',
			contactId: '1',
			updateFields: { name: 'Ayşegül' },
		});
		expect(error).toBeUndefined();
		expect(requestsTo(emulator, 'edit-contact')[0].body.request.contact).toEqual({
			id: '1',
			name: 'Ayşegül',
		});
		expect(emulator.contacts[0]).toMatchObject({ name: 'Ayşegül', groups: ['1', '11'] });
	});

	it('an empty group pick leaves the groups alone', async () => {
		const { error } = await run({
			resource: 'contact',
			operation: 'update',
			contactId: '1',
			updateFields: { surname: 'Kaya', groupIds: '={{ [] }}' },
		});
		expect(error).toBeUndefined();
		expect(requestsTo(emulator, 'edit-contact')[0].body.request.contact).toEqual({
			id: '1',
			surname: 'Kaya',
		});
		expect(emulator.contacts[0].groups).toEqual(['1', '11']);
	});

	it('refuses an update with nothing to change before any request', async () => {
		const { error } = await run({
			resource: 'contact',
			operation: 'update',
			contactId: '1',
			updateFields: { name: '  ' },
		});
		expect(error?.message).toBe('Nothing to update');
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('Contact › Delete', () => {
	it('deletes each item’s contact and answers {id, deleted: true}', async () => {
		const { error, output } = await run(
			{ resource: 'contact', operation: 'delete', contactId: '={{ $json.id }}' },
			[{ id: '2' }],
		);
		expect(error).toBeUndefined();
		expect(json(output('iletiMerkezi'))).toEqual([{ id: '2', deleted: true }]);
		expect(emulator.contacts.map((c) => c.id)).toEqual(['1']);
	});

	it('stops on an ID that is not there, naming the item', async () => {
		const { error } = await run(
			{ resource: 'contact', operation: 'delete', contactId: '={{ $json.id }}' },
			[{ id: '1' }, { id: '7' }],
		);
		expect(error?.message).toBe('No contact found (code 465)');
		expect((error as { context?: IDataObject }).context?.itemIndex).toBe(1);
		expect(emulator.contacts.map((c) => c.id)).toEqual(['2']);
	});
});

describe('Contact › Get Many (a group’s contacts)', () => {
	beforeEach(() => {
		emulator.clear();
		emulator.generateContacts(2345, (i) => ({ name: `Ad${i}`, groups: ['12'] }));
		emulator.generateContacts(10, (i) => ({ name: `Other${i}`, groups: ['2'] }));
	});

	it('Return All over 2,345 members reads three pages of get-group-contacts', async () => {
		const { error, output } = await run({
			resource: 'contact',
			operation: 'getMany',
			groupId: byList('12'),
			returnAll: true,
		});
		expect(error).toBeUndefined();
		expect(output('iletiMerkezi')).toHaveLength(2345);
		expect(requestsTo(emulator, 'get-group-contacts').map((r) => r.body.request.group)).toEqual([
			{ id: '12', page: 1, rowCount: 1000 },
			{ id: '12', page: 2, rowCount: 1000 },
			{ id: '12', page: 3, rowCount: 1000 },
		]);
	});

	it('Limit 5 is one request for five rows; a group picked by ID works the same', async () => {
		const { error, output } = await run({
			resource: 'contact',
			operation: 'getMany',
			groupId: byId('2'),
			returnAll: false,
			limit: 5,
		});
		expect(error).toBeUndefined();
		expect(json(output('iletiMerkezi')).map((c) => c.name)).toEqual([
			'Other0',
			'Other1',
			'Other2',
			'Other3',
			'Other4',
		]);
		expect(requestsTo(emulator, 'get-group-contacts')).toHaveLength(1);
	});

	it('an empty group (465) gives no items; an unknown one (463) is an error', async () => {
		const empty = await run({
			resource: 'contact',
			operation: 'getMany',
			groupId: byId('11'),
			returnAll: true,
		});
		expect(empty.error).toBeUndefined();
		expect(empty.output('iletiMerkezi')).toEqual([]);

		const unknown = await run({
			resource: 'contact',
			operation: 'getMany',
			groupId: byId('404'),
			returnAll: true,
		});
		expect(unknown.error?.message).toBe('Group not found (code 463)');
	});
});

describe('Group', () => {
	it('Get Many lists every group, nested ones too, with its parent and path', async () => {
		const { error, output } = await run({
			resource: 'group',
			operation: 'getMany',
			returnAll: true,
		});
		expect(error).toBeUndefined();
		expect(json(output('iletiMerkezi'))).toEqual([
			{ id: '1', name: 'Customers', count: 1, parentId: null, path: 'Customers' },
			{ id: '11', name: 'VIP', count: 1, parentId: '1', path: 'Customers / VIP' },
			{ id: '12', name: 'Newsletter', count: 0, parentId: '1', path: 'Customers / Newsletter' },
			{ id: '2', name: 'Suppliers', count: 1, parentId: null, path: 'Suppliers' },
		]);
	});

	it('Get Many with Limit 2 returns the first two', async () => {
		const { output } = await run({
			resource: 'group',
			operation: 'getMany',
			returnAll: false,
			limit: 2,
		});
		expect(json(output('iletiMerkezi')).map((g) => g.path)).toEqual([
			'Customers',
			'Customers / VIP',
		]);
	});

	it('Create at the top and inside a parent, then Get shows the child', async () => {
		const top = await run({ resource: 'group', operation: 'create', name: 'Leads' });
		expect(top.error).toBeUndefined();
		expect(top.output('iletiMerkezi')[0].json).toEqual({ id: '13', name: 'Leads', parentId: null });
		expect(requestsTo(emulator, 'add-group')[0].body.request.group).toEqual({ name: 'Leads' });

		const child = await run({
			resource: 'group',
			operation: 'create',
			name: 'Hot',
			options: { parentGroupId: '13' },
		});
		expect(child.output('iletiMerkezi')[0].json).toEqual({ id: '14', name: 'Hot', parentId: '13' });

		const got = await run({ resource: 'group', operation: 'get', groupId: byList('13') });
		expect(got.output('iletiMerkezi')[0].json).toEqual({
			id: '13',
			name: 'Leads',
			count: 0,
			children: [{ id: '14', name: 'Hot', count: 0, children: [] }],
		});
	});

	it('Create refuses an empty name before any request; an unknown parent is 463', async () => {
		const empty = await run({ resource: 'group', operation: 'create', name: ' ' });
		expect(empty.error?.message).toBe('The group name is empty');
		expect(emulator.requests).toHaveLength(0);

		const orphan = await run({
			resource: 'group',
			operation: 'create',
			name: 'X',
			options: { parentGroupId: '99' },
		});
		expect(orphan.error?.message).toBe('Group not found (code 463)');
	});

	it('Update renames; Delete removes it and its subgroups', async () => {
		const renamed = await run({
			resource: 'group',
			operation: 'update',
			groupId: byId('1'),
			name: 'Clients',
		});
		expect(renamed.output('iletiMerkezi')[0].json).toEqual({ id: '1', name: 'Clients' });

		const deleted = await run({ resource: 'group', operation: 'delete', groupId: byId('1') });
		expect(deleted.output('iletiMerkezi')[0].json).toEqual({ id: '1', deleted: true });
		const left = await run({ resource: 'group', operation: 'getMany', returnAll: true });
		expect(json(left.output('iletiMerkezi')).map((g) => g.path)).toEqual(['Suppliers']);
	});

	it('Get of an unknown group is that item’s error', async () => {
		const { error, output } = await run(
			{ resource: 'group', operation: 'get', groupId: byId('={{ $json.id }}') },
			[{ id: '2' }, { id: '77' }],
			true,
		);
		expect(error).toBeUndefined();
		const items = output('iletiMerkezi');
		expect(items[0].json).toMatchObject({ id: '2', name: 'Suppliers' });
		expect(items[1].json.error).toBe('Group not found (code 463)');
	});

	it('the group list of the resource locator shows nested names and filters as one types', async () => {
		const search = (filter?: string) =>
			engine.listSearch({
				method: 'searchGroups',
				parameters: { resource: 'contact', operation: 'getMany' },
				credentials: secretKeyCredentials(emulator),
				filter,
			});
		expect((await search()).results).toEqual([
			{ name: 'Customers', value: '1' },
			{ name: 'Customers / VIP', value: '11' },
			{ name: 'Customers / Newsletter', value: '12' },
			{ name: 'Suppliers', value: '2' },
		]);
		for (const typed of ['vip', 'VIP', 'vıp']) {
			expect((await search(typed)).results).toEqual([{ name: 'Customers / VIP', value: '11' }]);
		}
		expect((await search('SUPP')).results).toEqual([{ name: 'Suppliers', value: '2' }]);
	});
});
