/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- test code that drives n8n's CLI, never shipped */
/**
 * End-to-end in real n8n, per line: the packed package loaded as a user's community package; one
 * workflow, run with `n8n execute`, that uses every operation on today's backend (a refused person
 * on the Add node's error output) and a batched Add on the earlier one; then the credential Test
 * through n8n's REST API. The cases themselves are specified once, in the engine specs.
 *
 *   node .out/test/e2e/real-n8n.js [2|1 ...]     (npm run test:e2e runs both lines)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../dev/emulator';
import { DEFAULT_ACCOUNT, hashFor, startEmulator } from '../../dev/emulator';
import { CREDENTIAL_TYPE, NODE_TYPE, addFromRows } from '../../dev/fixtures';
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
const WORKFLOW_ID = 'e2eaddressbook';

/** Spreadsheet-like rows made by a Set node's expression, split into items. */
const rowsFrom = (name: string, expression: string, y: number) => [
	{
		name: `${name} Rows`,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [100, y],
		parameters: { mode: 'raw', jsonOutput: `={{ { rows: ${expression} } }}` },
	},
	{
		name: `${name} Split`,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [200, y],
		parameters: { fieldToSplitOut: 'rows', include: 'noOtherFields' },
	},
];

/**
 * Each branch hangs off the trigger (n8n runs them top to bottom): Rows → Split → Add with its
 * outputs to Added and Refused; Batch Rows → Batch Split → Add Batch on the earlier backend; and
 * one node for every other operation.
 */
function tourWorkflow() {
	const ours = (name: string, y: number, parameters: IDataObject, extra: IDataObject = {}) => ({
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [400, y],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: 'cred-current', name: 'cred-current' } },
		...extra,
	});
	const byId = (value: string) => ({ __rl: true, mode: 'id', value });
	const tour = (row: number, phone: string, surname: string) =>
		`{ phone: '${phone}', first_name: 'Tur', last_name: '${surname}', email: 'tur${row}@example.org', city: 'İzmir', groups: '1, 11' }`;
	const operations = (
		[
			['Search', { resource: 'contact', operation: 'search', searchKey: 'uye1', returnAll: true }],
			['Get', { resource: 'contact', operation: 'get', contactId: '2346' }],
			[
				'Update',
				{
					resource: 'contact',
					operation: 'update',
					contactId: '2347',
					updateFields: { name: 'Yeni', groupIds: ['11'] },
				},
			],
			['Delete', { resource: 'contact', operation: 'delete', contactId: '2348' }],
			[
				'Get Many',
				{
					resource: 'contact',
					operation: 'getMany',
					groupId: { __rl: true, mode: 'list', value: '2', cachedResultName: 'Suppliers' },
					returnAll: true,
				},
			],
			[
				'Group Create',
				{
					resource: 'group',
					operation: 'create',
					name: 'Potansiyel',
					options: { parentGroupId: '1' },
				},
			],
			['Group Get', { resource: 'group', operation: 'get', groupId: byId('1') }],
			[
				'Group Update',
				{
					resource: 'group',
					operation: 'update',
					groupId: byId('12'),
					name: 'Bülten',
				},
			],
			['Group Delete', { resource: 'group', operation: 'delete', groupId: byId('11') }],
			['Group Get Many', { resource: 'group', operation: 'getMany', returnAll: true }],
		] as Array<[string, IDataObject]>
	).map(([name, parameters], i) => ours(name, 300 + i * 100, parameters));
	const nodes: IDataObject[] = [
		{
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		...rowsFrom(
			'Add',
			`[${tour(1, '5351000001', 'Bir')}, ${tour(2, '12345', 'İki')}, ${tour(3, '5351000003', 'Üç')}]`,
			0,
		),
		ours('Add', 0, addFromRows, { onError: 'continueErrorOutput' }),
		{
			name: 'Added',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [600, 0],
			parameters: {},
		},
		{
			name: 'Refused',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [600, 100],
			parameters: {},
		},
		...rowsFrom(
			'Batch',
			"Array.from({ length: 250 }, (_, i) => ({ phone: '53' + String(i).padStart(8, '0'), first_name: 'Ad' + i, last_name: 'Demir', email: 'kisi' + i + '@example.com', city: 'İstanbul', groups: '1, 11' }))",
			200,
		),
		ours('Add Batch', 200, addFromRows, {
			credentials: { [CREDENTIAL_TYPE]: { id: 'cred-secret', name: 'cred-secret' } },
		}),
		...operations,
	].map((node, i) => ({ id: `${WORKFLOW_ID}-${i}`, ...node }));
	const link = (node: string) => ({ node, type: 'main', index: 0 });
	const connections = {
		Start: {
			main: [[link('Add Rows'), link('Batch Rows'), ...operations.map((n) => link(n.name))]],
		},
		'Add Rows': { main: [[link('Add Split')]] },
		'Add Split': { main: [[link('Add')]] },
		Add: { main: [[link('Added')], [link('Refused')]] },
		'Batch Rows': { main: [[link('Batch Split')]] },
		'Batch Split': { main: [[link('Add Batch')]] },
	};
	return {
		id: WORKFLOW_ID,
		name: WORKFLOW_ID,
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
	};
}

/** Today's backend: ids 1–2345 in Suppliers (2), 2346–2348 for Get, Update and Delete. */
function seedToday(emulator: Emulator) {
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
}

const byMethod = (emulator: Emulator, method: string) =>
	emulator.requests.filter((r) => r.apiMethod === method);

/** What the run must show, each line checked on its own: [what, got, expected]. */
function tourChecks(
	output: (node: string, outputIndex?: number) => IDataObject[],
	today: Emulator,
	earlier: Emulator,
): Array<[string, unknown, unknown]> {
	const json = (node: string, outputIndex = 0) =>
		output(node, outputIndex).map((item) => item.json as IDataObject);
	const batches = byMethod(earlier, 'add-contacts');
	// prettier-ignore
	return [
		['Add: add-contacts unknown (404)', byMethod(today, 'add-contacts').map((r) => r.status), [404]],
		['Add: one add-contact per person', byMethod(today, 'add-contact').length, 3],
		['Add: the refused person on the error output', json('Refused').map((c) => c.error), ['Invalid phone number (code 466)']],
		['Add: the others on the success output', json('Added').map((c) => [c.gsm, (c.status as IDataObject).code]), [['5351000001', 200], ['5351000003', 200]]],
		['Add: each stored once', today.contacts.filter((c) => c.name === 'Tur').map((c) => c.gsm), ['5351000001', '5351000003']],
		// Batches go out side by side, so they arrive in any order.
		['Add Batch: 250 in batches', batches.map((r) => r.body.request.contacts.contact.length).sort(), [100, 100, 50].sort()],
		['Add Batch: the first contact sent', batches.map((r) => r.body.request.contacts.contact[0]).find((c) => c.name === 'Ad0'), { name: 'Ad0', surname: 'Demir', email: 'kisi0@example.com', gsm: '5300000000', custom_fields: { custom_field: [{ id: '1', value: 'İstanbul' }] }, groups: { group: [{ id: '1' }, { id: '11' }] } }],
		['Add Batch: each result on its own item', output('Add Batch').map((item) => (item.pairedItem as IDataObject).item), [...Array(250).keys()]],
		['Search', [json('Search').length, json('Search')[0]?.name], [1111, 'Üye1']],
		['Get', json('Get').map((c) => [c.id, c.name]), [['2346', 'Okunan']]],
		['Update', json('Update').map((c) => [c.id, c.name, c.groups]), [['2347', 'Yeni', [11]]]],
		['Update: edit-contact body', byMethod(today, 'edit-contact')[0]?.body.request.contact, { id: '2347', name: 'Yeni', groups: { id: ['11'] } }],
		['Delete', [json('Delete'), today.contacts.some((c) => c.id === '2348')], [[{ id: '2348', deleted: true }], false]],
		['Get Many: 2,345 in 3 requests', [json('Get Many').length, byMethod(today, 'get-group-contacts').length], [2345, 3]],
		['Group Create', json('Group Create'), [{ id: '13', name: 'Potansiyel', parentId: '1' }]],
		['Group Get', json('Group Get').map((g) => [g.id, g.name]), [['1', 'Customers']]],
		['Group Update', json('Group Update'), [{ id: '12', name: 'Bülten' }]],
		['Group Delete', json('Group Delete'), [{ id: '11', deleted: true }]],
		['Group Get Many', json('Group Get Many').map((g) => [g.path, g.parentId]), [['Customers', null], ['Customers / Bülten', '1'], ['Customers / Potansiyel', '1'], ['Suppliers', null]]],
	];
}

/** `n8n execute --rawOutput` prints log lines, then the run's JSON. */
function parseRun(stdout: string): IDataObject | undefined {
	const start = stdout.search(/^\{$/m);
	if (start < 0) return undefined;
	const text = stdout.slice(start);
	try {
		return JSON.parse(text.slice(0, text.lastIndexOf('\n}') + 2)) as IDataObject;
	} catch {
		return undefined;
	}
}

/** The credential dialog's Test button: [title, stored credential, fault, status, message]. */
// prettier-ignore
const credentialTests: Array<[string, string, IDataObject | undefined, string, RegExp]> = [
	['secret key: connection successful', 'cred-secret', undefined, 'OK', /^Connection successful!$/],
	['API hash: connection successful', 'cred-hash', undefined, 'OK', /^Connection successful!$/],
	['wrong secret: says what to check', 'cred-wrong', undefined, 'Error', /^iletiMerkezi rejected the credentials: check the API key and the secret key/],
	['a Base URL answering a web page: says to check it', 'cred-secret', { html: true, status: 200 }, 'Error', /^The Base URL did not answer like the iletiMerkezi API: check it/],
];

/** Each line gets its own server port (and the next one for its task runners' broker). */
const SERVER_PORTS: Record<string, number> = { '2': 5690, '1': 5692 };

class Tally {
	passed = 0;
	failed = 0;

	constructor(private readonly major: string) {}

	async check(title: string, run: () => unknown) {
		try {
			await run();
			this.passed++;
			console.log(`  ✓ n8n ${this.major}.x: ${title}`);
		} catch (problem) {
			this.failed++;
			console.log(
				`  ✗ n8n ${this.major}.x: ${title}\n      ${(problem as Error).message.slice(0, 2000)}`,
			);
		}
	}
}

function noSecretIn(texts: string[]) {
	if (texts.some((text) => text.includes(DEFAULT_ACCOUNT.secretKey))) {
		throw new Error('the secret key was sent or printed');
	}
}

async function runTour(install: N8nInstall, today: Emulator, earlier: Emulator, tally: Tally) {
	seedToday(today);
	const result = await runCli(install, ['execute', `--id=${WORKFLOW_ID}`, '--rawOutput']);
	const printed = `${result.stdout}\n${result.stderr}`;
	writeFileSync(join(install.env.N8N_USER_FOLDER!, 'tour.out'), printed);
	await tally.check(
		'the workflow ran, and neither the secret nor the hash was printed or sent',
		() => {
			if (result.status !== 0 || printed.includes('Execution error'))
				throw new Error(printed.slice(-3000));
			if (printed.includes(HASH)) throw new Error('the hash was printed');
			noSecretIn([printed, ...[...today.requests, ...earlier.requests].map((r) => r.rawBody)]);
		},
	);
	const resultData = (parseRun(result.stdout)?.data as IDataObject | undefined)?.resultData;
	const runData = (resultData as IDataObject | undefined)?.runData as
		| Record<string, IDataObject[]>
		| undefined;
	const output = (node: string, outputIndex = 0) =>
		(runData?.[node]?.at(-1)?.data as { main?: IDataObject[][] } | undefined)?.main?.[
			outputIndex
		] ?? [];
	for (const [title, got, expected] of tourChecks(output, today, earlier)) {
		await tally.check(title, () => {
			if (JSON.stringify(got) !== JSON.stringify(expected)) {
				throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
			}
		});
	}
}

async function runCredentialTests(install: N8nInstall, emulator: Emulator, tally: Tally) {
	const owner = {
		email: 'e2e@example.com',
		firstName: 'End',
		lastName: 'ToEnd',
		password: ['E2e', 'pass1'].join('-'),
	};
	const server = await startServer(install, SERVER_PORTS[install.major]);
	try {
		await setupOwner(server.url, owner);
		const session = await signIn(server.url, owner);
		for (const [title, id, fault, status, message] of credentialTests) {
			emulator.clear();
			if (fault) emulator.failNext({ apiMethod: 'get-balance', ...fault });
			await tally.check(`Credential Test, ${title}`, async () => {
				const result = await testStoredCredential(session, id);
				if (result.status !== status || !message.test(result.message)) {
					throw new Error(`got ${JSON.stringify(result)}`);
				}
				const requests = emulator.requests.filter((r) => r.apiMethod === 'get-balance');
				if (requests.length !== 1) throw new Error(`${requests.length} get-balance requests`);
				noSecretIn(requests.map((r) => r.rawBody));
			});
		}
	} finally {
		await server.stop();
		writeFileSync(join(install.env.N8N_USER_FOLDER!, 'server.log'), server.log());
	}
}

async function runMajor(major: string, tarball: string): Promise<Tally> {
	const userFolder = mkdtempSync(join(tmpdir(), `n8n-e2e-${major}-`));
	const tally = new Tally(major);
	const emulators: Emulator[] = [];
	try {
		const install = installN8n(major, userFolder, { N8N_RUNNERS_ENABLED: 'false' });
		installPackage(userFolder, tarball);
		const earlier = await startEmulator({ backend: 'classic' });
		const today = await startEmulator({ backend: 'current' });
		emulators.push(earlier, today);
		const secret = { authMode: 'secretKey', secretKey: DEFAULT_ACCOUNT.secretKey };
		const credentials = (
			[
				['cred-secret', earlier, secret],
				['cred-current', today, secret],
				['cred-hash', earlier, { authMode: 'apiHash', apiHash: HASH }],
				['cred-wrong', earlier, { authMode: 'secretKey', secretKey: 'wrong-secret' }],
			] as const
		).map(([id, api, data]) => ({
			id,
			name: id,
			type: CREDENTIAL_TYPE,
			data: { apiKey: DEFAULT_ACCOUNT.apiKey, baseUrl: api.url, ...data },
		}));
		await importData(install, userFolder, credentials, [tourWorkflow()]);
		await runTour(install, today, earlier, tally);
		await runCredentialTests(install, earlier, tally);
	} catch (problem) {
		tally.failed++;
		console.log(`  ✗ n8n ${major}.x: ${(problem as Error).message.slice(0, 3000)}`);
	} finally {
		for (const emulator of emulators) await emulator.close();
		// Kept on failure, with the run's output, to look into.
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
