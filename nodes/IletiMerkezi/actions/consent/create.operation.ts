import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { NodeFailure } from '../items';
import { itemError } from '../items';
import { optionsCollection } from '../descriptions';
import { parameterReader } from '../../helpers/reader';
import type { IletiMerkeziClient } from '../../transport';
import { isLost } from '../../transport';
import { readConsentDate } from './date';
import type { ConsentRecord } from './fields';
import {
	brandCodeProperty,
	channelProperty,
	readBrandCode,
	readConsentKey,
	recipientProperty,
	recipientTypeProperty,
	registerCode,
	sourceProperty,
	SOURCES,
	statusProperty,
	STATUSES,
} from './fields';
import type { RecordResult } from './register';
import { MAX_RECORDS, MAY_BE_REGISTERED, registerList } from './register';
import type { Answer, Verdict, Words } from '../batch';
import { runBatch } from '../batch';

const properties: INodeProperties[] = [
	brandCodeProperty,
	recipientProperty(
		'Whose consent this is, usually mapped from the item. A Turkish mobile number written any way (İYS gets it as +905321234567), or for the Email channel an email address.',
	),
	recipientTypeProperty,
	channelProperty,
	statusProperty,
	sourceProperty,
	{
		displayName: 'Consent Date',
		name: 'consentDate',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			'When the recipient gave or refused consent, usually mapped from the item: text such as 2026-05-31 14:30 (Istanbul time, UTC+3, unless it names its zone: 2026-05-31T11:30:00Z) or an n8n date; a bare number (a spreadsheet’s serial day) is refused. From 2015-05-01, never in the future; İYS takes a consent within 3 business days of its being given.',
	},
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['consent'], operation: ['create'] } },
	properties,
);

const RUN_AGAIN =
	'Registering the same records again changes nothing, so the workflow can be run again once this is fixed.';

interface ReadRecord {
	brandCode: string;
	record: ConsentRecord;
	/** Said on the item whatever becomes of it: the date is older than İYS's window. */
	note?: string;
}

/**
 * Each item as a consent record, checked before anything is sent, or the item's error. Every
 * parameter is prepared once for the run (a fixed value or a plain reference costs nothing per
 * item), as thousands of items may come at once.
 */
function readRecords(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
): Array<ReadRecord | NodeFailure> {
	const node = ctx.getNode();
	const reader = parameterReader(ctx, items);
	const names = ['brandCode', 'recipient', 'recipientType', 'type', 'status', 'source'];
	const parameters = new Map(names.map((name) => [name, reader(name, '')]));
	const consentDate = reader('consentDate', '');
	const now = new Date();
	return items.map((_, itemIndex) => {
		try {
			const value = (name: string) => parameters.get(name)!(itemIndex);
			const brandCode = readBrandCode(node, value('brandCode'), itemIndex);
			const key = readConsentKey(node, value, itemIndex);
			const status = registerCode(node, value('status'), itemIndex, 'Status', STATUSES);
			const source = registerCode(node, value('source'), itemIndex, 'Source', SOURCES);
			const date = readConsentDate(node, consentDate(itemIndex), source, itemIndex, now);
			const record = { ...key, status, source, consentDate: date.consentDate };
			return { brandCode, record, ...(date.note && { note: date.note }) };
		} catch (error) {
			return itemError(node, error, itemIndex);
		}
	});
}

/** How a stopped Consent › Create speaks of its items. */
const CONSENT_WORDS: Words = {
	done: 'record(s) were registered',
	unchanged: 'Already held by İYS',
	failed: 'Not registered',
	checkUnclear:
		'registering the same records again changes nothing, so run the workflow again (Consent › Get shows what İYS holds)',
	runAgain: RUN_AGAIN,
};

/**
 * One record's verdict: registered (`alreadyRegistered: false`), already held by İYS (`true`,
 * with what İYS holds), refused, or unclear after a lost answer.
 */
function recordVerdict(
	client: IletiMerkeziClient,
	brandCode: string,
	result: RecordResult,
	itemIndex: number,
	dateNote?: string,
): Verdict {
	if ('registered' in result) {
		const held = result.held === true;
		const note = [result.note, dateNote].filter(Boolean).join(' ');
		const json = {
			...result.registered,
			brandCode,
			alreadyRegistered: held,
			...(note && { note }),
		};
		return { kind: held ? 'unchanged' : 'done', json };
	}
	const { failure, note } = result;
	const lost = isLost(failure);
	const full = [note, dateNote, lost && MAY_BE_REGISTERED].filter(Boolean).join(' ');
	const error = client.error(failure, { itemIndex, note: full || undefined });
	if (lost) return { kind: 'unclear', error };
	return { kind: 'failed', error };
}

/**
 * Consent › Create, through the batch contract: every item read and checked → each brand code's
 * records in lists of up to 5,000 → each record's verdict on its item. Without "continue on fail"
 * no list starts after one with a failed record.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runBatch(this, items, {
		read: readRecords,
		run: async (client, inputs, stopOnFailure) => {
			type Entry = { itemIndex: number; record: ConsentRecord; note?: string };
			const byBrand = new Map<string, Entry[]>();
			for (const { itemIndex, input } of inputs) {
				const list = byBrand.get(input.brandCode) ?? [];
				list.push({ itemIndex, record: input.record, note: input.note });
				byBrand.set(input.brandCode, list);
			}
			const answers: Answer[] = [];
			const failed = () => answers.some(({ verdict }) => !('json' in verdict));
			for (const [brandCode, entries] of byBrand) {
				for (let start = 0; start < entries.length; start += MAX_RECORDS) {
					if (client.cancelled() || (stopOnFailure && failed())) return answers;
					const part = entries.slice(start, start + MAX_RECORDS);
					const results = await registerList(
						client,
						brandCode,
						part.map((entry) => entry.record),
					);
					part.forEach(({ itemIndex, note }, k) => {
						const verdict = recordVerdict(client, brandCode, results[k], itemIndex, note);
						answers.push({ itemIndex, verdict });
					});
				}
			}
			return answers;
		},
		words: CONSENT_WORDS,
	});
}
