/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code, never shipped */
/**
 * A local stand-in for the iletiMerkezi JSON API (see docs/api.md): the envelope, the
 * hash check, the documented status codes, an address book to seed, an SMS account (senders,
 * balance, orders and their reports, blacklist, İYS consents), a record of every request, delivery
 * reports posted to a webhook, and faults to inject. Real HTTP on 127.0.0.1, so the node's own HTTP
 * path is exercised.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { AccountOptions, AnswerForms, MessageState, ReportStatus } from './account';
import { ACCOUNT_METHODS, Account, REPORT_STATUS } from './account';
import type { Json } from './read';
import { field, isObject, pageOf, repeated } from './read';
import type { EmulatorGroup, StoredContact } from './store';
import { AddressBook, isContactNumber, toPlus90 } from './store';

export type {
	Account,
	AccountOptions,
	AnswerForms,
	BlacklistEntry,
	OrderMessage,
	ReportStatus,
	StoredConsent,
	StoredOrder,
} from './account';
export { ANSWER_FORMS, IYS_SOURCES, smsParts } from './account';
export type { EmulatorGroup, StoredContact } from './store';

export const DEFAULT_ACCOUNT = { apiKey: 'test-api-key', secretKey: 'test-secret-key' };

/** The API hash: lowercase hex HMAC-SHA256 of the API key, keyed with the secret key. */
export function hashFor(apiKey: string, secretKey: string): string {
	return createHmac('sha256', secretKey).update(apiKey).digest('hex');
}

export interface RecordedRequest {
	method: string;
	/** Without the query, e.g. /v1/consent/create/json; `apiMethod` is consent/create. */
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

/**
 * What the next request to `apiMethod` (any, when left out) gets instead of its answer, or how its
 * answer is bent. A fault that only bends the answer (`truncated`, `delayMs`, `dropRefused`, `pages`,
 * `rows`, `count`, `orderId`) lets the request do its work; any other replaces the answer, and the work is not done
 * unless `afterProcessing` says so.
 */
export interface Fault {
	apiMethod?: string;
	/** How many matching requests it hits (1; Infinity for every one until clear()). */
	times?: number;
	/**
	 * The envelope with this code, the HTTP status too (500; 502 with `html` or `htmlFlood`; 400 with
	 * `echo: 'message'`); with `location`, the redirect's status (302).
	 */
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
	/** add-contacts: the results of the contacts it refused are left out; the others keep their order. */
	dropRefused?: boolean;
	/** A redirect (`status` 301, 302, 303, 307 or 308) to this `Location`, with an empty body. */
	location?: string;
	/**
	 * `message`: the envelope whose status.message quotes the whole raw request body; `html`: a
	 * proxy's 502 page quoting it as sent, URL-encoded (encodeURIComponent) and upper-cased.
	 */
	echo?: 'message' | 'html';
	/** A 502 text/html page of this many `<` characters. */
	htmlFlood?: number;
	/** This HTML page instead (502), e.g. a hostile one. */
	page?: string;
	/**
	 * Lists (search-contacts, get-group-contacts, get-blacklist, get-report): `first` serves page 1
	 * whatever page is asked; a number n makes page k + n the same as page k, so pages never run out.
	 */
	pages?: 'first' | number;
	/** Contact lists: rows without `id`, or with the id as an object (`"id": {"id": "7"}`). */
	rows?: 'noId' | 'objectId';
	/**
	 * The whole list's size as answered (get-blacklist's and get-reports' `count`, get-report's
	 * `total`): this number instead of the true one (a count that lies), this text (`'çok'`), or
	 * left out (`null`). The rows are as they are.
	 */
	count?: number | string | null;
	/** send-sms: the order (sent) answered with this as its `id`, e.g. an object. */
	orderId?: unknown;
	/** With `status`: the envelope carries these `errors` too (a 422 naming its fields). */
	errors?: Json;
}

export type Backend = 'classic' | 'current';

/** Also the account's own options: senders, balance, brand codes, limits (see AccountOptions). */
export interface EmulatorOptions extends AccountOptions {
	host?: string;
	/** 0 (a free port) when left out. */
	port?: number;
	/** Status codes and balance figures as strings ("200"), as the API sometimes sends them. */
	codeAsString?: boolean;
	/** The form of each answer the API writes in two ways (see AnswerForms, ANSWER_FORMS). */
	forms?: AnswerForms;
	/**
	 * The address book also takes numbers of other countries written with their code; whether
	 * the API does is not documented (the default refuses them, 466).
	 */
	foreignNumbers?: boolean;
	/** `classic` (the default): the seed pages' batch add-contacts; `current`: today's methods. */
	backend?: Backend;
	/** Milliseconds before each answer, like a link to the real API. */
	delayMs?: number;
	/** The panel's webhook URL: where postReports() sends delivery reports when given no URL. */
	webhookUrl?: string;
}

/** The methods each backend knows (docs/api.md); any other answers 404. Both send and report. */
export const BACKEND_METHODS: Record<Backend, string[]> = {
	classic: [
		...'add-contacts search-contacts get-groups get-group-contacts'.split(' '),
		...Object.keys(ACCOUNT_METHODS),
	],
	current: [
		...'add-contact edit-contact get-contact delete-contact search-contacts'.split(' '),
		...'get-group-contacts get-groups get-group add-group edit-group delete-group'.split(' '),
		...Object.keys(ACCOUNT_METHODS),
	],
};

/**
 * The API's own messages (Turkish): the provider's status code table; 403 and 474 from the pages of
 * the methods that answer them; 405, 429, 500 and 502 are the emulator's.
 */
export const MESSAGES: Record<number, string> = {
	200: 'İşlem başarılı',
	400: 'İstek çözümlenemedi',
	401: 'Üyelik bilgileri hatalı',
	402: 'Bakiye yetersiz',
	403: 'Aktif abonelik bulunamadı',
	404: 'API istek yapılan yönteme sahip değil',
	405: 'İstek yöntemi desteklenmiyor',
	422: 'İstek içerisindeki değerler doğrulanamadı.',
	429: 'Çok fazla istek',
	450: 'Gönderilen başlık kullanıma uygun değil',
	451: 'Tekrar eden sipariş',
	452: 'Mesaj alıcıları hatalı',
	453: 'Sipariş boyutu aşıldı',
	454: 'Mesaj metni boş',
	455: 'Sipariş bulunamadı',
	456: 'Sipariş gönderim tarihi henüz gelmedi',
	457: 'Mesaj gönderim tarihinin formatı hatalı',
	458: 'Tarih aralığı hatalı',
	461: 'Grup adını boş bırakamazsınız.',
	462: 'Grup id alanını boş bırakamazsınız.',
	463: 'Böyle bir grup bulunamadı.',
	464: 'Page değeri 1 den başlamalı.',
	465: 'Kişi bulunamadı.',
	466: 'Hatalı numara',
	468: 'IYS üzerinden sorgulama yapılıp, yapılmayacağını ayarlamalısınız.',
	469: 'IYS listenizi seçmelisiniz, BIREYSEL veya TACIR.',
	470: 'IYS kodunuzu ayarlamalısınız.',
	471: 'Arama terimi en az 3 karakter olmalıdır.',
	472: 'Ad, soyad, cep telefonu, email alanlarından en az biri dolu olmalıdır.',
	473: 'Özel alan bulunamadı.',
	474: 'Bu numara üzerindeki engelleme kaldırılamaz',
	500: 'Sunucu hatası',
	502: 'Ağ geçidi hatası',
	503: 'Sunucu geçici olarak servis dışı',
};

/** JSON text placed as is into an answer: a group tree deeper than JSON.stringify goes. */
class RawJson {
	constructor(readonly text: string) {}
}

/** The emulator: `url` is the base URL including /v1; every request is kept in `requests`. */
class ApiEmulator {
	readonly requests: RecordedRequest[] = [];

	url = '';

	/** The most requests answered at the same time since the last clear(). */
	peakInFlight = 0;

	/** The panel's webhook URL (postReports' default). */
	webhookUrl: string | undefined;

	private inFlight = 0;

	private readonly server: Server;

	private readonly methods: Set<string>;

	private book = new AddressBook();

	private sms: Account;

	private faults: Array<{ fault: Fault; left: number }> = [];

	constructor(private readonly options: EmulatorOptions) {
		this.methods = new Set(BACKEND_METHODS[options.backend ?? 'classic']);
		this.sms = this.newAccount();
		this.webhookUrl = options.webhookUrl;
		this.server = createServer((req, res) => this.handle(req, res));
		// Idle keep-alive sockets should not outlive a test; close() also ends them at once.
		this.server.keepAliveTimeout = 1000;
	}

	/** The address book, in id order; to read (contacts change through the API). */
	get contacts(): StoredContact[] {
		return this.book.contacts;
	}

	/** The group tree. */
	get groups(): EmulatorGroup[] {
		return this.book.groups;
	}

	/**
	 * The SMS account: `senders`, `brandCodes` and `balance` (live, may be changed), `orders`,
	 * `blacklist`, `consents`, `seedBlacklist()`, `seedConsents()`, `settle()`. A new one after clear().
	 */
	get account(): Account {
		return this.sms;
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

	/**
	 * A chain of `depth` groups, each inside the one before, the first at the top (or under
	 * `parentId`); names are `nameLength` characters. Answers the groups, outermost first.
	 */
	buildGroupChain(depth: number, nameLength: number, parentId = ''): EmulatorGroup[] {
		const names = Array.from({ length: depth }, (_, i) =>
			`G${i + 1}-`.padEnd(nameLength, 'x').slice(0, nameLength),
		);
		return this.book.addChain(names, parentId);
	}

	/**
	 * POSTs a delivery report `{report: {id, packet_id, status, to, body}}` per message of the order
	 * (those to `numbers`, any accepted form; all when left out), one request each and in order, to
	 * `url` (the panel's webhook URL when left out). `status` is each message's state now (accepted,
	 * delivered, undelivered) unless one is given, as a word or as get-report's code (110, 111, 112:
	 * the Python SDK's reading). Answers the HTTP statuses (0: not reached).
	 */
	async postReports(
		orderId: string,
		options: { url?: string; numbers?: string[]; status?: ReportStatus | MessageState } = {},
	): Promise<number[]> {
		const url = options.url ?? this.webhookUrl;
		const order = this.sms.order(orderId);
		if (!url) throw new Error('No webhook URL: set webhookUrl or pass url');
		if (!order) throw new Error(`No order ${orderId}`);
		const wanted = options.numbers && new Set(options.numbers.map((n) => toPlus90(n) ?? n));
		const statuses: number[] = [];
		for (const message of order.messages.filter((m) => !wanted || wanted.has(m.number))) {
			const report = {
				id: message.id,
				packet_id: Number(order.id),
				status: options.status ?? REPORT_STATUS[message.status],
				to: message.number,
				body: message.text,
			};
			const headers = { 'Content-Type': 'application/json' };
			const body = JSON.stringify({ report });
			try {
				const response = await fetch(url, { method: 'POST', headers, body });
				await response.arrayBuffer();
				statuses.push(response.status);
			} catch {
				statuses.push(0);
			}
		}
		return statuses;
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

	/**
	 * Empties contacts (ids restart at 1), the account (as the options made it), requests and faults;
	 * groups are as at the start.
	 */
	clear(): void {
		this.book = new AddressBook();
		this.sms = this.newAccount();
		this.webhookUrl = this.options.webhookUrl;
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

	private newAccount(): Account {
		return new Account(this.options, (code) => this.status(code).status as Json, this.forms);
	}

	/** The answer forms: `forms`, with `codeAsString`'s codes and balance as text. */
	private get forms(): AnswerForms {
		const { codeAsString, forms } = this.options;
		return codeAsString ? { ...forms, codeAsText: true, balanceAsText: true } : (forms ?? {});
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
		// A method may have a slash in its name: /v1/consent/create/json.
		const match = /^\/v1\/([A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*)\/json\/?$/.exec(path);
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
		const bends =
			fault &&
			(fault.truncated ||
				fault.delayMs ||
				fault.dropRefused ||
				fault.pages ||
				fault.rows ||
				fault.count !== undefined ||
				fault.orderId !== undefined);
		if (fault && !fault.afterProcessing && !bends) return this.applyFault(fault, record, res);
		let status: number;
		let body: string;
		try {
			let payload: Json;
			[status, payload] = this.answer(record, fault ?? {});
			body = serialize({ response: payload });
		} catch {
			// A bug in the emulator shows as a 500 for the request, never as a crashed run.
			[status, body] = [500, JSON.stringify({ response: this.status(500) })];
		}
		if (fault?.delayMs) {
			setTimeout(() => this.write(res, record, status, 'application/json', body), fault.delayMs);
		} else if (fault?.truncated) {
			this.write(res, record, status, 'application/json', body.slice(0, body.length >> 1));
		} else if (fault?.afterProcessing) this.applyFault(fault, record, res);
		else this.write(res, record, status, 'application/json', body);
	}

	private applyFault(fault: Fault, record: RecordedRequest, res: ServerResponse) {
		const html =
			fault.html ||
			fault.htmlFlood !== undefined ||
			fault.page !== undefined ||
			fault.echo === 'html';
		const status = fault.status ?? (fault.location ? 302 : html ? 502 : fault.echo ? 400 : 500);
		const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
		const raw = record.rawBody;
		if (fault.retryAfter !== undefined) res.setHeader('Retry-After', String(fault.retryAfter));
		if (fault.reset) res.socket?.destroy();
		else if (fault.location) {
			res.setHeader('Location', fault.location);
			this.write(res, record, status, undefined, '');
		} else if (fault.echo === 'message') {
			const envelope = { status: { code: this.code(status), message: raw } };
			this.write(res, record, status, 'application/json', JSON.stringify({ response: envelope }));
		} else if (fault.htmlFlood !== undefined || fault.page !== undefined) {
			const page = fault.page ?? '<'.repeat(fault.htmlFlood ?? 0);
			this.write(res, record, status, 'text/html', page);
		} else if (html) {
			const quoted = fault.echo
				? `<pre>${raw}</pre><pre>${encodeURIComponent(raw)}</pre><pre>${raw.toUpperCase()}</pre>`
				: '';
			const page = `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center>${quoted}<hr><center>nginx</center></body></html>`;
			this.write(res, record, status, 'text/html', page);
		} else if (fault.empty) this.write(res, record, status, undefined, '');
		else
			this.write(
				res,
				record,
				status,
				'application/json',
				JSON.stringify({ response: this.status(status, fault.errors && { errors: fault.errors }) }),
			);
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
		return this.forms.codeAsText ? String(code) : code;
	}

	private status(code: number, extra: Json = {}): Json {
		return { status: { code: this.code(code), message: MESSAGES[code] ?? 'Hata' }, ...extra };
	}

	/** The API's behaviour: [HTTP status, `response` payload]. */
	private answer(record: RecordedRequest, fault: Fault): [number, Json] {
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

		const sending = ACCOUNT_METHODS[record.apiMethod];
		if (sending) {
			const [code, extra] = sending(this.sms, request, fault.pages);
			const answered = code === 200 ? recount(extra, fault.count) : extra;
			if (fault.orderId !== undefined && answered?.order) answered.order = { id: fault.orderId };
			return [code, this.status(code, answered)];
		}
		const book = this.book;
		const contact = book.contact(field(request.contact, 'id'));
		const groupId = field(request.group, 'id');
		const group = groupId ? book.findGroup(groupId) : undefined;
		switch (record.apiMethod) {
			case 'add-contacts':
				return this.addContacts(request, fault);
			case 'add-contact': {
				const person = this.readPerson(request.contact, 'add');
				if (typeof person === 'number') return this.fail(person);
				return this.ok({ contact: contactView(book.add(person)) });
			}
			case 'edit-contact': {
				if (!contact) return this.fail(465);
				const changes = this.readPerson(request.contact, 'edit');
				if (typeof changes === 'number') return this.fail(changes);
				book.edit(contact, {
					...changes,
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
				return this.page(request.search, fault, (start, count) => book.search(key, start, count));
			}
			case 'get-group-contacts':
				if (!groupId) return this.fail(462);
				if (!group) return this.fail(463);
				return this.page(request.group, fault, (start, count) =>
					book.groupMembers(groupId, start, count),
				);
			case 'get-groups':
				return this.ok({ groups: new RawJson(book.treeJson()) });
			case 'get-group':
				if (!group) return this.fail(groupId ? 463 : 462);
				return this.ok({ group: new RawJson(book.treeJson([group]).slice(1, -1)) });
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
		if (fields.gsm && !isContactNumber(fields.gsm, this.options.foreignNumbers === true))
			return 466;
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

	private addContacts(request: Json, fault: Fault): [number, Json] {
		const contacts = isObject(request.contacts) ? request.contacts.contact : undefined;
		const people = repeated(contacts);
		if (people.length === 0) return this.fail(400);
		// Each contact is judged on its own: a bad one gets its code, the others are stored.
		const results = people.map((person) => {
			const gsm = field(person, 'gsm');
			const checked = this.readPerson(person, 'add');
			const code = typeof checked === 'number' ? checked : 200;
			const id = typeof checked === 'number' ? '' : this.book.add(checked).id;
			return { id, gsm, ...(this.status(code) as { status: Json }) };
		});
		const kept = fault.dropRefused ? results.filter((result) => result.id !== '') : results;
		return this.ok({ contacts: { contact: kept } });
	}

	/** One page of contacts: `spec` holds `page` (from 1) and `rowCount` (at most 1000). */
	private page(
		spec: unknown,
		fault: Fault,
		rows: (start: number, count: number) => StoredContact[],
	): [number, Json] {
		const page = pageOf(spec, fault.pages);
		if (typeof page === 'number') return this.fail(page);
		const found = rows(page.start, page.rowCount);
		if (found.length === 0) return this.fail(465);
		return this.ok({ contacts: found.map((contact) => contactView(contact, fault.rows)) });
	}
}

/** A stored contact as today's backend lists it: plain arrays, groups as bare ids. */
function contactView(contact: StoredContact, rows?: Fault['rows']): Json {
	const id = rows === 'objectId' ? { id: contact.id } : contact.id;
	return {
		...(rows === 'noId' ? {} : { id }),
		name: contact.name,
		surname: contact.surname,
		email: contact.email,
		gsm: contact.gsm,
		custom_fields: contact.custom_fields.map(({ id, value }) => ({ id, value })),
		groups: contact.groups.map(Number),
	};
}

/** A list's answer with its count (or get-report's total) bent by a `count` fault. */
function recount(extra: Json | undefined, count: Fault['count']): Json | undefined {
	if (count === undefined || !extra) return extra;
	const holder = [extra.blacklist, extra.order, extra].find(
		(part): part is Json => isObject(part) && ('count' in part || 'total' in part),
	);
	if (!holder) return extra;
	const key = 'count' in holder ? 'count' : 'total';
	if (count === null) delete holder[key];
	else holder[key] = count;
	return extra;
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

/** JSON text of an answer, RawJson parts placed as they are. */
function serialize(body: Json): string {
	const raws: string[] = [];
	const text = JSON.stringify(body, (_, value: unknown) =>
		value instanceof RawJson ? `\u0000raw${raws.push(value.text) - 1}\u0000` : value,
	);
	return raws.length === 0
		? text
		: text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_, index: string) => raws[Number(index)]);
}

export type Emulator = ApiEmulator;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const emulator = new ApiEmulator(options);
	await emulator.listen();
	return emulator;
}
