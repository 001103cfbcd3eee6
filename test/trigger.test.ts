/**
 * iletiMerkezi Trigger: every report posted becomes an item with plain names, whatever its shape;
 * the status filter holds; a secret the URL cannot carry is refused when the webhook is set up. The
 * webhook itself is proven in real n8n (test/e2e/real-n8n.ts).
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { IletiMerkeziTrigger } from '../nodes/IletiMerkezi/IletiMerkeziTrigger.node';
import { MAX_REPORT_DEPTH, readReports, wanted } from '../nodes/IletiMerkezi/trigger/reports';

const REPORT = {
	id: 77,
	packet_id: 1001,
	status: 'delivered',
	to: '+905321234567',
	body: 'Merhaba',
};

describe('iletiMerkezi Trigger: reading delivery reports', () => {
	it('reads the documented shape under plain names, the number and order as Send gives them', () => {
		expect(readReports({ report: REPORT })).toEqual([
			{
				messageId: '77',
				orderId: '1001',
				status: 'delivered',
				number: '5321234567',
				message: 'Merhaba',
				report: REPORT,
			},
		]);
	});

	it('reads a list of reports as one item each', () => {
		const undelivered = { ...REPORT, id: 78, status: 'UNDELIVERED' };
		const items = readReports({ report: [REPORT, undelivered] });
		expect(items.map((item) => [item.messageId, item.status])).toEqual([
			['77', 'delivered'],
			['78', 'undelivered'],
		]);
	});

	it('keeps a body of an unknown shape whole, as one item, never dropped', () => {
		const odd = { event: 'sms', payload: 'x' };
		expect(readReports(odd)).toEqual([
			{ messageId: null, orderId: null, status: null, number: null, message: null, report: odd },
		]);
	});

	it('filters by status; a report without a known status always passes', () => {
		const [delivered] = readReports({ report: REPORT });
		const [accepted] = readReports({ report: { ...REPORT, status: 'accepted' } });
		const [strange] = readReports({ report: { ...REPORT, status: 'queued' } });
		const only = ['delivered', 'undelivered'];
		expect([delivered, accepted, strange].map((item) => wanted(item, only))).toEqual([
			true,
			false,
			true,
		]);
		expect(wanted(accepted, [])).toBe(true);
	});
});

describe('iletiMerkezi Trigger: reports as the provider’s SDKs read them', () => {
	it.each([
		[110, 'accepted'],
		[111, 'delivered'],
		[112, 'undelivered'],
		['110', 'accepted'],
		['111', 'delivered'],
		[' 112 ', 'undelivered'],
	])('status %p reads as %s; the report is kept as posted', (status, word) => {
		const posted = { ...REPORT, status };
		const [item] = readReports({ report: posted });
		expect(item.status).toBe(word);
		expect(item.report).toEqual(posted);
		expect(wanted(item, [word])).toBe(true);
		expect(wanted(item, REPORT_STATUSES_BUT(word))).toBe(false);
	});

	it('a code never documented stays as posted and always passes the filter', () => {
		const [item] = readReports({ report: { ...REPORT, status: 113 } });
		expect(item.status).toBe('113');
		expect(wanted(item, ['delivered'])).toBe(true);
	});

	it('orderId and number are read where packet_id and to are missing (the Node SDK’s shape)', () => {
		const posted = {
			orderId: '1001',
			number: '+905321234567',
			status: 'delivered',
			timestamp: '2026-05-01 10:00:00',
		};
		expect(readReports(posted)).toEqual([
			{
				messageId: null,
				orderId: '1001',
				status: 'delivered',
				number: '5321234567',
				message: null,
				report: posted,
			},
		]);
		const both = readReports({ report: { ...REPORT, orderId: '9', number: '5000000000' } });
		expect([both[0].orderId, both[0].number]).toEqual(['1001', '5321234567']);
	});
});

/** Every documented status but `word`. */
function REPORT_STATUSES_BUT(word: string) {
	return ['accepted', 'delivered', 'undelivered'].filter((status) => status !== word);
}

/** A list nested `depth` levels deep: [[[…]]]. */
function nested(depth: number): IDataObject {
	let body: unknown = 'x';
	for (let i = 0; i < depth; i++) body = [body];
	return { report: body } as IDataObject;
}

describe('iletiMerkezi Trigger: a body nested too deep', () => {
	it(`up to ${MAX_REPORT_DEPTH} levels is kept whole, as any unknown shape`, () => {
		const body = nested(MAX_REPORT_DEPTH - 1);
		const items = readReports(body);
		expect(items).toHaveLength(1);
		expect(items[0].error).toBeUndefined();
	});

	it.each([MAX_REPORT_DEPTH + 1, 100_000])(
		'%i levels: one item with an error, nothing of the body kept',
		(depth) => {
			const started = Date.now();
			const items = readReports(nested(depth));
			expect(Date.now() - started).toBeLessThan(1000);
			expect(items).toEqual([
				{
					messageId: null,
					orderId: null,
					status: null,
					number: null,
					message: null,
					report: null,
					error: expect.stringMatching(/^The posted body is nested more than 32 levels deep/),
				},
			]);
			expect(wanted(items[0], ['delivered'])).toBe(true);
		},
	);

	it('the webhook gives that one item to the run', async () => {
		const trigger = new IletiMerkeziTrigger();
		const ctx = {
			getNodeParameter: (name: string) => (name === 'statuses' ? ['delivered'] : ''),
			getBodyData: () => nested(5000),
			helpers: { returnJsonArray: (items: IDataObject[]) => items.map((json) => ({ json })) },
		} as unknown as IWebhookFunctions;
		const answer = await trigger.webhook.call(ctx);
		expect(answer.workflowData?.[0]).toHaveLength(1);
		expect(answer.workflowData?.[0][0].json.report).toBeNull();
	});
});

describe('iletiMerkezi Trigger: the secret in the URL', () => {
	const checkExists = (secret: unknown) =>
		new IletiMerkeziTrigger().webhookMethods.default.checkExists.call({
			getNodeParameter: () => secret,
			getNode: () => ({ name: 'iletiMerkezi Trigger', type: 'trigger', typeVersion: 1 }),
		} as unknown as IHookFunctions);

	it.each(['', 'dlr-7f3k9q2x', 'ABC_def-123'])('%p is used as typed', async (secret) => {
		await expect(checkExists(secret)).resolves.toBe(true);
	});

	it.each(['çğüşıö', '%$#@!', '   '])(
		'%p cleans away to nothing: refused when the workflow is published',
		async (secret) => {
			await expect(checkExists(secret)).rejects.toMatchObject({
				message: 'The Secret cannot be used in the URL',
				description: expect.stringMatching(/the URL would have no secret at all/),
			});
		},
	);

	it.each([
		['gizli-anahtar-ş', 1],
		['my secret!', 2],
		['a/b:c', 2],
	])(
		'%p would lose characters: refused, saying how many, never quoting it',
		async (secret, left) => {
			const error = (await checkExists(secret).catch((caught: unknown) => caught)) as IDataObject;
			expect(error).toMatchObject({
				message: 'The Secret cannot be used in the URL',
				description: expect.stringContaining(
					`has ${left} character${left === 1 ? '' : 's'} a URL cannot carry`,
				),
			});
			expect(String(error.description)).not.toContain(secret.replace(/[^A-Za-z0-9_-]/g, ''));
		},
	);
});
