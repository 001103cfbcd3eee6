/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code, never shipped */
/**
 * A local stand-in for the iletiMerkezi JSON API (see docs/api.md): the envelope, the
 * hash check, the documented status codes, an address book to seed, a record of every request,
 * and faults to inject. Real HTTP on 127.0.0.1, so the node's own HTTP path is exercised.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { EmulatorGroup, StoredContact } from './store';
import { AddressBook, isTurkishMobile } from './store';

export type { StoredContact } from './store';

export const DEFAULT_ACCOUNT = { apiKey: 'test-api-key', secretKey: 'test-secret-key' };

/** The API hash: lowercase hex HMAC-SHA256 of the API key, keyed with the secret key. */
export function hashFor(apiKey: string, secretKey: string): string {
	return createHmac('sha256', secretKey).update(apiKey).digest('hex');
}

export interface RecordedRequest {
	method: string;
	/** Without the query, e.g. /v1/add-contacts/json; `apiMethod` is add-contacts. */
	path: string;
	apiMethod: string;
	headers: Record<string, string | string[] | undefined>;
	rawBody: string;
	/** The parsed JSON, or undefined when the body was not JSON. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON as received
	body: any;
	/** The HTTP status answered; 0 when the connection was dropped. */
	status: number;
	/** When the request had arrived whole (ms since the epoch). */
	at: number;
}

/** What the next request to `apiMethod` (any, when left out) gets instead of its answer. */
export interface Fault {
	apiMethod?: string;
	/** How many matching requests it hits (1). */
	times?: number;
	/** The envelope with this code, the HTTP status too (500; 502 with `html`). */
	status?: number;
	/** A proxy's HTML page instead. */
	html?: boolean;
	/** An empty body instead. */
	empty?: boolean;
	/** The connection dropped without an answer. */
	reset?: boolean;
	/** The work done first: the client cannot know that the contacts were stored. */
	afterProcessing?: boolean;
	/** The answer (done first) cut off half way. */
	truncated?: boolean;
	/** A Retry-After header, in seconds. */
	retryAfter?: number;
	/** The work done at once, its answer this many milliseconds later. */
	delayMs?: number;
}

export type Backend = 'classic' | 'current';

export interface EmulatorOptions {
	host?: string;
	/** 0 (a free port) when left out. */
	port?: number;
	/** Status codes and balance figures as strings ("200"), as the API sometimes sends them. */
	codeAsString?: boolean;
	/** `classic` (the default): the seed pages' batch add-contacts; `current`: today's methods. */
	backend?: Backend;
	/** Milliseconds before each answer, like a link to the real API. */
	delayMs?: number;
}

/** The methods each backend knows (docs/api.md); any other answers 404. */
export const BACKEND_METHODS: Record<Backend, string[]> = {
	classic: 'get-balance add-contacts search-contacts get-groups get-group-contacts'.split(' '),
	current: [
		...'get-balance add-contact edit-contact get-contact delete-contact search-contacts'.split(' '),
		...'get-group-contacts get-groups get-group add-group edit-group delete-group'.split(' '),
	],
};

/** The API's own messages (Turkish) for the codes in docs/api.md. */
const MESSAGES: Record<number, string> = {
	200: 'İşlem başarılı',
	400: 'İstek çözümlenemedi',
	401: 'Üyelik bilgileri hatalı',
	402: 'Bakiye yetersiz',
	404: 'API istek yapılan yönteme sahip değil',
	405: 'İstek yöntemi desteklenmiyor',
	422: 'Doğrulama hatası',
	429: 'Çok fazla istek',
	461: 'Grup adı boş olamaz',
	462: 'Grup numarası boş olamaz',
	463: 'Grup bulunamadı',
	464: 'Sayfa numarası 1 ile başlamalıdır',
	465: 'Kişi bulunamadı.',
	466: 'Geçersiz numara',
	471: 'Arama terimi en az 3 karakter olmalıdır.',
	472: 'Ad, soyad, numara veya e-posta alanlarından en az biri gereklidir',
	473: 'Özel alan bulunamadı',
	500: 'Sunucu hatası',
	502: 'Ağ geçidi hatası',
	503: 'Servis geçici olarak kullanılamıyor',
};

type Json = Record<string, unknown>;

const newBook = () => new AddressBook();

const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A repeating tag: an array, a single object for one, or absent. */
function repeated(value: unknown): unknown[] {
	if (value === undefined || value === null || value === '') return [];
	return Array.isArray(value) ? value : [value];
}

/** A field as trimmed text; '' when absent or when the holder is not an object. */
function field(holder: unknown, name: string): string {
	const value = isObject(holder) ? holder[name] : undefined;
	return value === undefined || value === null ? '' : String(value).trim();
}

/** The emulator: `url` is the base URL including /v1; every request is kept in `requests`. */
class ApiEmulator {
	readonly requests: RecordedRequest[] = [];

	url = '';

	/** The most requests answered at the same time since the last clear(). */
	peakInFlight = 0;

	private inFlight = 0;

	private readonly server: Server;

	private readonly methods: Set<string>;

	private book = newBook();

	private faults: Array<{ fault: Fault; left: number }> = [];

	constructor(private readonly options: EmulatorOptions) {
		this.methods = new Set(BACKEND_METHODS[options.backend ?? 'classic']);
		this.server = createServer((req, res) => this.handle(req, res));
		// Idle keep-alive sockets should not outlive a test; close() also ends them at once.
		this.server.keepAliveTimeout = 1000;
	}

	/** The address book, in id order. */
	get contacts(): StoredContact[] {
		return this.book.contacts;
	}

	/** The group tree. */
	get groups(): EmulatorGroup[] {
		return this.book.groups;
	}

	async listen(): Promise<void> {
		const host = this.options.host ?? '127.0.0.1';
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port ?? 0, host, () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		const { port } = this.server.address() as AddressInfo;
		this.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/v1`;
	}

	/** Stores contacts as given (ids are always assigned, never taken from the input). */
	seedContacts(contacts: Array<Partial<StoredContact>>): StoredContact[] {
		return contacts.map((contact) => this.book.add(contact));
	}

	generateContacts(count: number, make?: (i: number) => Partial<StoredContact>): StoredContact[] {
		const made: StoredContact[] = new Array(count);
		for (let i = 0; i < count; i++) {
			made[i] = this.book.add(make ? make(i) : { name: `Kişi${i}`, gsm: `5${300000000 + i}` });
		}
		return made;
	}

	/** Queues a fault; queued faults are taken in FIFO order by the requests they match. */
	failNext(fault: Fault): void {
		const times = fault.times ?? 1;
		if (times > 0) this.faults.push({ fault: { ...fault }, left: times });
	}

	/** How many more requests the queued faults will hit. */
	get faultsLeft(): number {
		return this.faults.reduce((total, { left }) => total + left, 0);
	}

	/** Empties contacts (ids restart at 1), requests and faults; groups are as at the start. */
	clear(): void {
		this.book = newBook();
		this.requests.length = 0;
		this.faults = [];
		this.peakInFlight = 0;
	}

	async close(): Promise<void> {
		if (!this.server.listening) return;
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			// Without this, keep-alive sockets held by fetch would keep the process (and jest) alive.
			this.server.closeAllConnections();
		});
	}

	/** The first queued fault this method matches, counted down (FIFO among matches). */
	private takeFault(apiMethod: string): Fault | undefined {
		const index = this.faults.findIndex(
			({ fault }) => fault.apiMethod === undefined || fault.apiMethod === apiMethod,
		);
		if (index < 0) return undefined;
		const entry = this.faults[index];
		if (--entry.left <= 0) this.faults.splice(index, 1);
		return entry.fault;
	}

	private handle(req: IncomingMessage, res: ServerResponse) {
		const chunks: Buffer[] = [];
		// A client that gives up mid-body must not crash the test process.
		req.on('error', () => undefined);
		res.on('error', () => undefined);
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		this.peakInFlight = Math.max(this.peakInFlight, ++this.inFlight);
		res.on('close', () => this.inFlight--);
		const respond = () => this.respond(req, res, chunks);
		req.on('end', () =>
			this.options.delayMs ? setTimeout(respond, this.options.delayMs) : respond(),
		);
	}

	private respond(req: IncomingMessage, res: ServerResponse, chunks: Buffer[]) {
		const rawBody = Buffer.concat(chunks).toString('utf8');
		const path = (req.url ?? '').split('?')[0];
		const match = /^\/v1\/([A-Za-z0-9_-]+)\/json\/?$/.exec(path);
		const record: RecordedRequest = {
			method: req.method ?? '',
			path,
			apiMethod: match?.[1] ?? '',
			headers: { ...req.headers },
			rawBody,
			body: undefined,
			status: 0,
			at: Date.now(),
		};
		try {
			record.body = JSON.parse(rawBody);
		} catch {
			// Recorded as received; answered with 400.
		}
		this.requests.push(record);

		const fault = this.takeFault(record.apiMethod);
		const processedFirst = fault?.afterProcessing || fault?.truncated || fault?.delayMs;
		if (fault && !processedFirst) return this.applyFault(fault, record, res);
		let status: number;
		let payload: Json;
		try {
			[status, payload] = this.answer(record);
		} catch {
			// A bug in the emulator shows as a 500 for the request, never as a crashed run.
			[status, payload] = [500, this.status(500)];
		}
		if (fault?.delayMs) {
			setTimeout(() => this.send(res, record, status, { response: payload }), fault.delayMs);
		} else if (fault?.truncated) {
			const body = JSON.stringify({ response: payload });
			this.write(res, record, status, 'application/json', body.slice(0, body.length >> 1));
		} else if (fault) this.applyFault(fault, record, res);
		else this.send(res, record, status, { response: payload });
	}

	private applyFault(fault: Fault, record: RecordedRequest, res: ServerResponse) {
		const status = fault.status ?? (fault.html ? 502 : 500);
		const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
		if (fault.retryAfter !== undefined) res.setHeader('Retry-After', String(fault.retryAfter));
		if (fault.reset) res.socket?.destroy();
		else if (fault.html) {
			const page = `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`;
			this.write(res, record, status, 'text/html', page);
		} else if (fault.empty) this.write(res, record, status, undefined, '');
		else this.send(res, record, status, { response: this.status(status) });
	}

	private send(res: ServerResponse, record: RecordedRequest, status: number, body: Json) {
		this.write(res, record, status, 'application/json', JSON.stringify(body));
	}

	private write(
		res: ServerResponse,
		record: RecordedRequest,
		status: number,
		type = '',
		body = '',
	) {
		record.status = status;
		// Node sends any three-digit status, so the API's 465 goes out as HTTP 465.
		res.statusCode = status;
		// Reason phrases must be Latin-1: the API's own codes get a plain one.
		res.statusMessage = STATUS_CODES[status] ?? 'API Error';
		if (type) res.setHeader('Content-Type', `${type}; charset=utf-8`);
		res.setHeader('Content-Length', Buffer.byteLength(body));
		res.end(body);
	}

	private code(code: number): number | string {
		return this.options.codeAsString ? String(code) : code;
	}

	private status(code: number, extra: Json = {}): Json {
		return { status: { code: this.code(code), message: MESSAGES[code] ?? 'Hata' }, ...extra };
	}

	/** The API's behaviour: [HTTP status, `response` payload]. */
	private answer(record: RecordedRequest): [number, Json] {
		if (record.method !== 'POST') return this.fail(405);
		if (!this.methods.has(record.apiMethod)) return this.fail(404);
		const request: unknown = isObject(record.body) ? record.body.request : undefined;
		if (!isObject(request)) return this.fail(400);

		// Authentication comes before the method's own validation, as on the real API.
		const { apiKey, secretKey } = DEFAULT_ACCOUNT;
		const auth = request.authentication;
		if (field(auth, 'key') !== apiKey || field(auth, 'hash') !== hashFor(apiKey, secretKey)) {
			return this.fail(401);
		}

		const book = this.book;
		const contact = book.contact(field(request.contact, 'id'));
		const groupId = field(request.group, 'id');
		const group = groupId ? book.findGroup(groupId) : undefined;
		switch (record.apiMethod) {
			case 'get-balance':
				return this.ok({
					balance: this.options.codeAsString
						? { amount: '10.584', sms: '67' }
						: { amount: 10.584, sms: 67 },
				});
			case 'add-contacts':
				return this.addContacts(request);
			case 'add-contact': {
				const person = this.readPerson(request.contact, 'add');
				if (typeof person === 'number') return this.fail(person);
				return this.ok({ contact: contactView(book.add(person)) });
			}
			case 'edit-contact': {
				if (!contact) return this.fail(465);
				const changes = this.readPerson(request.contact, 'edit');
				if (typeof changes === 'number') return this.fail(changes);
				Object.assign(contact, changes, {
					custom_fields: mergeFields(contact.custom_fields, changes.custom_fields),
				});
				return this.ok({ contact: contactView(contact) });
			}
			case 'get-contact':
				return contact ? this.ok({ contact: contactView(contact) }) : this.fail(465);
			case 'delete-contact':
				if (!contact) return this.fail(465);
				book.deleteContact(contact);
				return this.ok();
			case 'search-contacts': {
				const key = field(request.search, 'key');
				if (key.length < 3) return this.fail(471);
				return this.page(request.search, (start, count) => book.search(key, start, count));
			}
			case 'get-group-contacts':
				if (!groupId) return this.fail(462);
				if (!group) return this.fail(463);
				return this.page(request.group, (start, count) => book.groupMembers(groupId, start, count));
			case 'get-groups':
				return this.ok({ groups: book.groupTree() });
			case 'get-group':
				return group ? this.ok({ group: book.groupView(group) }) : this.fail(groupId ? 463 : 462);
			case 'add-group': {
				const name = field(request.group, 'name');
				const parent = field(request.group, 'parent');
				if (!name) return this.fail(461);
				if (parent && !book.hasGroup(parent)) return this.fail(463);
				const made = book.addGroup(name, parent);
				return this.ok({ group: { id: made.id, name: made.name } });
			}
			case 'edit-group': {
				if (!group) return this.fail(groupId ? 463 : 462);
				const name = field(request.group, 'name');
				if (!name) return this.fail(461);
				group.name = name;
				return this.ok({ group: { id: group.id, name } });
			}
			default: // delete-group
				if (!group) return this.fail(groupId ? 463 : 462);
				book.deleteGroup(groupId);
				return this.ok();
		}
	}

	private ok(extra: Json = {}): [number, Json] {
		return [200, this.status(200, extra)];
	}

	private fail(code: number): [number, Json] {
		return [code, this.status(code)];
	}

	/**
	 * A contact as sent to add-contact(s) (`groups: {group: [{id}]}`) or edit-contact
	 * (`groups: {id: [...]}`), checked as the API does; a status code when it is refused.
	 */
	private readPerson(person: unknown, use: 'add' | 'edit'): Partial<StoredContact> | number {
		const holder = isObject(person) ? person : {};
		const fields: Partial<StoredContact> = {};
		for (const name of ['name', 'surname', 'email', 'gsm'] as const) {
			if (use === 'add' || holder[name] !== undefined) fields[name] = field(holder, name);
		}
		if (use === 'add' && !fields.name && !fields.surname && !fields.email && !fields.gsm) {
			return 472;
		}
		if (fields.gsm && !isTurkishMobile(fields.gsm)) return 466;
		if (isObject(holder.groups)) {
			const ids =
				use === 'add'
					? repeated(holder.groups.group).map((group) => field(group, 'id'))
					: repeated(holder.groups.id).map((id) => String(id).trim());
			if (ids.some((id) => !this.book.hasGroup(id))) return 463;
			fields.groups = ids;
		} else if (use === 'add') {
			fields.groups = [];
		}
		const fieldsTag = isObject(holder.custom_fields)
			? holder.custom_fields.custom_field
			: undefined;
		fields.custom_fields = repeated(fieldsTag).map((custom) => ({
			id: field(custom, 'id'),
			value: field(custom, 'value'),
		}));
		if (fields.custom_fields.some((custom) => !this.book.hasCustomField(custom.id))) return 473;
		return fields;
	}

	private addContacts(request: Json): [number, Json] {
		const contacts = isObject(request.contacts) ? request.contacts.contact : undefined;
		const people = repeated(contacts);
		if (people.length === 0) return this.fail(400);
		// Each contact is judged on its own: a bad one gets its code, the others are stored.
		const results = people.map((person) => {
			const gsm = field(person, 'gsm');
			const checked = this.readPerson(person, 'add');
			const code = typeof checked === 'number' ? checked : 200;
			const id = typeof checked === 'number' ? '' : this.book.add(checked).id;
			return { id, gsm, status: { code: this.code(code), message: MESSAGES[code] } };
		});
		return this.ok({ contacts: { contact: results } });
	}

	/** One page of a list: `spec` holds `page` (from 1) and `rowCount` (at most 1000). */
	private page(
		spec: unknown,
		rows: (start: number, count: number) => StoredContact[],
	): [number, Json] {
		const holder = isObject(spec) ? spec : {};
		const page = holder.page === undefined || holder.page === '' ? 1 : Number(holder.page);
		if (!Number.isInteger(page) || page < 1) return this.fail(464);
		const asked =
			holder.rowCount === undefined || holder.rowCount === '' ? 1000 : Number(holder.rowCount);
		if (!Number.isInteger(asked) || asked < 1) return this.fail(422);
		// The provider documents 1000 as the maximum but not what a larger rowCount does; serving
		// 1000 rows (rather than refusing) is the lenient reading, and a client that pages by
		// "a short page is the last one" still stops correctly as long as it asks for <= 1000.
		const rowCount = Math.min(asked, 1000);
		const found = rows((page - 1) * rowCount, rowCount);
		if (found.length === 0) return this.fail(465);
		return this.ok({ contacts: found.map(contactView) });
	}
}

/** A stored contact as today's backend lists it: plain arrays, groups as bare ids. */
function contactView(contact: StoredContact): Json {
	return {
		id: contact.id,
		name: contact.name,
		surname: contact.surname,
		email: contact.email,
		gsm: contact.gsm,
		custom_fields: contact.custom_fields.map(({ id, value }) => ({ id, value })),
		groups: contact.groups.map(Number),
	};
}

/** Custom field values after an edit: the given ids take their new values, the rest stay. */
function mergeFields(
	current: StoredContact['custom_fields'],
	changes: StoredContact['custom_fields'] = [],
): StoredContact['custom_fields'] {
	const merged = new Map(current.map((custom) => [custom.id, custom.value]));
	for (const { id, value } of changes) merged.set(id, value);
	return [...merged].map(([id, value]) => ({ id, value }));
}

export type Emulator = ApiEmulator;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const emulator = new ApiEmulator(options);
	await emulator.listen();
	return emulator;
}
