/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- a benchmark that drives n8n, never shipped */
/**
 * `npm run bench`: the node in real n8n 2.40.7, against the emulator, beside what users do today.
 * Each scenario is a workflow run with `n8n execute`, at least 3 times; a figure is the median of the
 * measured node's own `executionTime`, its requests and the n8n process's peak RSS. Raw loops run in
 * a process of their own, like n8n. Writes bench/results/<engine>.md and <engine>.svg, and first
 * what hostile error pages cost the event loop (bench/results/hostile.md).
 *   npm run bench -- [--engine vm|legacy] [--sizes 10000,100000] [--runs 3] [--only <text>]
 * The nightly sync (`--only sync`) runs at sizes up to 10,000: that many rows into a group ten
 * times larger; so do the personalised messages (`--only send-personal`), one text per row.
 */
import { spawn } from 'node:child_process';
import {
	closeSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import type { IDataObject } from 'n8n-workflow';

import type { Backend, Emulator } from './emulator';
import { DEFAULT_ACCOUNT, startEmulator } from './emulator';
import { CREDENTIAL_TYPE, HASH, NODE_TYPE } from './fixtures';
import { hostileAnswers } from './bench-hostile';
import type { N8nInstall } from './n8n';
import { ROOT, node, setUpN8n, workflow } from './n8n';

const option = (name: string, fallback: string) => {
	const at = process.argv.indexOf(`--${name}`);
	return at > 0 ? process.argv[at + 1] : fallback;
};
const ENGINE = option('engine', 'vm');
const SIZES = option('sizes', '10000,100000').split(',').map(Number);
const RUNS = Number(option('runs', '3'));
/** Scenario ids containing any of these (comma-separated); all when left out. */
const ONLY = option('only', '').split(',');

/** Person i as a spreadsheet row: five columns mapped, one to a custom field. */
const PERSON = `(i) => ({ phone: '53' + String(10000000 + i), first_name: 'Ad' + i, last_name: i % 2 ? 'Yılmaz' : 'Demir', email: 'kisi' + i + '@example.com', city: ['İstanbul', 'Ankara', 'İzmir'][i % 3] })`;
/** Spreadsheet rows as a CSV import gives them. */
const rowsExpression = (size: number) =>
	`Array.from({ length: ${size} }, (_, i) => (${PERSON})(i))`;
const FIELDS = { gsm: 'phone', name: 'first_name', surname: 'last_name', email: 'email' };
const GROUPS = ['1', '11'];

/**
 * The nightly sync: `size` rows into a group of SYNC_GROUP × size members (persons 0, 1, …). Of
 * every 20 rows, 18 are members as stored (persons 0, 10, 20, …), one a member whose city changed,
 * one a person not in the group.
 */
const SYNC_GROUP = 10;
const SYNC_ROWS = 10_000;
const SYNC_GROUP_ID = '12';
const SYNC_CONCURRENCY = 4;
const syncRowsExpression = (size: number) =>
	`Array.from({ length: ${size} }, (_, i) => Object.assign((${PERSON})(i % 20 === 19 ? ${SYNC_GROUP * size} + i : ${SYNC_GROUP} * i), i % 20 === 18 ? { city: 'Bursa' } : {}))`;
type Row = Record<'phone' | 'first_name' | 'last_name' | 'email' | 'city', string>;

/** Personalised messages: each row its own text (a name and a code), in orders of SEND_ORDER. */
const SEND_ROWS = 10_000;
const SEND_ORDER = 1000;
const SENDER = 'eMarka';
const GREETING = '=Merhaba {{ $json.first_name }}, kodunuz {{ $json.code }}';
type MessageRow = Row & { code: string };
const greeting = (row: MessageRow) => `Merhaba ${row.first_name}, kodunuz ${row.code}`;
const messageRowsExpression = (size: number) =>
	`Array.from({ length: ${size} }, (_, i) => Object.assign((${PERSON})(i), { code: String(100000 + (i * 7919) % 900000) }))`;
const ROWS = { sync: syncRowsExpression, messages: messageRowsExpression };
const contactOf = (row: Row, groups: string[]) => ({
	name: row.first_name,
	surname: row.last_name,
	email: row.email,
	gsm: row.phone,
	custom_fields: { custom_field: [{ id: '1', value: row.city }] },
	groups: { group: groups.map((id) => ({ id })) },
});

type Mapping = (column: string) => string;
const reference: Mapping = (column) => `={{ $json.${column} }}`;
const needsN8n: Mapping = (column) => `={{ $json.${column}.trim() }}`;

const addParameters = (map: Mapping, batchSize: number, extra: IDataObject = {}) => ({
	resource: 'contact',
	operation: 'add',
	...Object.fromEntries(Object.entries(FIELDS).map(([field, column]) => [field, map(column)])),
	customFields: { field: [{ id: '1', value: map('city') }] },
	groupIds: GROUPS,
	options: { batchSize },
	...extra,
});
const automatic = (batchSize: number) => ({
	resource: 'contact',
	operation: 'add',
	mappingMode: 'autoMapInputData',
	customFieldColumns: { column: [{ column: 'city', id: '1' }] },
	groupIds: GROUPS,
	options: { batchSize },
});

/** What users do today: the API's envelope built by hand, one HTTP Request per person. */
const httpRequest = (url: string) => ({
	method: 'POST',
	url: `${url}/add-contact/json`,
	sendBody: true,
	specifyBody: 'json',
	jsonBody: `={ "request": { "authentication": { "key": "${DEFAULT_ACCOUNT.apiKey}", "hash": "${HASH}" }, "contact": { "name": "{{ $json.first_name }}", "surname": "{{ $json.last_name }}", "email": "{{ $json.email }}", "gsm": "{{ $json.phone }}", "custom_fields": { "custom_field": [ { "id": "1", "value": "{{ $json.city }}" } ] }, "groups": { "group": [ { "id": "1" }, { "id": "11" } ] } } } }`,
	// The node starts every request without waiting for answers; unpaced, 100,000 at once run n8n
	// out of file descriptors. 1000 every 100 ms finishes (at most ~2,000 sockets open) and adds
	// only 100 ms per 1000 people.
	options: { batching: { batch: { batchSize: 1000, batchInterval: 100 } } },
});
const editFields = (map: Mapping) => ({
	mode: 'manual',
	assignments: {
		assignments: Object.entries({ ...FIELDS, city: 'city' }).map(([name, column], i) => ({
			id: `f${i}`,
			name,
			value: map(column),
			type: 'string',
		})),
	},
	options: {},
});

interface Scenario {
	id: string;
	title: string;
	size: number;
	/**
	 * The emulator it talks to: backend, milliseconds per request, contacts to start with; or the
	 * members of the sync's group, made again before every run.
	 */
	api: { backend: Backend; delayMs?: number; seed?: number; members?: number };
	/** The node measured, after the rows (or the sync's, the messages'); or a raw loop, outside n8n. */
	step?: IDataObject;
	rows?: boolean | keyof typeof ROWS;
	raw?: RawLoop;
}

type RawLoop =
	| { kind: 'add'; batchSize: number }
	| { kind: 'read'; method: 'search-contacts' | 'get-group-contacts' }
	| { kind: 'sync'; concurrency: number }
	| { kind: 'send'; orderSize: number };

const ours = (parameters: IDataObject, credential: string) =>
	node('Measured', NODE_TYPE, parameters, {
		credentials: { [CREDENTIAL_TYPE]: { id: credential, name: credential } },
	});
const api = (backend: Backend, delayMs = 0, seed = 0) => ({ backend, delayMs, seed });
const credentialOf = ({ backend, delayMs = 0, seed = 0, members = 0 }: Scenario['api']) =>
	`bench-${backend}-${delayMs}-${seed}-${members}`;

/** Create or Update matching in the sync's group, and the raw loop sending the same requests. */
function sync(size: number): Scenario[] {
	const on = { ...api('current'), members: SYNC_GROUP * size };
	const title = `Create or Update, ${size.toLocaleString('en')} rows into a group of ${on.members.toLocaleString('en')}`;
	const parameters = addParameters(reference, 100, {
		operation: 'upsert',
		groupIds: [SYNC_GROUP_ID],
		matchIn: 'group',
		matchGroupId: { __rl: true, mode: 'id', value: SYNC_GROUP_ID },
		options: { addMethod: 'single', concurrency: SYNC_CONCURRENCY },
	});
	return [
		{
			id: `sync-${size}`,
			title,
			size,
			api: on,
			rows: 'sync',
			step: ours(parameters, credentialOf(on)),
		},
		{
			id: `sync-raw-${size}`,
			title: `${title}: raw loop`,
			size,
			api: on,
			raw: { kind: 'sync', concurrency: SYNC_CONCURRENCY },
		},
	];
}

/** Message › Send of one text per row, and the raw loop sending the same orders. */
function personalised(size: number): Scenario[] {
	const on = api('current');
	const title = `Send, ${size.toLocaleString('en')} personalised messages, orders of ${SEND_ORDER}`;
	const parameters = {
		resource: 'message',
		operation: 'send',
		sendTo: 'items',
		phoneNumber: reference('phone'),
		message: GREETING,
		sender: SENDER,
		messageType: 'transactional',
		options: { orderSize: SEND_ORDER },
	};
	return [
		{
			id: `send-personal-${size}`,
			title,
			size,
			api: on,
			rows: 'messages',
			step: ours(parameters, credentialOf(on)),
		},
		{
			id: `send-personal-raw-${size}`,
			title: `${title}: raw loop`,
			size,
			api: on,
			raw: { kind: 'send', orderSize: SEND_ORDER },
		},
	];
}

/** The sync's group as every run starts it, its search index already built. */
async function seedSyncGroup(emulator: Emulator, members: number) {
	emulator.clear();
	const person = runInNewContext(PERSON) as (i: number) => Row;
	emulator.generateContacts(members, (i) => {
		const { custom_fields, ...contact } = contactOf(person(i), [SYNC_GROUP_ID]);
		return { ...contact, custom_fields: custom_fields.custom_field, groups: [SYNC_GROUP_ID] };
	});
	const authentication = { key: DEFAULT_ACCOUNT.apiKey, hash: HASH };
	const body = JSON.stringify({ request: { authentication, search: { key: 'warm' } } });
	await (await fetch(`${emulator.url}/search-contacts/json`, { method: 'POST', body })).text();
}

function scenarios(size: number, urls: Map<string, string>): Scenario[] {
	const add = (id: string, title: string, parameters: IDataObject, on = api('classic')) => ({
		id: `${id}-${size}`,
		title,
		size,
		api: on,
		rows: true,
		step: ours(parameters, credentialOf(on)),
	});
	const list: Scenario[] = [
		add('auto-100', 'Add, Map Automatically, batches of 100', automatic(100)),
		add('auto-1000', 'Add, Map Automatically, batches of 1000', automatic(1000)),
		add('refs-100', 'Add, plain references, batches of 100', addParameters(reference, 100)),
		add('refs-1000', 'Add, plain references, batches of 1000', addParameters(reference, 1000)),
		add('exprs-100', 'Add, expressions n8n must evaluate (.trim())', addParameters(needsN8n, 100)),
		...[100, 1000].map((batchSize) => ({
			id: `raw-${batchSize}-${size}`,
			title: `Raw fetch loop, our batches of ${batchSize}`,
			size,
			api: api('classic'),
			raw: { kind: 'add' as const, batchSize },
		})),
		{
			id: `edit-fields-${size}`,
			title: 'Edit Fields node, the same five fields (.trim())',
			size,
			api: api('classic'),
			rows: true,
			step: node('Measured', 'set', editFields(needsN8n), { typeVersion: 3.4 }),
		},
		{
			id: `http-request-${size}`,
			title: 'HTTP Request node, one request per person',
			size,
			api: api('current'),
			rows: true,
			step: node('Measured', 'httpRequest', httpRequest(urls.get('current-0-0-0')!), {
				typeVersion: 4.2,
			}),
		},
	];
	if (size <= SYNC_ROWS) list.push(...sync(size));
	if (size <= SEND_ROWS) list.push(...personalised(size));
	if (size !== Math.max(...SIZES)) return list;
	const read = (id: string, title: string, parameters: IDataObject, method: RawLoop) => {
		const on = api('classic', 0, size);
		return [
			{ id: `${id}-${size}`, title, size, api: on, step: ours(parameters, credentialOf(on)) },
			{ id: `${id}-raw-${size}`, title: `${title}: raw loop`, size, api: on, raw: method },
		];
	};
	const slow = (backend: Backend, concurrency: number, people: number, batchSize = 100) => {
		const on = api(backend, 50);
		const parameters = addParameters(reference, batchSize, { options: { batchSize, concurrency } });
		return { ...add(`slow-${backend}-c${concurrency}`, '', parameters, on), size: people };
	};
	return [
		...list,
		...read(
			'search',
			'Search, Return All',
			{ resource: 'contact', operation: 'search', searchKey: 'Yılmaz', returnAll: true },
			{ kind: 'read', method: 'search-contacts' },
		),
		...read(
			'get-many',
			'Get Many over one group, Return All',
			{
				resource: 'contact',
				operation: 'getMany',
				groupId: { __rl: true, mode: 'id', value: '12' },
				returnAll: true,
			},
			{ kind: 'read', method: 'get-group-contacts' },
		),
		{ ...slow('classic', 1, size), title: 'Add, 50 ms per request, concurrency 1' },
		{ ...slow('classic', 4, size), title: 'Add, 50 ms per request, concurrency 4' },
		// One request per person: 1,000 people keep concurrency 1 under a minute a run.
		{ ...slow('current', 1, 1000), title: 'Add on today’s backend, 50 ms, concurrency 1' },
		{ ...slow('current', 8, 1000), title: 'Add on today’s backend, 50 ms, concurrency 8' },
	];
}

type Result = Scenario & Partial<Measure> & { runs?: number[]; failed?: string };
type Results = Record<string, Result>;

interface Measure {
	ms: number;
	requests: number;
	/** Requests by API method. */
	byMethod?: Record<string, number>;
	/** The process's peak RSS, and how much its RSS grew while the measured node ran. */
	rssMb?: number;
	growthMb?: number;
	/** The measured node's output, as JSON. */
	jsonMb?: number;
	/** Raw loops: the heap their records hold after a full garbage collection. */
	heldMb?: number;
}

/** `n8n execute` of one scenario's workflow: the node's time, its requests, the peak RSS. */
async function runInN8n(install: N8nInstall, id: string, emulator: Emulator): Promise<Measure> {
	const bin = join(install.dir, 'app', 'node_modules', '.bin', 'n8n');
	// Into a file: n8n exits right after printing the run, which a pipe would cut short.
	const file = join(install.env.N8N_USER_FOLDER!, 'run.out');
	const out = openSync(file, 'w');
	const child = spawn(bin, ['execute', `--id=${id}`, '--rawOutput'], {
		env: install.env,
		stdio: ['ignore', out, 'pipe'],
	});
	let stderr = '';
	child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
	// The process's RSS over time, to tell what grew while the measured node ran.
	const samples: Array<[number, number, number]> = [];
	const sampler = setInterval(() => {
		try {
			const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
			const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1]);
			if (kb('VmHWM')) samples.push([Date.now(), kb('VmRSS'), kb('VmHWM')]);
		} catch {
			// exited
		}
	}, 20);
	const before = emulator.requests.length;
	await new Promise((done) => child.on('close', done));
	clearInterval(sampler);
	closeSync(out);
	const stdout = readFileSync(file, 'utf8');
	const text = stdout.slice(stdout.search(/^\{$/m));
	let run: { data?: { resultData: { runData: IDataObject } } } = {};
	try {
		run = JSON.parse(text.slice(0, text.lastIndexOf('\n}') + 2)) as typeof run;
	} catch {
		// no run printed: reported below
	}
	const runData = run.data?.resultData.runData ?? {};
	const measured = (runData.Measured as IDataObject[] | undefined)?.[0];
	if (!measured || measured.error || stdout.includes('Execution error')) {
		const lastLines = `${stderr}${stdout}`.trim().split('\n').slice(-3).join(' ');
		const why = (measured?.error as IDataObject | undefined)?.message ?? lastLines;
		throw new Error(`${id} failed: ${String(why).slice(0, 500)}`);
	}
	const items = (measured.data as { main: IDataObject[][] }).main[0];
	const [start, ms] = [measured.startTime as number, measured.executionTime as number];
	const atStart = samples.filter(([at]) => at <= start).at(-1)?.[1] ?? 0;
	const during = samples.filter(([at]) => at >= start && at <= start + ms).map(([, rss]) => rss);
	return {
		ms,
		...requestsSince(emulator, before),
		rssMb: (samples.at(-1)?.[2] ?? 0) / 1024,
		growthMb: (Math.max(atStart, ...during) - atStart) / 1024,
		jsonMb: JSON.stringify(items.map((item) => item.json)).length / 2 ** 20,
	};
}

/** The requests an emulator answered since `before`, in all and by API method. */
function requestsSince(emulator: Emulator, before: number) {
	const byMethod: Record<string, number> = {};
	for (const { apiMethod } of emulator.requests.slice(before)) {
		byMethod[apiMethod] = (byMethod[apiMethod] ?? 0) + 1;
	}
	return { requests: emulator.requests.length - before, byMethod };
}

/** A raw loop in a process of its own: this file run with `--raw`. */
async function runRaw(scenario: Scenario, url: string, emulator: Emulator): Promise<Measure> {
	const before = emulator.requests.length;
	// --expose-gc: the loop measures what its records hold once garbage is collected.
	const args = ['--expose-gc', __filename, '--raw', JSON.stringify({ ...scenario, url })];
	const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
	let out = '';
	child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
	await new Promise((done) => child.on('close', done));
	return { ...(JSON.parse(out) as Measure), ...requestsSince(emulator, before) };
}

/** The raw loops: exactly our requests, one after another, with fetch. */
async function rawLoop({ raw, size, url }: Scenario & { url: string }) {
	const authentication = { key: DEFAULT_ACCOUNT.apiKey, hash: HASH };
	const post = async (method: string, request: IDataObject) => {
		const body = JSON.stringify({ request: { authentication, ...request } });
		const init = { method: 'POST', body, headers: { 'Content-Type': 'application/json' } };
		const answer = (await (await fetch(`${url}/${method}/json`, init)).json()) as IDataObject;
		peakRss = Math.max(peakRss, process.memoryUsage.rss());
		return answer;
	};
	const syncRows = raw?.kind === 'sync' ? (runInNewContext(syncRowsExpression(size)) as Row[]) : [];
	const messageRows =
		raw?.kind === 'send' ? (runInNewContext(messageRowsExpression(size)) as MessageRow[]) : [];
	const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
	gc();
	const startHeap = process.memoryUsage().heapUsed;
	const startRss = process.memoryUsage.rss();
	let peakRss = startRss;
	// Sampled as often as n8n's process is, so the two peaks compare.
	const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
	const started = performance.now();
	const kept: unknown[] = [];
	if (raw?.kind === 'add') {
		const rows = runInNewContext(rowsExpression(size)) as IDataObject[]; // the rows n8n makes
		for (let start = 0; start < rows.length; start += raw.batchSize) {
			const contact = rows.slice(start, start + raw.batchSize).map((row) => ({
				name: row.first_name,
				surname: row.last_name,
				email: row.email,
				gsm: row.phone,
				custom_fields: { custom_field: [{ id: '1', value: row.city }] },
				groups: { group: GROUPS.map((id) => ({ id })) },
			}));
			kept.push(await post('add-contacts', { contacts: { contact } }));
		}
	} else if (raw?.kind === 'send') {
		// The rows in their order, each text its own message. The node sorts the texts (equal ones
		// together), so its orders carry other rows, as many as these: 1,000 messages each.
		for (let start = 0; start < messageRows.length; start += raw.orderSize) {
			const message = messageRows
				.slice(start, start + raw.orderSize)
				.map((row) => ({ text: greeting(row), receipents: { number: [row.phone] } }));
			kept.push(await post('send-sms', { order: { sender: SENDER, iys: '0', message } }));
		}
	} else if (raw?.kind === 'sync') {
		// As a hand-written sync would: read the group, match by phone, compare, then write.
		const members = new Map<string, IDataObject>();
		for (let page = 1; ; page++) {
			const group = { id: SYNC_GROUP_ID, page, rowCount: 1000 };
			const answer = await post('get-group-contacts', { group });
			const contacts = ((answer.response as IDataObject).contacts ?? []) as IDataObject[];
			for (const contact of contacts) members.set(String(contact.gsm), contact);
			if (contacts.length < 1000) break;
		}
		const pool = async <T>(list: T[], work: (item: T) => Promise<unknown>) => {
			let next = 0;
			const worker = async () => {
				while (next < list.length) {
					const answer = await work(list[next++]);
					if (answer) kept.push(answer);
				}
			};
			await Promise.all(Array.from({ length: raw.concurrency }, worker));
		};
		const toAdd: number[] = [];
		await pool([...syncRows.keys()], async (index) => {
			const row = syncRows[index];
			const member = members.get(row.phone);
			if (!member) {
				// By phone, then (as Create or Update must, to find a contact stored without one) by email.
				for (const key of [row.phone, row.email]) {
					const answer = await post('search-contacts', {
						search: { key, page: 1, rowCount: 1000 },
					});
					if ((answer.response as IDataObject).contacts) return answer;
					if (key === row.email) toAdd.push(index);
					else kept.push(answer);
				}
				return undefined;
			}
			const contact = contactOf(row, [SYNC_GROUP_ID]);
			const stored = member.custom_fields as Array<{ id: string; value: string }>;
			const edit: IDataObject = {};
			for (const field of ['name', 'surname', 'email', 'gsm'] as const) {
				if (contact[field] !== member[field]) edit[field] = contact[field];
			}
			const fields = contact.custom_fields.custom_field.filter(
				({ id, value }) => stored.find((f) => f.id === id)?.value !== value,
			);
			if (fields.length) edit.custom_fields = { custom_field: fields };
			if (Object.keys(edit).length === 0) return undefined;
			return await post('edit-contact', { contact: { id: member.id, ...edit } });
		});
		await pool(
			toAdd.sort((a, b) => a - b),
			(index) => post('add-contact', { contact: contactOf(syncRows[index], [SYNC_GROUP_ID]) }),
		);
	} else if (raw) {
		const holder = raw.method === 'search-contacts' ? 'search' : 'group';
		const what = raw.method === 'search-contacts' ? { key: 'Yılmaz' } : { id: '12' };
		for (let page = 1; ; page++) {
			const answer = await post(raw.method, { [holder]: { ...what, page, rowCount: 1000 } });
			const contacts = ((answer.response as IDataObject).contacts ?? []) as unknown[];
			kept.push(...contacts);
			if (contacts.length < 1000) break;
		}
	}
	const ms = performance.now() - started;
	clearInterval(sampler);
	const rssMb = process.resourceUsage().maxRSS / 1024;
	const growthMb = (peakRss - startRss) / 2 ** 20;
	gc();
	// The records alone, as JavaScript objects: the least any client holding them can use.
	const heldMb = (process.memoryUsage().heapUsed - startHeap) / 2 ** 20;
	const jsonMb = JSON.stringify(kept).length / 2 ** 20;
	console.log(JSON.stringify({ ms, rssMb, growthMb, heldMb, jsonMb }));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function main() {
	if (ONLY.some((part) => 'hostile'.includes(part))) await hostileAnswers();
	const emulators = new Map<string, Emulator>();
	const folder = mkdtempSync(join(tmpdir(), 'n8n-bench-'));
	try {
		const keys = new Set<string>();
		for (const size of SIZES)
			for (const s of scenarios(size, new Map())) keys.add(credentialOf(s.api));
		keys.add('bench-current-0-0-0');
		for (const key of keys) {
			const [, backend, delayMs, seed] = key.split('-');
			const emulator = await startEmulator({
				backend: backend as Backend,
				delayMs: +delayMs,
				// Every run sends its messages again: enough SMS for all, and no duplicate refused.
				balance: { amount: 1e9, sms: 1e9 },
				duplicateWindowMs: 0,
			});
			emulator.generateContacts(+seed, (i) => ({
				name: `Üye${i}`,
				surname: 'Yılmaz',
				groups: ['12'],
			}));
			emulators.set(key.replace('bench-', ''), emulator);
		}
		const urls = new Map([...emulators].map(([key, emulator]) => [key, emulator.url]));
		const all = SIZES.flatMap((size) => scenarios(size, urls)).filter((s) =>
			ONLY.some((part) => s.id.includes(part)),
		);
		const credentials = [...keys].map((id) => ({
			id,
			name: id,
			type: CREDENTIAL_TYPE,
			data: {
				authMode: 'secretKey',
				...DEFAULT_ACCOUNT,
				baseUrl: emulators.get(id.replace('bench-', ''))!.url,
			},
		}));
		const rows = (size: number, which: Scenario['rows']) => [
			node(
				'Rows',
				'set',
				{
					mode: 'raw',
					jsonOutput: `={{ { rows: ${(typeof which === 'string' ? ROWS[which] : rowsExpression)(size)} } }}`,
				},
				{ typeVersion: 3.4 },
			),
			node('Split', 'splitOut', { fieldToSplitOut: 'rows', include: 'noOtherFields' }),
		];
		const workflows = all
			.filter((s) => s.step)
			.map((s) =>
				workflow({ id: s.id.replace(/\W/g, ''), name: s.title }, [
					node('Start', 'manualTrigger'),
					...(s.rows ? rows(s.size, s.rows) : []),
					s.step as IDataObject & { name: string },
				]),
			);
		console.log(`n8n 2.40.7, expression engine ${ENGINE}: ${all.length} scenarios × ${RUNS} runs`);
		const install = await setUpN8n(
			'2',
			folder,
			{ credentials, workflows },
			{
				N8N_EXPRESSION_ENGINE: ENGINE,
				N8N_RUNNERS_ENABLED: 'false',
				EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
			},
		);
		// Kept per scenario as it finishes, so a long run can be completed later with --only.
		const file = join(ROOT, 'bench', 'results', `${ENGINE}.json`);
		mkdirSync(dirname(file), { recursive: true });
		const results = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as Results;
		for (const scenario of all) {
			const emulator = emulators.get(credentialOf(scenario.api).replace('bench-', ''))!;
			const runs: Measure[] = [];
			try {
				for (let run = 0; run < RUNS; run++) {
					if (scenario.api.members) await seedSyncGroup(emulator, scenario.api.members);
					else if (!scenario.api.seed) emulator.clear();
					runs.push(
						scenario.raw
							? await runRaw(scenario, emulator.url, emulator)
							: await runInN8n(install, scenario.id.replace(/\W/g, ''), emulator),
					);
				}
			} catch (error) {
				results[scenario.id] = { ...scenario, failed: (error as Error).message };
				console.log(`  ${scenario.title} (${scenario.size}): ${results[scenario.id].failed}`);
				continue;
			} finally {
				writeFileSync(file, JSON.stringify(results, null, 1));
			}
			const keys = ['ms', 'requests', 'rssMb', 'growthMb', 'jsonMb', 'heldMb'] as const;
			const pick = (key: (typeof keys)[number]) =>
				runs[0][key] === undefined ? undefined : median(runs.map((r) => r[key]!));
			results[scenario.id] = {
				...scenario,
				...Object.fromEntries(keys.map((key) => [key, pick(key)])),
				byMethod: runs.at(-1)!.byMethod,
				runs: runs.map((r) => Math.round(r.ms)),
			};
			writeFileSync(file, JSON.stringify(results, null, 1));
			console.log(
				`  ${scenario.title} (${scenario.size}): ${runs.map((r) => r.ms.toFixed(0)).join('/')} ms`,
			);
		}
		report(Object.values(results));
	} finally {
		for (const emulator of emulators.values()) await emulator.close();
		rmSync(folder, { recursive: true, force: true });
	}
}

/** The sizes Add was measured at (whichever run measured it), largest first. */
const addSizes = (results: Result[]) => {
	const sizes = results.filter((r) => r.raw?.kind === 'add').map((r) => r.size);
	return sizes.length
		? [Math.max(...sizes), Math.min(...sizes)]
		: [Math.max(...SIZES), Math.min(...SIZES)];
};

/** The targets of the scale work, each a ratio of medians, or a count of requests. */
function targets(results: Result[]) {
	const [big, small] = addSizes(results);
	const of = (id: string, size = big) => results.find((r) => r.id === `${id}-${size}`);
	const ms = (id: string, size = big) => of(id, size)?.ms;
	const ratio = (a?: number, b?: number) => (a && b ? a / b : undefined);
	const atMost = (goal: number) => [`≤ ${goal}`, (v: number) => v <= goal] as const;
	const atLeast = (goal: number) => [`≥ ${goal}`, (v: number) => v >= goal] as const;
	const scaled = ['auto-100', 'refs-100', 'exprs-100', 'edit-fields', 'http-request', 'raw-100'];
	const floor = (ms('edit-fields') ?? 0) + (ms('raw-100') ?? 0);
	// prettier-ignore
	const rows: Array<[string, number | undefined, readonly [string, (v: number) => boolean]]> = [
		[`Map Automatically ÷ raw loop, ${big}`, ratio(ms('auto-100'), ms('raw-100')), atMost(1.5)],
		[`HTTP Request node ÷ Map Automatically, ${big}`, ratio(ms('http-request'), ms('auto-100')), atLeast(25)],
		[`Plain references ÷ Map Automatically, ${big}`, ratio(ms('refs-100'), ms('auto-100')), atMost(1.5)],
		[`Expressions ÷ (Edit Fields + raw loop), ${big}`, ratio(ms('exprs-100'), floor), atMost(1.1)],
		...scaled.map((id): (typeof rows)[number] => [`${id}: ${big} ÷ ${small}`, ratio(ms(id), ms(id, small)), atMost(11)]),
		// The API gives no total: the page after the last full one is read, and is empty.
		[`Search ${big}: requests`, of('search')?.requests, [String(big / 1000 + 1), (v) => v === Math.floor(big / 1000) + 1]],
		[`Search ${big} ÷ raw loop`, ratio(ms('search'), ms('search-raw')), atMost(1.5)],
		[`Get Many ${big} ÷ raw loop`, ratio(ms('get-many'), ms('get-many-raw')), atMost(1.5)],
		['50 ms: batches, concurrency 1 ÷ 4', ratio(ms('slow-classic-c1'), ms('slow-classic-c4')), atLeast(3)],
		['50 ms: today’s backend, concurrency 1 ÷ 8', ratio(ms('slow-current-c1'), ms('slow-current-c8')), atLeast(6)],
		...['search-raw', 'get-many-raw'].map((id): (typeof rows)[number] => [`${of(id)?.title ?? id}: records held after GC ÷ result JSON`, ratio(of(id)?.heldMb, of(id)?.jsonMb), atMost(3)]),
		...['search', 'search-raw', 'get-many', 'get-many-raw'].map((id): (typeof rows)[number] => [`${of(id)?.title ?? id}: RSS growth ÷ result JSON`, ratio(of(id)?.growthMb, of(id)?.jsonMb), atMost(3)]),
	];
	/** A scenario beside its raw loop, at its largest size: requests by method, all, the time. */
	const besideRaw = (
		id: string,
		plan: (node: Result) => { label: string; expected: Array<[string, number]> },
	) => {
		const sizes = results.filter((r) => r.id === `${id}-${r.size}` && r.ms).map((r) => r.size);
		if (!sizes.length) return;
		const size = Math.max(...sizes);
		const [node, raw] = [of(id, size)!, of(`${id}-raw`, size)];
		const { label, expected } = plan(node);
		const counts = (r?: Result) =>
			Object.entries(r?.byMethod ?? {})
				.sort()
				.map(String)
				.join();
		for (const [method, goal] of expected) {
			const [ours, theirs] = [node.byMethod?.[method], raw?.byMethod?.[method]];
			rows.push([
				`${label}: ${method} requests (raw loop: ${theirs ?? '–'})`,
				ours,
				[`${goal}`, (v) => v === goal && theirs === goal],
			]);
		}
		const all = expected.reduce((sum, [, goal]) => sum + goal, 0);
		const same = counts(node) === counts(raw);
		rows.push(
			[
				`${label}: requests in all, the raw loop's the same by method`,
				node.requests,
				[`${all}`, (v) => v === all && same],
			],
			[`${label} ÷ raw loop`, ratio(node.ms, raw?.ms), atMost(1.5)],
		);
	};
	besideRaw('sync', ({ size, api: { members } }) => {
		// Rows 19, 39, … are new (searched by phone, then by email, then added); rows 18, 38, …
		// changed (edited).
		const [changed, added] = [Math.floor((size + 1) / 20), Math.floor(size / 20)];
		return {
			label: `Create or Update ${size.toLocaleString('en')} into ${members!.toLocaleString('en')}`,
			expected: [
				// The API gives no total: the page after the last full one is read, and is empty.
				['get-group-contacts', Math.floor(members! / 1000) + 1],
				['search-contacts', 2 * added],
				['edit-contact', changed],
				['add-contact', added],
			],
		};
	});
	// Every text differs: each order carries SEND_ORDER messages of one recipient.
	besideRaw('send-personal', ({ size }) => ({
		label: `Send ${size.toLocaleString('en')} personalised messages`,
		expected: [['send-sms', Math.ceil(size / SEND_ORDER)]],
	}));
	return rows.map(
		([title, value, [goal, met]]) =>
			[title, value, goal, value !== undefined && met(value)] as const,
	);
}

function report(results: Result[]) {
	const dir = join(ROOT, 'bench', 'results');
	mkdirSync(dir, { recursive: true });
	const number = (value?: number, digits = 0) =>
		value === undefined ? '–' : value.toLocaleString('en', { maximumFractionDigits: digits });
	// Scenarios may come from different invocations (`--only`): say how many runs each had.
	const runs = [...new Set(results.map((r) => r.runs?.length ?? 0))].sort().join(' or ');
	const lines = [
		`# n8n 2.40.7, expression engine \`${ENGINE}\`, median of ${runs} runs`,
		'',
		'| Scenario | People | Node time (ms) | Contacts/s | Requests | Peak RSS (MB) | RSS growth in the node (MB) | Output JSON (MB) |',
		'|---|--:|--:|--:|--:|--:|--:|--:|',
		...results.map(
			(r) =>
				`| ${r.title} | ${number(r.size)} | ${r.failed ? `failed: ${r.failed}` : number(r.ms)} | ${number(r.ms && (r.size / r.ms) * 1000)} | ${number(r.requests)} | ${number(r.rssMb)} | ${number(r.growthMb)} | ${number(r.jsonMb, 1)} |`,
		),
		'',
		'| Target | Measured | Goal | Met |',
		'|---|--:|--:|---|',
		...targets(results).map(
			([title, value, goal, met]) =>
				`| ${title} | ${number(value, 2)} | ${goal} | ${value === undefined ? '–' : met ? 'yes' : 'NO'} |`,
		),
	];
	writeFileSync(join(dir, `${ENGINE}.md`), `${lines.join('\n')}\n`);
	writeFileSync(
		join(dir, `${ENGINE}.svg`),
		chart(
			results.filter(
				(r): r is Result & { ms: number } =>
					r.ms !== undefined &&
					r.size === addSizes(results)[0] &&
					!r.api.delayMs &&
					(!r.raw || r.raw.kind === 'add') &&
					!/search|get-many|sync|send/.test(r.id),
			),
		),
	);
	console.log(lines.join('\n'));
}

/** Contacts per second of each Add way at the largest size, as horizontal bars on a log scale. */
function chart(results: Array<Result & { ms: number }>) {
	const rate = (r: Result & { ms: number }) => (r.size / r.ms) * 1000;
	const max = Math.log10(Math.max(...results.map(rate)) * 2);
	const width = (r: Result & { ms: number }) => Math.max(2, (Math.log10(rate(r)) / max) * 420);
	const bars = results.map((r, i) => {
		const y = 40 + i * 28;
		const label = `${Math.round(rate(r)).toLocaleString('en')}/s`;
		return `<text x="330" y="${y + 14}" text-anchor="end">${r.title}</text><rect x="340" y="${y}" width="${width(r)}" height="20" fill="${r.id.startsWith('raw') ? '#999' : r.step?.type === NODE_TYPE ? '#ea4b71' : '#7a7a9d'}"/><text x="${345 + width(r)}" y="${y + 14}">${label}</text>`;
	});
	const height = 60 + results.length * 28;
	return `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${height}" font-family="sans-serif" font-size="12"><text x="10" y="20" font-size="14">Contacts added per second, ${(results[0]?.size ?? 0).toLocaleString('en')} people, n8n 2.40.7 (${ENGINE}), log scale</text>${bars.join('')}</svg>\n`;
}

if (process.argv[2] === '--raw') void rawLoop(JSON.parse(process.argv[3]));
else
	main().catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
