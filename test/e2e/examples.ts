/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code that drives n8n's CLI, never shipped */
/**
 * The workflows of examples/ in real n8n, per line, as a user meets them: each file imported as
 * shipped (`n8n import:workflow`), read back through the REST API the editor uses, and every node
 * type and version it names known to that n8n. Then the ones that need no third-party account run
 * against the emulator, with what the user fills in filled in (the credential, the sender, the
 * group): Send SMS; the sheet sync with the Google Sheets node replaced by rows under the
 * README's columns; the HTTP Request node calling get-sender with the iletiMerkezi credential;
 * and delivery reports posted to the published Trigger, each run's Switch output checked.
 *
 *   node .out/test/e2e/examples.js [2|1 ...]     (on its own; real-n8n.js runs it on each line too)
 *
 * Its n8n listens on 5714 (2.x) or 5716 (1.x), its task runners' broker on the next port.
 */
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../dev/emulator';
import { DEFAULT_ACCOUNT, hashFor, startEmulator } from '../../dev/emulator';
import { CREDENTIAL_TYPE } from '../../dev/fixtures';
import type { N8nInstall, N8nServer } from '../../dev/n8n';
import { ROOT, check, freePort, runCli, setUpN8n, startServer, testLines } from '../../dev/n8n';

const EXAMPLES = join(ROOT, 'examples');
const SERVER_PORTS: Record<string, number> = { '2': 5714, '1': 5716 };
const HASH = hashFor(DEFAULT_ACCOUNT.apiKey, DEFAULT_ACCOUNT.secretKey);
const CREDENTIAL = { id: 'excred', name: 'iletiMerkezi (emulator)' };
const SENDER = 'APITEST'; // approved by the emulator's account
const GROUP = '1';
const CITY_FIELD = '1'; // one of the emulator's custom fields
const REPORTS_WEBHOOK = '5e0b7c2a-9d41-4f8e-b3a6-2c7d9e1f4a08';

type Node = IDataObject & { name: string; type: string; typeVersion: number };
type Workflow = IDataObject & { name: string; nodes: Node[]; connections: IDataObject };
type NodeRun = {
	error?: { message?: string };
	data?: { main?: Array<Array<{ json: IDataObject }> | null> };
};

const files = () =>
	readdirSync(EXAMPLES)
		.filter((file) => file.endsWith('.json'))
		.sort();
const example = (file: string) =>
	JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Workflow;

/** A copy of `file` to run: an id, its name marked, `fill` applied to each node by name. */
function runnable(
	file: string,
	id: string,
	fill: Record<string, (node: Node) => Node>,
	replace: Record<string, Node> = {},
) {
	const workflow = example(file);
	const nodes = workflow.nodes.map((node) => {
		const replaced = replace[node.name];
		const filled = replaced ? { ...replaced, name: node.name, position: node.position } : node;
		return fill[node.name]?.(structuredClone(filled)) ?? filled;
	});
	return { ...workflow, id, name: `${workflow.name} (run)`, active: false, nodes };
}

const withCredential = (node: Node): Node => ({
	...node,
	credentials: { [CREDENTIAL_TYPE]: CREDENTIAL },
});
const withParameters = (more: IDataObject) => (node: Node) =>
	withCredential({ ...node, parameters: { ...(node.parameters as IDataObject), ...more } });
const fromList = (value: string) => ({ __rl: true, mode: 'list', value });

// Rows as the README's sheet has them: one person new, one changed (another surname), one as stored.
const SHEET_ROWS = [
	{
		Phone: '0532 100 20 01',
		Name: 'Ayşe',
		Surname: 'Yılmaz',
		Email: 'ayse@example.com',
		City: 'İstanbul',
	},
	{ Phone: '+90 532 100 20 02', Name: 'Mehmet', Surname: 'Kaya', Email: '', City: 'Ankara' },
	{
		Phone: '5321002003',
		Name: 'Zeynep',
		Surname: 'Demir',
		Email: 'zeynep@example.com',
		City: 'İzmir',
	},
];
const SHEET_SEED = [
	{ name: 'Mehmet', surname: 'Kara', gsm: '5321002002', groups: [GROUP] },
	{
		name: 'Zeynep',
		surname: 'Demir',
		gsm: '5321002003',
		email: 'zeynep@example.com',
		groups: [GROUP],
		custom_fields: [{ id: CITY_FIELD, value: 'İzmir' }],
	},
];
const manualTrigger = {
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	parameters: {},
} as unknown as Node;
/** Stands for the Google Sheets node: the rows, as a Set node's output (typeVersion in both lines). */
const sheetRows = {
	type: 'n8n-nodes-base.set',
	typeVersion: 3.4,
	parameters: { mode: 'raw', jsonOutput: JSON.stringify({ rows: SHEET_ROWS }) },
} as unknown as Node;
const splitRows = {
	name: 'Split Rows',
	type: 'n8n-nodes-base.splitOut',
	typeVersion: 1,
	position: [330, 200],
	parameters: { fieldToSplitOut: 'rows', include: 'noOtherFields' },
} as unknown as Node;

/** The examples to run, each a copy filled in as a user would. */
function runnables(emulator: Emulator) {
	const send = runnable('send-sms.json', 'exsend', {
		'Send SMS': withParameters({ sender: SENDER }),
	});
	const sheet = runnable(
		'nightly-sheet-sync.json',
		'exsheet',
		{
			'Create or Update Contacts': withParameters({
				groupIds: [GROUP],
				matchGroupId: fromList(GROUP),
				customFieldColumns: { column: [{ column: 'City', id: CITY_FIELD }] },
			}),
		},
		{ 'Every night at 02:00': manualTrigger, 'Read the sheet': sheetRows },
	);
	// The rows come as one item: split, as the sheet's node gives one item per row.
	sheet.nodes.push(splitRows);
	sheet.connections = {
		...sheet.connections,
		'Read the sheet': { main: [[{ node: 'Split Rows', type: 'main', index: 0 }]] },
		'Split Rows': { main: [[{ node: 'Create or Update Contacts', type: 'main', index: 0 }]] },
	};
	const http = runnable('http-request-get-sender.json', 'exhttp', {
		'Get Senders': withParameters({ url: `${emulator.url}/get-sender/json` }),
	});
	const reports = runnable('delivery-reports.json', 'exreports', {
		'iletiMerkezi Trigger': (node) => ({ ...node, webhookId: REPORTS_WEBHOOK }),
	});
	return [send, sheet, http, reports];
}

/**
 * Runs a workflow with `n8n execute`: what it printed, whether the run succeeded (its JSON says
 * so: the command's exit code alone is not a run's result), each node's last output.
 */
async function execute(install: N8nInstall, id: string) {
	const result = await runCli(install, ['execute', `--id=${id}`, '--rawOutput']);
	const printed = `${result.stdout}\n${result.stderr}`;
	writeFileSync(join(install.env.N8N_USER_FOLDER!, `${id}.out`), printed);
	let run: { status?: string; data?: { resultData?: { runData?: Record<string, NodeRun[]> } } } =
		{};
	try {
		const text = printed.slice(printed.search(/^\{$/m));
		run = JSON.parse(text.slice(0, text.search(/^\}$/m) + 1));
	} catch {
		// no run printed: every output below is empty
	}
	const runData = run.data?.resultData?.runData ?? {};
	const json = (name: string) =>
		(runData[name]?.at(-1)?.data?.main?.[0] ?? []).map((item) => item.json);
	const succeeded = run.status === 'success' && !printed.includes('Execution error');
	const ran = succeeded ? 'ok' : `exit ${result.status}, ${printed.slice(-2000)}`;
	return { printed, ran, json };
}

function same(got: unknown, expected: unknown) {
	if (JSON.stringify(got) !== JSON.stringify(expected)) {
		throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
	}
}

const pick = (items: IDataObject[], ...keys: string[]) =>
	items.map((item) => keys.map((key) => item[key]));

/** Each file as shipped: imported by n8n's CLI, found in n8n's list. */
async function importAsShipped(install: N8nInstall, line: string) {
	for (const file of files()) {
		await check(`${line} examples: ${file} imports with n8n import:workflow`, async () => {
			const result = await runCli(install, ['import:workflow', `--input=${join(EXAMPLES, file)}`]);
			const said = `${result.stdout}${result.stderr}`;
			if (result.status !== 0 || !/Successfully imported 1 workflow/i.test(said)) {
				throw new Error(said.slice(-2000));
			}
		});
	}
	const listed = await runCli(install, ['list:workflow']);
	const ids = new Map<string, string>();
	for (const row of listed.stdout.split('\n')) {
		const [id, ...name] = row.trim().split('|');
		if (id && name.length) ids.set(name.join('|'), id);
	}
	return ids;
}

/**
 * In the running n8n: each shipped file read back as imported, and every node type and version
 * it names known (the editor's own request for node descriptions).
 */
async function checkKnown(server: N8nServer, ids: Map<string, string>, line: string) {
	for (const file of files()) {
		const shipped = example(file);
		await check(`${line} examples: ${file} read back, every node type known`, async () => {
			const id = ids.get(shipped.name);
			if (!id) throw new Error(`"${shipped.name}" is not in n8n's list`);
			const stored = (await server.request('GET', `/rest/workflows/${id}`)).data as Workflow;
			const types = (nodes: Node[]) =>
				nodes.map((node) => [node.name, node.type, node.typeVersion]);
			same(types(stored.nodes), types(shipped.nodes));
			const unknown = [];
			for (const { type, typeVersion } of shipped.nodes) {
				const nodeInfos = [{ name: type, version: typeVersion }];
				const answer = await server.request('POST', '/rest/node-types', { nodeInfos });
				const [description] = (answer.data ?? []) as IDataObject[];
				const versions = [description?.version].flat();
				if (!versions.includes(typeVersion)) unknown.push(`${type} ${typeVersion}`);
			}
			if (unknown.length) throw new Error(`unknown to n8n: ${unknown.join(', ')}`);
		});
	}
}

const requestsOf = (emulator: Emulator, method: string) =>
	emulator.requests.filter((r) => r.apiMethod === method);

async function runSend(install: N8nInstall, emulator: Emulator, line: string) {
	emulator.clear();
	const run = await execute(install, 'exsend');
	const order = requestsOf(emulator, 'send-sms').map((r) => r.body.request.order);
	// prettier-ignore
	const checks: Array<[string, unknown, unknown]> = [
		['ran', run.ran, 'ok'],
		['one send-sms: transactional (no İYS), the sender, the text filled in, the number', order.map((o) => [o.iys, o.sender, o.message?.text, o.message?.receipents?.number]), [['0', SENDER, 'Merhaba Ayşe, doğrulama kodunuz: 482913', ['5321234567']]]],
		['the item: its number, the order, the type', pick(run.json('Send SMS'), 'number', 'messageType', 'orderId'), [['5321234567', 'transactional', emulator.account.orders[0]?.id]]],
	];
	for (const [title, got, expected] of checks) {
		await check(`${line} examples: Send SMS: ${title}`, () => same(got, expected));
	}
}

async function runSheet(install: N8nInstall, emulator: Emulator, line: string) {
	emulator.clear();
	emulator.seedContacts(SHEET_SEED);
	const run = await execute(install, 'exsheet');
	const stored = emulator.contacts
		.filter((c) => c.gsm.startsWith('532100200'))
		.sort((a, b) => a.gsm.localeCompare(b.gsm))
		.map((c) => [c.gsm, c.name, c.surname, c.groups, c.custom_fields]);
	const city = (value: string) => [{ id: CITY_FIELD, value }];
	// prettier-ignore
	const checks: Array<[string, unknown, unknown]> = [
		['ran', run.ran, 'ok'],
		['the columns Phone, Name, Surname, Email, City read: created, updated, unchanged', pick(run.json('Create or Update Contacts'), 'gsm', 'result'), [['5321002001', 'created'], ['5321002002', 'updated'], ['5321002003', 'unchanged']]],
		['the address book: each once, in the group, the city in its field', stored, [['5321002001', 'Ayşe', 'Yılmaz', [GROUP], city('İstanbul')], ['5321002002', 'Mehmet', 'Kaya', [GROUP], city('Ankara')], ['5321002003', 'Zeynep', 'Demir', [GROUP], city('İzmir')]]],
	];
	for (const [title, got, expected] of checks) {
		await check(`${line} examples: sheet sync: ${title}`, () => same(got, expected));
	}
}

async function runHttpRequest(install: N8nInstall, emulator: Emulator, line: string) {
	emulator.clear();
	const run = await execute(install, 'exhttp');
	const sent = requestsOf(emulator, 'get-sender').map((r) => r.body.request);
	// prettier-ignore
	const checks: Array<[string, unknown, unknown]> = [
		['ran', run.ran, 'ok'],
		['get-sender answered with the account’s senders', run.json('Get Senders').map((item) => ((item.response as IDataObject)?.senders as IDataObject)?.sender), [[SENDER, 'eMarka']]],
		['the credential wrote the key and hash into the body', sent, [{ authentication: { key: DEFAULT_ACCOUNT.apiKey, hash: HASH } }]],
		['neither the secret nor the hash printed', [run.printed.includes(DEFAULT_ACCOUNT.secretKey), run.printed.includes(HASH)], [false, false]],
	];
	for (const [title, got, expected] of checks) {
		await check(`${line} examples: HTTP Request: ${title}`, () => same(got, expected));
	}
}

/**
 * Reports of one order to three numbers posted to the published Trigger, and one in a shape never
 * documented: each wanted report a run whose Switch sends it out of the output named for its
 * status, the accepted one (not among the Trigger's statuses) no run.
 */
async function runReports(
	server: N8nServer,
	install: N8nInstall,
	emulator: Emulator,
	line: string,
) {
	const flatted = createRequire(join(install.dir, 'app', 'package.json'))('flatted') as {
		parse(text: string): IDataObject;
	};
	emulator.clear();
	const numbers = ['5321000001', '5321000002', '5321000003'];
	const [, sent] = emulator.account.sendSms({
		sender: SENDER,
		iys: '0',
		message: { text: 'Kargonuz yola çıktı', receipents: { number: numbers } },
	});
	const orderId = String(((sent as IDataObject)?.order as IDataObject)?.id);
	const url = `${server.url}/webhook/${REPORTS_WEBHOOK}/delivery-report`;
	const answers = [
		...(await emulator.postReports(orderId, { url, status: 'delivered', numbers: [numbers[0]] })),
		...(await emulator.postReports(orderId, { url, status: 'undelivered', numbers: [numbers[1]] })),
		...(await emulator.postReports(orderId, { url, status: 'accepted', numbers: [numbers[2]] })),
	];
	const odd = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ event: 'sms.status', data: { state: 'EXPIRED' } }),
	});
	const filter = encodeURIComponent(JSON.stringify({ workflowId: 'exreports' }));
	const list = async () => {
		const { data } = await server.request('GET', `/rest/executions?filter=${filter}&limit=100`);
		return (data as { results: IDataObject[] }).results;
	};
	let results = await list();
	for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
		const done = results.every((r) => !['new', 'running', 'waiting'].includes(String(r.status)));
		if (results.length >= 3 && done) break;
		await new Promise((wait) => setTimeout(wait, 250));
		results = await list();
	}
	// Each run: its status, and the output of By status (0 Delivered, 1 Undelivered, 2 Other)
	// its item left by, with the item's status and number.
	const runs = [];
	for (const { id } of results.sort((a, b) => Number(a.id) - Number(b.id))) {
		const { data } = await server.request('GET', `/rest/executions/${String(id)}`);
		const execution = data as { status: string; data: string };
		const { resultData } = flatted.parse(execution.data) as {
			resultData: { runData: Record<string, NodeRun[]> };
		};
		const outputs = resultData.runData['By status']?.[0]?.data?.main ?? [];
		const left = outputs.flatMap((items, output) =>
			(items ?? []).map((item) => [output, item.json.status, item.json.number]),
		);
		runs.push([execution.status, left]);
	}
	// prettier-ignore
	const checks: Array<[string, unknown, unknown]> = [
		['every post answered 200', [...answers, odd.status], [200, 200, 200, 200]],
		['delivered → Delivered, undelivered → Undelivered, an unknown shape → Other, accepted no run', runs, [['success', [[0, 'delivered', numbers[0]]]], ['success', [[1, 'undelivered', numbers[1]]]], ['success', [[2, null, null]]]]],
	];
	for (const [title, got, expected] of checks) {
		await check(`${line} examples: delivery reports: ${title}`, () => same(got, expected));
	}
}

/** Every example in n8n `major` (installed once), in `folder`, a fresh user folder (made if missing). */
export async function runExamples(major: string, folder: string) {
	const line = `n8n ${major}.x`;
	mkdirSync(folder, { recursive: true });
	const emulator = await startEmulator({ backend: 'current' });
	try {
		const data = { authMode: 'secretKey', ...DEFAULT_ACCOUNT, baseUrl: emulator.url };
		const credentials = [{ ...CREDENTIAL, type: CREDENTIAL_TYPE, data }];
		const workflows = runnables(emulator);
		// `n8n execute` opens a task broker too: on a port of its own, clear of the server's.
		const env = { N8N_RUNNERS_ENABLED: 'false', N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		const setUp = { credentials, workflows, publish: 'exreports' };
		const install = await setUpN8n(major, folder, setUp, env);
		const ids = await importAsShipped(install, line);
		await runSend(install, emulator, line);
		await runSheet(install, emulator, line);
		await runHttpRequest(install, emulator, line);
		const password = ['Examples', 'pass1'].join('-');
		const owner = { email: 'examples@example.com', firstName: 'Ex', lastName: 'Amples', password };
		const server = await startServer(install, SERVER_PORTS[major], owner);
		try {
			await checkKnown(server, ids, line);
			await runReports(server, install, emulator, line);
		} finally {
			await server.stop();
		}
	} finally {
		await emulator.close();
	}
}

if (require.main === module) {
	const majors = process.argv.slice(2);
	void testLines('examples', majors.length ? majors : ['2', '1'], runExamples);
}
