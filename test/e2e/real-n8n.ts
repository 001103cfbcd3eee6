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

import type { Emulator } from '../emulator';
import { DEFAULT_ACCOUNT, hashFor, startEmulator } from '../emulator';
import { addFromRows } from '../support/columns';
import { CREDENTIAL_TYPE, NODE_TYPE } from '../support/names';
import type { N8nInstall } from './n8n';
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
} from './n8n';

const HASH = hashFor(DEFAULT_ACCOUNT.apiKey, DEFAULT_ACCOUNT.secretKey);

const credentialRef = (id: string) => ({ iletiMerkeziApi: { id, name: id } });

function workflow(
	id: string,
	parameters: IDataObject,
	options: { credential?: string; rows?: number; continueOnFail?: boolean } = {},
) {
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
		credentials: credentialRef(options.credential ?? 'cred-secret'),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
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
	seed?: (emulator: Emulator) => void;
	check: (result: { items: IDataObject[]; error?: string; emulator: Emulator }) => void;
}

function expectEqual(actual: unknown, expected: unknown, what: string) {
	if (JSON.stringify(actual) !== JSON.stringify(expected)) {
		throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
	}
}

const byMethod = (emulator: Emulator, method: string) =>
	emulator.requests.filter((r) => r.apiMethod === method);

const scenarios: Scenario[] = [
	{
		id: 'e2e-add-250',
		title: 'Add of 250 rows: 3 requests, every field, each result on its own item',
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
	{
		id: 'e2e-search-all',
		title: 'Search Return All over 2,345 matches: 2,345 items in 3 requests',
		workflow: workflow('e2e-search-all', {
			resource: 'contact',
			operation: 'search',
			searchKey: 'example.com',
			returnAll: true,
		}),
		seed: (emulator) =>
			emulator.generateContacts(2345, (i) => ({ name: `Ad${i}`, email: `kisi${i}@example.com` })),
		check: ({ items, error, emulator }) => {
			expectEqual(error, undefined, 'error');
			expectEqual(items.length, 2345, 'output items');
			expectEqual(
				byMethod(emulator, 'search-contacts').map((r) => r.body.request.search.rowCount),
				[1000, 1000, 1000],
				'rowCount per request',
			);
		},
	},
	{
		id: 'e2e-search-limit',
		title: 'Search with limit 5: 5 items, 1 request for 5 rows',
		workflow: workflow('e2e-search-limit', {
			resource: 'contact',
			operation: 'search',
			searchKey: 'example.com',
			limit: 5,
		}),
		seed: (emulator) =>
			emulator.generateContacts(50, (i) => ({ name: `Ad${i}`, email: `kisi${i}@example.com` })),
		check: ({ items, emulator }) => {
			expectEqual(items.length, 5, 'output items');
			expectEqual(
				byMethod(emulator, 'search-contacts').map((r) => r.body.request.search),
				[{ key: 'example.com', page: 1, rowCount: 5 }],
				'requests',
			);
		},
	},
	{
		id: 'e2e-search-none',
		title: 'Search with no match: 0 items, no failure',
		workflow: workflow('e2e-search-none', {
			resource: 'contact',
			operation: 'search',
			searchKey: 'Karagöz',
			returnAll: true,
		}),
		check: ({ items, error }) => {
			expectEqual(error, undefined, 'error');
			expectEqual(items.length, 0, 'output items');
		},
	},
	{
		id: 'e2e-search-short',
		title: 'Search key "ab": refused before any request',
		workflow: workflow('e2e-search-short', {
			resource: 'contact',
			operation: 'search',
			searchKey: 'ab',
			returnAll: true,
		}),
		check: ({ error, emulator }) => {
			if (!error?.includes('The search key must be at least 3 characters')) {
				throw new Error(`error: got ${error}`);
			}
			expectEqual(emulator.requests.length, 0, 'requests');
		},
	},
	{
		id: 'e2e-add-continue',
		title: 'One bad contact in a batch with continue-on-fail: only that item errors',
		workflow: workflow(
			'e2e-add-continue',
			{ ...addFromRows, gsm: '={{ $itemIndex === 3 ? "12345" : $json.phone }}' },
			{ rows: 10, continueOnFail: true },
		),
		check: ({ items, error, emulator }) => {
			expectEqual(error, undefined, 'error');
			expectEqual(items.length, 10, 'output items');
			expectEqual(
				items.map((item) => (item.json as IDataObject).error ?? null),
				[null, null, null, 'Invalid phone number (code 466)', null, null, null, null, null, null],
				'errors per item',
			);
			expectEqual(emulator.contacts.length, 9, 'contacts stored');
		},
	},
	{
		id: 'e2e-api-hash',
		title: 'API hash mode: the ready-made hash is sent as given',
		workflow: workflow('e2e-api-hash', addFromRows, { rows: 2, credential: 'cred-hash' }),
		check: ({ items, error, emulator }) => {
			expectEqual(error, undefined, 'error');
			expectEqual(items.length, 2, 'output items');
			expectEqual(
				emulator.requests[0].body.request.authentication,
				{ key: DEFAULT_ACCOUNT.apiKey, hash: HASH },
				'authentication',
			);
		},
	},
	{
		id: 'e2e-wrong-secret',
		title: 'Wrong secret: an error that points at the credentials',
		workflow: workflow('e2e-wrong-secret', addFromRows, { rows: 2, credential: 'cred-wrong' }),
		check: ({ error, emulator }) => {
			if (!error?.includes('iletiMerkezi rejected the credentials (code 401)')) {
				throw new Error(`error: got ${error}`);
			}
			expectEqual(emulator.requests.length, 1, 'requests');
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

async function runScenarios(n8nInstall: N8nInstall, emulator: Emulator, tally: Tally) {
	const userFolder = n8nInstall.env.N8N_USER_FOLDER!;
	for (const scenario of scenarios) {
		emulator.clear();
		scenario.seed?.(emulator);
		await tally.check(scenario.title, async () => {
			const result = await runCli(n8nInstall, ['execute', `--id=${scenario.id}`, '--rawOutput']);
			const output = `${result.stdout}\n${result.stderr}`;
			writeFileSync(join(userFolder, `${scenario.id}.out`), output);
			const run = parseRun(result.stdout);
			const resultData = (run?.data as IDataObject | undefined)?.resultData as
				| IDataObject
				| undefined;
			const runData = resultData?.runData as Record<string, IDataObject[]> | undefined;
			const last = runData?.iletiMerkezi?.at(-1)?.data as { main?: IDataObject[][] } | undefined;
			const items = last?.main?.[0] ?? [];
			const failedRun = result.status !== 0 || output.includes('Execution error');
			const error = failedRun ? output : undefined;
			if (output.includes(DEFAULT_ACCOUNT.secretKey) || output.includes(HASH)) {
				throw new Error('the secret or the hash appeared in n8n’s output');
			}
			for (const request of emulator.requests) {
				if (request.rawBody.includes(DEFAULT_ACCOUNT.secretKey)) {
					throw new Error('the secret key was sent');
				}
			}
			scenario.check({ items, error, emulator });
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
	try {
		const n8nInstall = installN8n(major, userFolder, { N8N_RUNNERS_ENABLED: 'false' });
		installPackage(userFolder, tarball);
		emulator = await startEmulator();
		const credentials = [
			['cred-secret', { authMode: 'secretKey', secretKey: DEFAULT_ACCOUNT.secretKey }],
			['cred-hash', { authMode: 'apiHash', apiHash: HASH }],
			['cred-wrong', { authMode: 'secretKey', secretKey: 'wrong-secret' }],
		].map(([id, data]) => ({
			id,
			name: id,
			type: CREDENTIAL_TYPE,
			data: { apiKey: DEFAULT_ACCOUNT.apiKey, baseUrl: emulator!.url, ...(data as IDataObject) },
		}));
		await importData(
			n8nInstall,
			userFolder,
			credentials,
			scenarios.map((scenario) => scenario.workflow),
		);
		await runScenarios(n8nInstall, emulator, tally);
		await runCredentialTests(n8nInstall, emulator, tally);
	} catch (problem) {
		tally.failed++;
		console.log(`  ✗ n8n ${major}.x: ${(problem as Error).message.slice(0, 3000)}`);
	} finally {
		await emulator?.close();
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
