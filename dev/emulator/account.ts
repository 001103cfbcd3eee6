/**
 * The emulator's SMS account, without HTTP: approved senders, the balance, orders and their delivery
 * states, the blacklist and İYS consents, with the API's answers to the methods that use them
 * (docs/api.md, "Sending and the account").
 */
import type { Json, PageFault } from './read';
import {
	field,
	formatDateTime,
	isObject,
	pageOf,
	parseDate,
	parseSendDateTime,
	repeated,
} from './read';
import { toPlus90 } from './store';
import { partsOf } from './parts';

/** A status code, with the fields the answer carries besides `status`. */
export type Result = [code: number, extra?: Json];

/** 110 waiting (accepted), 111 delivered, 112 undelivered. */
export type MessageState = 110 | 111 | 112;
export type ReportStatus = 'accepted' | 'delivered' | 'undelivered';
export const REPORT_STATUS: Record<MessageState, ReportStatus> = {
	110: 'accepted',
	111: 'delivered',
	112: 'undelivered',
};

export interface OrderMessage {
	/** The message's own id, `report.id` in delivery reports. */
	id: number;
	/** As `+905xxxxxxxxx`. */
	number: string;
	text: string;
	parts: number;
	status: MessageState;
}

export interface StoredOrder {
	id: string;
	sender: string;
	iys: string;
	iysList: string;
	submitAt: Date;
	sendAt: Date;
	cancelled: boolean;
	messages: OrderMessage[];
}

export interface BlacklistEntry {
	/** As `+905xxxxxxxxx`. */
	number: string;
	addedAt: Date;
	/** A block the account cannot lift: delete-blacklist answers 474 and it stays listed. */
	locked?: boolean;
}

export interface StoredConsent {
	brandCode: string;
	/** A phone as `+905xxxxxxxxx`, or an email address. */
	recipient: string;
	recipientType: string;
	type: string;
	status: string;
	source: string;
	consentDate: string;
}

export interface AccountOptions {
	/** Approved senders (headers), compared exactly: `APITEST` and `eMarka` when left out. */
	senders?: string[];
	/** `{amount: 10.584, sms: 67}` when left out; each SMS part costs one of `sms`. */
	balance?: { amount: number; sms: number };
	/** Brand codes with an active İYS subscription: `696422` when left out; `[]` for none. */
	brandCodes?: string[];
	/** Recipients one send-sms order may carry (50,000, the documented bulk limit); more is 453. */
	maxRecipients?: number;
	/** The same texts to the same numbers again within this window is 451 (10 minutes; 0: never). */
	duplicateWindowMs?: number;
	/**
	 * consent/create with a bad record (one İYS refuses: a bad value, a date before 2015-05-01 or in
	 * the future, the same consent as the one held, or a date not later than the held one's):
	 * `batch` (the default) refuses the whole list with 422 and stores nothing; `record` stores the
	 * good ones and answers one `{recipient, status}` per record, in order. Which one the API does
	 * is not documented.
	 */
	consentResults?: 'batch' | 'record';
	/**
	 * The brand's İYS activation date has passed: a consent more than 3 business days old (Monday
	 * to Friday, Istanbul time) is refused. Left out, the brand still takes its past consents.
	 */
	brandActive?: boolean;
}

/**
 * How the answers write what the live API writes in two ways (docs/api.md, "Answer forms"): each
 * switch on is the form of the provider's recorded answers named beside it; off, the reference's.
 */
export interface AnswerForms {
	/** `status.code` as text, "200". */
	codeAsText?: boolean;
	/** get-report's `order.status` and `message[].status`, get-reports' `status`, as text ("114", "111": the Java SDK's fixture). */
	statusesAsText?: boolean;
	/** get-report's `price` as money in comma-decimal text ("0,0372": the Java SDK's fixture); else the credits, a number. */
	priceAsText?: boolean;
	/** get-balance's `amount` and `sms` as text ("10.584", "67": the docs' example, the Java and Go fixtures). */
	balanceAsText?: boolean;
	/** get-blacklist refuses a bad filter date with 422 and `errors: {start, end}` (the C# SDK's fixture); else 400. */
	blacklistErrors?: boolean;
}

/** The API's two answer forms: `numbers` as the reference writes them, `text` as the SDKs' fixtures. */
export const ANSWER_FORMS = {
	numbers: {},
	text: {
		codeAsText: true,
		statusesAsText: true,
		priceAsText: true,
		balanceAsText: true,
		blacklistErrors: true,
	},
} satisfies Record<string, AnswerForms>;

/** What one SMS part costs in TL in `priceAsText` (the Java SDK's fixture: one SMS, "0,0372"). */
const PART_PRICE = 0.0372;

export const ACCOUNT_DEFAULTS = {
	senders: ['APITEST', 'eMarka'],
	balance: { amount: 10.584, sms: 67 },
	brandCodes: ['696422'],
	maxRecipients: 50_000,
	duplicateWindowMs: 10 * 60_000,
};

/** İYS's own values (the register's documentation). */
const RECIPIENT_TYPES = ['BIREYSEL', 'TACIR'];
const CONSENT_TYPES = ['MESAJ', 'EPOSTA', 'ARAMA'];
const CONSENT_STATUSES = ['ONAY', 'RET'];
export const IYS_SOURCES = [
	...['HS_FIZIKSEL_ORTAM', 'HS_ISLAK_IMZA', 'HS_WEB', 'HS_CAGRI_MERKEZI', 'HS_SOSYAL_MEDYA'],
	...['HS_EPOSTA', 'HS_MESAJ', 'HS_MOBIL', 'HS_EORTAM', 'HS_ETKINLIK', 'HS_2015', 'HS_ATM'],
	'HS_KARAR',
];
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** İYS's first day: no consent is dated before it (its error H155). */
const IYS_FIRST_DAY = '2015-05-01 00:00:00';
/**
 * Three working days (Monday to Friday) after a moment, at the same time of day in Istanbul
 * (UTC+3, without clock changes since 2016); holidays are not known.
 */
const threeBusinessDaysAfter = (moment: Date) => {
	const istanbul = new Date(moment.getTime() + 3 * 3_600_000);
	for (let days = 0; days < 3; ) {
		istanbul.setUTCDate(istanbul.getUTCDate() + 1);
		if (istanbul.getUTCDay() % 6 !== 0) days++;
	}
	return istanbul.getTime() - 3 * 3_600_000;
};

/** İYS keeps one record per brand, recipient, recipient type and channel. */
const consentKey = (c: StoredConsent) =>
	[c.brandCode, c.recipient, c.recipientType, c.type].join(' ');

/** Parts of one SMS, the operator code included: the emulator's own count (`./parts`). */
export const smsParts = (text: string) => partsOf(text);

/** get-reports' page size (as the official clients page it; not documented). */
const REPORTS_PAGE = 30;
const DAY_MS = 86_400_000;

export class Account {
	readonly senders: string[];

	readonly brandCodes: string[];

	/** Live: a spec may set `balance.sms` before a send. */
	readonly balance: { amount: number; sms: number };

	readonly orders: StoredOrder[] = [];

	readonly blacklist: BlacklistEntry[] = [];

	readonly consents: StoredConsent[] = [];

	private nextOrder = 1001;

	private nextMessage = 1;

	/** When each order's texts and numbers were last sent, for 451. */
	private readonly sent = new Map<string, number>();

	constructor(
		private readonly options: AccountOptions,
		/** `{code, message}` as the API writes a status. */
		private readonly statusOf: (code: number) => Json,
		private readonly forms: AnswerForms = {},
	) {
		this.senders = [...(options.senders ?? ACCOUNT_DEFAULTS.senders)];
		this.brandCodes = [...(options.brandCodes ?? ACCOUNT_DEFAULTS.brandCodes)];
		this.balance = { ...(options.balance ?? ACCOUNT_DEFAULTS.balance) };
	}

	/**
	 * Adds numbers (any accepted form) to the blacklist, now or at the time given: a Date, or text as
	 * the API writes it (`YYYY-MM-DD HH:MM:SS`, Istanbul time) or with its zone (ISO 8601); `locked`
	 * for a block the account cannot lift.
	 */
	seedBlacklist(
		entries: Array<string | { number: string; addedAt?: Date | string; locked?: boolean }>,
	): void {
		for (const entry of entries) {
			const { number, addedAt, locked } = typeof entry === 'string' ? { number: entry } : entry;
			const normal = toPlus90(number);
			if (!normal) throw new Error(`Not a Turkish mobile number: ${number}`);
			const at =
				addedAt === undefined
					? new Date()
					: typeof addedAt === 'string'
						? (parseDate(addedAt) ?? new Date(addedAt))
						: new Date(addedAt);
			if (Number.isNaN(at.getTime())) throw new Error(`Not a date: ${String(addedAt)}`);
			this.unlist(normal);
			this.blacklist.push({ number: normal, addedAt: at, ...(locked && { locked }) });
		}
		this.blacklist.sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime());
	}

	/** Stores consents as given (phones normalised), replacing one for the same recipient. */
	seedConsents(records: Array<Partial<StoredConsent>>): void {
		for (const record of records) {
			const consent = {
				brandCode: this.brandCodes[0] ?? '',
				recipientType: 'BIREYSEL',
				type: 'MESAJ',
				status: 'ONAY',
				source: 'HS_WEB',
				consentDate: formatDateTime(new Date()),
				recipient: '',
				...record,
			};
			this.keepConsent({ ...consent, recipient: toPlus90(consent.recipient) ?? consent.recipient });
		}
	}

	order(id: unknown): StoredOrder | undefined {
		return this.orders.find((order) => order.id === String(id ?? '').trim());
	}

	/** Not cancelled and its send time still ahead. */
	isScheduled(order: StoredOrder): boolean {
		return !order.cancelled && order.sendAt.getTime() > Date.now();
	}

	/**
	 * Moves an order's messages (those to `numbers`, any accepted form; all waiting ones when left
	 * out) to delivered or undelivered; an undelivered message is refunded, as the provider charges
	 * nothing for them. Answers the messages moved.
	 */
	settle(orderId: string, state: 'delivered' | 'undelivered', numbers?: string[]): OrderMessage[] {
		const order = this.order(orderId);
		if (!order) throw new Error(`No order ${orderId}`);
		const wanted = numbers && new Set(numbers.map((n) => toPlus90(n) ?? n));
		const moved = order.messages.filter((m) => (wanted ? wanted.has(m.number) : m.status === 110));
		for (const message of moved) this.setState(message, state === 'delivered' ? 111 : 112);
		return moved;
	}

	// The methods, each answering [code, fields besides status].

	getBalance(): Result {
		const { amount, sms } = this.balance;
		return [
			200,
			{
				balance: this.forms.balanceAsText
					? { amount: String(amount), sms: String(sms) }
					: { amount, sms },
			},
		];
	}

	getSender(): Result {
		return [200, { senders: { sender: [...this.senders] } }];
	}

	addBlacklist(spec: unknown): Result {
		const number = toPlus90(field(spec, 'number'));
		if (!number) return [466];
		// Adding again is 200 and keeps the first time.
		if (!this.blacklist.some((entry) => entry.number === number)) {
			this.blacklist.push({ number, addedAt: new Date() });
		}
		return [200];
	}

	deleteBlacklist(spec: unknown): Result {
		const number = toPlus90(field(spec, 'number'));
		if (!number) return [466];
		// 474 both for a number not listed and for a block the account cannot lift.
		if (this.blacklist.some((entry) => entry.number === number && entry.locked)) return [474];
		return this.unlist(number) ? [200] : [474];
	}

	/** Oldest first; `count` is every entry the filter keeps, whatever the page. */
	getBlacklist(spec: unknown, pages?: PageFault): Result {
		const filter = isObject(spec) && isObject(spec.filter) ? spec.filter : {};
		const [start, end] = [field(filter, 'start'), field(filter, 'end')];
		const [from, to] = [start && parseDate(start), end && parseDate(end)];
		if (from === undefined || to === undefined) {
			if (!this.forms.blacklistErrors) return [400];
			const says = (name: string) => `${name} Y-m-d H:i:s biçimi ile eşleşmiyor.`;
			const errors = {
				...(from === undefined && { start: says('start') }),
				...(to === undefined && { end: says('end') }),
			};
			return [422, { errors }];
		}
		const kept = this.blacklist.filter(
			({ addedAt }) => (!from || addedAt >= from) && (!to || addedAt <= to),
		);
		const page = pageOf(spec, pages);
		if (typeof page === 'number') return [page];
		const rows = kept.slice(page.start, page.start + page.rowCount).map((entry) => entry.number);
		return [200, { blacklist: { count: kept.length, number: rows } }];
	}

	createConsents(spec: unknown): Result {
		const holder = isObject(spec) ? spec : {};
		const brandCode = field(holder, 'brandCode');
		if (!this.brandCodes.includes(brandCode)) return [403];
		const list = repeated(holder.list);
		if (list.length < 1 || list.length > 5000) return [422];
		const read = list.map((record) => this.readConsent(brandCode, record));
		// İYS's rules for what it holds, record after record as listed (so a record may meet one
		// listed before it): a consent on top of the same consent is refused, and a new one must be
		// dated later than the one held.
		const holding = new Map(this.consents.map((c) => [consentKey(c), c]));
		const taken = read.map((consent) => {
			if (!consent) return false;
			const held = holding.get(consentKey(consent));
			if (held && (held.status === consent.status || consent.consentDate <= held.consentDate)) {
				return false;
			}
			holding.set(consentKey(consent), consent);
			return true;
		});
		const at = new Map(this.consents.map((c, i) => [consentKey(c), i]));
		const keep = (consent: StoredConsent) => {
			const key = consentKey(consent);
			if (at.has(key)) this.consents[at.get(key)!] = consent;
			else at.set(key, this.consents.push(consent) - 1);
		};
		if (this.options.consentResults !== 'record') {
			if (taken.includes(false)) return [422];
			read.forEach((consent) => keep(consent!));
			return [200];
		}
		// Each record's own answer, also when the list is sent again after a lost answer: a
		// record the first sending registered is then refused as the same consent.
		const results = read.map((consent, i) => {
			if (taken[i]) keep(consent!);
			const recipient = consent?.recipient ?? field(list[i], 'recipient');
			return { recipient, status: this.statusOf(taken[i] ? 200 : 422) };
		});
		return [200, { consent: { list: results } }];
	}

	showConsent(spec: unknown): Result {
		const brandCode = field(spec, 'brandCode');
		if (!this.brandCodes.includes(brandCode)) return [403];
		const recipient = field(spec, 'recipient');
		const found = this.consents.find(
			(c) =>
				c.brandCode === brandCode &&
				c.recipient === (toPlus90(recipient) ?? recipient) &&
				c.recipientType === field(spec, 'recipientType') &&
				c.type === field(spec, 'type'),
		);
		if (!found) return [422];
		const code = /^\d+$/.test(brandCode) ? Number(brandCode) : brandCode;
		return [200, { consent: { ...found, brandCode: code } }];
	}

	sendSms(spec: unknown): Result {
		if (!isObject(spec)) return [400];
		// Compared exactly: case and spaces count (the documented cause of most 450s).
		if (typeof spec.sender !== 'string' || !this.senders.includes(spec.sender)) return [450];
		const iys = field(spec, 'iys');
		if (iys !== '0' && iys !== '1') return [468];
		const iysList = field(spec, 'iysList');
		if (iys === '1' && !RECIPIENT_TYPES.includes(iysList)) return [469];
		if (iys === '1' && this.brandCodes.length === 0) return [470];
		const batches = repeated(spec.message).map((message) => {
			const text = isObject(message) && typeof message.text === 'string' ? message.text : '';
			const to = isObject(message) && isObject(message.receipents) ? message.receipents.number : '';
			return { text, numbers: repeated(to).map(toPlus90) };
		});
		if (batches.length === 0 || batches.some(({ text }) => !text.trim())) return [454];
		if (batches.some(({ numbers }) => numbers.length === 0 || numbers.includes(undefined))) {
			return [452];
		}
		const recipients = batches.reduce((sum, { numbers }) => sum + numbers.length, 0);
		const limit = this.options.maxRecipients ?? ACCOUNT_DEFAULTS.maxRecipients;
		if (recipients > limit || batches.some(({ text }) => smsParts(text) > 7)) return [453];
		const sendAt = parseSendDateTime(spec.sendDateTime);
		if (sendAt === undefined) return [457];

		const now = Date.now();
		const key = JSON.stringify(batches.map(({ text, numbers }) => [text, [...numbers].sort()]));
		const window = this.options.duplicateWindowMs ?? ACCOUNT_DEFAULTS.duplicateWindowMs;
		if (now - (this.sent.get(key) ?? -Infinity) < window) return [451];

		// Blacklisted numbers are taken, reported undelivered, and cost nothing; so are, in a
		// commercial order, numbers without an ONAY consent for SMS on the chosen İYS list.
		const listed = new Set(this.blacklist.map((entry) => entry.number));
		if (iys === '1') {
			const allowed = new Set(
				this.consents
					.filter((c) => c.type === 'MESAJ' && c.status === 'ONAY' && c.recipientType === iysList)
					.filter((c) => this.brandCodes.includes(c.brandCode))
					.map((c) => c.recipient),
			);
			for (const { numbers } of batches)
				for (const n of numbers) if (!allowed.has(n!)) listed.add(n!);
		}
		const cost = batches.reduce(
			(sum, { text, numbers }) =>
				sum + smsParts(text) * numbers.filter((n) => !listed.has(n!)).length,
			0,
		);
		if (cost > this.balance.sms) return [402];
		this.balance.sms -= cost;
		this.sent.set(key, now);
		const messages = batches.flatMap(({ text, numbers }) =>
			numbers.map((number) => {
				const status: MessageState = listed.has(number!) ? 112 : 110;
				return { id: this.nextMessage++, number: number!, text, parts: smsParts(text), status };
			}),
		);
		const id = String(this.nextOrder++);
		const [submitAt, when] = [new Date(now), sendAt ?? new Date(now)];
		const order = {
			id,
			sender: spec.sender,
			iys,
			iysList,
			submitAt,
			sendAt: when,
			cancelled: false,
		};
		this.orders.push({ ...order, messages });
		return [200, { order: { id } }];
	}

	getReport(spec: unknown, pages?: PageFault): Result {
		const order = this.order(field(spec, 'id'));
		if (!order) return [455];
		if (this.isScheduled(order)) return [456];
		const page = pageOf(spec, pages);
		if (typeof page === 'number') return [page];
		const rows = order.messages.slice(page.start, page.start + page.rowCount);
		const message = rows.map(({ number, status }) => ({ number, status: this.code(status) }));
		return [200, { order: { ...this.summary(order), price: this.price(order), message } }];
	}

	/**
	 * Orders submitted from `start` to `end` (`YYYY-MM-DD`, Istanbul days, at most 10 apart), 30 a
	 * page.
	 */
	getReports(spec: unknown): Result {
		const [from, to] = [parseDate(field(spec, 'start'), true), parseDate(field(spec, 'end'), true)];
		if (!from || !to || to < from || Math.round((to.getTime() - from.getTime()) / DAY_MS) > 10) {
			return [458];
		}
		const page = field(spec, 'page') === '' ? 1 : Number(field(spec, 'page'));
		if (!Number.isInteger(page) || page < 1) return [464];
		const until = to.getTime() + DAY_MS;
		const kept = this.orders.filter(
			({ submitAt }) => submitAt >= from && submitAt.getTime() < until,
		);
		const rows = kept.slice((page - 1) * REPORTS_PAGE, page * REPORTS_PAGE);
		const orders = rows.map((order) => ({ ...this.summary(order), id: Number(order.id) }));
		return [200, { count: kept.length, orders }];
	}

	/** Only an order still waiting for its send time; it then reports 115 and is refunded. */
	cancelOrder(spec: unknown): Result {
		const order = this.order(field(spec, 'id'));
		if (!order || !this.isScheduled(order)) return [455];
		order.cancelled = true;
		for (const message of order.messages) this.setState(message, 112);
		return [200];
	}

	/** get-report's summary of an order. */
	private summary(order: StoredOrder) {
		const count = (state: MessageState) => order.messages.filter((m) => m.status === state).length;
		const waiting = count(110);
		return {
			id: order.id,
			status: this.code(order.cancelled ? 115 : waiting > 0 ? 113 : 114),
			total: order.messages.length,
			delivered: count(111),
			undelivered: count(112),
			waiting,
			submitAt: formatDateTime(order.submitAt),
			sendAt: formatDateTime(order.sendAt),
			sender: order.sender,
		};
	}

	/**
	 * SMS parts charged (undelivered messages cost nothing): as credits, or in `priceAsText` as money
	 * in comma-decimal text.
	 */
	private price(order: StoredOrder) {
		const parts = order.messages.reduce((sum, m) => sum + (m.status === 112 ? 0 : m.parts), 0);
		return this.forms.priceAsText ? (parts * PART_PRICE).toFixed(4).replace('.', ',') : parts;
	}

	/** A report's status code, as a number or (`statusesAsText`) as text. */
	private code(code: number): number | string {
		return this.forms.statusesAsText ? String(code) : code;
	}

	/** Undelivered messages cost nothing: leaving or entering 112 charges or refunds the parts. */
	private setState(message: OrderMessage, state: MessageState) {
		if ((state === 112) !== (message.status === 112)) {
			this.balance.sms += state === 112 ? message.parts : -message.parts;
		}
		message.status = state;
	}

	private unlist(number: string): boolean {
		const at = this.blacklist.findIndex((entry) => entry.number === number);
		if (at >= 0) this.blacklist.splice(at, 1);
		return at >= 0;
	}

	/** One consent record checked as İYS does; undefined when refused. */
	private readConsent(brandCode: string, record: unknown): StoredConsent | undefined {
		const [recipientType, type, status, source] = ['recipientType', 'type', 'status', 'source'].map(
			(name) => field(record, name),
		);
		const raw = field(record, 'recipient');
		const recipient = type === 'EPOSTA' ? (EMAIL.test(raw) ? raw : undefined) : toPlus90(raw);
		const consentDate = field(record, 'consentDate');
		const date = parseDate(consentDate);
		const valid =
			recipient &&
			RECIPIENT_TYPES.includes(recipientType) &&
			CONSENT_TYPES.includes(type) &&
			CONSENT_STATUSES.includes(status) &&
			IYS_SOURCES.includes(source) &&
			date &&
			date.getTime() <= Date.now() &&
			// İYS: nothing before its first day (H155); HS_2015 (collected before it) on that day alone.
			consentDate >= IYS_FIRST_DAY &&
			(source !== 'HS_2015' || consentDate === IYS_FIRST_DAY) &&
			(!this.options.brandActive || Date.now() <= threeBusinessDaysAfter(date));
		return valid
			? { brandCode, recipient, recipientType, type, status, source, consentDate }
			: undefined;
	}

	private keepConsent(consent: StoredConsent) {
		const at = this.consents.findIndex(
			(c) =>
				c.brandCode === consent.brandCode &&
				c.recipient === consent.recipient &&
				c.recipientType === consent.recipientType &&
				c.type === consent.type,
		);
		if (at >= 0) this.consents[at] = consent;
		else this.consents.push(consent);
	}
}

/** The account's methods, by the API's name (the path between /v1/ and /json). */
export const ACCOUNT_METHODS: Record<
	string,
	(account: Account, request: Json, pages: PageFault) => Result
> = {
	'get-balance': (account) => account.getBalance(),
	'get-sender': (account) => account.getSender(),
	'add-blacklist': (account, request) => account.addBlacklist(request.blacklist),
	'delete-blacklist': (account, request) => account.deleteBlacklist(request.blacklist),
	'get-blacklist': (account, request, pages) => account.getBlacklist(request.blacklist, pages),
	'consent/create': (account, request) => account.createConsents(request.consent),
	'consent/show': (account, request) => account.showConsent(request.consent),
	'send-sms': (account, request) => account.sendSms(request.order),
	'get-report': (account, request, pages) => account.getReport(request.order, pages),
	'get-reports': (account, request) => account.getReports(request.filter),
	'cancel-order': (account, request) => account.cancelOrder(request.order),
};
