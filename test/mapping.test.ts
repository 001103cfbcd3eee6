import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { parseGroupIds, toApiContact } from '../nodes/IletiMerkezi/actions/contact/fields';
import { STATUS_TEXTS, toNodeApiError } from '../nodes/IletiMerkezi/transport/errors';
import {
	asArray,
	MAX_LIST_ROWS,
	pageSizeFor,
	readPages,
	records,
} from '../nodes/IletiMerkezi/helpers/records';
import type { IletiMerkeziClient } from '../nodes/IletiMerkezi/transport';
import { readEnvelope } from '../nodes/IletiMerkezi/transport';
import { excerpt } from '../nodes/IletiMerkezi/transport/envelope';

const node: INode = {
	id: '1',
	name: 'iletiMerkezi',
	type: 'n8n-nodes-iletimerkezi.iletiMerkezi',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('envelope mapping: one contact as the API wants it', () => {
	it('maps every field, with custom fields and groups as arrays', () => {
		expect(
			toApiContact({
				name: 'Ayşe',
				surname: 'Yılmaz',
				email: 'ayse@example.com',
				gsm: '5321234567',
				customFields: [
					{ id: '1', value: 'İstanbul' },
					{ id: '2', value: '' },
				],
				groupIds: ['11', '2'],
			}),
		).toEqual({
			name: 'Ayşe',
			surname: 'Yılmaz',
			email: 'ayse@example.com',
			gsm: '5321234567',
			custom_fields: { custom_field: [{ id: '1', value: 'İstanbul' }] },
			groups: { group: [{ id: '11' }, { id: '2' }] },
		});
	});

	it('leaves out empty optional fields', () => {
		expect(
			toApiContact({
				name: '',
				surname: '',
				email: '',
				gsm: '5321234567',
				customFields: [],
				groupIds: [],
			}),
		).toEqual({ gsm: '5321234567' });
	});

	it('reads group IDs from the picker, an array expression or a comma-separated list', () => {
		expect(parseGroupIds(['1', '11'])).toEqual(['1', '11']);
		expect(parseGroupIds([1, 11, 1])).toEqual(['1', '11']);
		expect(parseGroupIds(' 1, 11 ,,2 ')).toEqual(['1', '11', '2']);
		expect(parseGroupIds('')).toEqual([]);
		expect(parseGroupIds(7)).toEqual(['7']);
		expect(parseGroupIds('1, VIP')).toEqual({ invalid: 'VIP' });
	});
});

describe('reading the API’s answers', () => {
	it('accepts the status code as a number or a string', () => {
		expect(readEnvelope({ response: { status: { code: 200, message: 'ok' } } })?.code).toBe(200);
		expect(readEnvelope({ response: { status: { code: '465', message: 'yok' } } })?.code).toBe(465);
		expect(readEnvelope('{"response":{"status":{"code":"401","message":"x"}}}')?.code).toBe(401);
	});

	it('recognises HTML, empty and foreign bodies as no envelope instead of crashing', () => {
		expect(readEnvelope('<html><body>502 Bad Gateway</body></html>')).toBeUndefined();
		expect(readEnvelope('')).toBeUndefined();
		expect(readEnvelope(undefined)).toBeUndefined();
		expect(readEnvelope({ error: 'nope' })).toBeUndefined();
		expect(readEnvelope({ response: { status: { code: '', message: '' } } })).toBeUndefined();
	});

	it('takes only a number or a numeric string as a status code', () => {
		for (const code of [null, true, '', ' ', 'ok', 200.5]) {
			expect(readEnvelope({ response: { status: { code, message: 'x' } } })).toBeUndefined();
		}
	});

	it('reads lists sent as {contact: [...]}, as plain arrays or as one record, skipping non-records', () => {
		expect(records({ contact: [{ id: '1' }, { id: '2' }] }, 'contact')).toHaveLength(2);
		expect(records([{ id: '1' }, null, 'x', { id: '2' }], 'contact')).toEqual([
			{ id: '1' },
			{ id: '2' },
		]);
		expect(records({ contact: { id: '1' } }, 'contact')).toEqual([{ id: '1' }]);
		expect(records({ id: '1' }, 'contact')).toEqual([{ id: '1' }]);
		expect(records({}, 'contact')).toEqual([]);
		expect(records(undefined, 'contact')).toEqual([]);
	});

	it('quotes a proxy page in an error, but never JSON (it could echo the key and hash)', () => {
		expect(excerpt('<html><title>502 Bad Gateway</title><body>nginx</body></html>')).toBe(
			'502 Bad Gateway nginx',
		);
		expect(excerpt('{"request":{"authentication":{"key":"k","hash":"h"}}}')).toBeUndefined();
		expect(excerpt(`echo ${'a'.repeat(64)}`)).toBe('echo …');
	});

	it('reads a single object as a one-element list', () => {
		expect(asArray({ id: 1 })).toEqual([{ id: 1 }]);
		expect(asArray([{ id: 1 }, { id: 2 }])).toHaveLength(2);
		expect(asArray(undefined)).toEqual([]);
	});
});

describe('page sizes: never a page more than needed, offsets that line up', () => {
	it('asks for exactly the limit on the first page, at most 1000', () => {
		expect(pageSizeFor(0, 5)).toBe(5);
		expect(pageSizeFor(0, 1000)).toBe(1000);
		expect(pageSizeFor(0, Infinity)).toBe(1000);
	});

	it('keeps later pages aligned with (page - 1) * rowCount', () => {
		for (const [offset, wanted] of [
			[1000, 345],
			[2000, 500],
			[1000, 999],
			[3000, 1],
			[1000, Infinity],
		]) {
			const size = pageSizeFor(offset, wanted);
			expect(offset % size).toBe(0);
			expect(size).toBeGreaterThanOrEqual(Math.min(wanted, 1000));
			expect(size).toBeLessThanOrEqual(1000);
		}
		expect(pageSizeFor(1000, 345)).toBe(500);
		expect(pageSizeFor(2000, 500)).toBe(500);
	});
});

describe('status codes become clear errors', () => {
	it.each(Object.keys(STATUS_TEXTS).map(Number))(
		'code %i has an English message and a hint',
		(code) => {
			const error = toNodeApiError(
				node,
				{ kind: 'status', code, apiMessage: 'API metni' },
				{ itemIndex: 3 },
			);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.message).toContain(`code ${code}`);
			expect(error.message).toContain(STATUS_TEXTS[code][0]);
			expect(error.description).toContain(STATUS_TEXTS[code][1]);
			expect(error.description).toContain('API metni');
			expect(error.httpCode).toBe(String(code));
			expect(error.context.itemIndex).toBe(3);
		},
	);

	it('points a 401 at the credential', () => {
		const error = toNodeApiError(node, {
			kind: 'status',
			code: 401,
			apiMessage: 'Üyelik bilgileri hatalı',
		});
		expect(error.message).toMatch(/credentials/);
		expect(error.description).toMatch(/secret key/);
	});

	it('explains pages that are not the API’s JSON and lost connections', () => {
		const html = toNodeApiError(node, { kind: 'notJson', httpCode: 502, excerpt: 'Bad Gateway' });
		expect(html.message).toBe('iletiMerkezi answered with HTTP 502 and no API response');
		const network = toNodeApiError(node, { kind: 'lost', reason: 'ECONNRESET' });
		expect(network.message).toBe('Could not reach iletiMerkezi');
		expect(network.description).toContain('ECONNRESET');
	});

	it('names an undocumented code rather than hiding it', () => {
		const error = toNodeApiError(node, { kind: 'status', code: 599, apiMessage: 'tuhaf' });
		expect(error.message).toBe('iletiMerkezi answered with code 599');
	});
});

describe('a paged list always ends', () => {
	it(`stops with a clear error past ${MAX_LIST_ROWS.toLocaleString('en')} rows when every page is new`, async () => {
		// An API whose rows carry no ids, page after page: only the cap can end it.
		let requests = 0;
		const client = {
			node,
			request: async () => {
				requests++;
				return { code: 200, message: '', response: {} };
			},
		} as unknown as IletiMerkeziClient;
		const list = {
			method: 'search-contacts',
			payload: () => ({}),
			rows: () => Array.from({ length: 1000 }, () => ({})),
		};
		await expect(readPages(client, list, Infinity)).rejects.toThrow(
			'iletiMerkezi listed more than 1,000,000 rows',
		);
		expect(requests).toBe(1001);
	});
});
