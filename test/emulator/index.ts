/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code, never shipped */
/**
 * A local stand-in for the iletiMerkezi JSON API (see shared/api/NOTES.md): the envelope, the
 * hash check, the documented status codes, an address book to seed, a record of every request,
 * and faults to inject. Real HTTP on 127.0.0.1, so the node's own HTTP path is exercised.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const DEFAULT_ACCOUNT = { apiKey: 'test-api-key', secretKey: 'test-secret-key' };

export function hashFor(apiKey: string, secretKey: string): string {
	return createHmac('sha256', secretKey).update(apiKey).digest('hex');
}

export interface StoredContact {
	id: string;
	name: string;
	surname: string;
	email: string;
	gsm: string;
	custom_fields: Array<{ id: string; value: string }>;
	groups: string[];
}

export interface EmulatorGroup {
	id: string;
	name: string;
	count?: number;
	children?: EmulatorGroup[];
}

export interface RecordedRequest {
	method: string;
	path: string;
	apiMethod: string;
	headers: Record<string, string | string[] | undefined>;
	rawBody: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON as received
	body: any;
	/** The HTTP status answered (0 when the connection was dropped). */
	status: number;
}

export interface Fault {
	/** Only requests to this method; any method when left out. */
	apiMethod?: string;
	/** How many matching requests it hits; 1 when left out. */
	times?: number;
	/** Answer the API's envelope with this code (and the same HTTP status). */
	status?: number;
	/** Answer a proxy's HTML page (HTTP `status`, 502 when left out). */
	html?: boolean;
	/** Answer an empty body (HTTP `status`, 500 when left out). */
	empty?: boolean;
	/** Drop the connection without an answer. */
	reset?: boolean;
	/** Do the work first, then fail: the client cannot know that the contacts were stored. */
	afterProcessing?: boolean;
}

export interface EmulatorOptions {
	host?: string;
	port?: number;
	accounts?: Array<{ apiKey: string; secretKey: string }>;
	/** Send status codes as strings ("200"), as the API sometimes does. */
	codeAsString?: boolean;
	groups?: EmulatorGroup[];
	customFieldIds?: string[];
}

export interface Emulator {
	readonly url: string;
	readonly requests: RecordedRequest[];
	readonly contacts: StoredContact[];
	seedContacts(contacts: Array<Partial<StoredContact>>): StoredContact[];
	generateContacts(count: number, make?: (i: number) => Partial<StoredContact>): StoredContact[];
	failNext(fault: Fault): void;
	clear(): void;
	close(): Promise<void>;
}

export const DEFAULT_GROUPS: EmulatorGroup[] = [
	{
		id: '1',
		name: 'Customers',
		children: [
			{ id: '11', name: 'VIP' },
			{ id: '12', name: 'Newsletter' },
		],
	},
	{ id: '2', name: 'Suppliers' },
];

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
	503: 'Servis geçici olarak kullanılamıyor',
};

/** The provider's accepted mobile forms: 5xx…, 05xx…, 905xx…, +905xx…, spaced or not. */
function isTurkishMobile(gsm: string): boolean {
	const digits = gsm.replace(/[\s\-()]/g, '');
	return /^(\+?90|0)?5\d{9}$/.test(digits);
}

type Json = Record<string, unknown>;

function list<T>(value: T | T[] | undefined | null): T[] {
	if (value === undefined || value === null || value === '') return [];
	return Array.isArray(value) ? value : [value];
}

const text = (value: unknown) =>
	value === undefined || value === null ? '' : String(value).trim();

class ApiEmulator implements Emulator {
	readonly requests: RecordedRequest[] = [];

	readonly contacts: StoredContact[] = [];

	url = '';

	private server: Server;

	private faults: Array<Fault & { left: number }> = [];

	private nextId = 1;

	private readonly accounts: Map<string, string>;

	private readonly groups: EmulatorGroup[];

	private readonly groupIds = new Set<string>();

	private readonly customFieldIds: Set<string>;

	constructor(private readonly options: EmulatorOptions) {
		const accounts = options.accounts ?? [DEFAULT_ACCOUNT];
		this.accounts = new Map(accounts.map((a) => [a.apiKey, hashFor(a.apiKey, a.secretKey)]));
		this.groups = options.groups ?? DEFAULT_GROUPS;
		const visit = (groups: EmulatorGroup[]) =>
			groups.forEach((g) => {
				this.groupIds.add(g.id);
				visit(g.children ?? []);
			});
		visit(this.groups);
		this.customFieldIds = new Set(options.customFieldIds ?? ['1', '2', '3']);
		this.server = createServer((req, res) => this.handle(req, res));
		// Keep-alive sockets would hold the process open after close().
		this.server.keepAliveTimeout = 1000;
	}

	async listen(): Promise<void> {
		const host = this.options.host ?? '127.0.0.1';
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port ?? 0, host, () => resolve());
		});
		const { port } = this.server.address() as AddressInfo;
		this.url = `http://${host}:${port}/v1`;
	}

	seedContacts(contacts: Array<Partial<StoredContact>>): StoredContact[] {
		return contacts.map((contact) => this.store(contact));
	}

	generateContacts(count: number, make?: (i: number) => Partial<StoredContact>): StoredContact[] {
		const made: StoredContact[] = [];
		for (let i = 0; i < count; i++) {
			made.push(this.store(make ? make(i) : { name: `Kişi${i}`, gsm: `5${300000000 + i}` }));
		}
		return made;
	}

	failNext(fault: Fault): void {
		this.faults.push({ ...fault, left: fault.times ?? 1 });
	}

	clear(): void {
		this.contacts.length = 0;
		this.searchTexts = [];
		this.requests.length = 0;
		this.faults = [];
		this.nextId = 1;
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	/** Lower-cased search text per stored contact, made once: lower-casing is the slow part. */
	private searchTexts: string[] = [];

	private searchText(index: number, c: StoredContact): string {
		return (this.searchTexts[index] ??= [c.gsm, c.name, c.surname, c.email]
			.join('\n')
			.toLocaleLowerCase('tr'));
	}

	private store(contact: Partial<StoredContact>): StoredContact {
		const stored: StoredContact = {
			id: String(this.nextId++),
			name: contact.name ?? '',
			surname: contact.surname ?? '',
			email: contact.email ?? '',
			gsm: contact.gsm ?? '',
			custom_fields: contact.custom_fields ?? [],
			groups: contact.groups ?? [],
		};
		this.contacts.push(stored);
		return stored;
	}

	private code(code: number): number | string {
		return this.options.codeAsString ? String(code) : code;
	}

	private takeFault(apiMethod: string): Fault | undefined {
		const index = this.faults.findIndex((f) => !f.apiMethod || f.apiMethod === apiMethod);
		if (index < 0) return undefined;
		const fault = this.faults[index];
		if (--fault.left <= 0) this.faults.splice(index, 1);
		return fault;
	}

	private handle(req: IncomingMessage, res: ServerResponse) {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			const path = (req.url ?? '').split('?')[0];
			const match = /^\/v1\/([a-z-]+)\/json\/?$/.exec(path);
			const record: RecordedRequest = {
				method: req.method ?? '',
				path,
				apiMethod: match?.[1] ?? '',
				headers: req.headers,
				rawBody,
				body: undefined,
				status: 0,
			};
			try {
				record.body = JSON.parse(rawBody);
			} catch {
				// recorded as received; answered with 400 below
			}
			this.requests.push(record);

			const fault = this.takeFault(record.apiMethod);
			if (fault && !fault.afterProcessing) return this.applyFault(fault, record, res);
			const [status, payload] = this.answer(record);
			if (fault) return this.applyFault(fault, record, res);
			this.send(res, record, status, { response: payload });
		});
	}

	private applyFault(fault: Fault, record: RecordedRequest, res: ServerResponse) {
		if (fault.reset) {
			record.status = 0;
			res.socket?.destroy();
			return;
		}
		if (fault.html) {
			const status = fault.status ?? 502;
			record.status = status;
			res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
			res.end(
				`<html><head><title>${status} Bad Gateway</title></head><body><h1>${status} Bad Gateway</h1><hr>nginx</body></html>`,
			);
			return;
		}
		if (fault.empty) {
			const status = fault.status ?? 500;
			record.status = status;
			res.writeHead(status, { 'Content-Length': '0' });
			res.end();
			return;
		}
		const status = fault.status ?? 500;
		this.send(res, record, status, { response: this.status(status) });
	}

	private send(res: ServerResponse, record: RecordedRequest, status: number, body: Json) {
		record.status = status;
		const json = JSON.stringify(body);
		res.statusCode = status;
		res.statusMessage = MESSAGES[status] ? 'API' : 'Unknown';
		res.setHeader('Content-Type', 'application/json; charset=utf-8');
		res.setHeader('Content-Length', Buffer.byteLength(json));
		res.end(json);
	}

	private status(code: number, extra: Json = {}): Json {
		return { status: { code: this.code(code), message: MESSAGES[code] ?? 'Hata' }, ...extra };
	}

	/** The API's behaviour: [HTTP status, `response` payload]. */
	private answer(record: RecordedRequest): [number, Json] {
		if (record.method !== 'POST') return [405, this.status(405)];
		const known = ['add-contacts', 'search-contacts', 'get-balance', 'get-groups'];
		if (!known.includes(record.apiMethod)) return [404, this.status(404)];
		const request = (record.body as Json | undefined)?.request as Json | undefined;
		if (!request || typeof request !== 'object') return [400, this.status(400)];

		const auth = (request.authentication ?? {}) as Json;
		const expected = this.accounts.get(text(auth.key));
		if (!expected || text(auth.hash) !== expected) return [401, this.status(401)];

		switch (record.apiMethod) {
			case 'get-balance':
				return [
					200,
					this.status(200, {
						balance: this.options.codeAsString
							? { amount: '10.584', sms: '67' }
							: { amount: 10.584, sms: 67 },
					}),
				];
			case 'get-groups':
				return [200, this.status(200, { groups: this.groups.map((g) => this.groupView(g)) })];
			case 'add-contacts':
				return this.addContacts(request);
			default:
				return this.searchContacts(request);
		}
	}

	private groupView(group: EmulatorGroup): Json {
		return {
			id: group.id,
			name: group.name,
			count: group.count ?? this.contacts.filter((c) => c.groups.includes(group.id)).length,
			children: (group.children ?? []).map((child) => this.groupView(child)),
		};
	}

	private addContacts(request: Json): [number, Json] {
		const people = list((request.contacts as Json | undefined)?.contact as Json | Json[]);
		if (people.length === 0) return [400, this.status(400)];
		const results = people.map((person) => {
			const result = (code: number, id = '') => ({
				id,
				gsm: text(person.gsm),
				status: { code: this.code(code), message: MESSAGES[code] },
			});
			const fields = {
				name: text(person.name),
				surname: text(person.surname),
				email: text(person.email),
				gsm: text(person.gsm),
			};
			if (!fields.name && !fields.surname && !fields.email && !fields.gsm) return result(472);
			if (fields.gsm && !isTurkishMobile(fields.gsm)) return result(466);
			const groups = list((person.groups as Json | undefined)?.group as Json | Json[]).map((g) =>
				text(g.id),
			);
			if (groups.some((id) => !this.groupIds.has(id))) return result(463);
			const customFields = list(
				(person.custom_fields as Json | undefined)?.custom_field as Json | Json[],
			).map((f) => ({ id: text(f.id), value: text(f.value) }));
			if (customFields.some((f) => !this.customFieldIds.has(f.id))) return result(473);
			const stored = this.store({ ...fields, groups, custom_fields: customFields });
			return result(200, stored.id);
		});
		return [200, this.status(200, { contacts: { contact: results } })];
	}

	private searchContacts(request: Json): [number, Json] {
		const search = (request.search ?? {}) as Json;
		const key = text(search.key);
		if (key.length < 3) return [471, this.status(471)];
		const page = search.page === undefined ? 1 : Number(search.page);
		if (!Number.isInteger(page) || page < 1) return [464, this.status(464)];
		// The provider documents 1000 as the maximum; larger requests are served 1000 rows.
		const asked = search.rowCount === undefined ? 1000 : Number(search.rowCount);
		if (!Number.isInteger(asked) || asked < 1) return [422, this.status(422)];
		const rowCount = Math.min(asked, 1000);

		const needle = key.toLocaleLowerCase('tr');
		const start = (page - 1) * rowCount;
		const rows: Json[] = [];
		let seen = 0;
		for (let i = 0; i < this.contacts.length; i++) {
			const c = this.contacts[i];
			if (!this.searchText(i, c).includes(needle)) continue;
			if (seen++ < start) continue;
			rows.push({
				id: c.id,
				name: c.name,
				surname: c.surname,
				email: c.email,
				gsm: c.gsm,
				custom_fields: c.custom_fields,
				groups: c.groups.map(Number),
			});
			if (rows.length === rowCount) break;
		}
		if (rows.length === 0) return [465, this.status(465)];
		return [200, this.status(200, { contacts: rows })];
	}
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const emulator = new ApiEmulator(options);
	await emulator.listen();
	return emulator;
}
