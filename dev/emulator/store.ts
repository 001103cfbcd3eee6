/** The emulator's address book: contacts, the group tree and the API's search, without HTTP. */

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

/** Every account starts with these groups and custom fields 1, 2 and 3. */
const DEFAULT_GROUPS: EmulatorGroup[] = [
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
const CUSTOM_FIELD_IDS = new Set(['1', '2', '3']);

const MOBILE = /^(?:\+?90|0)?(5\d{9})$/;

/** The provider's accepted mobile forms: 5xx…, 05xx…, 905xx…, +905xx…, spaced or not. */
export function isTurkishMobile(gsm: string): boolean {
	return toPlus90(gsm) !== undefined;
}

/**
 * A number the address book keeps: a Turkish mobile and, on an account that takes them, a number
 * of another country written with its code (+49 …, 0049 …). Anything else is refused (466).
 */
export function isContactNumber(gsm: string, foreign: boolean): boolean {
	const digits = gsm.replace(/[\s\-().]/g, '');
	return isTurkishMobile(gsm) || (foreign && /^(\+|00)(?!90)[1-9]\d{6,14}$/.test(digits));
}

/** A Turkish mobile number as the API lists it back (`+905xxxxxxxxx`); undefined when it is not one. */
export function toPlus90(gsm: unknown): string | undefined {
	const match = MOBILE.exec(String(gsm ?? '').replace(/[\s\-().]/g, ''));
	return match ? `+90${match[1]}` : undefined;
}

/**
 * Groups and all their subgroups, depth first. Walked without recursion (as are the tree's views),
 * so a chain of any depth is served.
 */
function withSubgroups(groups: EmulatorGroup[]): EmulatorGroup[] {
	const all: EmulatorGroup[] = [];
	const stack = [...groups].reverse();
	for (let group = stack.pop(); group; group = stack.pop()) {
		all.push(group);
		for (let i = (group.children?.length ?? 0) - 1; i >= 0; i--) stack.push(group.children![i]);
	}
	return all;
}

export class AddressBook {
	/** In id order: ids are increasing numbers. */
	readonly contacts: StoredContact[] = [];

	/** A copy: groups are created, renamed and deleted through the API. */
	readonly groups = structuredClone(DEFAULT_GROUPS);

	private nextId = 1;

	private groupById?: Map<string, EmulatorGroup>;

	private readonly byId = new Map<string, StoredContact>();

	/**
	 * Search text per contact, Turkish-lower-cased once (100k contacts cost ~300 ms each time);
	 * the source is kept to notice a contact edited since.
	 */
	private readonly folded = new WeakMap<StoredContact, { source: string; text: string }>();

	hasGroup(id: string): boolean {
		return this.findGroup(id) !== undefined;
	}

	hasCustomField(id: string): boolean {
		return CUSTOM_FIELD_IDS.has(id);
	}

	findGroup(id: string): EmulatorGroup | undefined {
		// Looked up for every contact stored, so the walk is done once per change of the tree.
		this.groupById ??= new Map(withSubgroups(this.groups).map((group) => [group.id, group]));
		return this.groupById.get(id);
	}

	/** A new group at the top or under `parentId`; ids continue from the largest. */
	addGroup(name: string, parentId: string): EmulatorGroup {
		return this.addChain([name], parentId)[0];
	}

	/** Groups each inside the one before, the first at the top or under `parentId`. */
	addChain(names: string[], parentId = ''): EmulatorGroup[] {
		let id = withSubgroups(this.groups).reduce((max, g) => Math.max(max, Number(g.id) || 0), 0);
		const parent = this.findGroup(parentId);
		let list = parent ? (parent.children ??= []) : this.groups;
		const made = names.map((name) => {
			const group: EmulatorGroup = { id: String(++id), name, children: [] };
			list.push(group);
			list = group.children!;
			return group;
		});
		this.groupById = undefined;
		return made;
	}

	/** Removes a group with its subgroups, and their memberships. */
	deleteGroup(id: string): void {
		const group = this.findGroup(id);
		if (!group) return;
		const gone = new Set(withSubgroups([group]).map((g) => g.id));
		this.groupById = undefined;
		for (const list of [this.groups, ...withSubgroups(this.groups).map((g) => g.children ?? [])]) {
			if (list.includes(group)) list.splice(list.indexOf(group), 1);
		}
		for (const contact of this.contacts)
			contact.groups = contact.groups.filter((g) => !gone.has(g));
	}

	/**
	 * Groups as get-groups lists them (`[{id, name, count, children: [...]}]`, counts of direct
	 * members), as JSON text: built without recursion, where JSON.stringify fails past ~4,000 levels.
	 */
	treeJson(groups = this.groups): string {
		const counts = this.memberCounts();
		const out: string[] = ['['];
		const stack = [{ list: groups, next: 0 }];
		while (stack.length > 0) {
			const top = stack[stack.length - 1];
			if (top.next === top.list.length) {
				stack.pop();
				out.push(stack.length > 0 ? ']}' : ']');
				continue;
			}
			const group = top.list[top.next++];
			const head = `{"id":${JSON.stringify(group.id)},"name":${JSON.stringify(group.name)}`;
			out.push(
				top.next > 1 ? ',' : '',
				`${head},"count":${counts.get(group.id) ?? 0},"children":[`,
			);
			stack.push({ list: group.children ?? [], next: 0 });
		}
		return out.join('');
	}

	contact(id: string): StoredContact | undefined {
		return this.byId.get(id);
	}

	/** Stores a contact under the next id, never one taken from the input. */
	add(contact: Partial<StoredContact>): StoredContact {
		const stored: StoredContact = {
			name: '',
			surname: '',
			email: '',
			gsm: '',
			custom_fields: [],
			groups: [],
			...contact,
			id: String(this.nextId++),
		};
		this.contacts.push(stored);
		this.byId.set(stored.id, stored);
		return stored;
	}

	deleteContact(contact: StoredContact): void {
		this.byId.delete(contact.id);
		this.contacts.splice(this.contacts.indexOf(contact), 1);
	}

	/** Rows [start, start + count) of the contacts matching `key` in any field, Turkish case. */
	search(key: string, start: number, count: number): StoredContact[] {
		const needle = fold(key);
		return this.select((contact) => this.searchText(contact).includes(needle), start, count);
	}

	/** Rows [start, start + count) of the group's direct members. */
	groupMembers(groupId: string, start: number, count: number): StoredContact[] {
		return this.select((contact) => contact.groups.includes(groupId), start, count);
	}

	private memberCounts(): Map<string, number> {
		const counts = new Map<string, number>();
		for (const { groups } of this.contacts)
			for (const id of groups) counts.set(id, (counts.get(id) ?? 0) + 1);
		return counts;
	}

	private select(matches: (contact: StoredContact) => boolean, start: number, count: number) {
		const rows: StoredContact[] = [];
		let seen = 0;
		for (const contact of this.contacts) {
			if (!matches(contact) || seen++ < start) continue;
			if (rows.push(contact) === count) break;
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

/** Turkish lower case, so 'YILMAZ' finds 'Yılmaz' and 'İ' stays one letter. */
const fold = (value: string) => value.toLocaleLowerCase('tr');
