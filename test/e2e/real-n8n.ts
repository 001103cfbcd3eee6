/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- test code that drives n8n's CLI, never shipped */
/**
 * End-to-end in real n8n: the packed package loaded as a user's community package, credentials
 * and workflows imported with n8n's CLI, each workflow run with `n8n execute`, and the outputs
 * and the emulator's recorded requests checked.
 *
 *   node .out/test/e2e/real-n8n.js [2|1 ...]     (npm run test:e2e runs both majors)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { Backend, Emulator } from '../../dev/emulator';
import { DEFAULT_ACCOUNT, hashFor, startEmulator } from '../../dev/emulator';
import { addFromRows, CREDENTIAL_TYPE, NODE_TYPE } from '../../dev/fixtures';
import type { N8nInstall } from '../../dev/n8n';
import {
	importData,
	installN8n,
	installPackage,
	packPackage,
	ROOT,
	runCli,
	setupOwner,
	signIn,
	startServer,
	testStoredCredential,
} from '../../dev/n8n';

const HASH = hashFor(DEFAULT_ACCOUNT.apiKey, DEFAULT_ACCOUNT.secretKey);

const credentialRef = (id: string) => ({ iletiMerkeziApi: { id, name: id } });

function workflow(id: string, parameters: IDataObject, options: { rows?: number } = {}) {
	const nodes: IDataObject[] = [
		{
			id: `${id}-start`,
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
	];
	const chain = ['Start'];
	if (options.rows) {
		// Spreadsheet-like rows: one Set node builds them, Split Out makes them items.
		nodes.push(
			{
				id: `${id}-rows`,
				name: 'Rows',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: {
					mode: 'raw',
					jsonOutput: `={{ { rows: Array.from({ length: ${options.rows} }, (_, i) => ({ phone: '53' + String(i).padStart(8, '0'), first_name: 'Ad' + i, last_name: i % 2 ? 'Yılmaz' : 'Demir', email: 'kisi' + i + '@example.com', city: 'İstanbul', groups: i % 3 === 0 ? '1, 11' : '2' }) ) } }}`,
				},
			},
			{
				id: `${id}-split`,
				name: 'Split',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [400, 0],
				parameters: { fieldToSplitOut: 'rows', include: 'noOtherFields' },
			},
		);
		chain.push('Rows', 'Split');
	}
	nodes.push({
		id: `${id}-node`,
		name: 'iletiMerkezi',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [600, 0],
		parameters,
		credentials: credentialRef('cred-secret'),
	});
	chain.push('iletiMerkezi');
	const connections: IDataObject = {};
	for (let i = 0; i < chain.length - 1; i++) {
		connections[chain[i]] = { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] };
	}
	return { id, name: id, active: false, nodes, connections, settings: { executionOrder: 'v1' } };
}

interface Scenario {
	id: string;
	title: string;
	workflow: IDataObject;
	/** The emulator's backend: `classic` (batch add-contacts) when left out. */
	backend?: Backend;
	seed?: (emulator: Emulator) => void;
	check: (result: {
		/** The iletiMerkezi node's items. */
		items: IDataObject[];
		/** Any node's items on an output. */
		output: (node: string, outputIndex?: number) => IDataObject[];
		error?: string;
		emulator: Emulator;
	}) => void;
}

function expectEqual(actual: unknown, expected: unknown, what: string) {
	if (JSON.stringify(actual) !== JSON.stringify(expected)) {
		throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
	}
}

const byMethod = (emulator: Emulator, method: string) =>
	emulator.requests.filter((r) => r.apiMethod === method);

/**
 * Every operation on today's backend in one run: each node hangs off the trigger on its own
 * branch (n8n runs them top to bottom), so one `n8n execute` covers them all. A refused person
 * goes to the Add node's error output.
 */
function tourWorkflow(id: string) {
	const node = (name: string, y: number, parameters: IDataObject, extra: IDataObject = {}) => ({
		id: `${id}-${name}`,
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [400, y],
		parameters,
		credentials: credentialRef('cred-current'),
		...extra,
	});
	const noOp = (name: string, y: number) => ({
		id: `${id}-${name}`,
		name,
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [800, y],
		parameters: {},
	});
	const byId = (value: string) => ({ __rl: true, mode: 'id', value });
	const rows = `={{ { rows: [
		{ phone: '5351000001', first_name: 'Tur', last_name: 'Bir', email: 'tur1@example.org', city: 'İzmir', groups: '1, 11' },
		{ phone: '12345', first_name: 'Tur', last_name: 'İki', email: 'tur2@example.org', city: 'İzmir', groups: '1' },
		{ phone: '5351000003', first_name: 'Tur', last_name: 'Üç', email: 'tur3@example.org', city: 'Bursa', groups: '1' }
	] } }}`;
	const nodes: IDataObject[] = [
		{
			id: `${id}-start`,
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: `${id}-rows`,
			name: 'Rows',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [100, 0],
			parameters: { mode: 'raw', jsonOutput: rows },
		},
		{
			id: `${id}-split`,
			name: 'Split',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [200, 0],
			parameters: { fieldToSplitOut: 'rows', include: 'noOtherFields' },
		},
		node('Add', 0, addFromRows, { onError: 'continueErrorOutput' }),
		noOp('Added', 0),
		noOp('Refused', 50),
		node('Search', 100, {
			resource: 'contact',
			operation: 'search',
			searchKey: 'uye1',
			returnAll: true,
		}),
		node('Get', 200, { resource: 'contact', operation: 'get', contactId: '2346' }),
		node('Update', 300, {
			resource: 'contact',
			operation: 'update',
			contactId: '2347',
			updateFields: { name: 'Yeni', groupIds: ['11'] },
		}),
		node('Delete', 400, { resource: 'contact', operation: 'delete', contactId: '2348' }),
		node('Get Many', 500, {
			resource: 'contact',
			operation: 'getMany',
			groupId: { __rl: true, mode: 'list', value: '2', cachedResultName: 'Suppliers' },
			returnAll: true,
		}),
		node('Group Create', 600, {
			resource: 'group',
			operation: 'create',
			name: 'Potansiyel',
			options: { parentGroupId: '1' },
		}),
		node('Group Get', 700, { resource: 'group', operation: 'get', groupId: byId('1') }),
		node('Group Update', 800, {
			resource: 'group',
			operation: 'update',
			groupId: byId('12'),
			name: 'Bülten',
		}),
		node('Group Delete', 900, { resource: 'group', operation: 'delete', groupId: byId('11') }),
		node('Group Get Many', 1000, { resource: 'group', operation: 'getMany', returnAll: true }),
	];
	const link = (to: string) => ({ node: to, type: 'main', index: 0 });
	const branches = nodes.slice(6).map((n) => link(n.name as string));
	const connections = {
		Start: { main: [[link('Rows'), ...branches]] },
		Rows: { main: [[link('Split')]] },
		Split: { main: [[link('Add')]] },
		Add: { main: [[link('Added')], [link('Refused')]] },
	};
	return { id, name: id, active: false, nodes, connections, settings: { executionOrder: 'v1' } };
}

const json = (items: IDataObject[]) => items.map((item) => item.json as IDataObject);

const scenarios: Scenario[] = [
	{
		id: 'e2e-address-book',
		title:
			'Today’s backend, every operation: Add (auto → add-contact) with a refused person on the error output, Search, Get, Update, Delete, Get Many over 2,345, and the five Group operations',
		backend: 'current',
		workflow: tourWorkflow('e2e-address-book'),
		seed: (emulator) => {
			// Ids 1–2345 in Suppliers (2); 2346–2348 for Get, Update and Delete.
			emulator.generateContacts(2345, (i) => ({
				name: `Üye${i}`,
				email: `uye${i}@example.com`,
				groups: ['2'],
			}));
			emulator.seedContacts([
				{ name: 'Okunan', gsm: '5352000001', groups: ['1'] },
				{ name: 'Eski', gsm: '5352000002', groups: ['1'] },
				{ name: 'Silinen', gsm: '5352000003' },
			]);
		},
		check: ({ output, error, emulator }) => {
			expectEqual(error, undefined, 'error');
			// Add: add-contacts is unknown (404), every person goes through add-contact once.
			expectEqual(
				byMethod(emulator, 'add-contacts').map((r) => r.status),
				[404],
				'add-contacts',
			);
			expectEqual(byMethod(emulator, 'add-contact').length, 3, 'add-contact requests');
			const refused = json(output('Refused'));
			expectEqual(
				refused.map((c) => c.error),
				['Invalid phone number (code 466)'],
				'Add → error output',
			);
			const added = json(output('Added'));
			expectEqual(
				added.map((c) => [c.gsm, c.name, (c.status as IDataObject).code]),
				[
					['5351000001', 'Tur', 200],
					['5351000003', 'Tur', 200],
				],
				'Add → success output',
			);
			expectEqual(
				emulator.contacts.filter((c) => c.name === 'Tur').map((c) => c.gsm),
				['5351000001', '5351000003'],
				'people stored once',
			);

			expectEqual(
				json(output('Search'))
					.map((c) => c.name)
					.slice(0, 3),
				['Üye1', 'Üye10', 'Üye11'],
				'Search',
			);
			expectEqual(json(output('Search')).length, 1111, 'Search items');
			expectEqual(
				json(output('Get')).map((c) => [c.id, c.name]),
				[['2346', 'Okunan']],
				'Get',
			);
			expectEqual(
				json(output('Update')).map((c) => [c.id, c.name, c.groups]),
				[['2347', 'Yeni', [11]]],
				'Update',
			);
			expectEqual(
				byMethod(emulator, 'edit-contact')[0].body.request.contact,
				{ id: '2347', name: 'Yeni', groups: { id: ['11'] } },
				'edit-contact body',
			);
			expectEqual(json(output('Delete')), [{ id: '2348', deleted: true }], 'Delete');
			expectEqual(
				emulator.contacts.some((c) => c.id === '2348'),
				false,
				'deleted',
			);
			expectEqual(json(output('Get Many')).length, 2345, 'Get Many items');
			expectEqual(byMethod(emulator, 'get-group-contacts').length, 3, 'Get Many requests');

			expectEqual(
				json(output('Group Create')),
				[{ id: '13', name: 'Potansiyel', parentId: '1' }],
				'Group Create',
			);
			expectEqual(
				json(output('Group Get')).map((g) => [g.id, g.name]),
				[['1', 'Customers']],
				'Group Get',
			);
			expectEqual(json(output('Group Update')), [{ id: '12', name: 'Bülten' }], 'Group Update');
			expectEqual(json(output('Group Delete')), [{ id: '11', deleted: true }], 'Group Delete');
			expectEqual(
				json(output('Group Get Many')).map((g) => [g.path, g.parentId]),
				[
					['Customers', null],
					['Customers / Bülten', '1'],
					['Customers / Potansiyel', '1'],
					['Suppliers', null],
				],
				'Group Get Many',
			);
		},
	},
	{
		id: 'e2e-add-250',
		title:
			'The earlier backend: Add of 250 rows in 3 batches of add-contacts, every field, each result on its own item',
		workflow: workflow('e2e-add-250', addFromRows, { rows: 250 }),
		check: ({ items, error, emulator }) => {
			expectEqual(error, undefined, 'error');
			const requests = byMethod(emulator, 'add-contacts');
			expectEqual(
				requests.map((r) => r.body.request.contacts.contact.length),
				[100, 100, 50],
				'contacts per request',
			);
			expectEqual(
				requests[0].body.request.contacts.contact[0],
				{
					name: 'Ad0',
					surname: 'Demir',
					email: 'kisi0@example.com',
					gsm: '5300000000',
					custom_fields: { custom_field: [{ id: '1', value: 'İstanbul' }] },
					groups: { group: [{ id: '1' }, { id: '11' }] },
				},
				'first contact sent',
			);
			expectEqual(emulator.contacts.length, 250, 'contacts stored');
			expectEqual(items.length, 250, 'output items');
			expectEqual(
				items.every((item, i) => (item.pairedItem as IDataObject).item === i),
				true,
				'each item paired to its row',
			);
		},
	},
];

/** `n8n execute --rawOutput` prints log lines, then the run's JSON. */
function parseRun(stdout: string): IDataObject | undefined {
	const start = stdout.search(/^\{$/m);
	if (start < 0) return undefined;
	const text = stdout.slice(start);
	const end = text.lastIndexOf('\n}');
	try {
		return JSON.parse(text.slice(0, end + 2)) as IDataObject;
	} catch {
		return undefined;
	}
}

/** The credential dialog's Test button, through n8n's REST API: right and wrong credentials. */
const credentialTests: Array<{
	id: string;
	title: string;
	fault?: IDataObject;
	status: string;
	message: RegExp;
	requests: number;
}> = [
	{
		id: 'cred-secret',
		title: 'Credential test, secret key: connection successful',
		status: 'OK',
		message: /^Connection successful!$/,
		requests: 1,
	},
	{
		id: 'cred-hash',
		title: 'Credential test, API hash: connection successful',
		status: 'OK',
		message: /^Connection successful!$/,
		requests: 1,
	},
	{
		id: 'cred-wrong',
		title: 'Credential test, wrong secret: says what to check',
		status: 'Error',
		message: /^iletiMerkezi rejected the credentials: check the API key and the secret key/,
		requests: 1,
	},
	{
		id: 'cred-secret',
		title: 'Credential test, Base URL answering a web page: says to check the Base URL',
		fault: { html: true, status: 200 },
		status: 'Error',
		message: /^The Base URL did not answer like the iletiMerkezi API: check it/,
		requests: 1,
	},
];

/** Each major gets its own server port (and the next one for its task runners' broker). */
const SERVER_PORTS: Record<string, number> = { '2': 5690, '1': 5692 };

class Tally {
	passed = 0;
	failed = 0;

	constructor(private readonly major: string) {}

	async check(title: string, run: () => unknown) {
		const started = Date.now();
		try {
			await run();
			this.passed++;
			console.log(`  ✓ n8n ${this.major}.x: ${title} (${Date.now() - started} ms)`);
		} catch (problem) {
			this.failed++;
			console.log(
				`  ✗ n8n ${this.major}.x: ${title}\n      ${(problem as Error).message.slice(0, 2000)}`,
			);
		}
	}
}

async function runScenarios(
	n8nInstall: N8nInstall,
	emulators: Record<Backend, Emulator>,
	tally: Tally,
) {
	const userFolder = n8nInstall.env.N8N_USER_FOLDER!;
	for (const scenario of scenarios) {
		const emulator = emulators[scenario.backend ?? 'classic'];
		emulator.clear();
		scenario.seed?.(emulator);
		await tally.check(scenario.title, async () => {
			const result = await runCli(n8nInstall, ['execute', `--id=${scenario.id}`, '--rawOutput']);
			const printed = `${result.stdout}\n${result.stderr}`;
			writeFileSync(join(userFolder, `${scenario.id}.out`), printed);
			const run = parseRun(result.stdout);
			const resultData = (run?.data as IDataObject | undefined)?.resultData as
				| IDataObject
				| undefined;
			const runData = resultData?.runData as Record<string, IDataObject[]> | undefined;
			const output = (node: string, outputIndex = 0) => {
				const last = runData?.[node]?.at(-1)?.data as { main?: IDataObject[][] } | undefined;
				return last?.main?.[outputIndex] ?? [];
			};
			const items = output('iletiMerkezi');
			const failedRun = result.status !== 0 || printed.includes('Execution error');
			const error = failedRun ? printed : undefined;
			if (printed.includes(DEFAULT_ACCOUNT.secretKey) || printed.includes(HASH)) {
				throw new Error('the secret or the hash appeared in n8n’s output');
			}
			for (const request of emulator.requests) {
				if (request.rawBody.includes(DEFAULT_ACCOUNT.secretKey)) {
					throw new Error('the secret key was sent');
				}
			}
			scenario.check({ items, output, error, emulator });
		});
	}
}

async function runCredentialTests(n8nInstall: N8nInstall, emulator: Emulator, tally: Tally) {
	const owner = {
		email: 'e2e@example.com',
		firstName: 'End',
		lastName: 'ToEnd',
		password: ['E2e', 'pass1'].join('-'),
	};
	const server = await startServer(n8nInstall, SERVER_PORTS[n8nInstall.major]);
	try {
		await setupOwner(server.url, owner);
		const session = await signIn(server.url, owner);
		for (const test of credentialTests) {
			emulator.clear();
			if (test.fault) emulator.failNext({ apiMethod: 'get-balance', ...test.fault });
			await tally.check(test.title, async () => {
				const result = await testStoredCredential(session, test.id);
				if (result.status !== test.status || !test.message.test(result.message)) {
					throw new Error(`got ${JSON.stringify(result)}`);
				}
				const balanceRequests = emulator.requests.filter((r) => r.apiMethod === 'get-balance');
				expectEqual(balanceRequests.length, test.requests, 'get-balance requests');
				if (balanceRequests.some((r) => r.rawBody.includes(DEFAULT_ACCOUNT.secretKey))) {
					throw new Error('the secret key was sent');
				}
			});
		}
	} finally {
		await server.stop();
		writeFileSync(join(n8nInstall.env.N8N_USER_FOLDER!, 'server.log'), server.log());
	}
}

async function runMajor(major: string, tarball: string): Promise<Tally> {
	const userFolder = mkdtempSync(join(tmpdir(), `n8n-e2e-${major}-`));
	const tally = new Tally(major);
	let emulator: Emulator | undefined;
	let current: Emulator | undefined;
	try {
		const n8nInstall = installN8n(major, userFolder, { N8N_RUNNERS_ENABLED: 'false' });
		installPackage(userFolder, tarball);
		emulator = await startEmulator({ backend: 'classic' });
		current = await startEmulator({ backend: 'current' });
		const secret = { authMode: 'secretKey', secretKey: DEFAULT_ACCOUNT.secretKey };
		const credentials = (
			[
				['cred-secret', emulator, secret],
				['cred-current', current, secret],
				['cred-hash', emulator, { authMode: 'apiHash', apiHash: HASH }],
				['cred-wrong', emulator, { authMode: 'secretKey', secretKey: 'wrong-secret' }],
			] as const
		).map(([id, api, data]) => ({
			id,
			name: id,
			type: CREDENTIAL_TYPE,
			data: { apiKey: DEFAULT_ACCOUNT.apiKey, baseUrl: api.url, ...data },
		}));
		await importData(
			n8nInstall,
			userFolder,
			credentials,
			scenarios.map((scenario) => scenario.workflow),
		);
		await runScenarios(n8nInstall, { classic: emulator, current }, tally);
		await runCredentialTests(n8nInstall, emulator, tally);
	} catch (problem) {
		tally.failed++;
		console.log(`  ✗ n8n ${major}.x: ${(problem as Error).message.slice(0, 3000)}`);
	} finally {
		await emulator?.close();
		await current?.close();
		// Kept on failure, with each run's output, to look into.
		if (tally.failed === 0) rmSync(userFolder, { recursive: true, force: true });
		else console.log(`  n8n's outputs are in ${userFolder}`);
	}
	return tally;
}

async function main() {
	const majors = process.argv.slice(2).length ? process.argv.slice(2) : ['2', '1'];
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
	const tarball = packPackage();
	let passed = 0;
	let failed = 0;
	for (const major of majors) {
		console.log(`n8n ${major}.x, package ${tarball}`);
		const tally = await runMajor(major, tarball);
		passed += tally.passed;
		failed += tally.failed;
	}
	rmSync(dirname(tarball), { recursive: true, force: true });
	console.log(`${passed} passed, ${failed} failed`);
	if (failed) process.exitCode = 1;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
