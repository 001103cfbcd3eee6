/**
 * The emulator's address book: stored contacts, the group tree and custom field ids, and the
 * search the API does over them. No HTTP here, so it stays cheap to reason about.
 */

export interface StoredContact {
	id: string;
	name: string;
	surname: string;
	email: string;
	gsm: string;
	custom_fields: Array<{ id: string; value: string }>;
	/** Group ids, as strings. */
	groups: string[];
}

export interface EmulatorGroup {
	id: string;
	name: string;
	/** Fixed member count; counted from the stored contacts when left out. */
	count?: number;
	children?: EmulatorGroup[];
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

export const DEFAULT_CUSTOM_FIELD_IDS = ['1', '2', '3'];

/** The provider's accepted mobile forms: 5xx…, 05xx…, 905xx…, +905xx…, spaced or not. */
export function isTurkishMobile(gsm: string): boolean {
	return /^(\+?90|0)?5\d{9}$/.test(gsm.replace(/[\s\-().]/g, ''));
}

/**
 * Turkish lower-casing on both sides, so `I`/`ı` and `İ`/`i` pair up as a Turkish user expects
 * ('YILMAZ' finds 'Yılmaz'); plain toLowerCase() would turn 'İ' into 'i' + a combining dot.
 */
export const fold = (value: string) => value.toLocaleLowerCase('tr');

export class AddressBook {
	readonly contacts: StoredContact[] = [];

	private nextId = 1;

	private readonly groupIds = new Set<string>();

	private readonly customFieldIds: Set<string>;

	/**
	 * Folded search text per contact. Locale-aware lower-casing of 100k contacts costs ~300 ms,
	 * so it is done once; the source text is kept to notice a contact edited after seeding.
	 */
	private readonly folded = new WeakMap<StoredContact, { source: string; text: string }>();

	constructor(
		readonly groups: EmulatorGroup[],
		customFieldIds: string[],
	) {
		const visit = (list: EmulatorGroup[]) => {
			for (const group of list) {
				this.groupIds.add(String(group.id));
				visit(group.children ?? []);
			}
		};
		visit(groups);
		this.customFieldIds = new Set(customFieldIds.map(String));
	}

	hasGroup(id: string): boolean {
		return this.groupIds.has(id);
	}

	hasCustomField(id: string): boolean {
		return this.customFieldIds.has(id);
	}

	/** Stores a contact under the next id; ids are string numbers, so array order is id order. */
	add(contact: Partial<StoredContact>): StoredContact {
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

	/** Empties the book and restarts ids at 1, so every test sees the same ids. */
	clear(): void {
		this.contacts.length = 0;
		this.nextId = 1;
	}

	/** Rows [start, start + count) of the contacts matching `key`, in id order. */
	search(key: string, start: number, count: number): StoredContact[] {
		const needle = fold(key);
		const rows: StoredContact[] = [];
		let seen = 0;
		for (const contact of this.contacts) {
			if (!this.searchText(contact).includes(needle)) continue;
			if (seen++ < start) continue;
			rows.push(contact);
			if (rows.length === count) break;
		}
		return rows;
	}

	/** The group tree as get-groups answers it. A count covers direct members only. */
	groupTree(): unknown[] {
		const counts = new Map<string, number>();
		for (const contact of this.contacts)
			for (const id of contact.groups) counts.set(id, (counts.get(id) ?? 0) + 1);
		const view = (group: EmulatorGroup): unknown => ({
			id: group.id,
			name: group.name,
			count: group.count ?? counts.get(String(group.id)) ?? 0,
			children: (group.children ?? []).map(view),
		});
		return this.groups.map(view);
	}

	private searchText(contact: StoredContact): string {
		// A newline between fields keeps a key from matching across two of them.
		const source = `${contact.gsm}\n${contact.name}\n${contact.surname}\n${contact.email}`;
		const cached = this.folded.get(contact);
		if (cached?.source === source) return cached.text;
		const text = fold(source);
		this.folded.set(contact, { source, text });
		return text;
	}
}
