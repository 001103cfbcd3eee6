/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- a command-line script, never shipped */
/**
 * The emulator on its own, for a real n8n or curl (`npm run emulator -- --backend classic`):
 *   --port 8790  --host 127.0.0.1  --seed 300 (demo contacts)  --backend current|classic  --delay 0 (ms)
 *   --senders APITEST,eMarka (approved)  --webhook <URL> (the panel's webhook URL)  --deliver-after 2000 (ms)
 * With --webhook, every order sent is reported there as the provider does: `accepted` (or
 * `undelivered` for a blacklisted number) once it is due, then `delivered` --deliver-after later.
 */
import type { Backend } from './emulator';
import { DEFAULT_ACCOUNT, hashFor, startEmulator } from './emulator';
import { demoContact } from './fixtures';

function option(name: string, fallback: string, valid: (value: string) => boolean) {
	const at = process.argv.indexOf(`--${name}`);
	const value = at < 0 ? fallback : (process.argv[at + 1] ?? '');
	if (!valid(value)) throw new Error(`--${name} "${value}" is not valid`);
	return value;
}
const whole = (value: string) => /^\d+$/.test(value);

async function main() {
	const host = option('host', '127.0.0.1', Boolean);
	const port = Number(option('port', '8790', whole));
	const seed = Number(option('seed', '300', whole));
	const delayMs = Number(option('delay', '0', whole));
	const backend = option('backend', 'current', (b) =>
		['current', 'classic'].includes(b),
	) as Backend;
	const senders = option('senders', 'APITEST,eMarka', Boolean).split(',');
	const webhookUrl = option('webhook', '', (url) => !url || URL.canParse(url)) || undefined;
	const deliverAfter = Number(option('deliver-after', '2000', whole));
	const emulator = await startEmulator({ host, port, backend, delayMs, senders, webhookUrl });
	emulator.generateContacts(seed, demoContact);
	const { apiKey, secretKey } = DEFAULT_ACCOUNT;
	const { balance, brandCodes } = emulator.account;
	console.log(`iletiMerkezi emulator: ${emulator.url} (${backend} backend, ${seed} contacts)
  API key ${apiKey}, secret key ${secretKey}, API hash ${hashFor(apiKey, secretKey)}
  Groups: 1 Customers (11 VIP, 12 Newsletter), 2 Suppliers; custom fields 1, 2, 3.
  Senders ${senders.join(', ')}; ${balance.sms} SMS credits; İYS brand code ${brandCodes.join(', ')}.
  Delivery reports: ${webhookUrl ?? 'none (no --webhook)'}. Ctrl-C stops it.`);

	// A line per request as it is answered (the emulator records a request once answered).
	let logged = 0;
	// Orders reported accepted, and when they are to be delivered.
	const accepted = new Map<string, number>();
	const report = (id: string, numbers?: string[]) =>
		void emulator
			.postReports(id, { numbers })
			.then((statuses) => console.log(`reports of order ${id} -> ${statuses.join(' ')}`));
	const logger = setInterval(() => {
		for (const { method, path, status } of emulator.requests.slice(logged))
			console.log(`${method} ${path} -> ${status || 'dropped'}`);
		logged = emulator.requests.length;
		if (!emulator.webhookUrl) return;
		const { account } = emulator;
		for (const order of account.orders) {
			if (order.cancelled || account.isScheduled(order)) continue;
			const due = accepted.get(order.id);
			if (due === undefined) {
				accepted.set(order.id, Date.now() + deliverAfter);
				report(order.id);
			} else if (due <= Date.now() && order.messages.some((m) => m.status === 110)) {
				const moved = account.settle(order.id, 'delivered').map((m) => m.number);
				report(order.id, moved);
			}
		}
	}, 200);
	const stop = () => {
		clearInterval(logger);
		void emulator.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
});
