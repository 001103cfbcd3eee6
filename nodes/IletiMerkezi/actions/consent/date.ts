/**
 * A consent date as İYS takes it (İYS's consent validation rules, dev.iys.org.tr "İzin Doğrulama
 * Kuralları"): not before 2015-05-01 00:00:00 (its error H155), not later than now, Istanbul time;
 * Source HS_2015 only with 2015-05-01 00:00:00; and, once the brand is active, not more than 3
 * business days old.
 */
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	addBusinessDays,
	formatIstanbul,
	isBareNumber,
	istanbulMoment,
} from '../../helpers/istanbul';
import { shown } from '../../helpers/parameters';

/** The earliest consent date İYS takes, and the only one it takes with Source HS_2015. */
export const IYS_FIRST_DAY = '2015-05-01 00:00:00';

/** The source of consents collected before İYS's first day. */
export const BEFORE_2015 = 'HS_2015';

/** Business days within which İYS takes a consent once the brand is active. */
export const BUSINESS_DAYS = 3;

const FORMS =
	'Give it as text, such as 2025-05-01 14:30 or 01.05.2025 14:30 (Istanbul time) or 2025-05-01T11:30:00Z, or as an n8n date ({{ DateTime.fromMillis($json.date) }} for milliseconds since 1970). A spreadsheet’s serial day (45800) is {{ DateTime.fromISO("1899-12-30").plus({ days: $json.date }) }}; or have the spreadsheet node read dates as formatted text.';

/** Old records as İYS holds them: a later date replaces an earlier one. */
export const OLD_DATE_NOTE = (date: string) =>
	`Consent Date ${date} is more than ${BUSINESS_DAYS} business days ago: once a brand is active, İYS takes a consent only within ${BUSINESS_DAYS} business days of its being given, so it may refuse this record.`;

export interface ConsentDate {
	/** `YYYY-MM-DD HH:MM:SS`, Istanbul time. */
	consentDate: string;
	/** Said on the item: the date is older than İYS's window. */
	note?: string;
}

/**
 * One item's Consent Date, checked as İYS checks it, or the item's error: empty, a bare number
 * (45800 may be a spreadsheet's serial day, 20250101 a date without separators, or seconds since
 * 1970: the node does not guess), no date, later than now, before 2015-05-01, or another date
 * than 2015-05-01 00:00:00 with Source HS_2015. Older than 3 business days is a note, not an
 * error: whether İYS still takes it depends on the brand's activation.
 */
export function readConsentDate(
	node: INode,
	value: unknown,
	source: string,
	itemIndex: number,
	now = new Date(),
): ConsentDate {
	if (isBareNumber(value)) {
		throw new NodeOperationError(node, `Consent Date ${shown(value)} is a number, not a date`, {
			itemIndex,
			description: `A number does not say which day it is: 45800 may be a spreadsheet’s serial day, 20250101 a date without separators, or a count of seconds since 1970, and read the wrong way it is sent as 1970. ${FORMS}`,
		});
	}
	const rule = { label: 'Consent Date', itemIndex, notInFuture: true };
	const moment = istanbulMoment(node, value, rule);
	if (!moment) {
		throw new NodeOperationError(node, 'Consent Date is empty', {
			itemIndex,
			description: 'Give the date the consent was collected, usually mapped from the item.',
		});
	}
	const consentDate = formatIstanbul(moment);
	if (consentDate < IYS_FIRST_DAY) {
		throw new NodeOperationError(
			node,
			`Consent Date ${consentDate} (Istanbul time) is before ${IYS_FIRST_DAY.slice(0, 10)}`,
			{
				itemIndex,
				description: `İYS takes no consent dated before ${IYS_FIRST_DAY} (its error H155). A consent collected before then is registered with Source “Before 2015 (HS_2015)” and the date ${IYS_FIRST_DAY}.`,
			},
		);
	}
	if (source === BEFORE_2015 && consentDate !== IYS_FIRST_DAY) {
		throw new NodeOperationError(
			node,
			`Source HS_2015 takes only the Consent Date ${IYS_FIRST_DAY}, not ${consentDate}`,
			{
				itemIndex,
				description: `İYS registers a consent collected before 1 May 2015 with Source “Before 2015 (HS_2015)” and the date ${IYS_FIRST_DAY} alone. A consent collected later takes the source it was collected through, such as HS_WEB.`,
			},
		);
	}
	const late = now.getTime() > addBusinessDays(moment, BUSINESS_DAYS).getTime();
	return late ? { consentDate, note: OLD_DATE_NOTE(consentDate) } : { consentDate };
}
