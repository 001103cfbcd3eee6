/**
 * iletiMerkezi Trigger: every report posted becomes an item with plain names, whatever its shape;
 * the status filter holds. The webhook itself is proven in real n8n (test/e2e/real-n8n.ts).
 */
import { readReports, wanted } from '../nodes/IletiMerkezi/trigger/reports';

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
