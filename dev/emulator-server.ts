/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- a command-line script, never shipped */
/**
 * The emulator on its own, for trying the node in a real n8n or by hand with curl:
 *   node .out/dev/emulator-server.js [--port 8790] [--seed 300] [--host 127.0.0.1]
 *                                 [--backend current|classic] [--delay 0]
 * `--seed` is how many demo contacts the address book starts with; `--backend` which generation
 * of the API it answers as; `--delay` milliseconds before each answer.
 */
import type { Backend } from './emulator';
import { DEFAULT_ACCOUNT, hashFor, startEmulator } from './emulator';
import { demoContact } from './fixtures';

function option(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	if (index < 0) return fallback;
	const value = process.argv[index + 1];
	if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
	return value;
}

function wholeNumber(name: string, fallback: number): number {
	const value = Number(option(name, String(fallback)));
	if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number`);
	return value;
}

async function main() {
	const host = option('host', '127.0.0.1');
	const port = wholeNumber('port', 8790);
	const seed = wholeNumber('seed', 300);
	const delayMs = wholeNumber('delay', 0);
	const backend = option('backend', 'current') as Backend;
	if (backend !== 'current' && backend !== 'classic')
		throw new Error('--backend is current or classic');
	const emulator = await startEmulator({ host, port, backend, delayMs });
	emulator.generateContacts(seed, demoContact);

	console.log(
		`iletiMerkezi emulator: ${emulator.url} (${backend} backend, ${seed} contacts; Ctrl+C stops it)`,
	);
	console.log(`  API key:    ${DEFAULT_ACCOUNT.apiKey}`);
	console.log(`  Secret key: ${DEFAULT_ACCOUNT.secretKey}`);
	console.log(`  API hash:   ${hashFor(DEFAULT_ACCOUNT.apiKey, DEFAULT_ACCOUNT.secretKey)}`);
	console.log(`  Groups: 1 Customers (11 VIP, 12 Newsletter), 2 Suppliers; custom fields 1, 2, 3`);

	// A line per request, so a workflow run shows up here as it happens. The emulator records and
	// answers a request in one go, so every recorded request already has its status.
	let logged = 0;
	const logger = setInterval(() => {
		for (const request of emulator.requests.slice(logged)) {
			console.log(`${request.method} ${request.path} -> ${request.status || 'dropped'}`);
		}
		logged = emulator.requests.length;
	}, 200);

	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		clearInterval(logger);
		void emulator.close().then(() => {
			console.log('emulator stopped');
			process.exit(0);
		});
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
});
