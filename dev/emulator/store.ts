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

/** A contact's search text. */
type SearchRow = { contact: StoredContact; text: string };

/**
 * The search texts of every contact (`rows`, in contact order), those of the first `joined` joined
 * into `text` so one indexOf finds the next match; `stale`: rows of those folded again since.
 */
interface SearchIndex {
	rows: SearchRow[];
	text: string;
	starts: number[];
	joined: number;
	stale: Set<number>;
}

/** Rows changed or added since the texts were joined, past which they are joined again. */
const REJOIN_AFTER = 1000;

function searchRow(contact: StoredContact): SearchRow {
	const { gsm, name, surname, email } = contact;
	// A newline between fields keeps a key from matching across two of them.
	return { contact, text: fold(`${gsm}\n${name}\n${surname}\n${email}`) };
}

function joinRows(rows: SearchRow[]): SearchIndex {
	const starts: number[] = new Array(rows.length);
	let at = 0;
	rows.forEach((row, i) => {
		starts[i] = at;
		at += row.text.length + 1;
	});
	const text = rows.map((row) => row.text).join('\u0000');
	return { rows, text, starts, joined: rows.length, stale: new Set() };
}

export class AddressBook {
	/** In id order: ids are increasing numbers. Fields are changed through edit(), which search sees. */
	readonly contacts: StoredContact[] = [];

	/** A copy: groups are created, renamed and deleted through the API. */
	readonly groups = structuredClone(DEFAULT_GROUPS);

	private nextId = 1;

	private groupById?: Map<string, EmulatorGroup>;

	private readonly byId = new Map<string, StoredContact>();

	private searchIndex?: SearchIndex;

	/** Contacts edited since the search index was last brought up to date. */
	private readonly edited = new Set<StoredContact>();

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

	/** Changes a contact's fields; search sees the changes made here, not others. */
	edit(contact: StoredContact, changes: Partial<StoredContact>): void {
		Object.assign(contact, changes);
		this.edited.add(contact);
	}

	deleteContact(contact: StoredContact): void {
		const at = this.contacts.indexOf(contact);
		this.byId.delete(contact.id);
		this.contacts.splice(at, 1);
		this.edited.delete(contact);
		const index = this.searchIndex;
		// The rows after it moved: none is in the joined text where it was.
		if (index && at < index.rows.length) {
			index.rows.splice(at, 1);
			[index.joined, index.stale] = [0, new Set()];
		}
	}

	/** Rows [start, start + count) of the contacts matching `key` in any field, Turkish case. */
	search(key: string, start: number, count: number): StoredContact[] {
		const needle = fold(key);
		const { rows, text, starts, joined, stale } = this.indexed();
		// Rows not in the joined text as it is, matched one by one: ascending contact order.
		const added = Array.from({ length: rows.length - joined }, (_, k) => joined + k);
		const loose = [...[...stale].sort((a, b) => a - b), ...added].filter((i) =>
			rows[i].text.includes(needle),
		);
		const found: StoredContact[] = [];
		let seen = 0;
		let next = 0;
		const take = (i: number) => seen++ >= start && found.push(rows[i].contact) === count;
		for (let at = joined > 0 ? text.indexOf(needle) : -1; at >= 0; ) {
			let [row, high] = [0, joined - 1];
			while (row < high) {
				const middle = (row + high + 1) >> 1;
				if (starts[middle] <= at) row = middle;
				else high = middle - 1;
			}
			// A match running into the next contact's text is none: look on from the next character.
			if (at + needle.length > starts[row] + rows[row].text.length) {
				at = text.indexOf(needle, at + 1);
				continue;
			}
			at = row + 1 < joined ? text.indexOf(needle, starts[row + 1]) : -1;
			if (stale.has(row)) continue;
			while (next < loose.length && loose[next] < row) if (take(loose[next++])) return found;
			if (take(row)) return found;
		}
		while (next < loose.length) if (take(loose[next++])) return found;
		return found;
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

	/** The search index, brought up to date with the contacts added and edited since. */
	private indexed(): SearchIndex {
		const { contacts } = this;
		if (!this.searchIndex) {
			this.edited.clear();
			this.searchIndex = joinRows(contacts.map(searchRow));
		}
		const index = this.searchIndex;
		for (let i = index.rows.length; i < contacts.length; i++)
			index.rows.push(searchRow(contacts[i]));
		for (const contact of this.edited) {
			const i = contacts.indexOf(contact);
			if (i < 0) continue;
			index.rows[i] = searchRow(contact);
			if (i < index.joined) index.stale.add(i);
		}
		this.edited.clear();
		if (index.stale.size + index.rows.length - index.joined > REJOIN_AFTER) {
			this.searchIndex = joinRows(index.rows);
		}
		return this.searchIndex;
	}
}

/** Turkish lower case, so 'YILMAZ' finds 'Yılmaz' and 'İ' stays one letter. */
const fold = (value: string) => value.toLocaleLowerCase('tr');
