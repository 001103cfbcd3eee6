/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- a command-line script, never shipped */
/**
 * `npm run demo [-- --backend classic]`: the emulator plays iletiMerkezi on 127.0.0.1 and n8n's own
 * engine runs our node: the people of dev/demo-contacts.csv are added, then searched. Today's
 * backend (the default) has no add-contacts, so Add goes on one person per add-contact request.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Backend, RecordedRequest } from './emulator';
import { startEmulator } from './emulator';
import {
	SECRET,
	addFromRows,
	createIletiMerkeziEngine,
	iletiMerkeziNode,
	secretKeyCredentials,
} from './fixtures';

/** A header row, then rows; fields in double quotes where they hold a comma. */
function parseCsv(text: string): IDataObject[] {
	const [header, ...rows] = text
		.trim()
		.split(/\r?\n/)
		.map((line) =>
			[...line.matchAll(/"([^"]*)"|([^,]+)|(?<=^|,)(?=,|$)/g)].map((m) => m[1] ?? m[2] ?? ''),
		);
	return rows.map((values) => Object.fromEntries(header.map((name, i) => [name, values[i] ?? ''])));
}

function line({ apiMethod, body, status }: RecordedRequest): string {
	const { contacts, contact, search } = body?.request ?? {};
	const what =
		(contacts && `${contacts.contact.length} contact${contacts.contact.length === 1 ? '' : 's'}`) ??
		(contact && `${contact.name} ${contact.surname ?? ''}`) ??
		(search && `key "${search.key}", page ${search.page}, rowCount ${search.rowCount}`);
	return `    POST ${apiMethod.padEnd(16)} ${what ?? ''} → HTTP ${status}${status === 404 ? ' (unknown to this backend)' : ''}`;
}

async function main() {
	const at = process.argv.indexOf('--backend');
	const backend = (at > 0 ? process.argv[at + 1] : 'current') as Backend;
	if (!['current', 'classic'].includes(backend)) throw new Error('--backend is current or classic');
	const emulator = await startEmulator({ backend });
	// An address book that already holds people, so the search has pages to read.
	emulator.generateContacts(2400, (i) => ({
		name: `Kişi${i}`,
		surname: i % 2 ? 'Yılmaz' : 'Kaya',
		gsm: `5${300000000 + i}`,
	}));
	const engine = createIletiMerkeziEngine();
	const credentials = secretKeyCredentials(emulator);
	const run = async (parameters: INodeParameters, items?: IDataObject[]) => {
		const from = emulator.requests.length;
		const node = iletiMerkeziNode(parameters, { continueOnFail: true });
		const result = await engine.runWorkflow({ items, nodes: [node], credentials });
		emulator.requests.slice(from).forEach((request) => console.log(line(request)));
		if (result.error) throw result.error;
		return result.output('iletiMerkezi').map((item) => item.json);
	};
	console.log(`Emulator on ${emulator.url}: ${backend} backend, 2400 contacts already\n`);

	const rows = parseCsv(readFileSync(join(__dirname, '../../dev/demo-contacts.csv'), 'utf8'));
	console.log(
		`1. Contact › Add (Auto): ${rows.length} rows of the CSV, batches of 3, continue on fail`,
	);
	const added = await run({ ...addFromRows, options: { batchSize: 3 } }, rows);
	added.forEach((result, i) => {
		const who = `${rows[i].first_name} ${rows[i].last_name}`.padEnd(18);
		const sent = result.error ? `written ${rows[i].phone}` : `stored as ${result.gsm}`;
		const outcome = result.error ? `✗ ${who} ${result.error}` : `✓ ${who} id ${result.id}`;
		console.log(`    ${outcome}, phone ${sent}`);
	});

	console.log('\n2. Contact › Search: "Yılmaz", Return All');
	const search = { resource: 'contact', operation: 'search', searchKey: 'Yılmaz', returnAll: true };
	const found = await run(search);
	const ours = found.filter((contact) => added.some((result) => result.id === contact.id));
	console.log(`    ${found.length} contacts, among them the ${ours.length} just added:`);
	ours.forEach((contact) =>
		console.log(`    - ${contact.name} ${contact.surname} (${contact.gsm})`),
	);

	await emulator.close();
	if (emulator.requests.some((r) => r.rawBody.includes(SECRET))) throw new Error('Secret sent');
	console.log(
		`\n${emulator.requests.length} requests; none carried the secret key, only its hash.`,
	);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
