/** The İYS register's fields: its own codes shown with English names, and how items give them. */
import type { INode, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asText, shown } from '../../helpers/parameters';
import { isEmail, plus90Mobile } from '../../helpers/rules';

export const RECIPIENT_TYPES: INodePropertyOptions[] = [
	{ name: 'Business (TACIR)', value: 'TACIR', description: 'A merchant or company' },
	{ name: 'Individual (BIREYSEL)', value: 'BIREYSEL', description: 'A private person' },
];

export const CHANNELS: INodePropertyOptions[] = [
	{ name: 'Call (ARAMA)', value: 'ARAMA', description: 'Commercial phone calls' },
	{ name: 'Email (EPOSTA)', value: 'EPOSTA', description: 'Commercial email' },
	{ name: 'SMS (MESAJ)', value: 'MESAJ', description: 'Commercial text messages' },
];

/** The İYS channel whose recipients are email addresses; the others take phone numbers. */
export const EMAIL_CHANNEL = 'EPOSTA';

export const STATUSES: INodePropertyOptions[] = [
	{ name: 'Opt-In (ONAY)', value: 'ONAY', description: 'The recipient agreed to the messages' },
	{
		name: 'Opt-Out (RET)',
		value: 'RET',
		description: 'The recipient refused them or withdrew consent',
	},
];

export const SOURCES: INodePropertyOptions[] = [
	{ name: 'ATM (HS_ATM)', value: 'HS_ATM' },
	{ name: 'Before 2015 (HS_2015)', value: 'HS_2015', description: 'Consent collected before 2015' },
	{ name: 'Call Centre (HS_CAGRI_MERKEZI)', value: 'HS_CAGRI_MERKEZI' },
	{ name: 'Decision (HS_KARAR)', value: 'HS_KARAR' },
	{ name: 'Electronic Medium (HS_EORTAM)', value: 'HS_EORTAM' },
	{ name: 'Email (HS_EPOSTA)', value: 'HS_EPOSTA' },
	{ name: 'Event (HS_ETKINLIK)', value: 'HS_ETKINLIK' },
	{ name: 'In Person (HS_FIZIKSEL_ORTAM)', value: 'HS_FIZIKSEL_ORTAM' },
	{ name: 'Mobile App (HS_MOBIL)', value: 'HS_MOBIL' },
	{ name: 'SMS (HS_MESAJ)', value: 'HS_MESAJ' },
	{ name: 'Social Media (HS_SOSYAL_MEDYA)', value: 'HS_SOSYAL_MEDYA' },
	{ name: 'Website (HS_WEB)', value: 'HS_WEB' },
	{ name: 'Wet Signature (HS_ISLAK_IMZA)', value: 'HS_ISLAK_IMZA' },
];

export const brandCodeProperty: INodeProperties = {
	displayName: 'Brand Code',
	name: 'brandCode',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 696422',
	description:
		'Your brand’s İYS code, a number, as the iletiMerkezi panel shows it. The account needs an active İYS subscription for it.',
};

/** The Recipient parameter, described as the operation uses it. */
export const recipientProperty = (description: string): INodeProperties => ({
	displayName: 'Recipient',
	name: 'recipient',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 5321234567',
	description,
});

export const recipientTypeProperty: INodeProperties = {
	displayName: 'Recipient Type',
	name: 'recipientType',
	type: 'options',
	options: RECIPIENT_TYPES,
	default: 'BIREYSEL',
	description:
		'Whether the recipient is a person or a business: İYS keeps them apart. An expression may give İYS’s code itself: BIREYSEL or TACIR.',
};

export const channelProperty: INodeProperties = {
	displayName: 'Channel',
	name: 'type',
	type: 'options',
	options: CHANNELS,
	default: 'MESAJ',
	description:
		'Which kind of commercial message the consent is for. An expression may give İYS’s code itself: MESAJ, EPOSTA or ARAMA.',
};

export const statusProperty: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'options',
	options: STATUSES,
	default: 'ONAY',
	description:
		'Whether the recipient gave consent or refused it. An expression may give İYS’s code itself: ONAY or RET.',
};

export const sourceProperty: INodeProperties = {
	displayName: 'Source',
	name: 'source',
	type: 'options',
	options: SOURCES,
	default: 'HS_WEB',
	description:
		'Where the consent was collected. An expression may give İYS’s code itself, such as HS_WEB or HS_FIZIKSEL_ORTAM.',
};

/** One of the register's codes, in any letter case; anything else is that item's error. */
export function registerCode(
	node: INode,
	value: unknown,
	itemIndex: number,
	label: string,
	codes: INodePropertyOptions[],
): string {
	const written = asText(node, value, itemIndex, label);
	const code = written.toUpperCase();
	if (codes.some((option) => option.value === code)) return code;
	const names = codes.map((option) => `${option.value} (${option.name.replace(/ \(.*\)$/, '')})`);
	throw new NodeOperationError(
		node,
		written === '' ? `${label} is empty` : `${label} "${shown(written)}" is not one of İYS’s codes`,
		{ itemIndex, description: `Use one of: ${names.join(', ')}.` },
	);
}

/** The brand's İYS code: digits only. */
export function readBrandCode(node: INode, value: unknown, itemIndex: number): string {
	const code = asText(node, value, itemIndex, 'Brand Code');
	if (/^\d+$/.test(code)) return code;
	throw new NodeOperationError(
		node,
		code === '' ? 'Brand Code is empty' : `Brand Code "${shown(code)}" is not an İYS brand code`,
		{
			itemIndex,
			description:
				'The brand code is the number İYS gave your brand, such as 696422; the iletiMerkezi panel shows it.',
		},
	);
}

/**
 * A recipient as İYS takes it: for the Email channel an email address, for the others a Turkish
 * mobile as +905xxxxxxxxx. Anything else is that item's error.
 */
export function readRecipient(
	node: INode,
	value: unknown,
	channel: string,
	itemIndex: number,
): string {
	const written = asText(node, value, itemIndex, 'Recipient');
	const email = channel === EMAIL_CHANNEL;
	const recipient = email ? (isEmail(written) ? written : undefined) : plus90Mobile(written);
	if (recipient) return recipient;
	const what = email ? 'an email address' : 'a Turkish mobile number';
	throw new NodeOperationError(
		node,
		written === '' ? 'Recipient is empty' : `Recipient "${shown(written)}" is not ${what}`,
		{
			itemIndex,
			description: email
				? 'The Email channel takes an email address, such as name@example.com. For SMS or calls, choose that channel and give a phone number.'
				: 'SMS and call consents take a Turkish mobile number, such as 5321234567 or +90 532 123 45 67 (İYS gets it as +905321234567). For an email address, choose the Email channel.',
		},
	);
}

/** Who a record is about: one recipient on one channel, as a person or a business. */
export interface ConsentKey {
	recipient: string;
	recipientType: string;
	type: string;
}

/** A consent record as consent/create takes it. */
export interface ConsentRecord extends ConsentKey {
	status: string;
	source: string;
	/** `YYYY-MM-DD HH:MM:SS`, Istanbul time. */
	consentDate: string;
}

/** Reads one item's recipient, recipient type and channel, each by `value(name)`. */
export function readConsentKey(
	node: INode,
	value: (name: string) => unknown,
	itemIndex: number,
): ConsentKey {
	const recipientType = registerCode(
		node,
		value('recipientType'),
		itemIndex,
		'Recipient Type',
		RECIPIENT_TYPES,
	);
	const type = registerCode(node, value('type'), itemIndex, 'Channel', CHANNELS);
	const recipient = readRecipient(node, value('recipient'), type, itemIndex);
	return { recipient, recipientType, type };
}
