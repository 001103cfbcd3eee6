/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- a command-line script, never shipped */
/**
 * The demo: the bundled emulator plays iletiMerkezi on 127.0.0.1, and n8n's own engine runs two
 * workflows with the node: a spreadsheet (CSV) of people is added, then searched.
 *   npm run demo [-- --backend current|classic]
 * On today's backend (the default) Add finds add-contacts unknown and sends one person per
 * add-contact request; on the classic one it sends batches to add-contacts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { Backend, Emulator, RecordedRequest } from './emulator';
import {
	addFromRows,
	secretKeyCredentials,
	createIletiMerkeziEngine,
	iletiMerkeziNode,
} from './fixtures';
import { DEFAULT_ACCOUNT, startEmulator } from './emulator';

/** A small CSV reader: a header row, commas, fields in double quotes where they hold a comma. */
export function parseCsv(text: string): IDataObject[] {
	const [header, ...rows] = text
		.split(/\r?\n/)
		.filter((line) => line.trim() !== '')
		.map((line) => [...line.matchAll(/(?:"([^"]*)"|([^,]*))(?:,|$)/g)].map((m) => m[1] ?? m[2]));
	// The pattern also matches the empty string at the end of each line.
	return rows.map((values) =>
		Object.fromEntries(header.slice(0, -1).map((name, i) => [name, values[i] ?? ''])),
	);
}

function describeRequest(request: RecordedRequest): string {
	const body = request.body?.request ?? {};
	if (request.apiMethod === 'add-contacts') {
		const count = body.contacts.contact.length;
		return `add-contacts     ${count} contacts → HTTP ${request.status}${request.status === 404 ? ' (unknown to this backend)' : ''}`;
	}
	if (request.apiMethod === 'add-contact') {
		return `add-contact      ${body.contact.name} ${body.contact.surname ?? ''} → HTTP ${request.status}`;
	}
	if (request.apiMethod === 'search-contacts') {
		const { key, page, rowCount } = body.search;
		return `search-contacts  key "${key}", page ${page}, rowCount ${rowCount} → HTTP ${request.status}`;
	}
	return `${request.apiMethod} → HTTP ${request.status}`;
}

function printRequests(emulator: Emulator, from: number) {
	for (const request of emulator.requests.slice(from))
		console.log(`    POST ${describeRequest(request)}`);
}

async function main() {
	const at = process.argv.indexOf('--backend');
	const backend = (at > 0 ? process.argv[at + 1] : 'current') as Backend;
	if (backend !== 'current' && backend !== 'classic')
		throw new Error('--backend is current or classic');
	const emulator = await startEmulator({ backend });
	// An address book that already holds people, so the search has pages to read.
	emulator.generateContacts(2400, (i) => ({
		name: `Kişi${i}`,
		surname: i % 2 ? 'Yılmaz' : 'Kaya',
		gsm: `5${String(300000000 + i)}`,
	}));
	const engine = createIletiMerkeziEngine();
	const credentials = secretKeyCredentials(emulator);
	console.log(
		`iletiMerkezi emulator on ${emulator.url}: ${backend} backend, ${emulator.contacts.length} contacts already\n`,
	);

	const csvPath = join(__dirname, '..', '..', 'dev', 'demo-contacts.csv');
	const rows = parseCsv(readFileSync(csvPath, 'utf8'));
	console.log(
		`1. Contact › Add (Add Method: Auto): ${rows.length} rows of dev/demo-contacts.csv, batch size 3, continue on fail`,
	);
	const add = await engine.runWorkflow({
		items: rows,
		credentials,
		nodes: [
			iletiMerkeziNode({ ...addFromRows, options: { batchSize: 3 } }, { continueOnFail: true }),
		],
	});
	printRequests(emulator, 0);
	for (const item of add.output('iletiMerkezi')) {
		const row = rows[(item.pairedItem as { item: number }).item];
		const who = `${row.first_name} ${row.last_name}`.padEnd(18);
		console.log(
			item.json.error
				? `    ✗ ${who} ${item.json.error}`
				: `    ✓ ${who} id ${item.json.id}, gsm ${item.json.gsm}`,
		);
	}

	const before = emulator.requests.length;
	console.log('\n2. Contact › Search: "Yılmaz", Return All');
	const search = await engine.runWorkflow({
		credentials,
		nodes: [
			iletiMerkeziNode({
				resource: 'contact',
				operation: 'search',
				searchKey: 'Yılmaz',
				returnAll: true,
			}),
		],
	});
	printRequests(emulator, before);
	const found = search.output('iletiMerkezi');
	const justAdded = new Set(add.output('iletiMerkezi').map((item) => item.json.id));
	const ours = found.filter((contact) => justAdded.has(contact.json.id));
	console.log(`    ${found.length} contacts, among them the ${ours.length} just added:`);
	for (const contact of ours) {
		console.log(`    - ${contact.json.name} ${contact.json.surname} (${contact.json.gsm})`);
	}

	const leaked = emulator.requests.some((r) => r.rawBody.includes(DEFAULT_ACCOUNT.secretKey));
	await emulator.close();
	const failed = add.error ?? search.error;
	if (failed) throw failed;
	if (leaked) throw new Error('The secret key appeared in a request');
	console.log(
		`\n${emulator.requests.length} requests in all; none carried the secret key, only the API key and its hash.`,
	);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
