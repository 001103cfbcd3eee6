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

	private readonly byId = new Map<string, StoredContact>();

	private readonly customFieldIds: Set<string>;

	/**
	 * Folded search text per contact. Locale-aware lower-casing of 100k contacts costs ~300 ms,
	 * so it is done once; the source text is kept to notice a contact edited after seeding.
	 */
	private readonly folded = new WeakMap<StoredContact, { source: string; text: string }>();

	readonly groups: EmulatorGroup[];

	constructor(groups: EmulatorGroup[], customFieldIds: string[]) {
		// A copy: groups are created, renamed and deleted through the API.
		this.groups = structuredClone(groups);
		const visit = (list: EmulatorGroup[]) => {
			for (const group of list) {
				this.groupIds.add(String(group.id));
				visit(group.children ?? []);
			}
		};
		visit(this.groups);
		this.customFieldIds = new Set(customFieldIds.map(String));
	}

	hasGroup(id: string): boolean {
		return this.groupIds.has(id);
	}

	/** The group with this id and the list that holds it. */
	findGroup(
		id: string,
		list = this.groups,
	): { group: EmulatorGroup; siblings: EmulatorGroup[] } | undefined {
		for (const group of list) {
			if (String(group.id) === id) return { group, siblings: list };
			const inner = this.findGroup(id, group.children ?? []);
			if (inner) return inner;
		}
		return undefined;
	}

	/** A new group at the top or under `parentId` (which must exist); ids continue from the largest. */
	addGroup(name: string, parentId: string): EmulatorGroup {
		const id = String(Math.max(0, ...[...this.groupIds].map(Number)) + 1);
		const group: EmulatorGroup = { id, name, children: [] };
		const parent = parentId ? this.findGroup(parentId)?.group : undefined;
		if (parent) (parent.children ??= []).push(group);
		else this.groups.push(group);
		this.groupIds.add(id);
		return group;
	}

	/** Removes a group with its subgroups, and their memberships. */
	deleteGroup(id: string): void {
		const found = this.findGroup(id);
		if (!found) return;
		found.siblings.splice(found.siblings.indexOf(found.group), 1);
		const gone = new Set<string>();
		const visit = (group: EmulatorGroup) => {
			gone.add(String(group.id));
			(group.children ?? []).forEach(visit);
		};
		visit(found.group);
		for (const groupId of gone) this.groupIds.delete(groupId);
		for (const contact of this.contacts) {
			if (contact.groups.some((groupId) => gone.has(groupId))) {
				contact.groups = contact.groups.filter((groupId) => !gone.has(groupId));
			}
		}
	}

	/** A group as get-group and get-groups show it. A count covers direct members only. */
	groupView(group: EmulatorGroup, counts = this.memberCounts()): unknown {
		return {
			id: group.id,
			name: group.name,
			count: counts.get(String(group.id)) ?? 0,
			children: (group.children ?? []).map((child) => this.groupView(child, counts)),
		};
	}

	contact(id: string): StoredContact | undefined {
		return this.byId.get(id);
	}

	deleteContact(id: string): void {
		const contact = this.byId.get(id);
		if (!contact) return;
		this.byId.delete(id);
		this.contacts.splice(this.contacts.indexOf(contact), 1);
	}

	/** Rows [start, start + count) of the group's direct members, in id order. */
	groupMembers(groupId: string, start: number, count: number): StoredContact[] {
		return this.select((contact) => contact.groups.includes(groupId), start, count);
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
		this.byId.set(stored.id, stored);
		return stored;
	}

	/** Rows [start, start + count) of the contacts matching `key`, in id order. */
	search(key: string, start: number, count: number): StoredContact[] {
		const needle = fold(key);
		return this.select((contact) => this.searchText(contact).includes(needle), start, count);
	}

	/** The group tree as get-groups answers it. */
	groupTree(): unknown[] {
		const counts = this.memberCounts();
		return this.groups.map((group) => this.groupView(group, counts));
	}

	private memberCounts(): Map<string, number> {
		const counts = new Map<string, number>();
		for (const contact of this.contacts)
			for (const id of contact.groups) counts.set(id, (counts.get(id) ?? 0) + 1);
		return counts;
	}

	/** Rows [start, start + count) of the contacts that match, in id order. */
	private select(
		matches: (contact: StoredContact) => boolean,
		start: number,
		count: number,
	): StoredContact[] {
		const rows: StoredContact[] = [];
		let seen = 0;
		for (const contact of this.contacts) {
			if (!matches(contact)) continue;
			if (seen++ < start) continue;
			rows.push(contact);
			if (rows.length === count) break;
		}
		return rows;
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
