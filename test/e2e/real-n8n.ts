/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- test code that drives n8n's CLI, never shipped */
/**
 * End-to-end in real n8n, per line: the packed package loaded as a user's community package; one
 * workflow, run with `n8n execute`, that uses every operation on today's backend (a refused person
 * on the Add node's error output; Create or Update in the whole address book and in a group; the
 * blacklist; İYS consent, a brand code without a subscription on Get's error output; Send, its
 * report, a scheduled commercial send cancelled, the day's orders, the balance) and a batched Add
 * on the earlier one, checked in its items and at the emulator; an AI Agent whose stand-in
 * model adds a contact and searches for it through the node as a tool; the security cases, each a
 * workflow of its own (a plain-http Base URL, a redirect, an echoing answer, a flood of HTML, pages
 * that wrap around, a group tree 20,000 deep); n8n's HTTP Request node with the credential
 * (./http-request.ts: a method called, redirects not followed, other hosts refused); then, with
 * `n8n start`, the credential Test through
 * n8n's REST API and delivery reports posted to the published Trigger, its runs counted through the
 * same API. The cases themselves are specified once, in the engine specs.
 * Last, the workflows of examples/, in a user folder of their own (./examples.ts, which runs
 * alone too).
 *
 *   node .out/test/e2e/real-n8n.js [2|1 ...]     (npm run test:e2e runs both lines)
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { Emulator, ReportStatus } from '../../dev/emulator';
import { DEFAULT_ACCOUNT, hashFor, startEmulator } from '../../dev/emulator';
import { CREDENTIAL_TYPE, NODE_TYPE, PACKAGE_NAME, addFromRows } from '../../dev/fixtures';
import type { N8nInstall, N8nServer } from '../../dev/n8n';
import {
	check,
	freePort,
	node,
	runCli,
	setUpN8n,
	startServer,
	testLines,
	workflow,
} from '../../dev/n8n';
import { runExamples } from './examples';
import { runHttpRequest } from './http-request';

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

const UPSERT = { ...addFromRows, operation: 'upsert', customFields: {} };
// Sena changed (her phone written another way), Deniz new, Oya as stored.
const UPSERT_ROWS = `[{ phone: '+90 539 100 00 01', first_name: 'Sena', last_name: 'Kaya', email: 'sena@example.org', groups: '1' }, { phone: '5391000002', first_name: 'Deniz', last_name: 'Ak', email: 'deniz@example.org', groups: '1' }, { phone: '5391000003', first_name: 'Oya', last_name: 'Er', email: 'oya@example.org', groups: '1' }]`;
// Matched in group 12, which they all end in: a member as stored, one in another group, one new.
const GROUP_SYNC_ROWS = `[{ phone: '0539 200 00 01', first_name: 'Grup', last_name: 'Üyesi' }, { phone: '5392000002', first_name: 'Dış', last_name: 'Kişi' }, { phone: '5392000003', first_name: 'Yeni', last_name: 'Üye' }]`;
const UPSERT_GROUP = { ...UPSERT, groupIds: ['12'], matchIn: 'group', matchGroupId: byId('12') };
const PHONE = { phoneNumber: '={{ $json.phone }}' };
// Two numbers put on the blacklist; one listed before the run taken off, and one never listed.
const BLACKLIST_ROWS = `[{ phone: '0537 100 00 01' }, { phone: '+90 537 100 00 02' }]`;
const UNLIST_ROWS = `[{ phone: '5371000009' }, { phone: '0537 100 00 99' }]`;
const BRAND = '696422'; // the emulator's brand code with an İYS subscription
const CONSENT_ROWS = `[{ phone: '0538 100 00 01', status: 'ONAY' }, { phone: '+90 538 100 00 02', status: 'RET' }]`;
// prettier-ignore
const CONSENT = { resource: 'consent', operation: 'create', brandCode: BRAND, recipient: '={{ $json.phone }}', recipientType: 'BIREYSEL', type: 'MESAJ', status: '={{ $json.status }}', source: 'HS_WEB', consentDate: '2025-05-01 10:30' };
// The consent just registered, and the same under a brand code without a subscription.
const CONSENT_GET_ROWS = `[{ phone: '5381000001', brand: '${BRAND}' }, { phone: '5381000001', brand: '999' }]`;
// prettier-ignore
const CONSENT_GET = { resource: 'consent', operation: 'get', brandCode: '={{ $json.brand }}', recipient: '={{ $json.phone }}', recipientType: 'BIREYSEL', type: 'MESAJ' };
// One text to three numbers, the last one blacklisted above.
const SEND_ROWS = `[{ phone: '0536 100 00 01' }, { phone: '+90 536 100 00 02' }, { phone: '5371000001' }]`;
const SEND_TEXT = 'Kargonuz yola çıktı.';
// prettier-ignore
const SEND = { resource: 'message', operation: 'send', ...PHONE, message: SEND_TEXT, sender: 'APITEST', messageType: 'transactional' };
// To the person who consented above, tomorrow at 09:30 in Istanbul; cancelled next.
const TOMORROW = "$now.setZone('Europe/Istanbul').plus({ days: 1 }).toFormat('yyyy-MM-dd')";
// prettier-ignore
const CAMPAIGN = { resource: 'message', operation: 'send', phoneNumber: '0538 100 00 01', message: 'Yaz indirimi: bugün %20', sender: 'eMarka', messageType: 'commercial', iysList: 'BIREYSEL', options: { sendAt: `={{ ${TOMORROW} }} 09:30` } };

/**
 * Each branch hangs off the trigger, run top to bottom as placed: Add Rows → Add Split → Add with
 * its outputs to Added and Refused; Batch Rows → Batch Split → Add Batch on the earlier backend;
 * then the other contact and group operations; Create or Update in the whole address book and in
 * a group; the blacklist; consent, Get's error output taking the brand code without a
 * subscription; Send → Get Report of its order (once); the campaign → Cancel; the orders of today;
 * the balance.
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
		...rows('Upsert', UPSERT_ROWS),
		ours('Create or Update', UPSERT),
		...rows('Group Sync', GROUP_SYNC_ROWS),
		ours('Create or Update in Group', UPSERT_GROUP),
		...rows('Blacklist', BLACKLIST_ROWS),
		ours('Blacklist Add', { resource: 'blacklist', operation: 'add', ...PHONE }),
		...rows('Unlist', UNLIST_ROWS),
		ours('Blacklist Remove', { resource: 'blacklist', operation: 'remove', ...PHONE }),
		ours('Blacklist Get Many', { resource: 'blacklist', operation: 'getMany', returnAll: true }),
		...rows('Consent', CONSENT_ROWS),
		ours('Consent Create', CONSENT),
		...rows('Consent Get', CONSENT_GET_ROWS),
		ours('Consent Get', CONSENT_GET, 'cred-current', { onError: 'continueErrorOutput' }),
		node('Consent Found', 'noOp'),
		node('No Subscription', 'noOp'),
		...rows('Send', SEND_ROWS),
		ours('Send', SEND),
		// Once, for the order all three items share.
		ours(
			'Get Report',
			{
				resource: 'message',
				operation: 'getReport',
				orderId: '={{ $json.orderId }}',
				returnAll: true,
			},
			'cred-current',
			{ executeOnce: true },
		),
		ours('Send Campaign', CAMPAIGN),
		ours('Cancel', { resource: 'message', operation: 'cancel', orderId: '={{ $json.orderId }}' }),
		ours('Message Get Many', { resource: 'message', operation: 'getMany', returnAll: true }),
		ours('Get Balance', { resource: 'account', operation: 'getBalance' }),
	].map((step, i) => ({ ...step, position: [0, i * 100] }));
	const branches = [
		...['Add Rows', 'Batch Rows', 'Auto Rows', ...operations.map(([name]) => name)],
		...['Upsert Rows', 'Group Sync Rows', 'Blacklist Rows', 'Unlist Rows'],
		...['Blacklist Get Many', 'Consent Rows', 'Consent Get Rows', 'Send Rows'],
		...['Send Campaign', 'Message Get Many', 'Get Balance'],
	];
	const splitThen = (name: string, to: string): Array<[string, string]> => [
		[`${name} Rows`, `${name} Split`],
		[`${name} Split`, to],
	];
	// prettier-ignore
	return workflow(TOUR, nodes, [
		...branches.map((to): [string, string] => ['Start', to]),
		['Add Rows', 'Add Split'], ['Add Split', 'Add'], ['Add', 'Added'], ['Add', 'Refused', 1],
		['Batch Rows', 'Batch Split'], ['Batch Split', 'Add Batch'],
		['Auto Rows', 'Auto Split'], ['Auto Split', 'Add Auto'],
		...splitThen('Upsert', 'Create or Update'),
		...splitThen('Group Sync', 'Create or Update in Group'),
		...splitThen('Blacklist', 'Blacklist Add'),
		...splitThen('Unlist', 'Blacklist Remove'),
		...splitThen('Consent', 'Consent Create'),
		...splitThen('Consent Get', 'Consent Get'),
		['Consent Get', 'Consent Found'], ['Consent Get', 'No Subscription', 1],
		...splitThen('Send', 'Send'), ['Send', 'Get Report'],
		['Send Campaign', 'Cancel'],
	]);
}

const byMethod = (emulator: Emulator, method: string) =>
	emulator.requests.filter((r) => r.apiMethod === method);

function noSecretIn(texts: string[]) {
	if (texts.some((text) => text.includes(DEFAULT_ACCOUNT.secretKey))) {
		throw new Error('the secret key was sent or printed');
	}
}

type NodeRun = {
	executionTime?: number;
	error?: { message?: string; description?: string };
	data?: { main?: Array<Array<{ json: IDataObject; pairedItem?: unknown }> | null> };
};

/**
 * Runs a workflow with `n8n execute`: what it printed, and its run as printed (JSON after the log
 * lines; after "Execution error:" when it failed), `printed` kept in n8n's folder as `<id>.out`.
 */
async function execute(install: N8nInstall, id: string) {
	const result = await runCli(install, ['execute', `--id=${id}`, '--rawOutput']);
	const printed = `${result.stdout}\n${result.stderr}`;
	writeFileSync(join(install.env.N8N_USER_FOLDER!, `${id}.out`), printed);
	let run: { error?: { message?: string }; runData: Record<string, NodeRun[] | undefined> } = {
		runData: {},
	};
	try {
		const text = printed.slice(printed.search(/^\{$/m));
		run = JSON.parse(text.slice(0, text.search(/^\}$/m) + 1)).data.resultData;
	} catch {
		// no run printed: every output below is empty
	}
	const last = (name: string) => run.runData[name]?.at(-1);
	const output = (name: string, index = 0) => last(name)?.data?.main?.[index] ?? [];
	const json = (name: string, index = 0) => output(name, index).map((item) => item.json);
	const failed = result.status !== 0 || printed.includes('Execution error');
	return { printed, failed, error: run.error, last, output, json };
}

/** The values of `keys` of each item. */
const pick = (items: IDataObject[], ...keys: string[]) =>
	items.map((item) => keys.map((key) => item[key]));

/** Fails saying what was got, unless `got` is `expected` (compared as JSON). */
function same(got: unknown, expected: unknown) {
	if (JSON.stringify(got) !== JSON.stringify(expected)) {
		throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
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
		// For Create or Update: in the whole address book, then in group 12.
		{
			name: 'Sena',
			surname: 'Yıldız',
			gsm: '5391000001',
			email: 'sena@example.org',
			groups: ['1'],
		},
		{ name: 'Oya', surname: 'Er', gsm: '5391000003', email: 'oya@example.org', groups: ['1'] },
		{ name: 'Grup', surname: 'Üyesi', gsm: '5392000001', groups: ['12'] },
		{ name: 'Dış', surname: 'Kişi', gsm: '5392000002', groups: ['1'] },
	]);
	today.account.seedBlacklist(['5371000009']);
	const balance = { ...today.account.balance };
	const { printed, failed, output, json } = await execute(install, TOUR.id);
	const sent = [...today.requests, ...earlier.requests].map((r) => r.rawBody);
	await check(
		`${line}: the workflow ran, and neither the secret nor the hash was printed or sent`,
		() => {
			if (failed) throw new Error(printed.slice(-3000));
			if (printed.includes(HASH)) throw new Error('the hash was printed');
			noSecretIn([printed, ...sent]);
		},
	);
	const added = byMethod(earlier, 'add-contacts').map((r) => r.body.request.contacts.contact);
	const batches = byMethod(earlier, 'add-contacts').filter((r, i) => added[i][0]?.name !== 'Oto');
	// Add's own requests: Create or Update adds through the same methods.
	const tours = (method: string) =>
		byMethod(today, method).filter((r) => r.rawBody.includes('"name":"Tur"'));
	const stored = (...phones: string[]) =>
		today.contacts
			.filter((c) => phones.includes(c.gsm))
			.map((c) => [c.gsm, c.name, c.surname, c.groups]);
	const [order, campaign] = today.account.orders;
	const [shipped, campaignSent] = byMethod(today, 'send-sms').map((r) => r.body.request.order);
	const numbersOf = (request: IDataObject | undefined) =>
		((request?.message as IDataObject)?.receipents as IDataObject)?.number;
	// The campaign's time as asked, tomorrow in Istanbul (UTC+3) when it was sent.
	const sentAt = new Date((byMethod(today, 'send-sms')[1]?.at ?? 0) + 3 * 3_600_000 + 86_400_000);
	const day = (date: Date) =>
		[date.getUTCDate(), date.getUTCMonth() + 1].map((n) => String(n).padStart(2, '0')).join('/');
	const tomorrow = `${day(sentAt)}/${sentAt.getUTCFullYear()} 09:30`;
	const reportOf = (items: IDataObject[]) => items.map((r) => [r.number, r.status]);
	// What the run must show, each line checked on its own: [what, got, expected].
	// prettier-ignore
	const checks: Array<[string, unknown, unknown]> = [
		['Add: add-contacts unknown (404)', tours('add-contacts').map((r) => r.status), [404]],
		['Add: one add-contact per person', tours('add-contact').length, 3],
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
		['Update: edit-contact body', byMethod(today, 'edit-contact').map((r) => r.body.request.contact).find((c) => c.id === '2347'), { id: '2347', name: 'Yeni', groups: { id: ['11'] } }],
		['Delete', [json('Delete'), today.contacts.some((c) => c.id === '2348')], [[{ id: '2348', deleted: true }], false]],
		['Get Many: 2,345 in 3 requests', [json('Get Many').length, byMethod(today, 'get-group-contacts').filter((r) => r.body.request.group.id === '2').length], [2345, 3]],
		['Group Create', json('Group Create'), [{ id: '13', name: 'Potansiyel', parentId: '1' }]],
		['Group Get', json('Group Get').map((g) => [g.id, g.name]), [['1', 'Customers']]],
		['Group Update', json('Group Update'), [{ id: '12', name: 'Bülten' }]],
		['Group Delete', json('Group Delete'), [{ id: '11', deleted: true }]],
		['Group Get Many', json('Group Get Many').map((g) => [g.path, g.parentId]), [['Customers', null], ['Customers / Bülten', '1'], ['Customers / Potansiyel', '1'], ['Suppliers', null]]],
		['Create or Update: the changed one (phone written another way) updated, the new one created, the identical one unchanged', pick(json('Create or Update'), 'gsm', 'surname', 'result'), [['5391000001', 'Kaya', 'updated'], ['5391000002', 'Ak', 'created'], ['5391000003', 'Er', 'unchanged']]],
		['Create or Update: one edit-contact with what differs, one add-contact', [byMethod(today, 'edit-contact').map((r) => r.body.request.contact).filter((c) => c.id === '2349'), byMethod(today, 'add-contact').filter((r) => r.body.request.contact.gsm?.startsWith('539100')).map((r) => r.body.request.contact.name)], [[{ id: '2349', surname: 'Kaya' }], ['Deniz']]],
		['Create or Update: each stored once', stored('5391000001', '5391000002', '5391000003'), [['5391000001', 'Sena', 'Kaya', ['1']], ['5391000003', 'Oya', 'Er', ['1']], ['5391000002', 'Deniz', 'Ak', ['1']]]],
		['Create or Update in Group: the member unchanged, the one in another group updated, the new one created', pick(json('Create or Update in Group'), 'gsm', 'result'), [['5392000001', 'unchanged'], ['5392000002', 'updated'], ['5392000003', 'created']]],
		['Create or Update in Group: the group read once; only the two not in it searched for', [byMethod(today, 'get-group-contacts').filter((r) => r.body.request.group.id === '12').length, byMethod(today, 'search-contacts').map((r) => r.body.request.search.key).filter((key) => key.startsWith('539200'))], [1, ['5392000002', '5392000003']]],
		['Create or Update in Group: each stored once, all three in the group', stored('5392000001', '5392000002', '5392000003').map(([gsm, , , groups]) => [gsm, (groups as string[]).includes('12')]), [['5392000001', true], ['5392000002', true], ['5392000003', true]]],
		['Blacklist Add: each number in one form', json('Blacklist Add'), [{ number: '+905371000001', blacklisted: true }, { number: '+905371000002', blacklisted: true }]],
		['Blacklist Remove: the listed one removed, the unlisted one says so', json('Blacklist Remove'), [{ number: '+905371000009', removed: true }, { number: '+905371000099', removed: false, reason: 'The number is not on the blacklist, or cannot be removed from it (code 474)' }]],
		['Blacklist Get Many: the list as the emulator holds it', [json('Blacklist Get Many').map((b) => b.number).sort(), today.account.blacklist.map((b) => b.number).sort()], [['+905371000001', '+905371000002'], ['+905371000001', '+905371000002']]],
		['Consent Create: both records in one request, each item the record', [byMethod(today, 'consent/create').map((r) => r.body.request.consent.list.length), pick(json('Consent Create'), 'recipient', 'status', 'consentDate', 'brandCode')], [[2], [['+905381000001', 'ONAY', '2025-05-01 10:30:00', BRAND], ['+905381000002', 'RET', '2025-05-01 10:30:00', BRAND]]]],
		['Consent Create: registered at the emulator', today.account.consents.map((c) => [c.recipient, c.status, c.source]), [['+905381000001', 'ONAY', 'HS_WEB'], ['+905381000002', 'RET', 'HS_WEB']]],
		['Consent Get: the record registered', pick(json('Consent Found'), 'found', 'recipient', 'status', 'source', 'consentDate', 'brandCode'), [[true, '+905381000001', 'ONAY', 'HS_WEB', '2025-05-01 10:30:00', BRAND]]],
		['Consent Get: a brand code without a subscription, a clear error on the error output', json('No Subscription').map((e) => e.error), ['No active İYS subscription for this brand code (code 403)']],
		['Send: three items, one text: one send-sms with the three numbers', [byMethod(today, 'send-sms').length, shipped?.iys, shipped?.sender, numbersOf(shipped)], [2, '0', 'APITEST', ['5361000001', '5361000002', '5371000001']]],
		['Send: each item its number and the order', pick(json('Send'), 'number', 'orderId', 'message', 'messageType'), ['5361000001', '5361000002', '5371000001'].map((n) => [n, order?.id, SEND_TEXT, 'transactional'])],
		['Send Campaign: commercial, on the İYS list, scheduled to the minute', [campaignSent?.iys, campaignSent?.iysList, campaignSent?.sendDateTime, numbersOf(campaignSent)], ['1', 'BIREYSEL', tomorrow, ['5381000001']]],
		['Get Report: once, each number’s state (the blacklisted one undelivered)', [byMethod(today, 'get-report').length, reportOf(json('Get Report'))], [1, [['+905361000001', 'waiting'], ['+905361000002', 'waiting'], ['+905371000001', 'undelivered']]]],
		['Cancel: the scheduled order cancelled', [json('Cancel'), campaign?.cancelled], [[{ orderId: campaign?.id, cancelled: true }], true]],
		['Message Get Many: today’s two orders, the cancelled one 115', pick(json('Message Get Many'), 'id', 'status', 'total').map(([id, ...rest]) => [String(id), ...rest]), [[order?.id, 113, 3], [campaign?.id, 115, 1]]],
		// The blacklisted number costs nothing, and the cancelled order is refunded.
		['Get Balance: two SMS fewer', json('Get Balance'), [{ amount: balance.amount, sms: balance.sms - 2 }]],
	];
	for (const [title, got, expected] of checks) {
		await check(`${line}: ${title}`, () => same(got, expected));
	}
}

/**
 * A stand-in for an OpenAI-compatible chat model on loopback, playing a model that uses the tools
 * it is offered: asked with no tool result yet it calls the one whose name holds `add`, with one
 * tool result the one whose name holds `search`, and with both it gives its final answer. Keeps
 * every request it was sent.
 */
async function startModel(person: { gsm: string; name: string }) {
	const requests: IDataObject[] = [];
	const read = async (req: IncomingMessage) => {
		let text = '';
		for await (const chunk of req) text += String(chunk);
		return JSON.parse(text || '{}') as IDataObject;
	};
	const server = createServer((req, res) => {
		void read(req).then((body) => {
			requests.push({ path: req.url, ...body });
			const messages = (body.messages ?? []) as IDataObject[];
			const results = messages.filter((m) => m.role === 'tool').length;
			const tools = ((body.tools ?? []) as Array<{ function: { name: string } }>).map(
				(tool) => tool.function.name,
			);
			const call = (pattern: RegExp, args: IDataObject) => ({
				id: `call_${results + 1}`,
				type: 'function',
				function: {
					name: tools.find((name) => pattern.test(name)) ?? '',
					arguments: JSON.stringify(args),
				},
			});
			const message =
				results === 0
					? { role: 'assistant', content: null, tool_calls: [call(/add/i, person)] }
					: results === 1
						? {
								role: 'assistant',
								content: null,
								tool_calls: [call(/search/i, { searchKey: person.gsm })],
							}
						: { role: 'assistant', content: `Added ${person.name} and found them again.` };
			const answer = {
				id: `chatcmpl-${requests.length}`,
				object: 'chat.completion',
				created: Math.floor(Date.now() / 1000),
				model: String(body.model ?? 'stand-in'),
				choices: [{ index: 0, message, finish_reason: results < 2 ? 'tool_calls' : 'stop' }],
				usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
			};
			res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
		});
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	const close = async () => {
		server.closeAllConnections();
		await new Promise((done) => server.close(done));
	};
	return { url: `http://127.0.0.1:${port}/v1`, requests, close };
}

type Model = Awaited<ReturnType<typeof startModel>>;
const AGENT = { id: 'e2eagent', name: 'e2eagent' };
const AGENT_PERSON = { gsm: '5329990011', name: 'Ajan' };
const LANGCHAIN = '@n8n/n8n-nodes-langchain';

/**
 * A manual start, an AI Agent (3.1 in 2.x; 1.x has 3 at most), the stand-in model, and the node
 * twice as a tool: Add Contact and Search Contacts, their fields filled in by the model.
 */
function agentWorkflow(major: string) {
	const fromAI = (key: string, what: string) => `={{ $fromAI('${key}', '${what}', 'string') }}`;
	const model = { __rl: true, mode: 'id', value: 'stand-in' };
	const prompt = `Add ${AGENT_PERSON.name} (${AGENT_PERSON.gsm}) to the address book, then find them.`;
	const agent = { promptType: 'define', text: prompt, options: {} };
	const credential = (id: string) => ({ credentials: { openAiApi: { id, name: id } } });
	// prettier-ignore
	return workflow(AGENT, [
		node('Start', 'manualTrigger'),
		node('AI Agent', `${LANGCHAIN}.agent`, agent, { typeVersion: major === '2' ? 3.1 : 3 }),
		node('Chat Model', `${LANGCHAIN}.lmChatOpenAi`, { model, responsesApiEnabled: false, options: {} }, { typeVersion: 1.3, ...credential('cred-model') }),
		ours('Add Contact', { resource: 'contact', operation: 'add', gsm: fromAI('gsm', 'Mobile phone number'), name: fromAI('name', 'First name') }, 'cred-current', { type: `${NODE_TYPE}Tool` }),
		ours('Search Contacts', { resource: 'contact', operation: 'search', searchKey: fromAI('searchKey', 'Phone number, name or email to look for') }, 'cred-current', { type: `${NODE_TYPE}Tool` }),
	], [
		['Start', 'AI Agent'],
		['Chat Model', 'AI Agent', 0, 'ai_languageModel'],
		['Add Contact', 'AI Agent', 0, 'ai_tool'],
		['Search Contacts', 'AI Agent', 0, 'ai_tool'],
	]);
}

async function runAgent(install: N8nInstall, today: Emulator, model: Model, line: string) {
	today.clear();
	const { printed, failed, json } = await execute(install, AGENT.id);
	const asked = model.requests.filter((r) => String(r.path).endsWith('/chat/completions'));
	const toolResults = asked.flatMap((r) =>
		((r.messages ?? []) as IDataObject[]).filter((m) => m.role === 'tool'),
	);
	const lastResults = ((asked.at(-1)?.messages ?? []) as IDataObject[])
		.filter((m) => m.role === 'tool')
		.map((m) => String(m.content));
	const searches = byMethod(today, 'search-contacts').map((r) => r.body.request.search.key);
	// prettier-ignore
	const checks: Array<[string, unknown, unknown]> = [
		['the agent ran and gave the model’s final answer', [failed, json('AI Agent')[0]?.output], [false, `Added ${AGENT_PERSON.name} and found them again.`]],
		['the model was offered both tools, and asked three times', [asked.length, ((asked[0]?.tools ?? []) as IDataObject[]).length], [3, 2]],
		['the contact stored once, as the model gave it', today.contacts.map((c) => [c.gsm, c.name]), [[AGENT_PERSON.gsm, AGENT_PERSON.name]]],
		['one add-contact request', byMethod(today, 'add-contact').length, 1],
		['the search request made, for the number', searches, [AGENT_PERSON.gsm]],
		['the search’s result, the stored contact, went back to the model', lastResults.length === 2 && lastResults[1].includes(`"gsm":"${AGENT_PERSON.gsm}"`) && lastResults[1].includes(`"id":"${today.contacts[0]?.id}"`), true],
	];
	for (const [title, got, expected] of checks) {
		await check(
			`${line} AI Agent: ${title}`,
			() => same(got, expected),
			async () =>
				`\n      tool results: ${JSON.stringify(toolResults).slice(0, 1500)}\n      ${printed.slice(-1500)}`,
		);
	}
	await check(`${line} AI Agent: neither the secret nor the hash was printed or sent`, () => {
		if (printed.includes(HASH)) throw new Error('the hash was printed');
		noSecretIn([printed, ...model.requests.map((r) => JSON.stringify(r))]);
		if (model.requests.some((r) => JSON.stringify(r).includes(HASH))) {
			throw new Error('the hash reached the model');
		}
	});
}

const PLAIN_HTTP = 'http://api.example.invalid/v1'; // a reserved name: never a real host
const SEARCH = { resource: 'contact', operation: 'search', searchKey: 'Kişi', returnAll: true };
const GET = { resource: 'contact', operation: 'get', contactId: '1' };
const GROUPS = { resource: 'group', operation: 'getMany', returnAll: true };
const GO_ON = { onError: 'continueRegularOutput' };

type Run = Awaited<ReturnType<typeof execute>>;

/** What a failed node says: its error's message and description. */
const said = (run: Run, name: string) => {
	const error = run.last(name)?.error;
	return `${error?.message ?? ''} ${error?.description ?? ''}`.trim();
};
/** The node's own time, as n8n measured it. */
const seconds = (run: Run, name: string) =>
	((run.last(name)?.executionTime ?? NaN) / 1000).toFixed(1);
const tookUnder = (run: Run, name: string, ms: number) => {
	if (!((run.last(name)?.executionTime ?? Infinity) < ms)) {
		throw new Error(`it took ${seconds(run, name)} s`);
	}
};
/** The key, the hash or the secret, as sent or as an answer could bend them (encoded, any case). */
const leaked = (text: string) =>
	[HASH, DEFAULT_ACCOUNT.apiKey, DEFAULT_ACCOUNT.secretKey].filter((secret) =>
		[secret, encodeURIComponent(secret)].some((form) =>
			text.toLowerCase().includes(form.toLowerCase()),
		),
	);

/**
 * A security case, run on a workflow of its own: a manual start, then `nodes`, against today's
 * emulator (`elsewhere`, the earlier one, stands for another host); both emptied before.
 */
interface SecurityCase {
	id: string;
	nodes: Array<ReturnType<typeof ours>>;
	arrange?: (today: Emulator, elsewhere: Emulator) => void;
	/** The check's title, saying what the run took or did. */
	title: (run: Run, today: Emulator) => string;
	verify: (run: Run, today: Emulator, elsewhere: Emulator) => void;
}

const securityCases: SecurityCase[] = [
	{
		id: 'e2ehttps',
		nodes: [ours('Search', SEARCH, 'cred-plain-http')],
		title: (run) =>
			`a plain-http Base URL on another host fails at once, saying to use https (${seconds(run, 'Search')} s)`,
		verify: (run, today, elsewhere) => {
			const message = said(run, 'Search');
			if (!/must use https/.test(message)) {
				throw new Error(`the node said: ${message || run.printed.slice(-2000)}`);
			}
			tookUnder(run, 'Search', 5000);
			same([today.requests.length, elsewhere.requests.length], [0, 0]);
		},
	},
	{
		id: 'e2eredirect',
		nodes: [ours('Search', SEARCH)],
		arrange: (today, elsewhere) => {
			today.generateContacts(10);
			const location = `${elsewhere.url}/search-contacts/json`;
			today.failNext({ apiMethod: 'search-contacts', location, status: 307, times: Infinity });
		},
		title: () => 'a redirect to another host is an error, and nothing reaches that host',
		verify: (run, today, elsewhere) => {
			const message = said(run, 'Search');
			if (!run.failed || !/redirect/i.test(message)) {
				throw new Error(`the node said: ${message || run.printed.slice(-2000)}`);
			}
			same([elsewhere.requests.length, byMethod(today, 'search-contacts').length], [0, 1]);
		},
	},
	{
		// Each node's answers echo its request: Search's in a message, Get's in a proxy's page.
		id: 'e2eecho',
		nodes: [ours('Search', SEARCH, 'cred-current', GO_ON), ours('Get', GET, 'cred-current', GO_ON)],
		arrange: (today) => {
			today.generateContacts(10);
			today.failNext({ apiMethod: 'search-contacts', echo: 'message', times: Infinity });
			today.failNext({ apiMethod: 'get-contact', echo: 'html', times: Infinity });
		},
		title: () =>
			'answers echoing the request (in a message, in a page) leave no key or hash in any output',
		verify: (run, today) => {
			// The answers did quote the hash sent.
			const echoed = today.requests.filter((r) => r.rawBody.includes(HASH));
			same([...new Set(echoed.map((r) => r.apiMethod))], ['search-contacts', 'get-contact']);
			const errors = ['Search', 'Get'].map((name) => run.json(name)[0]?.error);
			if (!errors.every(Boolean)) throw new Error(`not both failed: ${JSON.stringify(errors)}`);
			const found = leaked(run.printed);
			if (found.length) throw new Error(`printed: ${found.join(', ')}`);
		},
	},
	{
		id: 'e2eflood',
		nodes: [ours('Search', SEARCH)],
		arrange: (today) => {
			today.generateContacts(10);
			today.failNext({ apiMethod: 'search-contacts', htmlFlood: 160_000, times: Infinity });
		},
		title: (run, today) =>
			`a 160 kB hostile page fails the search in ${seconds(run, 'Search')} s (${byMethod(today, 'search-contacts').length} requests), its error ${said(run, 'Search').length} characters`,
		verify: (run) => {
			const message = said(run, 'Search');
			if (!run.failed || !message) throw new Error(run.printed.slice(-2000));
			// At most an excerpt of it: the page is 160,000 characters.
			if (message.length > 2000) throw new Error(`the error holds ${message.length} characters`);
			tookUnder(run, 'Search', 30_000);
		},
	},
	{
		// Page k + 2 is page k again: the pages never run out.
		id: 'e2epages',
		nodes: [ours('Search', SEARCH)],
		arrange: (today) => {
			today.generateContacts(2500); // all named Kişi…: three pages of 1000
			today.failNext({ apiMethod: 'search-contacts', pages: 2, times: Infinity });
		},
		title: (run) =>
			`pages that wrap around never repeat a contact (${run.failed ? `an error: ${run.last('Search')?.error?.message}` : `${run.json('Search').length} contacts`})`,
		verify: (run) => {
			const ids = run.json('Search').map((contact) => String(contact.id));
			if (run.failed ? !said(run, 'Search') : new Set(ids).size !== ids.length || !ids.length) {
				const distinct = new Set(ids).size;
				throw new Error(
					`${ids.length} contacts, ${distinct} distinct; ${run.printed.slice(-1500)}`,
				);
			}
		},
	},
	{
		id: 'e2egroups',
		nodes: [ours('Groups', GROUPS)],
		arrange: (today) => today.buildGroupChain(20_000, 20),
		title: (run) =>
			`a group tree 20,000 deep is a clear error or items, no stack overflow (${run.failed ? `an error: ${run.last('Groups')?.error?.message}` : `${run.json('Groups').length} groups`})`,
		verify: (run) => {
			if (/call stack|stack size/i.test(run.printed)) throw new Error('a stack overflow');
			if (run.failed ? !said(run, 'Groups') : !run.json('Groups').length) {
				throw new Error(run.printed.slice(-2000));
			}
		},
	},
];
/**
 * Verdicts true in real n8n (the cases are specified in the engine specs): each a workflow of its
 * own, run like a security case.
 */
const verdictCases: SecurityCase[] = [
	{
		id: 'e2eupsertemail',
		nodes: [
			...rows(
				'Pair',
				`[{ phone: '5393000001', first_name: 'Ali', email: 'ali@e2e.org' }, { first_name: 'Ali', email: 'ALI@e2e.org' }]`,
			),
			ours('Create or Update', { ...UPSERT, groupIds: '' }),
		],
		title: () =>
			'Create or Update: two rows sharing an email, one without a phone, make one contact',
		verify: (run, today) => {
			same(pick(run.json('Create or Update'), 'result', 'gsm'), [
				['created', '5393000001'],
				['unchanged', '5393000001'],
			]);
			same(today.contacts.filter((c) => c.email.toLowerCase() === 'ali@e2e.org').length, 1);
		},
	},
	{
		id: 'e2eemptygroup',
		nodes: [ours('Send', { ...SEND, sendTo: 'group', groupId: byId('2') }), node('After', 'noOp')],
		title: () => 'Send to a group with no members: its item says so, and the next node runs',
		verify: (run, today) => {
			same(run.json('After'), [
				{
					sent: false,
					groupId: '2',
					recipients: 0,
					reason: 'The group has no members: nothing was sent',
				},
			]);
			same(byMethod(today, 'send-sms').length, 0);
		},
	},
	{
		id: 'e2eparts',
		nodes: [
			...rows(
				'Texts',
				`[{ phone: '5394000001', text: 'Kargonuz yola çıktı.' }, { phone: '5394000002', text: 'Merhaba 😀 ' + 'x'.repeat(609) }, { phone: '5394000003', text: 'Sayın müşterimiz, ' + 'a'.repeat(300) }]`,
			),
			ours('Send Parts', { ...SEND, message: '={{ $json.text }}' }, 'cred-current', GO_ON),
		],
		title: () =>
			'Send, personalised: one text over 7 SMS parts (an emoji makes it UCS-2) is its own error before sending; the other two are sent, each with its parts',
		verify: (run, today) => {
			same(pick(run.json('Send Parts'), 'number', 'parts', 'error'), [
				['5394000001', 1, null],
				[
					null,
					null,
					'The message takes 10 SMS parts; at most 7: shorten it, or take out “😀”, which makes it UCS-2',
				],
				['5394000003', 3, null],
			]);
			const orders = byMethod(today, 'send-sms');
			same(orders.length, 1);
			same(
				today.account.orders[0].messages.map((m) => [m.number, m.parts]),
				[
					['+905394000001', 1],
					['+905394000003', 3],
				],
			);
		},
	},
	{
		id: 'e2eautolost',
		nodes: [
			...rows('People', BATCH_ROWS.replace(", groups: '1, 11'", '')),
			ours('Add', { ...addFromRows, groupIds: '' }, 'cred-current', GO_ON),
		],
		arrange: (today) => today.failNext({ apiMethod: 'add-contacts', html: true, status: 502 }),
		title: () =>
			'Add, Auto, today’s backend, the first batch answered by a proxy’s 502: all 250 stored once through add-contact',
		verify: (run, today) => {
			same(
				run.json('Add').filter((item) => item.error !== undefined),
				[],
			);
			same(
				[
					run.json('Add').length,
					today.contacts.length,
					new Set(today.contacts.map((c) => c.gsm)).size,
				],
				[250, 250, 250],
			);
		},
	},
	{
		id: 'e2eremovelost',
		nodes: [
			ours('Blacklist Remove', {
				resource: 'blacklist',
				operation: 'remove',
				phoneNumber: '0537 100 00 77',
			}),
		],
		arrange: (today) => {
			today.account.seedBlacklist([{ number: '5371000077', locked: true }]);
			today.failNext({ apiMethod: 'delete-blacklist', html: true, status: 502 });
		},
		title: () =>
			'Blacklist Remove: a proxy’s 502, then 474 for a block the account cannot lift: not removed, read back',
		verify: (run, today) => {
			same(pick(run.json('Blacklist Remove'), 'number', 'removed', 'onBlacklist'), [
				['+905371000077', false, true],
			]);
			same(
				today.account.blacklist.map((entry) => entry.number),
				['+905371000077'],
			);
		},
	},
	{
		id: 'e2elistcount',
		nodes: [
			ours('Blacklist Get Many', { resource: 'blacklist', operation: 'getMany', returnAll: true }),
		],
		arrange: (today) => {
			today.account.seedBlacklist(
				Array.from({ length: 3000 }, (_, i) => `53${String(i).padStart(8, '0')}`),
			);
			today.failNext({ apiMethod: 'get-blacklist', count: 1000, times: Infinity });
		},
		title: () => 'Blacklist Get Many: a count of 1,000 for 3,000 listed cuts nothing',
		verify: (run) =>
			same(new Set(run.json('Blacklist Get Many').map((entry) => entry.number)).size, 3000),
	},
	{
		id: 'e2econsentnumber',
		nodes: [
			...rows(
				'Consent Dates',
				`[{ phone: '5395000001', date: '2025-05-01 10:30' }, { phone: '5395000002', date: 45800 }]`,
			),
			ours(
				'Consent Create Dates',
				{ ...CONSENT, status: 'ONAY', consentDate: '={{ $json.date }}' },
				'cred-current',
				GO_ON,
			),
		],
		title: () =>
			'Consent Create: a consent date given as a number (a spreadsheet’s serial day) is its own error; the other record is registered',
		verify: (run, today) => {
			same(pick(run.json('Consent Create Dates'), 'recipient', 'alreadyRegistered', 'error'), [
				['+905395000001', false, null],
				[null, null, 'Consent Date 45800 is a number, not a date'],
			]);
			same(
				today.account.consents.map((c) => [c.recipient, c.consentDate]),
				[['+905395000001', '2025-05-01 10:30:00']],
			);
		},
	},
];

const securityWorkflows = [...securityCases, ...verdictCases].map(({ id, nodes }) =>
	workflow({ id, name: id }, [node('Start', 'manualTrigger'), ...nodes]),
);

async function runSecurity(
	install: N8nInstall,
	today: Emulator,
	earlier: Emulator,
	line: string,
	cases = securityCases,
) {
	for (const { id, arrange, title, verify } of cases) {
		today.clear();
		earlier.clear();
		arrange?.(today, earlier);
		const run = await execute(install, id);
		await check(`${line}: ${title(run, today)}`, () => verify(run, today, earlier));
	}
}

/**
 * The credential dialog's Test button: [title, stored credential, fault, status, message,
 * get-balance requests it makes].
 */
// prettier-ignore
const credentialTests: Array<[string, string, IDataObject | undefined, string, RegExp, number?]> = [
	['secret key: connection successful', 'cred-secret', undefined, 'OK', /^Connection successful!$/],
	['API hash: connection successful', 'cred-hash', undefined, 'OK', /^Connection successful!$/],
	['wrong secret: says what to check', 'cred-wrong', undefined, 'Error', /^iletiMerkezi rejected the credentials: check the API key and the secret key/],
	['a Base URL answering a web page: says to check it', 'cred-secret', { html: true, status: 200 }, 'Error', /^The Base URL did not answer like the iletiMerkezi API: check it/],
	['a plain-http Base URL on another host: says to use https', 'cred-plain-http', undefined, 'Error', /must use https/, 0],
];

async function runCredentialTests(server: N8nServer, emulator: Emulator, line: string) {
	const { request } = server;
	for (const [title, id, fault, status, message, sent = 1] of credentialTests) {
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
			if (requests.length !== sent) throw new Error(`${requests.length} get-balance requests`);
			noSecretIn(requests.map((r) => r.rawBody));
		});
	}
}

// The Trigger, published twice: with a secret and only delivered and undelivered reports, and
// as it comes (no secret, every status). The webhook ids the editor would give them.
const TRIGGER_TYPE = `${PACKAGE_NAME}.iletiMerkeziTrigger`;
const SECRET_PATH = 'dlr-7f3k9q2x';
const REPORTS = {
	id: 'e2ereports',
	name: 'e2ereports',
	webhookId: '0c1f5e8a-3b2d-4c6e-9f1a-7d8e2b4c6a01',
};
const REPORTS_ALL = {
	id: 'e2ereportsall',
	name: 'e2ereportsall',
	webhookId: '0c1f5e8a-3b2d-4c6e-9f1a-7d8e2b4c6a02',
};
const TRIGGER = 'iletiMerkezi Trigger';
const reportWorkflows = (
	[
		[REPORTS, { secret: SECRET_PATH, statuses: ['delivered', 'undelivered'] }],
		[REPORTS_ALL, {}],
	] as const
).map(([{ id, name, webhookId }, parameters]) =>
	workflow({ id, name }, [node(TRIGGER, TRIGGER_TYPE, parameters, { webhookId })]),
);

/** A workflow's runs, once none is still going: [status, the Trigger's items] each, oldest first. */
async function runsOf(
	server: N8nServer,
	flatted: { parse(text: string): IDataObject },
	workflowId: string,
) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = async () => {
		const { data } = await server.request('GET', `/rest/executions?filter=${filter}&limit=100`);
		return (data as { results: IDataObject[] }).results;
	};
	let results = await list();
	for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
		if (results.every((run) => !['new', 'running', 'waiting'].includes(String(run.status)))) break;
		await new Promise((done) => setTimeout(done, 250));
		results = await list();
	}
	const runs = [];
	for (const { id } of results.sort((a, b) => Number(a.id) - Number(b.id))) {
		const { data } = await server.request('GET', `/rest/executions/${String(id)}`);
		const execution = data as { status: string; data: string };
		const run = flatted.parse(execution.data) as {
			resultData: { runData: Record<string, NodeRun[]> };
		};
		const items = run.resultData.runData[TRIGGER]?.[0]?.data?.main?.[0] ?? [];
		runs.push({ status: execution.status, items: items.map((item) => item.json) });
	}
	return runs;
}

/**
 * Delivery reports of one order to three numbers, posted by the emulator as iletiMerkezi posts them,
 * to the right URL and to wrong ones; then the runs each workflow has, counted through the REST API.
 */
async function runReports(server: N8nServer, install: N8nInstall, today: Emulator, line: string) {
	const flatted = createRequire(join(install.dir, 'app', 'package.json'))('flatted') as {
		parse(text: string): IDataObject;
	};
	today.clear();
	const numbers = ['5321000001', '5321000002', '5321000003'];
	const text = 'Siparişiniz yola çıktı';
	const receipents = { number: numbers };
	const [code, sent] = today.account.sendSms({
		sender: 'APITEST',
		iys: '0',
		message: { text, receipents },
	});
	const orderId = String(((sent as IDataObject)?.order as IDataObject)?.id);
	const base = `${server.url}/webhook`;
	const url = `${base}/${REPORTS.webhookId}/delivery-report/${SECRET_PATH}`;
	const allUrl = `${base}/${REPORTS_ALL.webhookId}/delivery-report`;
	const post = (to: string, status: ReportStatus | 110 | 111, n: number[]) =>
		today.postReports(orderId, { url: to, status, numbers: n.map((i) => numbers[i]) });
	const answers = {
		'accepted, filtered out': await post(url, 'accepted', [0, 1, 2]),
		delivered: await post(url, 'delivered', [0]),
		undelivered: await post(url, 'undelivered', [1]),
		'110, then 111, as the Python SDK reads them': [
			...(await post(url, 110, [2])),
			...(await post(url, 111, [2])),
		],
		'a wrong secret': await post(`${url}x`, 'delivered', [2]),
		'no secret': await post(`${base}/${REPORTS.webhookId}/delivery-report`, 'delivered', [2]),
		'another workflow’s id': await post(
			`${base}/${REPORTS_ALL.webhookId}/delivery-report/${SECRET_PATH}`,
			'delivered',
			[2],
		),
		'every status, no filter': [
			...(await post(allUrl, 'accepted', [2])),
			...(await post(allUrl, 'delivered', [2])),
			...(await post(allUrl, 'undelivered', [2])),
		],
	};
	const odd = { event: 'sms.status', data: { msisdn: '905321000003', state: 'EXPIRED' } };
	const oddAnswer = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(odd),
	});
	const messages = today.account.order(orderId)?.messages ?? [];
	const item = (i: number, status: string, posted: string | number = status) => {
		const report = {
			id: messages[i]?.id,
			packet_id: Number(orderId),
			status: posted,
			to: `+90${numbers[i]}`,
			body: text,
		};
		return {
			messageId: String(report.id),
			orderId,
			status,
			number: numbers[i],
			message: text,
			report,
		};
	};
	const unknown = {
		messageId: null,
		orderId: null,
		status: null,
		number: null,
		message: null,
		report: odd,
	};
	const filtered = await runsOf(server, flatted, REPORTS.id);
	const all = await runsOf(server, flatted, REPORTS_ALL.id);
	// prettier-ignore
	const checks: Array<[string, unknown, unknown]> = [
		['the order to report on', [code, messages.length], [200, 3]],
		['each post answered: 200, and 404 for a wrong path', answers, { 'accepted, filtered out': [200, 200, 200], delivered: [200], undelivered: [200], '110, then 111, as the Python SDK reads them': [200, 200], 'a wrong secret': [404], 'no secret': [404], 'another workflow’s id': [404], 'every status, no filter': [200, 200, 200] }],
		['a report in an unknown shape answered 200', oddAnswer.status, 200],
		['with the secret and the filter: one run per wanted report, none for the others', filtered, [{ status: 'success', items: [item(0, 'delivered')] }, { status: 'success', items: [item(1, 'undelivered')] }, { status: 'success', items: [item(2, 'delivered', 111)] }, { status: 'success', items: [unknown] }]],
		['as it comes: one run per report, each status', all, ['accepted', 'delivered', 'undelivered'].map((status) => ({ status: 'success', items: [item(2, status)] }))],
	];
	for (const [title, got, expected] of checks) {
		await check(`${line} Trigger: ${title}`, () => same(got, expected));
	}
}

/** `n8n start`: the credential Test, then delivery reports to the published Triggers. */
async function runServer(install: N8nInstall, earlier: Emulator, today: Emulator, line: string) {
	const password = ['E2e', 'pass1'].join('-');
	const owner = { email: 'e2e@example.com', firstName: 'End', lastName: 'ToEnd', password };
	const server = await startServer(install, SERVER_PORTS[install.major], owner);
	try {
		await runCredentialTests(server, earlier, line);
		await runReports(server, install, today, line);
	} finally {
		await server.stop();
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
		const model = await startModel(AGENT_PERSON);
		const secret = { authMode: 'secretKey', secretKey: DEFAULT_ACCOUNT.secretKey };
		const credentials = [
			...(
				[
					['cred-secret', earlier.url, secret],
					['cred-current', today.url, secret],
					['cred-hash', earlier.url, { authMode: 'apiHash', apiHashSecret: HASH }],
					['cred-wrong', earlier.url, { authMode: 'secretKey', secretKey: 'wrong-secret' }],
					['cred-plain-http', PLAIN_HTTP, secret],
				] as const
			).map(([id, baseUrl, data]) => ({
				id,
				name: id,
				type: CREDENTIAL_TYPE,
				data: { apiKey: DEFAULT_ACCOUNT.apiKey, baseUrl, ...data },
			})),
			{
				id: 'cred-model',
				name: 'cred-model',
				type: 'openAiApi',
				data: { apiKey: 'stand-in-key', organizationId: '', url: model.url, header: false },
			},
		];
		const workflows = [
			tourWorkflow(),
			agentWorkflow(major),
			...securityWorkflows,
			...reportWorkflows,
		];
		const publish = [REPORTS.id, REPORTS_ALL.id];
		// `n8n execute` opens a task broker too: on a port of its own, clear of a running n8n's.
		const env = { N8N_RUNNERS_ENABLED: 'false', N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		try {
			const install = await setUpN8n(major, folder, { credentials, workflows, publish }, env);
			const line = `n8n ${major}.x`;
			await runTour(install, today, earlier, line);
			await runAgent(install, today, model, line);
			await runSecurity(install, today, earlier, line);
			await runSecurity(install, today, earlier, line, verdictCases);
			await runHttpRequest(install, today, line);
			await runServer(install, earlier, today, line);
			await runExamples(major, join(folder, 'examples'));
		} finally {
			await model.close();
		}
	} finally {
		for (const emulator of emulators) await emulator.close();
	}
});
