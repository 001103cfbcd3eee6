/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- test code that drives n8n's CLI, never shipped */
/**
 * End-to-end in real n8n, per line: the packed package loaded as a user's community package; one
 * workflow, run with `n8n execute`, that uses every operation on today's backend (a refused person
 * on the Add node's error output) and a batched Add on the earlier one; then the credential Test
 * through n8n's REST API. The cases themselves are specified once, in the engine specs.
 *
 *   node .out/test/e2e/real-n8n.js [2|1 ...]     (npm run test:e2e runs both lines)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../dev/emulator';
import { DEFAULT_ACCOUNT, hashFor, startEmulator } from '../../dev/emulator';
import { CREDENTIAL_TYPE, NODE_TYPE, addFromRows } from '../../dev/fixtures';
import type { N8nInstall } from '../../dev/n8n';
import { check, node, runCli, setUpN8n, startServer, testLines, workflow } from '../../dev/n8n';

const HASH = hashFor(DEFAULT_ACCOUNT.apiKey, DEFAULT_ACCOUNT.secretKey);
const TOUR = { id: 'e2eaddressbook', name: 'e2eaddressbook' };
// Each line's own server port (and the next one for its task runners' broker).
const SERVER_PORTS: Record<string, number> = { '2': 5690, '1': 5692 };

const ours = (name: string, parameters: IDataObject, credential = 'cred-current', extra = {}) =>
	node(name, NODE_TYPE, parameters, {
		credentials: { [CREDENTIAL_TYPE]: { id: credential, name: credential } },
		...extra,
	});
/** Spreadsheet-like rows made by a Set node's expression, split into items. */
const SET = { typeVersion: 3.4 };
const rows = (name: string, expression: string) => [
	node(`${name} Rows`, 'set', { mode: 'raw', jsonOutput: `={{ { rows: ${expression} } }}` }, SET),
	node(`${name} Split`, 'splitOut', { fieldToSplitOut: 'rows', include: 'noOtherFields' }),
];
const tourRow = (row: number, phone: string, surname: string) =>
	`{ phone: '${phone}', first_name: 'Tur', last_name: '${surname}', email: 'tur${row}@example.org', city: 'İzmir', groups: '1, 11' }`;
const ADD_ROWS = `[${tourRow(1, '5351000001', 'Bir')}, ${tourRow(2, '2121234567', 'İki')}, ${tourRow(3, '5351000003', 'Üç')}]`;
const BATCH_ROWS =
	"Array.from({ length: 250 }, (_, i) => ({ phone: '53' + String(i).padStart(8, '0'), first_name: 'Ad' + i, last_name: 'Demir', email: 'kisi' + i + '@example.com', city: 'İstanbul', groups: '1, 11' }))";
// Columns as a Turkish spreadsheet names them, for Map Automatically.
const AUTO_ROWS = `[{ 'Cep Telefonu': ' 5351000011 ', AD: 'Oto', 'Soyadı': 'Eşleme', 'E-Posta': 'oto@example.org', 'Şehir': 'Bursa', Not: 'x' }]`;
const AUTO = {
	resource: 'contact',
	operation: 'add',
	mappingMode: 'autoMapInputData',
	groupIds: ['2'],
	customFieldColumns: { column: [{ column: 'sehir', id: '1' }] },
};
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
// Every other operation, each a node of its own: [name, resource, operation, parameters].
// prettier-ignore
const operations: Array<[string, string, string, IDataObject]> = [
	['Search', 'contact', 'search', { searchKey: 'uye1', returnAll: true }],
	['Get', 'contact', 'get', { contactId: '2346' }],
	['Update', 'contact', 'update', { contactId: '2347', updateFields: { name: 'Yeni', groupIds: ['11'] } }],
	['Delete', 'contact', 'delete', { contactId: '2348' }],
	['Get Many', 'contact', 'getMany', { groupId: { __rl: true, mode: 'list', value: '2', cachedResultName: 'Suppliers' }, returnAll: true }],
	['Group Create', 'group', 'create', { name: 'Potansiyel', options: { parentGroupId: '1' } }],
	['Group Get', 'group', 'get', { groupId: byId('1') }],
	['Group Update', 'group', 'update', { groupId: byId('12'), name: 'Bülten' }],
	['Group Delete', 'group', 'delete', { groupId: byId('11') }],
	['Group Get Many', 'group', 'getMany', { returnAll: true }],
];

/**
 * Each branch hangs off the trigger, run top to bottom as placed: Add Rows → Add Split → Add with
 * its outputs to Added and Refused; Batch Rows → Batch Split → Add Batch on the earlier backend;
 * then the other operations.
 */
function tourWorkflow() {
	const nodes = [
		node('Start', 'manualTrigger'),
		...rows('Add', ADD_ROWS),
		ours('Add', addFromRows, 'cred-current', { onError: 'continueErrorOutput' }),
		node('Added', 'noOp'),
		node('Refused', 'noOp'),
		...rows('Batch', BATCH_ROWS),
		// Two computed fields: evaluated together, in one call per item.
		ours(
			'Add Batch',
			{
				...addFromRows,
				surname: '={{ $json.last_name.trim() }}',
				email: '={{ $json.email.toLowerCase() }}',
			},
			'cred-secret',
		),
		...rows('Auto', AUTO_ROWS),
		ours('Add Auto', AUTO, 'cred-secret'),
		...operations.map(([name, resource, operation, rest]) =>
			ours(name, { resource, operation, ...rest }),
		),
	].map((step, i) => ({ ...step, position: [0, i * 100] }));
	const branches = ['Add Rows', 'Batch Rows', 'Auto Rows', ...operations.map(([name]) => name)];
	// prettier-ignore
	return workflow(TOUR, nodes, [
		...branches.map((to): [string, string] => ['Start', to]),
		['Add Rows', 'Add Split'], ['Add Split', 'Add'], ['Add', 'Added'], ['Add', 'Refused', 1],
		['Batch Rows', 'Batch Split'], ['Batch Split', 'Add Batch'],
		['Auto Rows', 'Auto Split'], ['Auto Split', 'Add Auto'],
	]);
}

const byMethod = (emulator: Emulator, method: string) =>
	emulator.requests.filter((r) => r.apiMethod === method);

function noSecretIn(texts: string[]) {
	if (texts.some((text) => text.includes(DEFAULT_ACCOUNT.secretKey))) {
		throw new Error('the secret key was sent or printed');
	}
}

async function runTour(install: N8nInstall, today: Emulator, earlier: Emulator, line: string) {
	// Today's backend: ids 1–2345 in Suppliers (2), 2346–2348 for Get, Update and Delete.
	const member = (i: number) => ({ name: `Üye${i}`, email: `uye${i}@example.com`, groups: ['2'] });
	today.generateContacts(2345, member);
	today.seedContacts([
		{ name: 'Okunan', gsm: '5352000001', groups: ['1'] },
		{ name: 'Eski', gsm: '5352000002', groups: ['1'] },
		{ name: 'Silinen', gsm: '5352000003' },
	]);
	const result = await runCli(install, ['execute', `--id=${TOUR.id}`, '--rawOutput']);
	const printed = `${result.stdout}\n${result.stderr}`;
	writeFileSync(join(install.env.N8N_USER_FOLDER!, 'tour.out'), printed);
	const sent = [...today.requests, ...earlier.requests].map((r) => r.rawBody);
	await check(
		`${line}: the workflow ran, and neither the secret nor the hash was printed or sent`,
		() => {
			const ran = result.status === 0 && !printed.includes('Execution error');
			if (!ran) throw new Error(printed.slice(-3000));
			if (printed.includes(HASH)) throw new Error('the hash was printed');
			noSecretIn([printed, ...sent]);
		},
	);
	// `n8n execute --rawOutput` prints log lines, then the run's JSON.
	let runData: Record<string, Array<{ data?: { main?: IDataObject[][] } }> | undefined> = {};
	try {
		const text = result.stdout.slice(result.stdout.search(/^\{$/m));
		runData = JSON.parse(text.slice(0, text.lastIndexOf('\n}') + 2)).data.resultData.runData;
	} catch {
		// no run printed: every output below is empty
	}
	const output = (node: string, index = 0) => runData[node]?.at(-1)?.data?.main?.[index] ?? [];
	const json = (node: string, index = 0) =>
		output(node, index).map((item) => item.json as IDataObject);
	const added = byMethod(earlier, 'add-contacts').map((r) => r.body.request.contacts.contact);
	const batches = byMethod(earlier, 'add-contacts').filter((r, i) => added[i][0]?.name !== 'Oto');
	// What the run must show, each line checked on its own: [what, got, expected].
	// prettier-ignore
	const checks: Array<[string, unknown, unknown]> = [
		['Add: add-contacts unknown (404)', byMethod(today, 'add-contacts').map((r) => r.status), [404]],
		['Add: one add-contact per person', byMethod(today, 'add-contact').length, 3],
		['Add: the refused person on the error output', json('Refused').map((c) => c.error), ['Invalid phone number (code 466)']],
		['Add: the others on the success output', json('Added').map((c) => [c.gsm, (c.status as IDataObject).code]), [['5351000001', 200], ['5351000003', 200]]],
		// People go out side by side too.
		['Add: each stored once', today.contacts.filter((c) => c.name === 'Tur').map((c) => c.gsm).sort(), ['5351000001', '5351000003']],
		// Batches go out side by side, so they arrive in any order.
		['Add Batch: 250 in batches', batches.map((r) => r.body.request.contacts.contact.length).sort(), [100, 100, 50].sort()],
		['Add Batch: the first contact sent', batches.map((r) => r.body.request.contacts.contact[0]).find((c) => c.name === 'Ad0'), { name: 'Ad0', surname: 'Demir', email: 'kisi0@example.com', gsm: '5300000000', custom_fields: { custom_field: [{ id: '1', value: 'İstanbul' }] }, groups: { group: [{ id: '1' }, { id: '11' }] } }],
		['Add Auto: columns taken by their Turkish names', added.flat().find((c) => c.name === 'Oto'), { name: 'Oto', surname: 'Eşleme', email: 'oto@example.org', gsm: '5351000011', custom_fields: { custom_field: [{ id: '1', value: 'Bursa' }] }, groups: { group: [{ id: '2' }] } }],
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
	for (const [title, got, expected] of checks) {
		await check(`${line}: ${title}`, () => {
			if (JSON.stringify(got) !== JSON.stringify(expected)) {
				throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
			}
		});
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

async function runCredentialTests(install: N8nInstall, emulator: Emulator, line: string) {
	const password = ['E2e', 'pass1'].join('-');
	const owner = { email: 'e2e@example.com', firstName: 'End', lastName: 'ToEnd', password };
	const { request, stop } = await startServer(install, SERVER_PORTS[install.major], owner);
	try {
		for (const [title, id, fault, status, message] of credentialTests) {
			emulator.clear();
			if (fault) emulator.failNext({ apiMethod: 'get-balance', ...fault });
			await check(`${line}: Credential Test, ${title}`, async () => {
				// As the dialog does: load the stored credential (secrets redacted) and send it back;
				// n8n fills the redacted fields in from its encrypted copy.
				const path = `/rest/credentials/${id}?includeData=true`;
				const { name, type, data } = (await request('GET', path)).data as IDataObject;
				const credentials = { id, name, type, data };
				const result = (await request('POST', '/rest/credentials/test', { credentials })).data;
				const { status: got, message: said } = result as { status: string; message: string };
				if (got !== status || !message.test(said)) throw new Error(`got ${JSON.stringify(result)}`);
				const requests = byMethod(emulator, 'get-balance');
				if (requests.length !== 1) throw new Error(`${requests.length} get-balance requests`);
				noSecretIn(requests.map((r) => r.rawBody));
			});
		}
	} finally {
		await stop();
	}
}

const majors = process.argv.slice(2);
void testLines('e2e', majors.length ? majors : ['2', '1'], async (major, folder) => {
	console.log(`n8n ${major}.x, in ${folder}`);
	const emulators: Emulator[] = [];
	try {
		for (const backend of ['classic', 'current'] as const) {
			emulators.push(await startEmulator({ backend }));
		}
		const [earlier, today] = emulators;
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
		const workflows = [tourWorkflow()];
		const env = { N8N_RUNNERS_ENABLED: 'false' };
		const install = await setUpN8n(major, folder, { credentials, workflows }, env);
		await runTour(install, today, earlier, `n8n ${major}.x`);
		await runCredentialTests(install, earlier, `n8n ${major}.x`);
	} finally {
		for (const emulator of emulators) await emulator.close();
	}
});
